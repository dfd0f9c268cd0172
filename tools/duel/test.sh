# ./duel test: the whole suite against a private PostgreSQL and a private Redis that this
# run starts itself.
duel_test() {
  ensure_packages --browser
  ensure_npm
  # A separate server for tests: no fsync (a crashed test server is simply thrown away).
  export DUEL_PG_DIR="$STATE/pg-test"
  export DUEL_PG_EXTRA_CONF="fsync = off
synchronous_commit = off
full_page_writes = off"
  # Likewise a separate, non-durable Redis. Its directory is not exported: tests that run
  # `./duel cluster` without Duel__Redis must get a Redis of their own (which that cluster
  # stops when it goes down), not this one.
  declare -g +x DUEL_REDIS_DIR="$STATE/redis-test" DUEL_REDIS_EXTRA_CONF="appendonly no"
  # Set before either server starts: a failed start still stops what did start.
  trap 'pg_stop; redis_stop' EXIT
  pg_start
  export DUEL_TEST_PG="$(pg_url)"
  redis_start
  export DUEL_TEST_REDIS="$(redis_url)"
  log "building"
  dotnet build "$ROOT/PythonDuel.slnx" -c Release -warnaserror -v:q -nologo
  log "testing"
  # One test project at a time: the browser, cluster and grain tests each start real nodes, and on
  # two cores three of them side by side starve each other's thread pools (Orleans reports stalls).
  dotnet test "$ROOT/PythonDuel.slnx" -c Release --no-build -m:1 -v:q --logger "console;verbosity=normal" "$@"
}
