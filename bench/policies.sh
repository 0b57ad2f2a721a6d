#!/usr/bin/env bash
# Policy overhead: one gateway, several routes to the same upstream, loaded with wrk in turn, round after round:
#   plain    no policies
#   secured  JWT bearer (static ES256 key; a pre-signed long-lived token sent with -H) + a token-bucket rate limit
#            set high enough never to reject, + the cluster's circuit breaker (the plain route's cluster has none)
#   redis    a sliding-window rate limit kept in Redis (store: redis; a redis-server of the script's own), never rejecting
#   llm      LLM routing: a POSTed chat completion body read for its model, routed by it (no fallback, no budget)
#   plugin   the plain route's cluster behind a no-op proxy-wasm plugin (on request and response headers; the WAT
#            module of the gateway tests, tests/Atrium.Gateway.Tests/Plugins/Modules/noop.wat)
#   rules    JWT bearer + extAuthz attribute rules only (a role and a method; no callout)
#   authz    extAuthz calling an authorization service (nginx answering 200 on /check/...) on every request, no cache
#   aggregate  an aggregate route composing two parts (the upstream's JSON twice) fetched in parallel
# Prints the median req/s of each, its ratio to plain (targets: secured >= 0.85, plugin >= 0.8) and the gateway's
# CPU time per request (user + system of the gateway process over the run, divided by the requests). Quote ratios,
# not absolute numbers.
# usage: bench/policies.sh [--duration 8] [--connections 64] [--rounds 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=8 conns=64 rounds=3
# Ports of their own, so this can run beside bench/proxy.sh (19000-19015).
UPSTREAM_PORT=${UPSTREAM_PORT:-19100} GATEWAY_PORT=${GATEWAY_PORT:-19110} ADMIN_PORT=${ADMIN_PORT:-19115} REDIS_PORT=${REDIS_PORT:-19120}
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx openssl python3 redis-server; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

work=$(mktemp -d /tmp/policies-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $work/upstream.pid ]] && kill "$(cat "$work/upstream.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The signing key and a token valid for a day, made here so nothing secret is checked in.
openssl ecparam -genkey -name prime256v1 -noout -out "$work/key.pem" 2>/dev/null
openssl ec -in "$work/key.pem" -pubout -out "$work/pub.pem" 2>/dev/null
token=$(python3 - "$work/key.pem" <<'PY'
import base64, json, subprocess, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
now = int(time.time())
head = b64(json.dumps({"alg": "ES256", "typ": "JWT", "kid": "bench"}).encode())
body = b64(json.dumps({"sub": "bench", "iss": "https://bench.local", "aud": "atrium", "nbf": now - 60, "exp": now + 86400, "roles": ["bench"]}).encode())
der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", sys.argv[1]], input=f"{head}.{body}".encode(), capture_output=True, check=True).stdout
# DER SEQUENCE { INTEGER r, INTEGER s } -> r || s, 32 bytes each (JWS form).
i = 2 if der[1] < 0x80 else 3
def integer(i):
    n = der[i + 1]; v = der[i + 2:i + 2 + n]; return v[-32:].rjust(32, b"\0"), i + 2 + n
r, i = integer(i); s, _ = integer(i)
print(f"{head}.{body}.{b64(r + s)}")
PY
)

cat >"$work/upstream.conf" <<CONF
worker_processes 1; daemon on; pid $work/upstream.pid; error_log $work/upstream.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:${UPSTREAM_PORT};
    location /check/ { return 200; }
    location / { default_type application/json; return 200 '{"message":"Hello from the upstream"}'; } } }
CONF
nginx -c "$work/upstream.conf"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
cat >"$work/llm.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16}'
LUA

pem=$(sed 's/^/            /' "$work/pub.pem")
cat >"$work/atrium.yaml" <<CONF
logging:
  level: Warning
gateway:
  listen: ["http://127.0.0.1:${GATEWAY_PORT}"]
  admin:
    listen: ["http://127.0.0.1:${ADMIN_PORT}"]
  auth:
    jwt:
      issuer: https://bench.local
      audiences: [atrium]
      signingKeys:
        - kid: bench
          pem: |
$pem
  routes:
    - { id: plain, match: { pathPrefix: "/plain" }, cluster: plain }
    - id: secured
      match: { pathPrefix: "/secured" }
      cluster: bench
      auth: { schemes: [jwt] }
      rateLimit: { limit: 100000000, window: 1s, key: subject }
    - id: redis
      match: { pathPrefix: "/redis" }
      cluster: plain
      rateLimit: { algorithm: slidingWindow, limit: 100000000, window: 1s, store: redis }
    - id: llm
      match: { pathPrefix: "/llm" }
      cluster: plain
      llm: { models: { bench: plain } }
    - id: plugin
      match: { pathPrefix: "/plugin" }
      cluster: plain
      plugins: [{ name: noop, file: "$root/tests/Atrium.Gateway.Tests/Plugins/Modules/noop.wat" }]
    - id: rules
      match: { pathPrefix: "/rules" }
      cluster: plain
      auth: { schemes: [jwt] }
      extAuthz: { rules: [{ effect: deny, methods: [DELETE] }, { roles: [bench], methods: [GET] }] }
    - { id: authz, match: { pathPrefix: "/authz" }, cluster: plain, extAuthz: { cluster: authz, pathPrefix: /check, timeout: 1s } }
    - id: aggregate
      match: { path: "/aggregate" }
      cluster: plain
      aggregate: { parts: [{ name: a, path: /plain }, { name: b, path: /plain }] }
  redis:
    endpoints: ["127.0.0.1:${REDIS_PORT}"]
  clusters:
    authz:
      endpoints: ["http://127.0.0.1:${UPSTREAM_PORT}"]
    plain:
      endpoints: ["http://127.0.0.1:${UPSTREAM_PORT}"]
      circuitBreaker: { enabled: false }
    bench:
      endpoints: ["http://127.0.0.1:${UPSTREAM_PORT}"]
      circuitBreaker: { enabled: true }
CONF

out="$root/bench/out/gateway"
dotnet publish "$root/src/Atrium" -c Release -o "$out" --nologo -v quiet >/dev/null
DOTNET_TieredPGO=1 "$out/atrium" run --target=gateway --config "$work/atrium.yaml" >"$work/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:${GATEWAY_PORT}/plain" && break; sleep 0.1; done
curl -fs -o /dev/null "http://127.0.0.1:${GATEWAY_PORT}/plain" || { echo "the gateway did not start" >&2; cat "$work/gateway.log" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:${GATEWAY_PORT}/secured")
[[ $status == 200 ]] || { echo "the secured route answered $status with the bench token" >&2; cat "$work/gateway.log" >&2; exit 1; }
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${GATEWAY_PORT}/secured") == 401 ]] || { echo "the secured route did not require the token" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${GATEWAY_PORT}/redis")
[[ $status == 200 ]] || { echo "the redis route answered $status" >&2; cat "$work/gateway.log" "$work/redis.log" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"model":"bench"}' "http://127.0.0.1:${GATEWAY_PORT}/llm/v1/chat/completions")
[[ $status == 200 ]] || { echo "the llm route answered $status" >&2; cat "$work/gateway.log" >&2; exit 1; }
gateway_pid=${pids[-1]}
ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$gateway_pid/stat"; }

[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${GATEWAY_PORT}/plugin") == 200 ]] || { echo "the plugin route did not answer 200" >&2; cat "$work/gateway.log" >&2; exit 1; }

for route in rules authz aggregate; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:${GATEWAY_PORT}/$route")
  [[ $status == 200 ]] || { echo "the $route route answered $status" >&2; cat "$work/gateway.log" >&2; exit 1; }
done

run() { # route seconds -> "req/s cpu-us-per-request"
  local extra=() path=$1 before after
  [[ $1 == secured || $1 == rules ]] && extra=(-H "Authorization: Bearer $token")
  [[ $1 == llm ]] && extra=(-s "$work/llm.lua") path=llm/v1/chat/completions
  before=$(cpu)
  wrk -t2 -c"$conns" -d"${2}s" "${extra[@]}" "http://127.0.0.1:${GATEWAY_PORT}/$path" >"$work/wrk.out"
  after=$(cpu)
  awk '/Non-2xx/ { print "NON2XX " $4 > "/dev/stderr" }' "$work/wrk.out"
  awk -v d="$((after - before))" -v t="$ticks" '/requests in/ { n = $1 } /Requests\/sec/ { r = $2 } END { printf "%s %.1f\n", r, d / t * 1e6 / n }' "$work/wrk.out"
}
routes=(plain secured redis llm plugin rules authz aggregate)
for route in "${routes[@]}"; do run "$route" 3 >/dev/null; done   # warm-up (JIT, connections)
declare -A rps cpu_us
for r in $(seq "$rounds"); do
  line="round $r:"
  for route in "${routes[@]}"; do
    read -r rate us <<<"$(run "$route" "$duration")"
    rps[$route]+="$rate " cpu_us[$route]+="$us "
    line+=" $route $rate req/s ($us µs CPU/req),"
  done
  echo "${line%,}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
p=$(median ${rps[plain]})
echo "wrk -t2 -c$conns -d${duration}s, $rounds rounds, medians"
declare -A label=([plain]="" [secured]=" (JWT ES256 + rate limit + circuit breaker)" [redis]=" (rate limit in Redis)" [llm]=" (LLM routing by model)" [plugin]=" (no-op proxy-wasm plugin)" [rules]=" (JWT ES256 + extAuthz rules)" [authz]=" (extAuthz call per request, no cache)" [aggregate]=" (two parts in parallel)")
for route in "${routes[@]}"; do
  v=$(median ${rps[$route]}) c=$(median ${cpu_us[$route]})
  printf '%-9s %10.0f req/s  %6.1f µs CPU/req  ratio %5.3f%s\n' "$route" "$v" "$c" "$(awk -v a="$v" -v b="$p" 'BEGIN { print a / b }')" "${label[$route]}"
done
echo "targets: secured ratio >= 0.85, plugin ratio >= 0.8"
