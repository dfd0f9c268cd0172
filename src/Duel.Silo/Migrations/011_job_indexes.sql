-- The metrics sampler on every web node reads the open jobs and the verdicts applied since its
-- cursor every few seconds. Neither could use an index (`status <> 'applied'`, `applied_at > …`),
-- so each read scanned the whole table, which keeps every job ever run: its cost grew with history.
-- Applied jobs, by the time they were applied (append-only, like the column):
create index jobs_applied on jobs (applied_at) where status = 'applied';
