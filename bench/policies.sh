#!/usr/bin/env bash
# Policy overhead: one gateway, two routes to the same upstream, loaded with wrk in turn, round after round:
#   plain    no policies
#   secured  JWT bearer (static ES256 key; a pre-signed long-lived token sent with -H) + a token-bucket rate limit
#            set high enough never to reject, + the cluster's circuit breaker (the plain route's cluster has none)
#   rules    JWT bearer + extAuthz attribute rules only (a role and a method; no callout)
#   authz    extAuthz calling an authorization service (nginx answering 200 on /check/...) on every request, no cache
#   aggregate  an aggregate route composing two parts (the upstream's JSON twice) fetched in parallel
# Prints the median req/s of each and its ratio to plain (secured's target >= 0.85). Quote the ratios, not absolute
# numbers.
# usage: bench/policies.sh [--duration 8] [--connections 64] [--rounds 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=8 conns=64 rounds=3
# Ports of their own, so this can run beside bench/proxy.sh (19000-19015).
UPSTREAM_PORT=${UPSTREAM_PORT:-19100} GATEWAY_PORT=${GATEWAY_PORT:-19110} ADMIN_PORT=${ADMIN_PORT:-19115}
while (($#)); do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) conns=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx openssl python3; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

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

run() { # route -> req/s
  local extra=()
  [[ $1 == secured || $1 == rules ]] && extra=(-H "Authorization: Bearer $token")
  wrk -t2 -c"$conns" -d"${2}s" "${extra[@]}" "http://127.0.0.1:${GATEWAY_PORT}/$1" | awk '/Requests\/sec/ { print $2 } /Non-2xx/ { print "NON2XX " $4 > "/dev/stderr" }'
}
for route in rules authz aggregate; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:${GATEWAY_PORT}/$route")
  [[ $status == 200 ]] || { echo "the $route route answered $status" >&2; cat "$work/gateway.log" >&2; exit 1; }
done
for route in plain secured rules authz aggregate; do run $route 3 >/dev/null; done   # warm-up (JIT, connections)
plain=() secured=() rules=() authz=() aggregate=()
for r in $(seq "$rounds"); do
  plain+=("$(run plain "$duration")")
  secured+=("$(run secured "$duration")")
  rules+=("$(run rules "$duration")")
  authz+=("$(run authz "$duration")")
  aggregate+=("$(run aggregate "$duration")")
  echo "round $r: plain ${plain[-1]} req/s, secured ${secured[-1]} req/s, rules ${rules[-1]} req/s, authz ${authz[-1]} req/s, aggregate ${aggregate[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
p=$(median "${plain[@]}") s=$(median "${secured[@]}")
echo "wrk -t2 -c$conns -d${duration}s, $rounds rounds, medians"
printf 'plain    %10.0f req/s\nsecured  %10.0f req/s (JWT ES256 + rate limit + circuit breaker)\nratio    %10.3f (target >= 0.85)\n' "$p" "$s" "$(awk -v a="$s" -v b="$p" 'BEGIN { print a / b }')"
ratio() { awk -v a="$1" -v b="$p" 'BEGIN { printf "%.3f", a / b }'; }
ru=$(median "${rules[@]}") az=$(median "${authz[@]}") ag=$(median "${aggregate[@]}")
printf 'rules    %10.0f req/s (JWT ES256 + extAuthz rules), ratio %s\n' "$ru" "$(ratio "$ru")"
printf 'authz    %10.0f req/s (extAuthz call per request, no cache), ratio %s\n' "$az" "$(ratio "$az")"
printf 'aggregate %9.0f req/s (two parts in parallel), ratio %s\n' "$ag" "$(ratio "$ag")"
