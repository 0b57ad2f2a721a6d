# shellcheck shell=bash
# What up.sh, start.sh and down.sh share; sourced, never run. Everything lives under one directory DIR:
#   DIR/env            the settings every process gets (NAME=VALUE a line, no quoting, later lines win), mode 0600
#   DIR/bin            the built atrium (unless ATRIUM_DLL names one)
#   DIR/data/TARGET    each target's host.dataDirectory (SQLite files, signing key, admin token)
#   DIR/logs/NAME.log  each process's stdout and stderr
#   DIR/pids/NAME.pid  each process's pid (the leader of a session of its own)
#   DIR/secrets/       the service clients' secrets (ordering, payments), the broker's and the database's passwords
#   DIR/rabbitmq/      the RabbitMQ node: config, cookie (as HOME), mnesia
#   DIR/postgresql/    the PostgreSQL cluster (with --db postgresql)

# The five targets, in the order they start; they stop in reverse.
ATRIUM_TARGETS=(identity catalog payments ordering gateway)
RABBITMQ_SERVER=${RABBITMQ_SERVER:-/usr/lib/rabbitmq/bin/rabbitmq-server}

umask 077
# The caller's settings (see caller_settings); up.sh and start.sh take them, down.sh needs none.
CALLER_SETTINGS=""

die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

# Progress goes to stderr: stdout carries only what a caller may parse (up.sh's GATEWAY_URL line).
note() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# Dies naming what failed, with the last lines of the log that says why.
die_with_log() { die "$1; the end of $2:"$'\n'"$(tail -n 20 "$2" 2>/dev/null)"; }

# ATRIUM_LOCAL_TIMEOUT, the seconds each wait may take (default 180), checked.
read_timeout() {
  ATRIUM_LOCAL_TIMEOUT=${ATRIUM_LOCAL_TIMEOUT:-180}
  [[ $ATRIUM_LOCAL_TIMEOUT =~ ^[1-9][0-9]*$ ]] \
    || die "ATRIUM_LOCAL_TIMEOUT must be a whole number of seconds, not '$ATRIUM_LOCAL_TIMEOUT'"
}

is_target() {
  local t
  for t in "${ATRIUM_TARGETS[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}

# The caller's settings that pass through to every process: ATRIUM__* (config keys), ATRIUM_ADMIN_PASSWORD and
# ATRIUM_CONFIG, as NAME=VALUE lines. Taken once at the start, before this script exports anything of its own.
caller_settings() {
  local name
  while IFS= read -r name; do
    case $name in
      ATRIUM__* | ATRIUM_ADMIN_PASSWORD | ATRIUM_CONFIG)
        case ${!name} in *$'\n'*) die "$name holds a line break; settings are kept one a line" ;; esac
        if [ "$name" = ATRIUM_CONFIG ] && [ -n "$ATRIUM_CONFIG" ] && [[ $ATRIUM_CONFIG != /* ]]; then
          # The targets run in their own data directories: a path relative to the caller's would name nothing there.
          [ -f "$ATRIUM_CONFIG" ] || die "ATRIUM_CONFIG names $ATRIUM_CONFIG, which does not exist"
          printf 'ATRIUM_CONFIG=%s/%s\n' "$(cd "$(dirname "$ATRIUM_CONFIG")" && pwd -P)" "$(basename "$ATRIUM_CONFIG")"
          continue
        fi
        printf '%s=%s\n' "$name" "${!name}"
        ;;
    esac
  done < <(compgen -e)
}

# Exports every NAME=VALUE line of a settings file (blank lines and # comments skipped).
export_settings() {
  local line name
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    name=${line%%=*}
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ && $line == *=* ]] || die "$1: not a NAME=VALUE line: $line"
    export "$name=${line#*=}"
  done <"$1"
}

# Exports DIR/env, then the caller's settings of this run on top: the caller's win.
use_settings() {
  [ -f "$1/env" ] || die "$1/env not found: run deploy/local/up.sh $1 first"
  export_settings "$1/env"
  export_settings <(printf '%s' "$CALLER_SETTINGS")
}

# The last value of NAME in DIR/env and then the caller's settings, as a process started now would see it.
setting() {
  local dir=$1 name=$2 line value=""
  while IFS= read -r line; do
    if [ "${line%%=*}" = "$name" ]; then value=${line#*=}; fi
  done < <(cat "$dir/env"; printf '%s' "$CALLER_SETTINGS")
  printf '%s' "$value"
}

# --- ports ------------------------------------------------------------------------------------------------------------

declare -A TAKEN_PORTS=()

# Every TCP port in use on the machine (any state, IPv4 and IPv6), so that none is handed out twice.
scan_ports() {
  local file address
  for file in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$file" ] || continue
    # Read whole first: bash's read seeks back in the file, and a /proc table changing meanwhile yields torn lines.
    while read -r _ address _; do
      if [[ $address =~ :([0-9A-F]{4})$ ]]; then TAKEN_PORTS[$((16#${BASH_REMATCH[1]}))]=1; fi
    done <<<"$(cat "$file")"
  done
  # RabbitMQ's default distribution port; Atrium's own defaults (8080, 81xx, 91xx, 15000) are below the range.
  TAKEN_PORTS[25672]=1
}

# Sets the variable named $1 to a free port below the kernel's ephemeral range (20000 up to it), where neither
# `dotnet run` on its defaults nor the tests' port-0 binds and outgoing connections land; above it if that is too small.
free_port() {
  local ephemeral_low ephemeral_high low high candidate tries
  read -r ephemeral_low ephemeral_high </proc/sys/net/ipv4/ip_local_port_range
  low=20000 high=$ephemeral_low
  if ((high - low < 1000)); then low=$((ephemeral_high + 1)) high=65536; fi
  ((high - low >= 100)) || die "no port range outside the ephemeral one ($ephemeral_low-$ephemeral_high) to choose from"
  for ((tries = 0; tries < 1000; tries++)); do
    candidate=$((low + (RANDOM * 32768 + RANDOM) % (high - low)))
    if [ -z "${TAKEN_PORTS[$candidate]:-}" ]; then
      TAKEN_PORTS[$candidate]=1
      printf -v "$1" '%s' "$candidate"
      return
    fi
  done
  die "no free port found between $low and $high"
}

# --- processes --------------------------------------------------------------------------------------------------------

# The working directory of each process (PostgreSQL's is its data directory), by which running_pid recognises it.
home_of() {
  case $2 in
    rabbitmq) printf '%s' "$1/rabbitmq" ;;
    postgresql) printf '%s' "$1/postgresql/data" ;;
    *) printf '%s' "$1/data/$2" ;;
  esac
}

# Prints the pid of NAME if it still runs as this DIR started it: its pid file (PostgreSQL's own postmaster.pid) names
# a live process whose working directory is NAME's home, so that a pid reused by another process is never signalled
# and a pid file left by a crash counts for nothing.
running_pid() {
  local dir=$1 name=$2 file=$1/pids/$2.pid pid cwd
  [ "$name" = postgresql ] && file=$dir/postgresql/data/postmaster.pid
  [ -f "$file" ] || return 1
  read -r pid <"$file" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
  [ "$cwd" = "$(home_of "$dir" "$name")" ] || return 1
  printf '%s' "$pid"
}

# Prints, one a line, which of the given names (targets, rabbitmq, postgresql) run from DIR now.
which_run() {
  local dir=$1 name
  shift
  for name; do
    if running_pid "$dir" "$name" >/dev/null; then printf '%s\n' "$name"; fi
  done
}

# Runs the rest of the arguments detached (a session of its own, so neither the terminal's Ctrl-C nor its hangup
# reaches it) in NAME's home, output appended to DIR/logs/NAME.log, pid to DIR/pids/NAME.pid.
launch() {
  local dir=$1 name=$2 home
  shift 2
  home=$(home_of "$dir" "$name")
  mkdir -p "$home" "$dir/logs" "$dir/pids"
  # A background job of a script is not a process group leader, so setsid needs no fork and $! is the process.
  (cd "$home" && exec setsid "$@" >>"$dir/logs/$name.log" 2>&1 </dev/null) &
  printf '%s\n' "$!" >"$dir/pids/$name.pid"
}

# Stops NAME: SIGTERM (a graceful drain), then after TIMEOUT seconds SIGKILL to its whole session's process group.
stop_process() {
  local dir=$1 name=$2 timeout=$3 pid deadline
  if pid=$(running_pid "$dir" "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      note "$name did not stop within ${timeout}s of SIGTERM; killing it"
    fi
    # Also whatever it left in its group (the Erlang VM behind rabbitmq-server's wrapper, say).
    kill -KILL -- "-$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$dir/pids/$name.pid"
}

# --- targets ----------------------------------------------------------------------------------------------------------

# Starts an Atrium target with DIR/env and the caller's settings, its data in DIR/data/TARGET (unless a setting says
# otherwise).
start_target() {
  local dir=$1 target=$2
  (
    export ATRIUM__HOST__DATADIRECTORY="$dir/data/$target"
    use_settings "$dir"
    launch "$dir" "$target" dotnet "$ATRIUM_LOCAL_DLL" run --target="$target"
  )
}

# A listen address (scheme://host:port) as a URL a client on this machine reaches: a wildcard host becomes loopback.
local_url() {
  local listen=$1 scheme rest host port
  scheme=${listen%%://*} rest=${listen#*://}
  rest=${rest%%/*} port=${rest##*:} host=${rest%:*}
  case $host in '*' | 0.0.0.0 | '[::]' | '') host=127.0.0.1 ;; esac
  printf '%s://%s:%s' "$scheme" "$host" "$port"
}

# The URL of /readyz for a target, from the first listener of its section (the gateway: its admin listener).
readyz_url() {
  local dir=$1 target=$2 listen
  case $target in
    gateway) listen=$(setting "$dir" ATRIUM__GATEWAY__ADMIN__LISTEN__0) ;;
    *) listen=$(setting "$dir" "ATRIUM__${target^^}__LISTEN__0") ;;
  esac
  case $listen in
    http://* | https://*) printf '%s/readyz' "$(local_url "$listen")" ;;
    *) die "$target: its first listener '$listen' is not http:// or https://, so its /readyz cannot be probed" ;;
  esac
}

# Waits until the target's /readyz answers 200, or fails naming the target, what it last answered and its log.
wait_ready() {
  local dir=$1 target=$2 deadline=$3 url pid body code=""
  url=$(readyz_url "$dir" "$target")
  body=$(mktemp)
  while :; do
    if ! pid=$(running_pid "$dir" "$target"); then
      rm -f "$body"
      die_with_log "$target exited before its /readyz answered 200" "$dir/logs/$target.log"
    fi
    code=$(curl -sk -o "$body" -w '%{http_code}' --max-time 5 "$url" 2>/dev/null) || true
    [ "$code" = 200 ] && break
    if ((SECONDS >= deadline)); then
      local answer="no answer"
      [ "${code:-000}" != 000 ] && answer="$code $(head -c 1000 "$body")"
      rm -f "$body"
      die "$target (pid $pid) not ready within ${ATRIUM_LOCAL_TIMEOUT}s: $url answered $answer;" \
        "see $dir/logs/$target.log"
    fi
    sleep 0.2
  done
  rm -f "$body"
}

# --- RabbitMQ ---------------------------------------------------------------------------------------------------------

# Starts the node of Debian's rabbitmq-server with everything of its own under DIR/rabbitmq: config, plugins file,
# Erlang cookie (HOME), mnesia; on loopback, with its own AMQP, distribution and epmd ports from DIR/env.
start_rabbitmq() {
  local dir=$1 base=$1/rabbitmq amqp dist epmd node
  amqp=$(setting "$dir" ATRIUM_LOCAL_RABBITMQ_PORT)
  dist=$(setting "$dir" ATRIUM_LOCAL_RABBITMQ_DIST_PORT)
  epmd=$(setting "$dir" ATRIUM_LOCAL_RABBITMQ_EPMD_PORT)
  # A node name of its own per DIR: nodes of two DIRs never meet, even on one epmd.
  node="atrium-$(cksum <<<"$dir" | cut -d' ' -f1)@localhost"
  [ -x "$RABBITMQ_SERVER" ] \
    || die "RabbitMQ is not installed: $RABBITMQ_SERVER is missing (apt-get install rabbitmq-server)"
  mkdir -p "$base/mnesia" "$base/log"
  if [ ! -f "$base/.erlang.cookie" ]; then
    random_secret >"$base/.erlang.cookie"
    chmod 400 "$base/.erlang.cookie"
  fi
  # The user exists from the node's first start on (default_user applies to a new database only).
  printf '%s\n' \
    "default_user = atrium" \
    "default_pass = $(cat "$dir/secrets/rabbitmq")" \
    "log.console = false" \
    "log.file.level = info" >"$base/rabbitmq.conf"
  printf '[].\n' >"$base/enabled_plugins"
  : >"$base/rabbitmq-env.conf"
  (
    export HOME=$base \
      RABBITMQ_NODENAME=$node \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$amqp RABBITMQ_DIST_PORT=$dist \
      ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$epmd \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
      RABBITMQ_CONF_ENV_FILE=$base/rabbitmq-env.conf RABBITMQ_CONFIG_FILE=$base/rabbitmq.conf \
      RABBITMQ_ADVANCED_CONFIG_FILE=$base/advanced.config RABBITMQ_ENABLED_PLUGINS_FILE=$base/enabled_plugins \
      RABBITMQ_MNESIA_BASE=$base/mnesia RABBITMQ_LOG_BASE=$base/log RABBITMQ_LOGS=$dir/logs/rabbitmq.log \
      RABBITMQ_PID_FILE=$base/beam.pid
    launch "$dir" rabbitmq "$RABBITMQ_SERVER"
  )
}

# Waits until the node accepts AMQP connections (it opens its listener once it has booted).
wait_rabbitmq() {
  local dir=$1 deadline=$2 port
  port=$(setting "$dir" ATRIUM_LOCAL_RABBITMQ_PORT)
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    running_pid "$dir" rabbitmq >/dev/null || die_with_log "RabbitMQ exited while starting" "$dir/logs/rabbitmq.log"
    ((SECONDS < deadline)) \
      || die "RabbitMQ not accepting connections on 127.0.0.1:$port within ${ATRIUM_LOCAL_TIMEOUT}s;" \
        "see $dir/logs/rabbitmq.log"
    sleep 0.2
  done
}

stop_rabbitmq() {
  local dir=$1 epmd
  stop_process "$dir" rabbitmq 60
  # The node started an epmd of its own on its own port; with no node left registered it can go too.
  epmd=$(setting "$dir" ATRIUM_LOCAL_RABBITMQ_EPMD_PORT 2>/dev/null) || true
  if [ -n "$epmd" ] && command -v epmd >/dev/null; then
    ERL_EPMD_PORT=$epmd ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 || true
  fi
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------------

# The newest server binaries of Debian's postgresql package, else initdb's directory on PATH.
postgresql_bin() {
  local bin
  bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { bin=$(command -v initdb) && bin=$(dirname "$bin"); } \
    || die "PostgreSQL is not installed: no initdb under /usr/lib/postgresql/*/bin or on PATH" \
      "(apt-get install postgresql)"
  printf '%s' "$bin"
}

# initdb and postgres refuse to run as root: as root the cluster belongs to the postgres user, who then needs to pass
# through DIR and DIR/logs (mode 0711: no listing, nothing readable that is not its own).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Lets the postgres user reach DIR/postgresql and DIR/logs/postgresql.log when running as root.
postgres_access() {
  local dir=$1
  mkdir -p "$dir/postgresql" "$dir/logs"
  touch "$dir/logs/postgresql.log"
  if [ "$(id -u)" = 0 ]; then
    chmod 711 "$dir" "$dir/logs"
    chown postgres: "$dir/postgresql" "$dir/logs/postgresql.log"
  fi
}

start_postgresql() {
  local dir=$1 base=$1/postgresql bin port
  bin=$(postgresql_bin)
  port=$(setting "$dir" ATRIUM_LOCAL_POSTGRESQL_PORT)
  mkdir -p "$dir/pids"
  postgres_access "$dir"
  if [ ! -f "$base/data/PG_VERSION" ]; then
    # The superuser atrium with a password (scram), so that other users of the machine cannot use the cluster.
    install -m 600 "$dir/secrets/postgresql" "$base/pwfile"
    [ "$(id -u)" = 0 ] && chown postgres: "$base/pwfile"
    (cd "$base" && as_postgres "$bin/initdb" -D "$base/data" -U atrium --pwfile="$base/pwfile" -A scram-sha-256 \
      -E UTF8 --no-instructions) \
      >>"$dir/logs/postgresql.log" 2>&1 || { rm -f "$base/pwfile"; die "initdb failed; see $dir/logs/postgresql.log"; }
    rm -f "$base/pwfile"
  fi
  (cd "$base" && as_postgres "$bin/pg_ctl" -D "$base/data" -l "$dir/logs/postgresql.log" -w -t "$ATRIUM_LOCAL_TIMEOUT" \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200" start) >/dev/null \
    || die "PostgreSQL did not start on 127.0.0.1:$port; see $dir/logs/postgresql.log"
  head -n 1 "$base/data/postmaster.pid" >"$dir/pids/postgresql.pid"
}

stop_postgresql() {
  local dir=$1 base=$1/postgresql output
  if running_pid "$dir" postgresql >/dev/null; then
    postgres_access "$dir"
    output=$(cd "$base" && as_postgres "$(postgresql_bin)/pg_ctl" -D "$base/data" -m fast -w stop 2>&1) \
      || note "PostgreSQL did not stop: $output"
  fi
  rm -f "$dir/pids/postgresql.pid"
}

# --- secrets ----------------------------------------------------------------------------------------------------------

# 32 random bytes, base64url without padding: URL-safe, so usable in an amqp:// URI and a connection string.
random_secret() { head -c 32 /dev/urandom | base64 -w 0 | tr '+/' '-_' | tr -d '='; }

# Writes a new random secret to FILE (owner-only) unless it exists: a restart keeps its passwords.
ensure_secret() {
  [ -s "$1" ] && return
  mkdir -p "$(dirname "$1")"
  random_secret >"$1.tmp"
  chmod 600 "$1.tmp"
  mv "$1.tmp" "$1"
}
