#!/usr/bin/env bash
# gRPC unary benchmark: grpc-dotnet (Atrium's gRPC stack) and grpc-js as client and as server in all four pairings,
# same small message (grpc.testing.TestService/UnaryCall, 16-byte payload each way), same closed-loop concurrency, on
# loopback, in the same run. With ROUNDS > 1 the four pairs alternate round by round (each round starts one pair
# later) and the table shows medians.
# Usage: bench/rpc.sh [SECONDS=10] [CONCURRENCY=64] [ROUNDS=1]. Prints, per pair, calls/s, p99 and the CPU time per
# call of the client and of the server process, then the ratios of grpc-dotnet -> grpc-dotnet to grpc-js -> grpc-js.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
concurrency=${2:-64}
rounds=${3:-1}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive integer, not '$rounds'" >&2; exit 2; }
dotnet_port=${DOTNET_PORT:-50151}
js_port=${JS_PORT:-50152}

dotnet build bench/RpcBench -c Release -o bench/out/RpcBench -v quiet -nologo >/dev/null
if [ ! -d bench/grpc-js/node_modules/@grpc/grpc-js ]; then
  (cd bench/grpc-js && npm install --no-audit --no-fund @grpc/grpc-js@1.14.7 @grpc/proto-loader@0.8.1 >/dev/null)
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }

echo "load before: $(uptime)"
bench/out/RpcBench/RpcBench server "$dotnet_port" & dotnet_pid=$!; pids+=("$dotnet_pid")
node bench/grpc-js/bench.js server "$js_port" & js_pid=$!; pids+=("$js_pid")
wait_port "$dotnet_port"; wait_port "$js_port"

# A pair is CLIENT:SERVER. The clients read the server's CPU time from /proc over their measured window.
pairs=(grpc-dotnet:grpc-dotnet grpc-dotnet:grpc-js grpc-js:grpc-dotnet grpc-js:grpc-js)
run_pair() {
  local client=${1%%:*} server=${1##*:} port pid
  if [ "$server" = grpc-dotnet ]; then port=$dotnet_port pid=$dotnet_pid; else port=$js_port pid=$js_pid; fi
  if [ "$client" = grpc-dotnet ]; then
    bench/out/RpcBench/RpcBench client "http://127.0.0.1:$port" "$seconds" "$concurrency" "$pid"
  else
    node bench/grpc-js/bench.js client "127.0.0.1:$port" "$seconds" "$concurrency" "$pid"
  fi
}

declare -A results
for ((round = 0; round < rounds; round++)); do
  for ((i = 0; i < ${#pairs[@]}; i++)); do
    pair=${pairs[(round + i) % ${#pairs[@]}]}
    results[$pair,$round]=$(run_pair "$pair")
    printf 'round %d  %-28s %s\n' "$((round + 1))" "${pair/:/ -> }" "${results[$pair,$round]}"
  done
done
echo "load after: $(uptime)"

field() { sed -n "s|.*$1=\([0-9.]*\).*|\1|p" <<<"$2"; }
# The median of FIELD over the rounds of PAIR.
median() {
  for ((round = 0; round < rounds; round++)); do field "$2" "${results[$1,$round]}"; done \
    | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

echo
echo "c=$concurrency, ${seconds} s per run, $rounds round(s)$([ "$rounds" -gt 1 ] && echo ', medians')"
# µ is two bytes and printf pads bytes, hence one more column in those two headers.
printf '%-28s %10s %9s %17s %17s\n' pair calls/s "p99 ms" "client µs/call" "server µs/call"
for pair in "${pairs[@]}"; do
  printf '%-28s %10.0f %9.2f %16.1f %16.1f\n' "${pair/:/ -> }" "$(median "$pair" calls/s)" "$(median "$pair" p99_ms)" \
    "$(median "$pair" client_cpu_us)" "$(median "$pair" server_cpu_us)"
done
ours=grpc-dotnet:grpc-dotnet js=grpc-js:grpc-js
awk -v oc="$(median $ours calls/s)" -v jc="$(median $js calls/s)" -v op="$(median $ours p99_ms)" -v jp="$(median $js p99_ms)" \
  -v os="$(median $ours server_cpu_us)" -v js="$(median $js server_cpu_us)" 'BEGIN {
    printf "grpc-dotnet -> grpc-dotnet vs grpc-js -> grpc-js: %.2fx calls/s, %.2fx p99, %.2fx server CPU per call\n", oc / jc, op / jp, os / js
  }'
