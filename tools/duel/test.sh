# ./duel test: the whole suite against a private PostgreSQL that this run starts itself.
duel_test() {
  ensure_packages --browser
  ensure_npm
  # A separate server for tests: no fsync (a crashed test server is simply thrown away).
  export DUEL_PG_DIR="$STATE/pg-test"
  export DUEL_PG_EXTRA_CONF="fsync = off
synchronous_commit = off
full_page_writes = off"
  pg_start
  export DUEL_TEST_PG="$(pg_url)"
  trap pg_stop EXIT
  log "building"
  dotnet build "$ROOT/PythonDuel.slnx" -c Release -warnaserror -v:q -nologo
  log "testing"
  dotnet test "$ROOT/PythonDuel.slnx" -c Release --no-build -v:q --logger "console;verbosity=normal" "$@"
}
