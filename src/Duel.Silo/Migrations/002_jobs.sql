-- Sandbox jobs: the only table a worker may touch (see README, "Worker database role").
-- A turn inserts the row; a worker claims it (FOR UPDATE SKIP LOCKED + lease), writes the
-- result and sets status 'done'; a silo applies the result to the grain and sets 'applied'.
create table jobs (
    id            text primary key,
    queue         text        not null,
    payload       jsonb       not null,
    grain_type    text,
    grain_key     text,
    status        text        not null default 'queued'
                  check (status in ('queued', 'running', 'done', 'applied')),
    attempts      int         not null default 0,
    lease_owner   text,
    lease_until   timestamptz,
    result        jsonb,
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    applied_at    timestamptz
);

create index jobs_claimable on jobs (queue, created_at) where status in ('queued', 'running');
create index jobs_unapplied on jobs (finished_at) where status = 'done';

-- Workers wake on LISTEN duel_jobs; silos wake on LISTEN duel_results.
create function jobs_notify() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform pg_notify('duel_jobs', new.queue);
    elsif new.status = 'done' and old.status <> 'done' then
        perform pg_notify('duel_results', new.id);
    end if;
    return null;
end $$;

create trigger jobs_notify after insert or update of status on jobs
    for each row execute function jobs_notify();
