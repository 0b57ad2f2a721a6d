#!/usr/bin/env bash
# Memory and CPU of the gateway under load while it holds many idle keep-alive client connections.
# Opens --idle connections that each make one request and then stay open, runs wrk for --duration seconds on top,
# and reports the gateway's peak RSS (VmHWM), RSS after the idle connections opened, and CPU time per request.
# usage: bench/idle-rss.sh [--idle 1000] [--duration 10] [--connections 64]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
idle=1000 duration=10 conns=64
while (($#)); do
  case $1 in
    --idle) idle=$2; shift 2 ;; --duration) duration=$2; shift 2 ;; --connections) conns=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v nginx >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
ulimit -n 65536 2>/dev/null || true

work=$(mktemp -d /tmp/idle-rss.XXXXXX)
cleanup() { [[ -f $work/upstream.pid ]] && kill "$(cat "$work/upstream.pid")" 2>/dev/null; [[ -n ${holder:-} ]] && kill "$holder" 2>/dev/null; [[ -n ${gw:-} ]] && kill "$gw" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cat >"$work/upstream.conf" <<EOC
worker_processes 1; daemon on; pid $work/upstream.pid; error_log $work/upstream.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:19000;
    location / { default_type application/json; return 200 '{"message":"Hello from the upstream"}'; } } }
EOC
nginx -c "$work/upstream.conf"
dotnet publish "$root/src/Atrium" -c Release -o "$root/bench/out/gateway" --nologo -v quiet >/dev/null
"$root/bench/out/gateway/atrium" run --target=gateway --config "$root/bench/gateway-bench.yaml" >"$work/gateway.log" 2>&1 & gw=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null http://127.0.0.1:19010/api/hello 2>/dev/null && break; sleep 0.2; done
rss() { awk "/^$1:/ {print \$2}" "/proc/$gw/status"; }
echo "started: RSS $(( $(rss VmRSS) / 1024 )) MB"

python3 - "$idle" >"$work/holder.log" 2>&1 <<'EOP' & holder=$!
import socket, sys, time
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.create_connection(("127.0.0.1", 19010))
    s.sendall(b"GET /api/hello HTTP/1.1\r\nHost: bench\r\n\r\n")
    s.recv(4096)
    socks.append(s)
print("open", len(socks), flush=True)
time.sleep(3600)
EOP
for _ in $(seq 1 300); do grep -q open "$work/holder.log" 2>/dev/null && break; sleep 0.1; done
echo "$(cat "$work/holder.log"); RSS with them idle: $(( $(rss VmRSS) / 1024 )) MB"

ticks() { awk '{print $14+$15}' "/proc/$gw/stat"; }
t0=$(ticks)
out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency http://127.0.0.1:19010/api/hello)
t1=$(ticks)
requests=$(awk '/requests in/ {print $1}' <<<"$out")
echo "load: wrk -t2 -c$conns -d${duration}s on top of $idle idle connections: $(awk '/Requests\/sec/ {print $2}' <<<"$out") req/s, p99 $(awk '$1=="99%" {print $2}' <<<"$out")"
echo "peak RSS (VmHWM): $(( $(rss VmHWM) / 1024 )) MB"
awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "CPU time per request: %.1f us (user+sys over %d requests)\n", d * 1e6 / hz / n, n }'
kill "$holder" 2>/dev/null || true
