# ./duel bench <what>: figures for the speed goals, against the private PostgreSQL (or DUEL_TEST_PG).
duel_bench() {
  [[ -n "${1:-}" ]] || die "usage: ./duel bench grains|sandbox|load|chaos [options]"
  ensure_packages
  if [[ -z "${DUEL_TEST_PG:-}" ]]; then
    pg_start
    export DUEL_TEST_PG="$(pg_url)"
  fi
  dotnet run -c Release --project "$ROOT/bench/Duel.Bench" -- "$@"
}
