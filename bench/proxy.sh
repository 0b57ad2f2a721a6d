#!/usr/bin/env bash
# Side-by-side proxy benchmark: direct, nginx, HAProxy, Go httputil and the Atrium gateway in one run.
# Builds the gateway in Release, then hands it to the shared harness, which prints medians and ratios.
# The shared harness takes one gateway over cleartext; two more tables run after it, on the same nginx upstream and
# wrk settings, loading their targets in turn, round after round:
#   --aot  publishes atrium-gateway (Native AOT) and puts it beside the JIT gateway ("gateway" row): req/s, p50, p99,
#          CPU per request of each and the AOT/JIT ratios.
#   --tls  HTTPS at the edge: nginx terminating TLS (2 workers, upstream keep-alive, as in the harness) beside the JIT
#          gateway with an https listener, both on one certificate made for the run (ECDSA P-256) and keep-alive
#          clients (wrk over TLS 1.3, whatever the two agree on), plus the gateway's own cleartext listener for the cost
#          of TLS itself. Ratios against nginx with TLS.
#   --baseline REF  builds the gateway of git revision REF (a detached worktree under bench/out/, removed after) and
#          puts it beside this checkout's ("gateway" row): a change's cost per request against the build it started
#          from, in one run.
#   --telemetry-off  runs the same build a second time with telemetry.metrics and telemetry.traces off
#          ("telemetry-off" row) beside the gateway as benched and the shared harness's raw-dotnet relay on the same
#          upstream: ratios against raw-dotnet (issue #23's telemetry-off goal).
#   --no-harness  with --aot, --tls, --baseline or --telemetry-off, skips the shared harness's table and runs those
#          tables only.
# Each extra table prints the load average before and after it, and the failed requests wrk counted (non-2xx
# answers and socket errors, summed over the rounds).
# usage: bench/proxy.sh [--aot] [--tls] [--baseline REF] [--telemetry-off] [--no-harness] [harness options, e.g. --duration 8 --connections 64 --rounds 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
harness="$root/../shared/bench/proxy-bench.sh"
[[ -x $harness || -f $harness ]] || { echo "missing $harness" >&2; exit 1; }
aot=false tls=false teloff=false baseline="" with_harness=true duration=8 conns=64 rounds=3 args=()
while (($#)); do
  case $1 in
    --aot) aot=true; shift ;;
    --tls) tls=true; shift ;;
    --telemetry-off) teloff=true; shift ;;
    --baseline) baseline=$2; shift 2 ;;
    --no-harness) with_harness=false; shift ;;
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
if ! $aot && ! $tls && ! $teloff && [[ -z $baseline ]]; then
  exec bash "$harness" --gateway-cmd "$jit_cmd" --gateway-port 19010 "${args[@]}"
fi
if $with_harness; then bash "$harness" --gateway-cmd "$jit_cmd" --gateway-port 19010 "${args[@]}"; fi

work=$(mktemp -d /tmp/proxy-extra.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -n $baseline ]] && git -C "$root" worktree remove --force "$root/bench/out/baseline-src" 2>/dev/null
  for f in "$work"/*.pid; do [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null; done
  wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
cat >"$work/upstream.conf" <<EOC
worker_processes 1; daemon on; pid $work/upstream.pid; error_log $work/upstream.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:19000;
    location / { default_type application/json; return 200 '{"message":"Hello from the upstream"}'; } } }
EOC
nginx -c "$work/upstream.conf"

# cpu_ticks PID and cpu_hz.
source "$root/bench/lib/cpu.sh"

# alternate TITLE BASELINE "name url pid"...: loads each target in turn for $rounds rounds and prints the medians of
# req/s, p50, p99 and CPU per request, with ratios against BASELINE.
alternate() {
  local title=$1 baseline=$2; shift 2
  local target name url pid before result reqs
  for target in "$@"; do
    read -r name url pid <<<"$target"
    for _ in $(seq 1 240); do curl -fksS -o /dev/null "$url" && break; sleep 0.5; done
    curl -fksS -o /dev/null "$url" || { echo "$name never answered $url" >&2; tail -20 "$work"/*.log >&2; exit 1; }
    wrk -t2 -c"$conns" -d3s "$url" >/dev/null 2>&1
  done
  : >"$work/results"
  local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  for _ in $(seq 1 "$rounds"); do
    for target in "$@"; do
      read -r name url pid <<<"$target"
      before=$(cpu_ticks "$pid")
      result=$(wrk -t2 -c"$conns" -d"${duration}s" --latency "$url")
      reqs=$(awk '/requests in/ {print $1}' <<<"$result")
      awk -v n="$name" -v a="$before" -v b="$(cpu_ticks "$pid")" -v hz="$cpu_hz" -v reqs="$reqs" '
        function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2); return substr(v, 1, length(v) - 1) * 1000 }
        /Requests\/sec/ {rps = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
        /Non-2xx/ {errors += $NF} /Socket errors/ {gsub(/,/, ""); errors += $4 + $6 + $8 + $10}
        END {printf "%s %s %s %s %.1f %d\n", n, rps, p50, p99, (b - a) / hz * 1e6 / reqs, errors}' <<<"$result" >>"$work/results"
    done
  done
  awk -v rounds="$rounds" -v conns="$conns" -v dur="$duration" -v title="$title" -v base="$baseline" '
    function median(arr, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
      return (n % 2) ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2 }
    { n[$1]++; r[$1, n[$1]] = $2; a[$1, n[$1]] = $3; b[$1, n[$1]] = $4; c[$1, n[$1]] = $5; e[$1] += $6; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    END {
      for (i = 1; i <= k; i++) { t = order[i]; m = n[t]
        for (j = 1; j <= m; j++) { x[j] = r[t, j]; y[j] = a[t, j]; z[j] = b[t, j]; w[j] = c[t, j] }
        R[t] = median(x, m); P50[t] = median(y, m); P99[t] = median(z, m); C[t] = median(w, m) }
      printf "%s, alternating: wrk -t2 -c%d -d%ds, %d rounds, medians\n", title, conns, dur, rounds
      printf "%-15s %10s %9s %9s %12s %10s %12s %8s\n", "target", "req/s", "p50 ms", "p99 ms", "cpu us/req", "vs " base, "cpu vs " base, "failed"
      for (i = 1; i <= k; i++) { t = order[i]
        printf "%-15s %10.0f %9.2f %9.2f %12.1f %10.2f %12.2f %8d\n", t, R[t], P50[t], P99[t], C[t], R[t] / R[base], C[t] / C[base], e[t] } }' "$work/results"
  echo "load average (1, 5, 15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
}

$jit_cmd >"$work/jit.log" 2>&1 & pids+=($!); jit=$!

if $aot; then
  aot_out="$root/bench/out/gateway-aot"
  dotnet publish "$root/src/Atrium.Gateway.Host" -c Release -r linux-x64 -o "$aot_out" --nologo -v quiet >/dev/null
  # The same file for both; the AOT one on other ports (one --set per listener).
  "$aot_out/atrium-gateway" run --config "$root/bench/gateway-bench.yaml" --set gateway.listen.0=http://127.0.0.1:19016 \
    --set gateway.admin.listen.0=http://127.0.0.1:19017 >"$work/aot.log" 2>&1 & pids+=($!); aot_pid=$!
  alternate "JIT and Native AOT gateway" gateway \
    "gateway http://127.0.0.1:19010/api/hello $jit" "atrium-gateway http://127.0.0.1:19016/api/hello $aot_pid"
fi

if $tls; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  cat >"$work/nginx-tls.conf" <<EOC
worker_processes 2; daemon on; pid $work/nginx-tls.pid; error_log $work/nginx-tls.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000;
  upstream be { server 127.0.0.1:19000; keepalive 512; keepalive_requests 1000000; }
  server { listen 127.0.0.1:19021 ssl; ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:tls:10m;
    location / { proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
EOC
  nginx -c "$work/nginx-tls.conf"
  # The JIT gateway again, its listener https on the same certificate (admin on another port).
  $out/atrium run --target=gateway --config "$root/bench/gateway-bench.yaml" \
    --set gateway.listen.0=https://127.0.0.1:19020 --set gateway.admin.listen.0=http://127.0.0.1:19022 \
    --set gateway.tls.certificatePath="$work/cert.pem" --set gateway.tls.keyPath="$work/key.pem" \
    >"$work/tls.log" 2>&1 & pids+=($!); gw_tls=$!
  alternate "HTTPS at the edge (nginx and the gateway on one certificate)" nginx-https \
    "nginx-https https://127.0.0.1:19021/api/hello $(cat "$work/nginx-tls.pid")" \
    "gateway-https https://127.0.0.1:19020/api/hello $gw_tls" \
    "gateway-http http://127.0.0.1:19010/api/hello $jit"
fi

if [[ -n $baseline ]]; then
  git -C "$root" worktree remove --force "$root/bench/out/baseline-src" 2>/dev/null || true
  git -C "$root" worktree add -q --detach "$root/bench/out/baseline-src" "$baseline"
  dotnet publish "$root/bench/out/baseline-src/src/Atrium" -c Release -o "$root/bench/out/gateway-baseline" --nologo -v quiet >/dev/null
  # The baseline's own bench config (the file may differ between the two), its listeners moved aside.
  "$root/bench/out/gateway-baseline/atrium" run --target=gateway --config "$root/bench/out/baseline-src/bench/gateway-bench.yaml" \
    --set gateway.listen.0=http://127.0.0.1:19030 --set gateway.admin.listen.0=http://127.0.0.1:19031 \
    >"$work/baseline.log" 2>&1 & pids+=($!); base_pid=$!
  alternate "This checkout's gateway and $baseline's" baseline \
    "baseline http://127.0.0.1:19030/api/hello $base_pid" "gateway http://127.0.0.1:19010/api/hello $jit"
fi

if $teloff; then
  # Same build, same file, both signals off; its own listeners (admin /metrics then answers 404 METRICS_DISABLED).
  $out/atrium run --target=gateway --config "$root/bench/gateway-bench.yaml" \
    --set gateway.listen.0=http://127.0.0.1:19034 --set gateway.admin.listen.0=http://127.0.0.1:19035 \
    --set telemetry.metrics=false --set telemetry.traces=false >"$work/telemetry-off.log" 2>&1 & pids+=($!); off_pid=$!
  targets=("gateway http://127.0.0.1:19010/api/hello $jit" "telemetry-off http://127.0.0.1:19034/api/hello $off_pid")
  versus=gateway
  # The harness's raw-dotnet relay, from the cache the harness publishes its peers to (keyed by the peer's source), so
  # both run the same build; published there first when no harness run has yet.
  peer_src=$(dirname "$harness")/peers/raw-dotnet
  peer_out=/tmp/proxy-bench-peers/raw-dotnet-$(cat "$peer_src"/* | sha256sum | cut -c1-12)
  raw_bin=$peer_out/app/raw-dotnet-peer
  if [[ ! -x $raw_bin ]]; then
    rm -rf "$peer_out" && mkdir -p "$peer_out/src" && cp "$peer_src"/* "$peer_out/src/"
    dotnet publish "$peer_out/src" -c Release -o "$peer_out/app" --nologo -v q >/dev/null || true
  fi
  if [[ -x $raw_bin ]]; then
    "$raw_bin" 19036 19000 >/dev/null 2>&1 & pids+=($!)
    targets=("raw-dotnet http://127.0.0.1:19036/api/hello $!" "${targets[@]}"); versus=raw-dotnet
  else
    echo "raw-dotnet did not build ($raw_bin): ratios against the gateway" >&2
  fi
  alternate "The gateway with telemetry on and off" "$versus" "${targets[@]}"
fi
