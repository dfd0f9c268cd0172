# ./duel bench CASE: load and chaos drive a cluster (tools/duel/loadbench.sh); other cases
# run bench/Duel.Bench.
duel_bench() {
  local case="${1:-}"; shift || true
  case "$case" in
    load|chaos) source "$ROOT/tools/duel/loadbench.sh"; "duel_bench_$case" "$@" ;;
    *) dotnet run --project "$ROOT/bench/Duel.Bench" -c Release -- "$case" "$@" ;;
  esac
}
