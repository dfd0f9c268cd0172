# ./duel cluster: a multi-node cluster on one machine for scale and fault tests.
#   ./duel cluster --web N --workers M [--silos K] [--port P] [--env KEY=VALUE]... [--no-build]
#       one PostgreSQL, one Redis, N web nodes (each co-hosting a silo) behind a loopback nginx
#       on port P, M sandbox workers, K standalone silos; runs in the foreground, Ctrl-C stops
#       everything. Web nodes and silos get Duel__Redis; workers never do.
#       --env adds configuration to every node (e.g. Duel__Web__JudgeIntervalMs=500).
#   ./duel cluster kill NODE | start NODE | status | down     (from another terminal)
#       NODE: web1.., worker1.., silo1.., nginx, postgres, redis. kill = SIGKILL (postgres: an
#       immediate shutdown, i.e. a crash; redis: SIGKILL of redis-server); start = the same
#       command line as before.
#   ./duel cluster nginx-conf --ports 5101,5102 --port 5100 [--dir D]
#       write the balancer config only and check it with `nginx -t` (used by the tests).
# State lives in $DUEL_CLUSTER_DIR (default .duel/cluster): one directory per node with
# its command (cmd), pid and log, plus cluster.env (URL, supervisor pid, PostgreSQL and Redis).

CLUSTER_DIR="${DUEL_CLUSTER_DIR:-$STATE/cluster}"

duel_cluster() {
  case "${1:-}" in
    kill)       shift; cluster_kill "${1:?usage: ./duel cluster kill NODE}" ;;
    start)      shift; cluster_start_node "${1:?usage: ./duel cluster start NODE}" ;;
    status)     cluster_status ;;
    down)       cluster_down ;;
    nginx-conf) shift; cluster_nginx_conf_cmd "$@" ;;
    *)          cluster_up "$@" ;;
  esac
}

cluster_up() {
  local webs=1 workers=1 silos=0 port="${DUEL_CLUSTER_PORT:-5100}" build=1
  # Every client of a loopback cluster is 127.0.0.1: a per-address sign-up limit would let
  # only a handful of bots in. Several .NET processes share few cores here: workstation GC
  # (no per-core GC threads competing with the other nodes), and events go out as soon as
  # the previous NOTIFY returns (batching comes from the in-flight flush, not a timer).
  # Later --env values win.
  local extra="Duel__Web__AuthPerMinute=100000 DOTNET_gcServer=0"
  # Each silo (web nodes co-host one) needs its own Orleans ports on this machine.
  local silo_base="${DUEL_CLUSTER_SILO_PORT:-11110}" gateway_base="${DUEL_CLUSTER_GATEWAY_PORT:-30010}"
  while (($#)); do
    case "$1" in
      --web) webs="$2"; shift 2 ;;
      --workers) workers="$2"; shift 2 ;;
      --silos) silos="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --env) [[ "$2" =~ ^[A-Za-z_][A-Za-z0-9_]*=[^\']*$ ]] || die "--env wants KEY=VALUE (no quotes)"
             extra+=" '$2'"; shift 2 ;;
      --no-build) build=0; shift ;;
      *) die "usage: ./duel cluster --web N --workers M [--silos K] [--port P] [--env K=V]... [--no-build]" ;;
    esac
  done
  [[ "$webs" =~ ^[1-9][0-9]*$ && "$workers" =~ ^[0-9]+$ && "$silos" =~ ^[0-9]+$ ]] ||
    die "--web must be ≥ 1; --workers and --silos ≥ 0"
  # Each web node is told its share of the cores (counting the silos that share them too), so its
  # thread pool sizes itself for that share instead of waking threads for every core of the machine:
  # the web nodes' CPU fell by a sixth (docs/performance.md, "The cores a web node is told it has").
  # The silos measured no gain; workers keep the machine's count (their sandbox slots default to it).
  local share=$(($(cluster_cores) / (webs + silos)))
  ((share >= 1)) || share=1
  if [[ -f "$CLUSTER_DIR/cluster.env" ]] && kill -0 "$(cluster_get SUPERVISOR)" 2>/dev/null; then
    die "a cluster is already running here (pid $(cluster_get SUPERVISOR)); ./duel cluster down"
  fi
  command -v nginx >/dev/null || ensure_packages --browser
  ensure_packages
  ensure_npm
  if ((build)); then
    log "building"
    local p
    for p in Duel.Web Duel.Sandbox.Worker Duel.Silo; do
      dotnet build "$ROOT/src/$p/$p.csproj" -c Release -v:q -nologo >/dev/null || die "build of $p failed"
    done
  fi
  rm -rf "$CLUSTER_DIR"; mkdir -p "$CLUSTER_DIR"
  local owns_pg=0 owns_redis=0
  [[ -z "${Duel__Postgres:-}" ]] && owns_pg=1
  [[ -z "${Duel__Redis:-}" ]] && owns_redis=1
  pg_start
  ((owns_pg)) && cluster_pg_statements
  local conn; conn="$(pg_url)"
  { echo "SUPERVISOR=$$"; echo "URL=http://127.0.0.1:$port"; echo "OWNS_PG=$owns_pg"
    echo "PG_DIR=$(pg_dir)"; echo "POSTGRES=$conn"; } >"$CLUSTER_DIR/cluster.env"

  trap 'cluster_stop_all; trap - EXIT; exit 0' INT TERM
  trap 'cluster_stop_all' EXIT

  # Recorded only once started, so that a failed start is not stopped as ours.
  redis_start
  local redis; redis="$(redis_url)"
  { echo "OWNS_REDIS=$owns_redis"; echo "REDIS_DIR=$(redis_dir)"; echo "REDIS=$redis"; } >>"$CLUSTER_DIR/cluster.env"

  local i wport ports=()
  for ((i = 1; i <= webs; i++)); do
    wport=$((port + i)); port_free "$wport" || die "port $wport is taken (use --port)"
    ports+=("$wport")
    cluster_define "web$i" "cd '$ROOT' && exec env DOTNET_PROCESSOR_COUNT=$share $extra Duel__Postgres='$conn' Duel__Redis='$redis' Duel__Node=web$i Duel__SiloId=web$i \
Duel__SiloPort=$((silo_base + i)) Duel__GatewayPort=$((gateway_base + i)) \
ASPNETCORE_URLS=http://127.0.0.1:$wport ASPNETCORE_ENVIRONMENT=Production \
dotnet '$ROOT/src/Duel.Web/bin/Release/net10.0/Duel.Web.dll' --contentRoot '$ROOT/src/Duel.Web'"
    echo "http://127.0.0.1:$wport" >"$CLUSTER_DIR/web$i/url"
  done
  # The first web node applies the migrations alone (advisory lock either way, but this
  # keeps start-up logs readable); the rest start once it answers.
  cluster_start_node web1
  cluster_wait_http "${ports[0]}" /api/health 120 web1 || cluster_fail web1
  for ((i = 2; i <= webs; i++)); do cluster_start_node "web$i"; done
  for ((i = 2; i <= webs; i++)); do cluster_wait_http "${ports[i-1]}" /api/health 120 "web$i" || cluster_fail "web$i"; done
  for ((i = 1; i <= workers; i++)); do
    # No Redis for workers, not even one exported into this shell.
    cluster_define "worker$i" "cd '$ROOT' && exec nice -n 10 env -u Duel__Redis $extra Duel__Postgres='$(pg_worker_url)' \
Duel__Node=worker$i dotnet '$ROOT/src/Duel.Sandbox.Worker/bin/Release/net10.0/Duel.Sandbox.Worker.dll'"
    cluster_start_node "worker$i"
  done
  for ((i = 1; i <= silos; i++)); do
    cluster_define "silo$i" "cd '$ROOT' && exec env $extra Duel__Postgres='$conn' Duel__Redis='$redis' Duel__Node=silo$i Duel__SiloId=silo$i \
Duel__SiloPort=$((silo_base + 50 + i)) Duel__GatewayPort=$((gateway_base + 50 + i)) \
dotnet '$ROOT/src/Duel.Silo/bin/Release/net10.0/Duel.Silo.dll'"
    cluster_start_node "silo$i"
  done
  port_free "$port" || die "port $port is taken (use --port)"
  cluster_nginx_conf "$CLUSTER_DIR/nginx" "$port" "${ports[@]}"
  cluster_define nginx "exec nginx -e '$CLUSTER_DIR/nginx/logs/error.log' -p '$CLUSTER_DIR/nginx' -c '$CLUSTER_DIR/nginx/nginx.conf' -g 'daemon off;'"
  cluster_start_node nginx
  cluster_wait_http "$port" /api/health 30 nginx || cluster_fail nginx

  cluster_status
  log "cluster up: http://127.0.0.1:$port  (Ctrl-C stops everything; logs in $CLUSTER_DIR/<node>/log)"
  # Nodes may be killed and restarted from another terminal: watch, report, never give up.
  # Builtins only: a subshell per node per second cost the measured machine ~10 % of a core.
  local n name pid
  while :; do
    for n in "$CLUSTER_DIR"/*/pid; do
      [[ -f "$n" ]] || continue
      name="${n%/pid}"; name="${name##*/}"; pid=; read -r pid <"$n" || true; [[ -n "$pid" ]] || continue
      if ! kill -0 "$pid" 2>/dev/null && [[ ! -f "$CLUSTER_DIR/$name/down" ]]; then
        log "$name (pid $pid) is down; ./duel cluster start $name"
        : >"$CLUSTER_DIR/$name/down"
      fi
    done
    sleep 1
  done
}

# The cores this machine gives us, as .NET counts them: the CPUs we may run on, or fewer when a
# cgroup CPU limit (a container's) says so, rounded up.
cluster_cores() {
  local cores quota period limit
  cores="$(nproc)"
  if [[ -r /sys/fs/cgroup/cpu.max ]]; then read -r quota period </sys/fs/cgroup/cpu.max
  elif [[ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
    read -r quota </sys/fs/cgroup/cpu/cpu.cfs_quota_us; read -r period </sys/fs/cgroup/cpu/cpu.cfs_period_us
  fi
  if [[ "${quota:-max}" =~ ^[0-9]+$ && "${period:-0}" =~ ^[1-9][0-9]*$ ]]; then
    limit=$(((quota + period - 1) / period))
    ((limit >= cores)) || cores=$limit
  fi
  echo "$cores"
}

# pg_stat_statements, for the cost table of ./duel bench load (statements per battle). It loads
# at server start only: a server without it restarts once; ALTER SYSTEM keeps it for every later
# start (the chaos run's crash and restart too).
cluster_pg_statements() {
  local d bin; d="$(pg_dir)"; bin="$(pg_bindir)"
  local psql=(pg_run "$bin/psql" -h "$d/run" -p "$(cat "$d/port")" -U duel -d duel -qtAX -v ON_ERROR_STOP=1)
  if [[ "$("${psql[@]}" -c 'show shared_preload_libraries')" != *pg_stat_statements* ]]; then
    "${psql[@]}" -c "alter system set shared_preload_libraries = 'pg_stat_statements'" >/dev/null
    pg_stop
    pg_start
  fi
  "${psql[@]}" -c 'create extension if not exists pg_stat_statements' >/dev/null
}

cluster_get() { sed -n "s/^$1=//p" "$CLUSTER_DIR/cluster.env" 2>/dev/null; }

cluster_define() { mkdir -p "$CLUSTER_DIR/$1"; printf '%s\n' "$2" >"$CLUSTER_DIR/$1/cmd"; }

cluster_start_node() {
  local name="$1" dir="$CLUSTER_DIR/$1"
  [[ -f "$CLUSTER_DIR/cluster.env" ]] || die "no cluster here ($CLUSTER_DIR)"
  if [[ "$name" == postgres ]]; then
    DUEL_PG_DIR="$(cluster_get PG_DIR)" pg_start; log "postgres started"; return
  fi
  if [[ "$name" == redis ]]; then
    [[ "$(cluster_get OWNS_REDIS)" == 1 ]] || die "Redis is external (Duel__Redis): not started here"
    DUEL_REDIS_DIR="$(cluster_get REDIS_DIR)" redis_start; log "redis started"; return
  fi
  [[ -f "$dir/cmd" ]] || die "unknown node '$name' (see ./duel cluster status)"
  if [[ -f "$dir/pid" ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    die "$name is already running (pid $(cat "$dir/pid"))"
  fi
  # A session of its own: survives the terminal that started it; Ctrl-C in the supervisor's
  # terminal stops it through its pid file.
  setsid bash -c "$(cat "$dir/cmd")" </dev/null >>"$dir/log" 2>&1 &
  echo $! >"$dir/pid"
  rm -f "$dir/down"
  log "$name started (pid $!)"
}

cluster_kill() {
  local name="$1" dir="$CLUSTER_DIR/$1"
  if [[ "$name" == postgres ]]; then
    local bin; bin="$(pg_bindir)"
    pg_run "$bin/pg_ctl" -D "$(cluster_get PG_DIR)/data" -m immediate -w stop >/dev/null
    log "postgres stopped (immediate: no checkpoint, as after a crash)"; return
  fi
  if [[ "$name" == redis ]]; then
    [[ "$(cluster_get OWNS_REDIS)" == 1 ]] || die "Redis is external (Duel__Redis): not killed here"
    DUEL_REDIS_DIR="$(cluster_get REDIS_DIR)" redis_crash
    log "redis killed (SIGKILL: no shutdown, as after a crash)"; return
  fi
  [[ -f "$dir/pid" ]] || die "unknown node '$name'"
  kill -KILL "$(cat "$dir/pid")" 2>/dev/null || die "$name is not running"
  log "$name (pid $(cat "$dir/pid")) killed"
}

cluster_status() {
  [[ -f "$CLUSTER_DIR/cluster.env" ]] || die "no cluster here ($CLUSTER_DIR)"
  printf '%-10s %-8s %-6s %s\n' NODE PID STATE URL
  local d name pid state
  for d in "$CLUSTER_DIR"/*/; do
    name="$(basename "$d")"; [[ -f "$d/pid" ]] || continue
    pid="$(cat "$d/pid")"; state=down
    kill -0 "$pid" 2>/dev/null && state=up
    printf '%-10s %-8s %-6s %s\n' "$name" "$pid" "$state" "$(cat "$d/url" 2>/dev/null || true)"
  done
  printf '%-10s %-8s %-6s %s\n' balancer - - "$(cluster_get URL)"
  printf '%-10s %-8s %-6s %s\n' postgres - - "$(cluster_get POSTGRES | sed -E 's/Password=[^;]*/Password=***/')"
  printf '%-10s %-8s %-6s %s\n' redis - - "$(cluster_get REDIS | sed -E 's/password=[^,]*/password=***/')"
}

cluster_down() {
  local pid; pid="$(cluster_get SUPERVISOR)"
  [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || die "no running cluster here"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  log "cluster stopped"
}

cluster_stop_all() {
  log "stopping the cluster"
  local f pids=()
  for f in "$CLUSTER_DIR"/*/pid; do
    [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null && pids+=("$(cat "$f")")
  done
  ((${#pids[@]})) && kill -TERM "${pids[@]}" 2>/dev/null
  local t
  for ((t = 0; t < 100; t++)); do
    local alive=0 p
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  [[ "$(cluster_get OWNS_PG)" == 1 ]] && DUEL_PG_DIR="$(cluster_get PG_DIR)" pg_stop
  [[ "$(cluster_get OWNS_REDIS)" == 1 ]] && DUEL_REDIS_DIR="$(cluster_get REDIS_DIR)" redis_stop
  sed -i '/^SUPERVISOR=/d' "$CLUSTER_DIR/cluster.env" 2>/dev/null || true
}

cluster_fail() {
  tail -30 "$CLUSTER_DIR/$1/log" >&2 2>/dev/null
  die "$1 did not come up (log: $CLUSTER_DIR/$1/log)"
}

port_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP status of GET path on 127.0.0.1:port, with bash alone (no curl needed).
http_status() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  IFS= read -r -t 5 line <&3 || line=
  exec 3>&-
  awk '{print $2}' <<<"$line"
}

# Waits for 200 on GET path; gives up early when the node ($4) has died.
cluster_wait_http() {
  local port="$1" path="$2" secs="$3" node="${4:-}" t
  for ((t = 0; t < secs * 4; t++)); do
    [[ "$(http_status "$port" "$path" 2>/dev/null)" == 200 ]] && return 0
    [[ -n "$node" ]] && ! kill -0 "$(cat "$CLUSTER_DIR/$node/pid")" 2>/dev/null && return 1
    sleep 0.25
  done
  return 1
}

cluster_nginx_conf_cmd() {
  local ports="" port=5100 dir="$CLUSTER_DIR/nginx"
  while (($#)); do
    case "$1" in
      --ports) ports="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --dir) dir="$2"; shift 2 ;;
      *) die "usage: ./duel cluster nginx-conf --ports P1,P2 [--port P] [--dir D]" ;;
    esac
  done
  [[ -n "$ports" ]] || die "--ports is required"
  local IFS=,; read -r -a list <<<"$ports"; unset IFS
  cluster_nginx_conf "$dir" "$port" "${list[@]}"
  nginx -t -q -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf"
}

# Writes $1/nginx.conf: listen on loopback port $2, balance over the web ports $3...
cluster_nginx_conf() {
  local dir="$1" port="$2"; shift 2
  mkdir -p "$dir"/{logs,tmp}
  local user_line="" servers="" p
  if [[ $EUID -eq 0 ]]; then user_line="user nobody nogroup;"; chown nobody "$dir/tmp"; fi
  for p in "$@"; do servers+="        server 127.0.0.1:$p max_fails=1 fail_timeout=3s;"$'\n'; done
  cat >"$dir/nginx.conf" <<CONF
# Generated by ./duel cluster; the location settings are shared with docker/nginx.
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
# Two connections per player (client and upstream): 5,000 bots of --pace human need ~10,000.
worker_rlimit_nofile 65536;
events { worker_connections 32768; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $ROOT/docker/nginx/affinity.conf;
    upstream duel_web {
        hash \$duel_affinity consistent;
$servers        keepalive 64;
    }
    server {
        listen 127.0.0.1:$port;
        client_max_body_size 1m;
        location / {
            include $ROOT/docker/nginx/proxy.conf;
        }
    }
}
CONF
}
