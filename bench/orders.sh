#!/usr/bin/env bash
# Order throughput: place-to-confirmed through the gateway, `atrium run --target=all` on embedded SQLite, Release.
# Closed loop: CONCURRENCY clients each place an order (POST /api/orders), poll it until Confirmed, and go again;
# USERS customers share the load. Prints confirmed orders/s and p50/p99 of place-to-confirmed.
# Usage: bench/orders.sh [SECONDS=20] [CONCURRENCY=64] [USERS=32]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
concurrency=${2:-64}
users=${3:-32}
work=$(mktemp -d)
password=bench-admin-password

dotnet build src/Atrium -c Release -o bench/out/atrium -v quiet -nologo >/dev/null
dotnet build bench/OrdersBench -c Release -o bench/out/OrdersBench -v quiet -nologo >/dev/null

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

# The default config with logging at Warning: a JSON line per order would measure the console, not the system.
sed 's/^  level: Information$/  level: Warning/' config/atrium.yaml > "$work/atrium.yaml"
(cd "$work" && ATRIUM_ADMIN_PASSWORD=$password exec ${ATRIUM_ENV:-} dotnet "$OLDPWD/bench/out/atrium/atrium.dll" run --config "$work/atrium.yaml" > "$work/atrium.log" 2>&1) &
pid=$!
for _ in $(seq 300); do curl -fs localhost:8080/api/catalog/products?pageSize=1 >/dev/null 2>&1 && break; sleep 0.1; done

echo "orders.sh: ${seconds}s, concurrency $concurrency, $users users, nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/out/OrdersBench/OrdersBench http://127.0.0.1:8080 "$seconds" "$concurrency" "$users" "$password"
echo "atrium RSS: $(( $(awk '/VmHWM/ {print $2}' /proc/$(pgrep -f 'bench/out/atrium/atrium.dll' | head -1)/status) / 1024 )) MB peak"
