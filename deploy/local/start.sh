#!/usr/bin/env bash
# (Re)starts one process of what deploy/local/up.sh DIR started, with the same settings (DIR/env; the caller's
# ATRIUM__*, ATRIUM_ADMIN_PASSWORD and ATRIUM_CONFIG of this run win): it stops the running one (SIGTERM, a graceful
# drain), starts it again and waits until it is ready (a target's /readyz answers 200, RabbitMQ accepts connections,
# PostgreSQL accepts connections).
#
# Usage: deploy/local/start.sh DIR TARGET
#   TARGET: identity, catalog, payments, ordering, gateway, or the infrastructure up.sh started: rabbitmq, postgresql
# Environment: ATRIUM_LOCAL_TIMEOUT (seconds, default 180) bounds the wait.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
CALLER_SETTINGS=$(caller_settings) || exit 1
[ -z "$CALLER_SETTINGS" ] || CALLER_SETTINGS+=$'\n'

if (($# != 2)); then
  printf 'usage: %s DIR TARGET   (TARGET: %s, rabbitmq, postgresql)\n' "${0##*/}" "${ATRIUM_TARGETS[*]}" >&2
  exit 2
fi
[ -d "$1" ] || die "$1 is not a directory: run deploy/local/up.sh $1 first"
dir=$(cd "$1" && pwd -P)
name=$2
read_timeout
[ -f "$dir/env" ] || die "$dir/env not found: run deploy/local/up.sh $dir first"
deadline=$((SECONDS + ATRIUM_LOCAL_TIMEOUT))

case $name in
  rabbitmq)
    [ -n "$(setting "$dir" ATRIUM_LOCAL_RABBITMQ_PORT)" ] \
      || die "up.sh did not start RabbitMQ in $dir (the caller named a broker)"
    stop_rabbitmq "$dir"
    start_rabbitmq "$dir"
    wait_rabbitmq "$dir" "$deadline"
    note "rabbitmq ready (pid $(cat "$dir/pids/rabbitmq.pid"))"
    ;;
  postgresql)
    [ -n "$(setting "$dir" ATRIUM_LOCAL_POSTGRESQL_PORT)" ] \
      || die "up.sh did not start PostgreSQL in $dir (it ran with --db sqlite)"
    stop_postgresql "$dir"
    start_postgresql "$dir"
    note "postgresql ready (pid $(cat "$dir/pids/postgresql.pid"))"
    ;;
  *)
    is_target "$name" || die "unknown target '$name': one of ${ATRIUM_TARGETS[*]}, rabbitmq, postgresql"
    stop_process "$dir" "$name" 30
    start_target "$dir" "$name"
    wait_ready "$dir" "$name" "$deadline"
    note "$name ready (pid $(cat "$dir/pids/$name.pid"))"
    ;;
esac
