-- A battle keeps a submission that waits for its verdict in memory only: the job row is its record
-- (src/Duel.Grains/README.md, Verdicts). A battle activated after a crash reads its open jobs back to
-- rebuild what the crash lost, so a job names who submitted it (its kind is the payload's mode), and
-- the open jobs are found by battle. Applied jobs are left out: a battle stored those before they
-- were marked.
alter table jobs add column submitted_by text;

create index jobs_open_by_owner on jobs (grain_key) where status <> 'applied';
