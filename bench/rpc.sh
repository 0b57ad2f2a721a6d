#!/usr/bin/env bash
# gRPC unary benchmark: Atrium client -> Atrium server beside grpc-js client -> grpc-js server, same small message
# (grpc.testing.TestService/UnaryCall, 16-byte payload each way), same closed-loop concurrency, on loopback.
# Usage: bench/rpc.sh [SECONDS=10] [CONCURRENCY=64]. Prints calls/s and p99 for both and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
concurrency=${2:-64}
atrium_port=${ATRIUM_PORT:-50151}
js_port=${JS_PORT:-50152}

dotnet build bench/RpcBench -c Release -o bench/out/RpcBench -v quiet -nologo >/dev/null
if [ ! -d bench/grpc-js/node_modules/@grpc/grpc-js ]; then
  (cd bench/grpc-js && npm install --no-audit --no-fund @grpc/grpc-js@1.14.7 @grpc/proto-loader@0.8.1 >/dev/null)
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }

bench/out/RpcBench/RpcBench server "$atrium_port" & pids+=($!)
node bench/grpc-js/bench.js server "$js_port" & pids+=($!)
wait_port "$atrium_port"; wait_port "$js_port"

atrium=$(bench/out/RpcBench/RpcBench client "http://127.0.0.1:$atrium_port" "$seconds" "$concurrency")
grpcjs=$(node bench/grpc-js/bench.js client "127.0.0.1:$js_port" "$seconds" "$concurrency")

field() { sed -n "s|.*$1=\([0-9.]*\).*|\1|p" <<<"$2"; }
printf '%-28s %12s %10s\n' "pair (c=$concurrency, ${seconds}s)" "calls/s" "p99 ms"
printf '%-28s %12s %10s\n' "atrium -> atrium" "$(field calls/s "$atrium")" "$(field p99_ms "$atrium")"
printf '%-28s %12s %10s\n' "grpc-js -> grpc-js" "$(field calls/s "$grpcjs")" "$(field p99_ms "$grpcjs")"
awk -v a="$(field calls/s "$atrium")" -v j="$(field calls/s "$grpcjs")" 'BEGIN { printf "ratio (atrium / grpc-js calls/s): %.2fx\n", a / j }'
