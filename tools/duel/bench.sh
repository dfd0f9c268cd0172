# ./duel bench CASE: load and chaos drive a cluster (tools/duel/loadbench.sh); grains and
# sandbox run bench/Duel.Bench against the private PostgreSQL and Redis (or DUEL_TEST_PG and
# DUEL_TEST_REDIS).
duel_bench() {
  local case="${1:-}"
  [[ -n "$case" ]] || die "usage: ./duel bench grains|sandbox|load|chaos [options]"
  shift
  case "$case" in
    load|chaos) source "$ROOT/tools/duel/loadbench.sh"; "duel_bench_$case" "$@" ;;
    *)
      ensure_packages
      if [[ -z "${DUEL_TEST_PG:-}" ]]; then
        pg_start
        export DUEL_TEST_PG="$(pg_url)"
        # The worker role's password as every ./duel command sets it; a cluster on this server keeps working.
        export Duel__WorkerPostgres="${Duel__WorkerPostgres:-$(pg_worker_url)}"
      fi
      if [[ -z "${DUEL_TEST_REDIS:-}" ]]; then
        redis_start
        export DUEL_TEST_REDIS="$(redis_url)"
      fi
      # From .duel/: Orleans.TestingHost writes its silos' logs to ./logs.
      mkdir -p "$STATE"
      (cd "$STATE" && dotnet run -c Release --project "$ROOT/bench/Duel.Bench" -- "$case" "$@") ;;
  esac
}
