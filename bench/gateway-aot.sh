#!/usr/bin/env bash
# The Native AOT gateway (atrium-gateway): publishes it for linux-x64, starts it against an nginx upstream on loopback
# and prints exactly one line:
#   size_mb=N start_ms=N start_cpu_ms=N idle_rss_mb=N
# size_mb      the published executable (MiB)
# start_ms     from just before the process is started to the first 200 proxied through it (curl polling the route;
#              each poll is a new process, so the figure includes up to one poll's cost)
# start_cpu_ms the process's own CPU time up to that first 200: the sum over its threads of the first field of
#              /proc/PID/task/*/schedstat (time on a core, ns). On a loaded machine start_ms is mostly waiting for a
#              core; this is not
# idle_rss_mb  VmRSS once started and 20 requests served, after it has been idle for --idle seconds
# Goals (issue 20): size <= 30, start <= 50, idle RSS <= 30. Run it a few times on a shared machine: start_ms varies.
# usage: bench/gateway-aot.sh [--skip-publish] [--idle 2] [--out DIR] [--exe FILE] [--keep DIR]
#   the publish goes to DIR (default bench/out/gateway-aot); --skip-publish --out DIR starts a publish kept elsewhere,
#   so that two builds can be started alternately
#   --exe FILE starts FILE instead of atrium-gateway, with the same arguments (implies --skip-publish): an app that
#     answers http://127.0.0.1:19021/api/hello, such as the Native AOT floor apps in docs/benchmarks.md
#   --keep DIR copies, at idle, the process's /proc smaps_rollup, smaps and status, its threads' names and (when it
#     answers) the admin listener's /metrics into DIR: where the idle RSS goes
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
publish=true idle=2 out=$root/bench/out/gateway-aot exe="" keep=""
while (($#)); do
  case $1 in
    --skip-publish) publish=false; shift ;; --idle) idle=$2; shift 2 ;; --out) out=$2; shift 2 ;;
    --exe) exe=$2; publish=false; shift 2 ;; --keep) keep=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
command -v nginx >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
if $publish; then
  dotnet publish "$root/src/Atrium.Gateway.Host" -c Release -r linux-x64 -o "$out" --nologo -v quiet >/dev/null
fi
[[ -n $exe ]] || exe=$out/atrium-gateway
[ -x "$exe" ] || { echo "no $exe: run without --skip-publish" >&2; exit 1; }

work=$(mktemp -d /tmp/gateway-aot.XXXXXX)
gw=""
cleanup() { [[ -f $work/upstream.pid ]] && kill "$(cat "$work/upstream.pid")" 2>/dev/null; [[ -n $gw ]] && kill "$gw" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cat >"$work/upstream.conf" <<EOC
worker_processes 1; daemon on; pid $work/upstream.pid; error_log $work/upstream.err;
events { worker_connections 1024; }
http { access_log off;
  server { listen 127.0.0.1:19020;
    location / { default_type application/json; return 200 '{"message":"Hello from the upstream"}'; } } }
EOC
nginx -c "$work/upstream.conf"
# The admin token from a file, as the Kubernetes manifests give it (a Secret): without one every start would be a
# first start, generating a token (and loading OpenSSL for its random bytes, about 3.7 MB of RSS).
head -c 32 /dev/urandom | base64 | tr -d '\n=' >"$work/admin.token"
chmod 600 "$work/admin.token"
cat >"$work/gateway.yaml" <<EOC
host: { dataDirectory: "$work/data" }
logging: { level: Warning }
gateway:
  listen: ["http://127.0.0.1:19021"]
  admin: { listen: ["http://127.0.0.1:19022"], tokenFile: "$work/admin.token" }
  routes: [{ id: all, match: { pathPrefix: "/" }, cluster: upstream }]
  clusters: { upstream: { endpoints: ["http://127.0.0.1:19020"] } }
EOC
until curl -fsS -o /dev/null http://127.0.0.1:19020/; do sleep 0.05; done

url=http://127.0.0.1:19021/api/hello
started=$(date +%s%N)
"$exe" run --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
gw=$!
deadline=$((SECONDS + 60))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ]; do
  kill -0 "$gw" 2>/dev/null || { cat "$work/gateway.log" >&2; echo "atrium-gateway exited" >&2; exit 1; }
  ((SECONDS < deadline)) || { echo "no proxied 200 within 60 s" >&2; exit 1; }
done
answered=$(date +%s%N)
cpu_ns=$(cat /proc/"$gw"/task/*/schedstat 2>/dev/null | awk '{ sum += $1 } END { printf "%d", sum }')
for _ in $(seq 1 20); do curl -fsS -o /dev/null "$url"; done
sleep "$idle"
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$gw/status")
if [[ -n $keep ]]; then
  mkdir -p "$keep"
  for f in smaps_rollup smaps status; do cat "/proc/$gw/$f" >"$keep/$f"; done
  cat /proc/"$gw"/task/*/comm >"$keep/threads"
  curl -fsS -o "$keep/metrics" http://127.0.0.1:19022/metrics 2>/dev/null || rm -f "$keep/metrics"
fi
size=$(stat -c %s "$exe")
awk -v s="$size" -v a="$started" -v b="$answered" -v c="$cpu_ns" -v r="$rss_kb" \
  'BEGIN { printf "size_mb=%.1f start_ms=%d start_cpu_ms=%.1f idle_rss_mb=%.1f\n", s / 1048576, (b - a) / 1e6, c / 1e6, r / 1024 }'
