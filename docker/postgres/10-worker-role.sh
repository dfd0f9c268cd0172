#!/bin/sh
# First start of the postgres container only: the sandbox worker's login role with its own
# password. Its grants (jobs, cluster_members) come from migration 005_worker_role.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$DUEL_WORKER_PASSWORD" <<'SQL'
create role duel_worker login password :'pw';
SQL
