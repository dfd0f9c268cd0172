-- A battle no longer writes a run's verdict: the applied job, which holds it, is its record until the
-- battle's next write (src/Duel.Grains/README.md, Verdicts). So the activation after a crash reads its
-- applied runs back too, not only its open jobs, and the index on a battle's jobs takes every status.
create index jobs_by_owner on jobs (grain_key) where submitted_by is not null;

drop index jobs_open_by_owner;
