-- The sandbox worker's database role: it may read and update jobs (claim, renew, write a
-- verdict), LISTEN (needs no grant) and keep its row in cluster_members. Nothing else: no
-- insert or delete on jobs, no other table, no DDL. Its password is set by ./duel
-- (pg_worker_url in tools/duel/lib.sh), never stored here.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'duel_worker') then
        create role duel_worker login;
    end if;
end $$;

revoke all on jobs from duel_worker;
grant select, update on jobs to duel_worker;

-- cluster_members comes from 001_runtime; tolerate its absence so this file also applies
-- on a database that has only the jobs table (the sandbox tests' databases).
do $$
begin
    if to_regclass('cluster_members') is not null then
        execute 'grant select, insert, update, delete on cluster_members to duel_worker';
    end if;
end $$;
