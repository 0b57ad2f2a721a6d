#!/usr/bin/env bash
# Order throughput: place-to-confirmed through the gateway, `atrium run --target=all`, Release, on embedded SQLite
# (or PostgreSQL, below).
# Closed loop: CONCURRENCY clients each place an order (POST /api/orders), poll it until Confirmed, and go again;
# USERS customers share the load. Prints confirmed orders/s and p50/p99 of place-to-confirmed, atrium's CPU per order
# and the share of the wall clock its managed threads stood still for garbage collections.
# Usage: bench/orders.sh [SECONDS=20] [CONCURRENCY=64] [USERS=32]
# Environment: ORDERS_WARMUP_S (60), ORDERS_POLL_MS (10), ORDERS_WAIT_S (0: poll; N: GET with Prefer: wait=N),
# ORDERS_PRODUCTS (1: every order on one product; N: client i orders product i mod N),
# ORDERS_DB=postgresql to put every service on a throwaway PostgreSQL cluster (Debian's postgresql binaries), with
# ORDERS_PG_OPTS added to its server options (e.g. "-c synchronous_commit=off") and ORDERS_PG_CONNECTION to every
# service's connection string (e.g. "No Reset On Close=false").
# ORDERS_TOPOLOGY=split runs the five targets as processes of their own through deploy/local/up.sh instead (events over
# its RabbitMQ node, service tokens on internal calls; ORDERS_DB=postgresql gives it its own cluster, ORDERS_PG_OPTS
# aside); CPU is then the five processes' sum, and the event delivery times come from every service's /metrics.
# With ORDERS_DB=postgresql (one process), the benchmark also samples pg_stat_activity every 100 ms over the measured
# window and prints what the busy client sessions were waiting on, per database (wait event or CPU, and state), as shares,
# and the server's CPU per confirmed order over the same window (postgres_cpu_ms_per_order, beside atrium's).
# ORDERS_PG_STATEMENTS=1 (one process, PostgreSQL) also loads pg_stat_statements, counts over the measured window only,
# and prints the statements with the most calls and the most server time, per database.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
concurrency=${2:-64}
users=${3:-32}
work=$(mktemp -d)
password=bench-admin-password

dotnet build src/Atrium -c Release -o bench/out/atrium -v quiet -nologo >/dev/null

pid="" pg_bin="" as_pg=() split=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null
  [ -n "$split" ] && deploy/local/down.sh "$split" >/dev/null 2>&1
  [ -n "$pg_bin" ] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# The default config with logging at Warning: a JSON line per order would measure the console, not the system; and
# without the per-address limits on sign-in and registration, which USERS customers signing up from one address hit.
sed -e 's/^  level: Information$/  level: Warning/' \
    -e 's/rateLimit: { limit: [0-9]*, window: 1m, \(burst: [0-9]*, \)\{0,1\}key: clientIp }/rateLimit: { limit: 1000000, window: 1s, key: clientIp }/' \
    config/atrium.yaml > "$work/atrium.yaml"

if [ "${ORDERS_TOPOLOGY:-single}" = split ]; then
  split=$work/split
  db=(); [ "${ORDERS_DB:-sqlite}" = postgresql ] && db=(--db postgresql)
  up=$(ATRIUM_DLL=$PWD/bench/out/atrium/atrium.dll ATRIUM_CONFIG=$work/atrium.yaml ATRIUM_ADMIN_PASSWORD=$password \
    deploy/local/up.sh "$split" "${db[@]}")
  gateway_url=$(printf '%s\n' "$up" | sed -n 's/^GATEWAY_URL=//p')
  atrium_pids=$(cat "$split"/pids/{identity,catalog,payments,ordering,gateway}.pid | paste -sd,)
  metrics_urls=$(sed -n -E 's%^ATRIUM__(IDENTITY|CATALOG|PAYMENTS|ORDERING)__LISTEN__0=(.*)$%\2/metrics%p' "$split/env" | paste -sd,)
else
  if [ "${ORDERS_DB:-sqlite}" = postgresql ]; then
    # A cluster of its own in the work directory, with the settings of a dedicated database host left at their defaults
    # (fsync on); as root, initdb and postgres run as the postgres user.
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1) || true
    [ -n "$pg_bin" ] || { echo "orders.sh: ORDERS_DB=postgresql needs PostgreSQL's server binaries (apt-get install postgresql)" >&2; exit 1; }
    as_pg=(); [ "$(id -u)" = 0 ] && { chown postgres "$work"; as_pg=(runuser -u postgres --); }
    pg_port=$((20000 + RANDOM % 10000))
    "${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U atrium -A trust -E UTF8 --no-instructions >/dev/null
    pg_statements=""; [ -n "${ORDERS_PG_STATEMENTS:-}" ] && pg_statements="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=500 $pg_statements ${ORDERS_PG_OPTS:-}" start >/dev/null
    [ -n "$pg_statements" ] && "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U atrium -d postgres -Atq -c "CREATE EXTENSION pg_stat_statements" >/dev/null
    awk -v port="$pg_port" -v extra="${ORDERS_PG_CONNECTION:+;$ORDERS_PG_CONNECTION}" '
      /^[a-z]/ { section = $1; sub(":", "", section) }
      /^  provider: sqlite$/ { print "  provider: postgresql"; next }
      /^  connectionString: ""$/ { printf "  connectionString: \"Host=127.0.0.1;Port=%s;Database=bench_%s;Username=atrium%s\"\n", port, section, extra; next }
      { print }' "$work/atrium.yaml" > "$work/atrium.pg.yaml" && mv "$work/atrium.pg.yaml" "$work/atrium.yaml"
  fi
  (cd "$work" && ATRIUM_ADMIN_PASSWORD=$password exec env ${ATRIUM_ENV:-} dotnet "$OLDPWD/bench/out/atrium/atrium.dll" run --config "$work/atrium.yaml" > "$work/atrium.log" 2>&1) &
  pid=$!
  for _ in $(seq 300); do curl -fs localhost:8080/api/catalog/products?pageSize=1 >/dev/null 2>&1 && break; sleep 0.1; done
  # Then every module ready (its databases created and migrated), for up to 5 minutes on a busy machine: a load started
  # before would only open the gateway's breakers.
  for port in 8101 8102 8103 8104; do
    for _ in $(seq 1500); do curl -fs "localhost:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  done

  gateway_url=http://127.0.0.1:8080
  atrium_pids=$(pgrep -f "$PWD/bench/out/atrium/atrium.dll" | head -1)
  # Every module serves only its own series, and the gateway admin's endpoint the process's (runtime, GC): sum them all.
  metrics_urls=http://127.0.0.1:15000/metrics,http://127.0.0.1:8101/metrics,http://127.0.0.1:8102/metrics,http://127.0.0.1:8103/metrics,http://127.0.0.1:8104/metrics
fi

echo "orders.sh: ${seconds}s, ${ORDERS_TOPOLOGY:-single}, concurrency $concurrency, $users users, db ${ORDERS_DB:-sqlite} ${ORDERS_PG_OPTS:-}, wait ${ORDERS_WAIT_S:-0}s, products ${ORDERS_PRODUCTS:-1}, nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
sampler=""
if [ -n "$pg_bin" ]; then
  # Over the measured window only: after the warm-up, for the run's seconds.
  # The server's CPU over the same window: the postmaster's own and its exited children's, plus every live backend's.
  pg_ticks() {
    local pm; pm=$(head -1 "$work/pg/postmaster.pid")
    { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
      for c in $(pgrep -P "$pm"); do awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null; done; } | awk '{ t += $1 } END { print t }'
  }
  (sleep "${ORDERS_WARMUP_S:-60}"; end=$((SECONDS + seconds)); ticks0=$(pg_ticks)
   [ -n "${ORDERS_PG_STATEMENTS:-}" ] && "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U atrium -d postgres -Atq -c "SELECT pg_stat_statements_reset()" >/dev/null
   while [ $SECONDS -lt $end ]; do
     "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U atrium -d postgres -Atq -c "SELECT datname || ' ' || coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' (' || state || ')' FROM pg_stat_activity WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()" 2>/dev/null
     sleep 0.1
   done > "$work/waits"; echo $(( $(pg_ticks) - ticks0 )) > "$work/pg_ticks") &
  sampler=$!
fi
# atrium load (docs/load.md) with workstation GC, as OrdersBench ran; only its key=value lines are this script's output.
ATRIUM_ADMIN_PASSWORD=$password DOTNET_gcServer=0 dotnet bench/out/atrium/atrium.dll load --url "$gateway_url" --scenario order \
  --concurrency "$concurrency" --duration "${seconds}s" --warmup "${ORDERS_WARMUP_S:-60}s" --users "$users" \
  --products "${ORDERS_PRODUCTS:-1}" --wait "${ORDERS_WAIT_S:-0}" --poll "${ORDERS_POLL_MS:-10}ms" \
  --server-pid "$atrium_pids" --server-metrics "$metrics_urls" > "$work/load.log" \
  || { code=$?; echo "orders.sh: atrium load exited $code; the end of its output:" >&2; tail -5 "$work/load.log" >&2; exit "$code"; }
grep -E '^(confirmed/s=|cpu_ms_per_order |event_delivery_ms |outbox_publish_ms )' "$work/load.log" | tee "$work/result"
if [ -n "$sampler" ]; then
  wait "$sampler" 2>/dev/null || true
  confirmed=$(sed -n 's/.* confirmed=\([0-9]*\).*/\1/p' "$work/result")
  awk -v ticks="$(cat "$work/pg_ticks")" -v hz="$(getconf CLK_TCK)" -v n="${confirmed:-0}" -v s="$seconds" \
    'BEGIN { ms = ticks * 1000 / hz; printf "postgres_cpu_ms_per_order=%.2f postgres_cores=%.2f\n", n ? ms / n : 0, ms / 1000 / s }'
  total=$(wc -l < "$work/waits")
  echo "pg_stat_activity: $total busy-session samples; top waits:"
  sort "$work/waits" | uniq -c | sort -rn | head -8 | awk -v t="$total" '{ c = $1; $1 = ""; printf "  %5.1f%%%s\n", 100 * c / (t ? t : 1), $0 }'
  if [ -n "${ORDERS_PG_STATEMENTS:-}" ]; then
    statements="SELECT d.datname, s.calls, round(s.total_exec_time)::bigint, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
    echo "pg_stat_statements (measured window): calls, server ms, database, statement; by calls:"
    "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U atrium -d postgres -Atq -F ' | ' -c "$statements ORDER BY s.calls DESC LIMIT 40" | awk -F ' [|] ' '{ printf "  %8d %8d  %-16s %s\n", $2, $3, $1, $4 }'
    echo "by server time:"
    "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U atrium -d postgres -Atq -F ' | ' -c "$statements ORDER BY s.total_exec_time DESC LIMIT 15" | awk -F ' [|] ' '{ printf "  %8d %8d  %-16s %s\n", $2, $3, $1, $4 }'
  fi
fi
rss=0
for p in ${atrium_pids//,/ }; do rss=$((rss + $(awk '/VmHWM/ {print $2}' "/proc/$p/status"))); done
echo "atrium RSS: $((rss / 1024)) MB peak (summed over processes)"
