#!/usr/bin/env bash
# h2c (HTTP/2 with prior knowledge) proxy benchmark on loopback: h2load against nginx (listen ... http2) and the
# Atrium gateway (h2c:// listener), both proxying to the same tiny nginx upstream over HTTP/1.1 keep-alive.
# Rounds alternate between the two; medians and the ratios are printed, with each proxy's CPU time per request (user +
# system of the process and its children, from /proc: nginx's master and workers, the gateway's one process), which
# moves less than req/s on a shared machine. Quote the ratios: the machine is shared.
# usage: bench/h2c.sh [--requests 200000] [--clients 64] [--streams 10] [--rounds 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
requests=200000 clients=64 streams=10 rounds=3
while (($#)); do
  case $1 in
    --requests) requests=$2; shift 2 ;; --clients) clients=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;; --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
command -v h2load >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null; }
command -v nginx >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

work=$(mktemp -d /tmp/h2c-bench.XXXXXX)
cleanup() { for f in "$work"/*.pid; do [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true; done; [[ -n ${gw:-} ]] && kill "$gw" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cat >"$work/upstream.conf" <<EOC
worker_processes 1; daemon on; pid $work/upstream.pid; error_log $work/upstream.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:19000;
    location / { default_type application/json; return 200 '{"message":"Hello from the upstream"}'; } } }
EOC
cat >"$work/nginx.conf" <<EOC
worker_processes 2; daemon on; pid $work/nginx.pid; error_log $work/nginx.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000; http2_max_concurrent_streams 1000;
  upstream be { server 127.0.0.1:19000; keepalive 512; keepalive_requests 1000000; }
  server { listen 127.0.0.1:19021 http2;
    location / { proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
EOC
nginx -c "$work/upstream.conf"; nginx -c "$work/nginx.conf"
dotnet publish "$root/src/Atrium" -c Release -o "$root/bench/out/gateway" --nologo -v quiet >/dev/null
"$root/bench/out/gateway/atrium" run --target=gateway --config "$root/bench/gateway-bench-h2c.yaml" >"$work/gateway.log" 2>&1 & gw=$!
# Up to two minutes: a start on a busy machine can take tens of seconds.
for _ in $(seq 1 600); do h2load -n 1 -c 1 http://127.0.0.1:19020/api/hello 2>/dev/null | grep -q '1 succeeded' && break; sleep 0.2; done
h2load -n 1 -c 1 http://127.0.0.1:19020/api/hello 2>/dev/null | grep -q '1 succeeded' \
  || { echo "the gateway never answered on 19020; its log:" >&2; tail -20 "$work/gateway.log" >&2; exit 1; }

# cpu_ticks PID and cpu_hz.
source "$root/bench/lib/cpu.sh"
declare -A pid=([gateway]=$gw [nginx]=$(cat "$work/nginx.pid"))

run() { h2load -n "$requests" -c "$clients" -m "$streams" -t 2 "http://127.0.0.1:$1/api/hello" 2>&1; }
run 19020 >/dev/null; run 19021 >/dev/null
: >"$work/results"
for _ in $(seq 1 "$rounds"); do
  for t in gateway=19020 nginx=19021; do
    before=$(cpu_ticks "${pid[${t%%=*}]}")
    out=$(run "${t#*=}")
    after=$(cpu_ticks "${pid[${t%%=*}]}")
    rps=$(awk '/^finished in/ {print $4}' <<<"$out")
    ok=$(awk '/^requests:/ {print $8}' <<<"$out")
    mean=$(awk '/^time for request:/ {print $6}' <<<"$out")
    cpu=$(awk -v a="$before" -v b="$after" -v hz="$cpu_hz" -v n="$ok" 'BEGIN {printf "%.1f", n > 0 ? (b - a) / hz * 1e6 / n : 0}')
    echo "${t%%=*} $rps $ok $cpu $mean" >>"$work/results"
  done
done
awk -v n="$requests" -v c="$clients" -v m="$streams" '
  function median(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  { k[$1]++; r[$1, k[$1]] = $2; ok[$1] = $3; u[$1, k[$1]] = $4; mean[$1] = $5 }
  END {
    for (t in k) { for (i = 1; i <= k[t]; i++) { x[i] = r[t, i]; y[i] = u[t, i] } R[t] = median(x, k[t]); C[t] = median(y, k[t]) }
    printf "h2load -n %d -c %d -m %d -t 2, medians\n", n, c, m
    printf "%-10s %10s %10s %12s %12s %12s\n", "target", "req/s", "vs nginx", "succeeded", "cpu us/req", "cpu vs nginx"
    printf "%-10s %10.0f %10.2f %12s %12.1f %12.2f\n", "nginx", R["nginx"], 1, ok["nginx"], C["nginx"], 1
    printf "%-10s %10.0f %10.2f %12s %12.1f %12.2f\n", "gateway", R["gateway"], R["gateway"] / R["nginx"], ok["gateway"], C["gateway"], C["gateway"] / C["nginx"]
  }' "$work/results"
