-- A finished job's notification carries the job (id, queue, battle, result) whenever it fits in a
-- NOTIFY payload (under 8000 bytes; a verdict is about 1 KB), so the silo that owns it applies it
-- without reading the row back: one statement less per job. A larger result sends the id alone,
-- as before. Every role that may LISTEN here can already read jobs.
create or replace function jobs_notify() returns trigger language plpgsql as $$
declare
    whole text;
begin
    if tg_op = 'INSERT' then
        perform pg_notify('duel_jobs', new.id);
    elsif new.status = 'done' and old.status <> 'done' then
        whole := json_build_object('id', new.id, 'queue', new.queue, 'grain_type', new.grain_type,
                                   'grain_key', new.grain_key, 'result', new.result)::text;
        perform pg_notify('duel_results', case when octet_length(whole) < 7900 then whole else new.id end);
    end if;
    return null;
end $$;
