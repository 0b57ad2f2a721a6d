#!/usr/bin/env bash
# Side-by-side proxy benchmark: direct, nginx, HAProxy, Go httputil and the Atrium gateway in one run.
# Builds the gateway in Release, then hands it to the shared harness, which prints medians and ratios.
# With --aot, the same run then publishes atrium-gateway (Native AOT) and loads the JIT gateway and it in turn, round
# after round, on the same nginx upstream and settings, printing an "atrium-gateway" row beside the JIT "gateway" row
# (req/s, p50, p99 and CPU per request of each, and the AOT/JIT ratios). The shared harness takes one gateway, hence
# this second table.
# usage: bench/proxy.sh [--aot] [harness options, e.g. --duration 8 --connections 64 --rounds 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
harness="$root/../shared/bench/proxy-bench.sh"
[[ -x $harness || -f $harness ]] || { echo "missing $harness" >&2; exit 1; }
aot=false duration=8 conns=64 rounds=3 args=()
while (($#)); do
  case $1 in
    --aot) aot=true; shift ;;
    --duration) duration=$2; args+=("$1" "$2"); shift 2 ;;
    --connections) conns=$2; args+=("$1" "$2"); shift 2 ;;
    --rounds) rounds=$2; args+=("$1" "$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
out="$root/bench/out/gateway"
dotnet publish "$root/src/Atrium" -c Release -o "$out" --nologo -v quiet >/dev/null
export DOTNET_TieredPGO=1
jit_cmd="$out/atrium run --target=gateway --config $root/bench/gateway-bench.yaml"
if ! $aot; then
  exec bash "$harness" --gateway-cmd "$jit_cmd" --gateway-port 19010 "${args[@]}"
fi
bash "$harness" --gateway-cmd "$jit_cmd" --gateway-port 19010 "${args[@]}"

aot_out="$root/bench/out/gateway-aot"
dotnet publish "$root/src/Atrium.Gateway.Host" -c Release -r linux-x64 -o "$aot_out" --nologo -v quiet >/dev/null
work=$(mktemp -d /tmp/proxy-aot.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [[ -f $work/upstream.pid ]] && kill "$(cat "$work/upstream.pid")" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cat >"$work/upstream.conf" <<EOC
worker_processes 1; daemon on; pid $work/upstream.pid; error_log $work/upstream.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:19000;
    location / { default_type application/json; return 200 '{"message":"Hello from the upstream"}'; } } }
EOC
nginx -c "$work/upstream.conf"
# The same file for both; the AOT one on other ports (one --set per listener).
$jit_cmd >"$work/jit.log" 2>&1 & pids+=($!); jit=$!
"$aot_out/atrium-gateway" run --config "$root/bench/gateway-bench.yaml" --set gateway.listen.0=http://127.0.0.1:19016 \
  --set gateway.admin.listen.0=http://127.0.0.1:19017 >"$work/aot.log" 2>&1 & pids+=($!); aot_pid=$!
for port in 19010 19016; do
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/api/hello" && break; sleep 0.5; done
done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for port in 19010 19016; do wrk -t2 -c"$conns" -d3s "http://127.0.0.1:$port/api/hello" >/dev/null 2>&1; done
: >"$work/results"
for _ in $(seq 1 "$rounds"); do
  for target in "gateway 19010 $jit" "atrium-gateway 19016 $aot_pid"; do
    read -r name port pid <<<"$target"
    before=$(ticks "$pid")
    result=$(wrk -t2 -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:$port/api/hello")
    reqs=$(awk '/requests in/ {print $1}' <<<"$result")
    awk -v n="$name" -v a="$before" -v b="$(ticks "$pid")" -v hz="$hz" -v reqs="$reqs" '
      function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2); return substr(v, 1, length(v) - 1) * 1000 }
      /Requests\/sec/ {rps = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
      END {printf "%s %s %s %s %.1f\n", n, rps, p50, p99, (b - a) / hz * 1e6 / reqs}' <<<"$result" >>"$work/results"
  done
done
awk -v rounds="$rounds" -v conns="$conns" -v dur="$duration" '
  function median(arr, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
    return (n % 2) ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2 }
  { n[$1]++; r[$1, n[$1]] = $2; a[$1, n[$1]] = $3; b[$1, n[$1]] = $4; c[$1, n[$1]] = $5; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
  END {
    for (i = 1; i <= k; i++) { t = order[i]; m = n[t]
      for (j = 1; j <= m; j++) { x[j] = r[t, j]; y[j] = a[t, j]; z[j] = b[t, j]; w[j] = c[t, j] }
      R[t] = median(x, m); P50[t] = median(y, m); P99[t] = median(z, m); C[t] = median(w, m) }
    printf "JIT and Native AOT gateway, alternating: wrk -t2 -c%d -d%ds, %d rounds, medians\n", conns, dur, rounds
    printf "%-15s %10s %9s %9s %12s %10s %12s\n", "target", "req/s", "p50 ms", "p99 ms", "cpu us/req", "vs JIT", "cpu vs JIT"
    for (i = 1; i <= k; i++) { t = order[i]
      printf "%-15s %10.0f %9.2f %9.2f %12.1f %10.2f %12.2f\n", t, R[t], P50[t], P99[t], C[t], R[t] / R["gateway"], C[t] / C["gateway"] } }' "$work/results"
