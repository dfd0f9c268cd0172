# ./duel bench load|chaos: bots (tools/loadgen, Node + @microsoft/signalr) against a cluster.
#   ./duel bench load  --battles N --duration S                    burst: N battles over S s
#   ./duel bench load  --pace human --players N --duration S [--battle-minutes 4-8]
#                      [--find-max [--step 1000]]                    players at a human pace
#   Both end with the cost table (docs/operations.md, "Reading the cost table").
#   ./duel bench chaos [--battles 200] [--duration S]
# Uses the cluster running in $DUEL_CLUSTER_DIR (./duel cluster ...); without one it starts
# `./duel cluster --web 2 --workers 2` for the run and stops it afterwards.
# Sourced by tools/duel/bench.sh; needs cluster.sh.

source "$ROOT/tools/duel/cluster.sh"

ensure_loadgen() { ensure_npm; }

# Starts a background cluster for this run unless one is up; sets LB_STARTED=1 when it did.
bench_cluster_up() {
  LB_STARTED=0
  if [[ -f "$CLUSTER_DIR/cluster.env" ]] && kill -0 "$(cluster_get SUPERVISOR)" 2>/dev/null; then
    return 0
  fi
  log "no cluster running: starting ./duel cluster --web 2 --workers 2 ${BENCH_CLUSTER_ARGS:-}"
  mkdir -p "$(dirname "$CLUSTER_DIR")"
  # shellcheck disable=SC2086
  "$ROOT/duel" cluster --web 2 --workers 2 ${BENCH_CLUSTER_ARGS:-} >"$CLUSTER_DIR.out" 2>&1 &
  LB_PID=$!
  LB_STARTED=1
  local t
  for ((t = 0; t < 600; t++)); do
    grep -q "cluster up:" "$CLUSTER_DIR.out" 2>/dev/null && return 0
    kill -0 "$LB_PID" 2>/dev/null || { tail -40 "$CLUSTER_DIR.out" >&2; die "the cluster did not start"; }
    sleep 0.5
  done
  die "the cluster did not start within 5 minutes ($CLUSTER_DIR.out)"
}

bench_cluster_down() {
  if [[ "${LB_STARTED:-0}" == 1 ]]; then
    kill -TERM "$LB_PID" 2>/dev/null || true
    wait "$LB_PID" 2>/dev/null || true
  fi
}

bench_loadgen() {
  ensure_loadgen
  bench_cluster_up
  trap bench_cluster_down EXIT
  local url; url="$(cluster_get URL)"
  loadgen_fds "$@"
  node "$ROOT/tools/loadgen/loadgen.mjs" --url "$url" --pg "$(cluster_get POSTGRES)" \
    --cluster-dir "$CLUSTER_DIR" --redis "$(cluster_get REDIS)" --challenges "$ROOT/challenges" "$@"
}

# Each bot holds a hub websocket and pooled HTTP connections: raise the soft open-file limit to
# the hard one and say so when even that is short of ~3 descriptors per bot.
loadgen_fds() {
  local bots=0
  while (($#)); do
    case "$1" in
      --players) bots="$2"; shift 2 ;;
      --battles) bots=$((2 * $2)); shift 2 ;;
      *) shift ;;
    esac
  done
  [[ "$bots" =~ ^[0-9]+$ ]] || return 0
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  local have; have="$(ulimit -n)"
  if [[ "$have" != unlimited ]] && ((have < 3 * bots + 1000)); then
    log "open-file limit $have is short for $bots bots (want $((3 * bots + 1000))): raise it with ulimit -Hn"
  fi
}

duel_bench_load() { bench_loadgen --mode load "$@"; }

# 200 battles; during them: SIGKILL web1 and worker1, crash and restart PostgreSQL, crash
# (SIGKILL) and restart Redis, bring the killed nodes back. The load generator checks that
# every battle still finishes exactly once.
duel_bench_chaos() {
  local battles=200 duration=90
  while (($#)); do
    case "$1" in
      --battles) battles="$2"; shift 2 ;;
      --duration) duration="$2"; shift 2 ;;
      *) die "usage: ./duel bench chaos [--battles N] [--duration S]" ;;
    esac
  done
  ensure_loadgen
  bench_cluster_up
  trap 'bench_cluster_down' EXIT
  local url; url="$(cluster_get URL)"
  node "$ROOT/tools/loadgen/loadgen.mjs" --mode chaos --url "$url" --pg "$(cluster_get POSTGRES)" \
    --cluster-dir "$CLUSTER_DIR" --redis "$(cluster_get REDIS)" --challenges "$ROOT/challenges" --battles "$battles" --duration "$duration" &
  local gen=$! step=$((duration / 7)) silo=0
  ((step > 0)) || step=1
  # A standalone silo (./duel cluster --silos K) holds grains too: it dies with web1's silo.
  [[ -f "$CLUSTER_DIR/silo1/cmd" ]] && silo=1
  sleep "$step";     log "chaos: SIGKILL web1 (with its silo)"; cluster_kill web1
  if ((silo)); then log "chaos: SIGKILL silo1"; cluster_kill silo1; fi
  sleep "$step";     log "chaos: SIGKILL worker1"; cluster_kill worker1
  sleep "$step";     log "chaos: PostgreSQL crash and restart"; cluster_kill postgres; sleep 2; cluster_start_node postgres
  if [[ "$(cluster_get OWNS_REDIS)" == 1 ]]; then
    sleep "$step";   log "chaos: Redis crash and restart"; cluster_kill redis; sleep 2; cluster_start_node redis
  else
    log "chaos: Redis is external (Duel__Redis): no Redis crash"
  fi
  sleep "$step";     log "chaos: web1 and worker1 back"; cluster_start_node web1; cluster_start_node worker1
  if ((silo)); then log "chaos: silo1 back"; cluster_start_node silo1; fi
  wait "$gen"
}
