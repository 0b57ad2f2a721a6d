#!/usr/bin/env bash
# Starts Atrium split one target per process on this machine, everything under DIR:
#   a RabbitMQ node (Debian's rabbitmq-server: its own data, ports and cookie under DIR/rabbitmq),
#   with --db postgresql a PostgreSQL cluster under DIR/postgresql (one database per service),
#   and identity, catalog, payments, ordering and gateway as separate processes of one build of src/Atrium.
# Every port is chosen free now (below the kernel's ephemeral range) and every peer address (gateway clusters, the
# ordering saga's gRPC addresses, each service's JWKS URL, the token URL) points at them through ATRIUM__* variables,
# written to DIR/env. The caller's ATRIUM__*, ATRIUM_ADMIN_PASSWORD and ATRIUM_CONFIG pass through and win.
# Waits until every /readyz answers 200 and prints GATEWAY_URL=http://127.0.0.1:PORT as the last line of stdout
# (progress goes to stderr); on failure it names the target and its log, and stops what it started.
#
# Usage: deploy/local/up.sh DIR [--db sqlite|postgresql]
# Environment: ATRIUM_DLL=path/atrium.dll runs that build instead of building src/Atrium into DIR/bin;
#   ATRIUM_LOCAL_TIMEOUT (seconds, default 180) bounds each wait;
#   ATRIUM__EVENTING__RABBITMQ__URI set by the caller: use that broker and start no node.
# Then: deploy/local/start.sh DIR TARGET (restart one), deploy/local/down.sh DIR (stop everything).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
CALLER_SETTINGS=$(caller_settings) || exit 1
[ -z "$CALLER_SETTINGS" ] || CALLER_SETTINGS+=$'\n'
repo=$(cd "$(dirname "$0")/../.." && pwd)

usage() {
  printf 'usage: %s DIR [--db sqlite|postgresql]\n' "${0##*/}" >&2
  exit 2
}

dir="" db=sqlite
while (($#)); do
  case $1 in
    --db) (($# >= 2)) || usage; db=$2; shift 2 ;;
    --db=*) db=${1#--db=}; shift ;;
    -h | --help) usage ;;
    -*) printf '%s: unknown option %s\n' "${0##*/}" "$1" >&2; usage ;;
    *) [ -z "$dir" ] || usage; dir=$1; shift ;;
  esac
done
[ -n "$dir" ] || usage
case $db in sqlite | postgresql) ;; *) die "--db must be sqlite or postgresql, not '$db'" ;; esac
read_timeout
command -v dotnet >/dev/null || die "dotnet is not on PATH (the .NET 10 SDK builds and runs Atrium)"
command -v curl >/dev/null || die "curl is not on PATH (it probes each target's /readyz)"

# A new DIR is the user's only; an existing one keeps its mode (0711 as root with PostgreSQL, see lib.sh).
[ -d "$dir" ] || { mkdir -p "$dir" && chmod 700 "$dir"; }
dir=$(cd "$dir" && pwd -P)
mapfile -t running < <(which_run "$dir" "${ATRIUM_TARGETS[@]}" rabbitmq postgresql)
((${#running[@]} == 0)) || die "$dir already runs ${running[*]}: run deploy/local/down.sh $dir first"

# From here on a failure or an interrupt stops whatever this run started.
up_done=false
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ! $up_done && [ -n "$(which_run "$dir" "${ATRIUM_TARGETS[@]}" rabbitmq postgresql)" ]; then
    note "stopping what was started"
    "$(dirname "$0")/down.sh" "$dir" >&2 || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$dir/logs" "$dir/pids" "$dir/secrets" "$dir/data"
rm -f "$dir/env"

# --- ports and secrets ------------------------------------------------------------------------------------------------
declare -A port=()
scan_ports
for name in gateway admin identity identity_rpc catalog catalog_rpc payments payments_rpc ordering ordering_rpc \
  rabbitmq rabbitmq_dist rabbitmq_epmd postgresql; do
  free_port "port[$name]"
done
ensure_secret "$dir/secrets/ordering"
ensure_secret "$dir/secrets/payments"
ensure_secret "$dir/secrets/rabbitmq"
ensure_secret "$dir/secrets/postgresql"

rabbitmq_uri=$(printf '%s' "$CALLER_SETTINGS" | sed -n 's/^ATRIUM__EVENTING__RABBITMQ__URI=//p' | tail -n 1)
caller_transport=$(printf '%s' "$CALLER_SETTINGS" | sed -n 's/^ATRIUM__EVENTING__TRANSPORT=//p' | tail -n 1)
own_rabbitmq=false
if [ -z "$rabbitmq_uri" ] && { [ -z "$caller_transport" ] || [ "${caller_transport,,}" = rabbitmq ]; }; then
  own_rabbitmq=true
  rabbitmq_uri="amqp://atrium:$(cat "$dir/secrets/rabbitmq")@127.0.0.1:${port[rabbitmq]}/"
fi

# --- settings ---------------------------------------------------------------------------------------------------------
loopback=http://127.0.0.1
jwks="$loopback:${port[identity]}/.well-known/jwks.json"
base_settings=(
  "ATRIUM_LOCAL_DB=$db"
  "ATRIUM__GATEWAY__LISTEN__0=$loopback:${port[gateway]}"
  "ATRIUM__GATEWAY__ADMIN__LISTEN__0=$loopback:${port[admin]}"
  "ATRIUM__GATEWAY__AUTH__JWT__JWKSURL=$jwks"
  "ATRIUM__GATEWAY__CLUSTERS__IDENTITY__ENDPOINTS__0=$loopback:${port[identity]}"
  "ATRIUM__GATEWAY__CLUSTERS__CATALOG__ENDPOINTS__0=$loopback:${port[catalog]}"
  "ATRIUM__GATEWAY__CLUSTERS__PAYMENTS__ENDPOINTS__0=$loopback:${port[payments]}"
  "ATRIUM__GATEWAY__CLUSTERS__ORDERING__ENDPOINTS__0=$loopback:${port[ordering]}"
  "ATRIUM__IDENTITY__LISTEN__0=$loopback:${port[identity]}"
  "ATRIUM__IDENTITY__LISTEN__1=h2c://127.0.0.1:${port[identity_rpc]}"
  "ATRIUM__CATALOG__LISTEN__0=$loopback:${port[catalog]}"
  "ATRIUM__CATALOG__LISTEN__1=h2c://127.0.0.1:${port[catalog_rpc]}"
  "ATRIUM__CATALOG__AUTH__JWKSURL=$jwks"
  "ATRIUM__PAYMENTS__LISTEN__0=$loopback:${port[payments]}"
  "ATRIUM__PAYMENTS__LISTEN__1=h2c://127.0.0.1:${port[payments_rpc]}"
  "ATRIUM__PAYMENTS__AUTH__JWKSURL=$jwks"
  "ATRIUM__ORDERING__LISTEN__0=$loopback:${port[ordering]}"
  "ATRIUM__ORDERING__LISTEN__1=h2c://127.0.0.1:${port[ordering_rpc]}"
  "ATRIUM__ORDERING__AUTH__JWKSURL=$jwks"
  "ATRIUM__ORDERING__IDENTITYADDRESS=$loopback:${port[identity_rpc]}"
  "ATRIUM__ORDERING__CATALOGADDRESS=$loopback:${port[catalog_rpc]}"
  "ATRIUM__ORDERING__PAYMENTSADDRESS=$loopback:${port[payments_rpc]}"
  "ATRIUM__PAYMENTS__ORDERINGADDRESS=$loopback:${port[ordering_rpc]}"
)
if $own_rabbitmq; then
  base_settings+=(
    "ATRIUM_LOCAL_RABBITMQ_PORT=${port[rabbitmq]}"
    "ATRIUM_LOCAL_RABBITMQ_DIST_PORT=${port[rabbitmq_dist]}"
    "ATRIUM_LOCAL_RABBITMQ_EPMD_PORT=${port[rabbitmq_epmd]}"
  )
fi
if [ "$db" = postgresql ]; then
  base_settings+=("ATRIUM_LOCAL_POSTGRESQL_PORT=${port[postgresql]}")
  # Five pools (ordering has two contexts) of at most 30 stay under the cluster's 200 connections.
  server="Host=127.0.0.1;Port=${port[postgresql]};Username=atrium;Password=$(cat "$dir/secrets/postgresql")"
  for service in identity catalog payments ordering; do
    base_settings+=(
      "ATRIUM__${service^^}__PROVIDER=postgresql"
      "ATRIUM__${service^^}__CONNECTIONSTRING=$server;Database=atrium_$service;Maximum Pool Size=30"
    )
  done
fi
# Events cross processes through the broker; ordering's calls (and payments' to ordering) carry service tokens from
# identity, both sides reading one client secret per caller.
eventing_settings=("ATRIUM__EVENTING__TRANSPORT=rabbitmq")
[ -z "$rabbitmq_uri" ] || eventing_settings+=("ATRIUM__EVENTING__RABBITMQ__URI=$rabbitmq_uri")
credential_settings=(
  "ATRIUM__IDENTITY__CLIENTS__0__SECRETFILE=$dir/secrets/ordering"
  "ATRIUM__ORDERING__CLIENT__SECRETFILE=$dir/secrets/ordering"
  "ATRIUM__ORDERING__CLIENT__TOKENURL=$loopback:${port[identity]}/connect/token"
  "ATRIUM__IDENTITY__CLIENTS__1__SECRETFILE=$dir/secrets/payments"
  "ATRIUM__PAYMENTS__CLIENT__SECRETFILE=$dir/secrets/payments"
  "ATRIUM__PAYMENTS__CLIENT__TOKENURL=$loopback:${port[identity]}/connect/token"
)

# --- the build and the settings, checked before anything starts -------------------------------------------------------
write_env() {
  {
    printf '# Written by deploy/local/up.sh for start.sh and down.sh: NAME=VALUE a line, unquoted, later lines win.\n'
    printf '%s\n' "ATRIUM_LOCAL_DLL=$dll" "$@"
    printf '# The caller'\''s settings (ATRIUM__*, ATRIUM_ADMIN_PASSWORD, ATRIUM_CONFIG):\n%s' "$CALLER_SETTINGS"
  } >"$dir/env.tmp"
  mv "$dir/env.tmp" "$dir/env"
}

dll=${ATRIUM_DLL:-$dir/bin/atrium.dll}
if [ -n "${ATRIUM_DLL:-}" ]; then
  [ -f "$ATRIUM_DLL" ] || die "ATRIUM_DLL names $ATRIUM_DLL, which does not exist"
  dll=$(cd "$(dirname "$ATRIUM_DLL")" && pwd -P)/$(basename "$ATRIUM_DLL")
else
  note "building src/Atrium into $dir/bin (log: $dir/logs/build.log)"
  dotnet build "$repo/src/Atrium/Atrium.csproj" -c Release -o "$dir/bin" -nologo -v quiet >"$dir/logs/build.log" 2>&1 \
    || die_with_log "the build failed" "$dir/logs/build.log"
fi

# Validates the config every target will load (the file or the embedded defaults, with DIR/env and the caller's
# settings applied) exactly as `atrium run` does; prints the errors.
validate() {
  (
    use_settings "$dir"
    config=${ATRIUM_CONFIG:-$repo/config/atrium.yaml}
    { dotnet "$dll" config validate "$config" >/dev/null; } 2>&1
  )
}

settings=("${base_settings[@]}" "${eventing_settings[@]}" "${credential_settings[@]}")
write_env "${settings[@]}"
errors=$(validate) || die "the config every target would load is invalid:"$'\n'"$errors"

# --- infrastructure, then the targets ---------------------------------------------------------------------------------
if $own_rabbitmq; then
  note "starting RabbitMQ on 127.0.0.1:${port[rabbitmq]} (log: $dir/logs/rabbitmq.log)"
  start_rabbitmq "$dir"
fi
if [ "$db" = postgresql ]; then
  note "starting PostgreSQL on 127.0.0.1:${port[postgresql]} (log: $dir/logs/postgresql.log)"
  start_postgresql "$dir"
fi
$own_rabbitmq && wait_rabbitmq "$dir" $((SECONDS + ATRIUM_LOCAL_TIMEOUT))
deadline=$((SECONDS + ATRIUM_LOCAL_TIMEOUT))
for target in "${ATRIUM_TARGETS[@]}"; do
  note "starting $target (log: $dir/logs/$target.log)"
  start_target "$dir" "$target"
done
for target in "${ATRIUM_TARGETS[@]}"; do
  wait_ready "$dir" "$target" "$deadline"
  note "$target ready (pid $(cat "$dir/pids/$target.pid"))"
done

up_done=true
gateway=$(local_url "$(setting "$dir" ATRIUM__GATEWAY__LISTEN__0)")
admin=$(readyz_url "$dir" gateway)
printf '# Where the gateway answers:\n%s\n' "ATRIUM_LOCAL_GATEWAY_URL=$gateway" >>"$dir/env"
note "every target is ready; admin API ${admin%/readyz} (token in $dir/data/gateway/gateway-admin.token);" \
  "stop with deploy/local/down.sh $dir"
printf 'GATEWAY_URL=%s\n' "$gateway"
