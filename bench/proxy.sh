#!/usr/bin/env bash
# Side-by-side proxy benchmark: direct, nginx, HAProxy, Go httputil and the Atrium gateway in one run.
# Builds the gateway in Release, then hands it to the shared harness, which prints medians and ratios.
# usage: bench/proxy.sh [harness options, e.g. --duration 8 --connections 64 --rounds 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
harness="$root/../shared/bench/proxy-bench.sh"
[[ -x $harness || -f $harness ]] || { echo "missing $harness" >&2; exit 1; }
out="$root/bench/out/gateway"
dotnet publish "$root/src/Atrium" -c Release -o "$out" --nologo -v quiet >/dev/null
export DOTNET_TieredPGO=1
exec bash "$harness" --gateway-cmd "$out/atrium run --target=gateway --config $root/bench/gateway-bench.yaml" --gateway-port 19010 "$@"
