-- A battle keeps a submission that waits for its verdict in memory only: the job row is its record
-- (src/Duel.Grains/README.md, Verdicts). A battle activated after a crash reads its open jobs back to
-- rebuild what the crash lost, so a job names who submitted it (its kind is the payload's mode), and
-- the open jobs are found by battle. Applied jobs are left out: a battle stored those before they
-- were marked.
alter table jobs add column submitted_by text;

create index jobs_open_by_owner on jobs (grain_key) where status <> 'applied';

-- Such a job's insert is therefore an ordinary commit. A transaction that sends a NOTIFY holds a
-- database-wide lock until its commit is done, WAL flush included, so ordinary inserts that notified
-- would commit one at a time. The silo announces those jobs itself, from a relaxed session, once the
-- insert has committed; jobs inserted without a submitter are announced here, as before.
create or replace function jobs_notify() returns trigger language plpgsql as $$
declare
    whole text;
begin
    if tg_op = 'INSERT' then
        if new.submitted_by is null then
            perform pg_notify('duel_jobs', new.id);
        end if;
    elsif new.status = 'done' and old.status <> 'done' then
        whole := json_build_object('id', new.id, 'queue', new.queue, 'grain_type', new.grain_type,
                                   'grain_key', new.grain_key, 'result', new.result)::text;
        perform pg_notify('duel_results', case when octet_length(whole) < 7900 then whole else new.id end);
    end if;
    return null;
end $$;
