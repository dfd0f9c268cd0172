# ./duel up: PostgreSQL, Redis, one web node (with its silo) and one sandbox worker. Ctrl-C stops all.
duel_up() {
  ensure_packages
  ensure_npm
  pg_start
  redis_start
  local conn redis port pids=()
  conn="$(pg_url)"
  redis="$(redis_url)"
  port="${DUEL_PORT:-5080}"
  log "building"
  dotnet build "$ROOT/PythonDuel.slnx" -c Release -v:q -nologo
  trap 'log "stopping"; kill "${pids[@]}" 2>/dev/null; wait; pg_stop; redis_stop' INT TERM EXIT
  Duel__Postgres="$conn" Duel__Redis="$redis" ASPNETCORE_URLS="http://127.0.0.1:$port" \
    dotnet "$ROOT/src/Duel.Web/bin/Release/net10.0/Duel.Web.dll" --contentRoot "$ROOT/src/Duel.Web" &
  pids+=($!)
  # The worker connects as duel_worker (jobs + cluster_members only), never as the owner,
  # and gets no Redis at all (not even an exported Duel__Redis).
  env -u Duel__Redis Duel__Postgres="$(pg_worker_url)" \
    dotnet "$ROOT/src/Duel.Sandbox.Worker/bin/Release/net10.0/Duel.Sandbox.Worker.dll" &
  pids+=($!)
  log "Python-Duel is up: http://127.0.0.1:$port  (Ctrl-C stops everything)"
  wait -n "${pids[@]}" || true
}
