# Shared helpers for ./duel: dependency install, the private PostgreSQL and the private Redis.
# Sourced by ./duel; ROOT and STATE are set there.

log() { printf '\033[1;36m[duel]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[duel]\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Debian/Ubuntu packages we need, installed only when missing (idempotent).
ensure_packages() {
  local want=() pg_bin
  pg_bin="$(pg_bindir || true)"
  [[ -n "$pg_bin" ]] || want+=(postgresql)
  # redis-server depends on redis-tools, which brings redis-cli.
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || want+=(redis-server)
  command -v bwrap   >/dev/null || want+=(bubblewrap)
  [[ -x /usr/bin/python3 ]] || want+=(python3)
  command -v node    >/dev/null || want+=(nodejs)
  command -v npm     >/dev/null || want+=(npm)
  command -v setpriv >/dev/null || want+=(util-linux)
  # The sandbox worker compiles its zygote's C extension against the interpreter's headers.
  command -v gcc     >/dev/null || want+=(gcc)
  [[ -f /usr/include/stdio.h ]] || want+=(libc6-dev)
  compgen -G '/usr/include/python3*/Python.h' >/dev/null || want+=(python3-dev)
  if [[ "${1:-}" == "--browser" ]]; then
    [[ -x /usr/bin/chromium ]] || want+=(chromium)
    command -v nginx >/dev/null || want+=(nginx-light)
    command -v docker-compose >/dev/null || want+=(docker-compose)
  fi
  if ((${#want[@]})); then
    log "installing: ${want[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  fi
}

# npm packages of the front end (src/Duel.Web) and of the load generator (tools/loadgen),
# installed from their lock files when missing or older than the lock.
ensure_npm() {
  local dir
  for dir in "$ROOT/src/Duel.Web" "$ROOT/tools/loadgen"; do
    [[ -f "$dir/package.json" ]] || continue
    if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules" ]]; then
      log "npm ci ($(basename "$dir"))"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) && touch "$dir/node_modules"
    fi
  done
}

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [[ -x "$d/pg_ctl" ]] && { echo "$d"; return 0; }; done
  return 1
}

# PostgreSQL refuses to run as root: as root we run it as a dedicated system user.
PG_USER=duelpg
pg_run() {
  if [[ $EUID -eq 0 ]]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port found"
}

ensure_pg_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
}

pg_dir() {
  local d="${DUEL_PG_DIR:-$STATE/pg}"
  # As root the server runs as $PG_USER, which must be able to reach its directory; a clone
  # under /root is not reachable, so the data then lives under /var/tmp instead.
  if [[ $EUID -eq 0 ]]; then
    ensure_pg_user
    if ! runuser -u "$PG_USER" -- test -x "$ROOT" 2>/dev/null; then
      d="/var/tmp/duel-$(echo "$ROOT" | md5sum | cut -c1-8)/$(basename "$d")"
    fi
  fi
  echo "$d"
}

# Prints the connection string of the private server (or of Duel__Postgres when set).
pg_url() {
  if [[ -n "${Duel__Postgres:-}" ]]; then echo "$Duel__Postgres"; return; fi
  local d; d="$(pg_dir)"
  echo "Host=127.0.0.1;Port=$(cat "$d/port");Username=duel;Password=$(cat "$d/password");Database=duel;Include Error Detail=true"
}

# Connection string of the sandbox worker's own role (duel_worker, see migration 005): a
# generated password kept in the PG dir, set on the role each time (the role is created
# here too if the migrations have not run yet; its grants come from the migration).
pg_worker_url() {
  if [[ -n "${Duel__WorkerPostgres:-}" ]]; then echo "$Duel__WorkerPostgres"; return; fi
  if [[ -n "${Duel__Postgres:-}" ]]; then
    log "Duel__Postgres is external: set Duel__WorkerPostgres for the duel_worker role; using the owner's"
    echo "$Duel__Postgres"; return
  fi
  local d pw; d="$(pg_dir)"
  if [[ ! -s "$d/worker_password" ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$d/worker_password")
  fi
  pw="$(cat "$d/worker_password")"
  pg_run "$(pg_bindir)/psql" -h "$d/run" -p "$(cat "$d/port")" -U duel -d duel -qtA -v ON_ERROR_STOP=1 >/dev/null <<SQL
do \$\$ begin
  if not exists (select 1 from pg_roles where rolname = 'duel_worker') then create role duel_worker login; end if;
end \$\$;
alter role duel_worker login password '$pw';
SQL
  echo "Host=127.0.0.1;Port=$(cat "$d/port");Username=duel_worker;Password=$pw;Database=duel"
}

pg_start() {
  if [[ -n "${Duel__Postgres:-}" ]]; then return 0; fi
  local d bin; d="$(pg_dir)"; bin="$(pg_bindir)" || die "postgresql is not installed"
  mkdir -p "$d"
  if [[ $EUID -eq 0 ]]; then
    chown "$PG_USER" "$d"
    # The server user must be able to reach its directory.
    chmod o+x "$STATE" 2>/dev/null || true
  fi
  if [[ ! -f "$d/data/PG_VERSION" ]]; then
    log "initdb in $d"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$d/password"
    [[ $EUID -eq 0 ]] && chown "$PG_USER" "$d/password"
    chmod 600 "$d/password"
    pg_run "$bin/initdb" -D "$d/data" -U duel --pwfile="$d/password" --auth-host=scram-sha-256 \
      --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$d/initdb.log" 2>&1 || { cat "$d/initdb.log"; die "initdb failed"; }
    [[ $EUID -eq 0 ]] && chown root "$d/password"
    free_port >"$d/port"
    mkdir -p "$d/run" && { [[ $EUID -eq 0 ]] && chown "$PG_USER" "$d/run" || true; }
    cat >>"$d/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $(cat "$d/port")
unix_socket_directories = '$d/run'
max_connections = 400
shared_buffers = 256MB
${DUEL_PG_EXTRA_CONF:-}
CONF
  fi
  if ! pg_run "$bin/pg_ctl" -D "$d/data" status >/dev/null 2>&1; then
    pg_run "$bin/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 60 start >/dev/null || { tail -20 "$d/server.log"; die "postgres did not start"; }
    pg_run "$bin/psql" -h "$d/run" -p "$(cat "$d/port")" -U duel -d postgres -tAc \
      "select 1 from pg_database where datname='duel'" | grep -q 1 ||
      pg_run "$bin/createdb" -h "$d/run" -p "$(cat "$d/port")" -U duel duel
    log "postgres on 127.0.0.1:$(cat "$d/port") ($d)"
  fi
}

pg_stop() {
  [[ -n "${Duel__Postgres:-}" ]] && return 0
  local d bin; d="$(pg_dir)"; bin="$(pg_bindir)" || return 0
  [[ -f "$d/data/PG_VERSION" ]] || return 0
  pg_run "$bin/pg_ctl" -D "$d/data" -m fast -w stop >/dev/null 2>&1 || true
}

duel_db() {
  case "${1:-}" in
    start) ensure_packages; pg_start; pg_url ;;
    stop)  pg_stop ;;
    url)   pg_url ;;
    psql)  shift; local d; d="$(pg_dir)"
           pg_run "$(pg_bindir)/psql" -h "$d/run" -p "$(cat "$d/port")" -U duel -d duel "$@" ;;
    *) die "usage: ./duel db start|stop|psql|url" ;;
  esac
}

# --- Redis -------------------------------------------------------------------------------
# A private redis-server per directory: loopback only, a generated password, daemonized,
# its config, pid, log, port, password and data all in redis_dir. Duel__Redis, when set,
# names an external server instead: then redis_start and redis_stop do nothing.

# Redis runs as root without complaint, so unlike PostgreSQL its directory stays under
# $STATE even as root (no other user has to reach it).
redis_dir() { echo "${DUEL_REDIS_DIR:-$STATE/redis}"; }

# redis-cli against the private server of redis_dir; the password goes through the
# environment (REDISCLI_AUTH), not the command line.
redis_cli() {
  local d; d="$(redis_dir)"
  [[ -f "$d/port" && -f "$d/password" ]] || die "no private Redis in $d (./duel redis start)"
  REDISCLI_AUTH="$(cat "$d/password")" redis-cli -h 127.0.0.1 -p "$(cat "$d/port")" "$@"
}

redis_pid() {
  local d pid; d="$(redis_dir)"
  pid="$(cat "$d/redis.pid" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

redis_ping() { [[ "$(redis_cli ping 2>/dev/null)" == PONG ]]; }

# Starts the private server unless it answers already. The config is written anew on
# every start (port and password are kept), so DUEL_REDIS_EXTRA_CONF applies each time;
# its lines come last and so win (test.sh: appendonly no).
redis_start() {
  if [[ -n "${Duel__Redis:-}" ]]; then return 0; fi
  command -v redis-server >/dev/null || die "redis-server is not installed"
  local d; d="$(redis_dir)"
  mkdir -p "$d"
  chmod 700 "$d"
  if [[ ! -s "$d/password" ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$d/password")
  fi
  [[ -s "$d/port" ]] || free_port >"$d/port"
  if redis_pid >/dev/null; then
    redis_ping && return 0
  else
    (umask 077; cat >"$d/redis.conf" <<CONF
# Generated by ./duel (tools/duel/lib.sh redis_start); rewritten on every start.
bind 127.0.0.1
port $(cat "$d/port")
protected-mode yes
requirepass $(cat "$d/password")
daemonize yes
pidfile "$d/redis.pid"
logfile "$d/server.log"
dir "$d"
save ""
appendonly yes
${DUEL_REDIS_EXTRA_CONF:-}
CONF
)
    redis-server "$d/redis.conf" || { tail -20 "$d/server.log" 2>/dev/null >&2; die "redis did not start"; }
  fi
  local t
  for ((t = 0; t < 100; t++)); do
    redis_ping && { log "redis on 127.0.0.1:$(cat "$d/port") ($d)"; return 0; }
    # Gone after a second (port taken, bad config line): no point waiting longer.
    ((t >= 10)) && ! redis_pid >/dev/null && break
    sleep 0.1
  done
  tail -20 "$d/server.log" 2>/dev/null >&2
  die "redis did not answer PING ($d/server.log)"
}

# Stops the private server: SHUTDOWN NOSAVE (no RDB snapshot; the append-only file, when
# on, is flushed anyway), else SIGTERM and finally SIGKILL of the pid.
redis_stop() {
  [[ -n "${Duel__Redis:-}" ]] && return 0
  local d pid t; d="$(redis_dir)"
  pid="$(redis_pid)" || return 0
  redis_cli shutdown nosave >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  for ((t = 0; t < 100; t++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# SIGKILL of the private server (a crash, for fault injection): no shutdown, no flush.
redis_crash() {
  [[ -n "${Duel__Redis:-}" ]] && die "Redis is external (Duel__Redis): not ours to kill"
  local pid; pid="$(redis_pid)" || die "redis is not running ($(redis_dir))"
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

# Prints the StackExchange.Redis configuration string of the private server (or
# Duel__Redis when set).
redis_url() {
  if [[ -n "${Duel__Redis:-}" ]]; then echo "$Duel__Redis"; return; fi
  local d; d="$(redis_dir)"
  echo "127.0.0.1:$(cat "$d/port"),password=$(cat "$d/password"),abortConnect=false"
}

duel_redis() {
  case "${1:-}" in
    start) ensure_packages; redis_start; redis_url ;;
    stop)  redis_stop ;;
    url)   redis_url ;;
    cli)   shift; redis_cli "$@" ;;
    *) die "usage: ./duel redis start|stop|cli|url" ;;
  esac
}
