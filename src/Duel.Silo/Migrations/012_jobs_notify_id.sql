-- A new job's notification names the job, so one worker (the id hashed over the live workers)
-- wakes for it instead of every worker racing to claim it. Workers that read no payload still wake.
create or replace function jobs_notify() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform pg_notify('duel_jobs', new.id);
    elsif new.status = 'done' and old.status <> 'done' then
        perform pg_notify('duel_results', new.id);
    end if;
    return null;
end $$;
