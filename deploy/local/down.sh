#!/usr/bin/env bash
# Stops what deploy/local/up.sh DIR started: the targets (the gateway first, so the edge drains before the services
# behind it; each gets SIGTERM and up to 30 s to drain before SIGKILL), then RabbitMQ, then PostgreSQL. Only processes
# recorded under DIR/pids and still running from DIR are signalled; running it again finds nothing to stop.
# DIR itself (data, logs, settings) stays: up.sh DIR starts again on the same data.
#
# Usage: deploy/local/down.sh DIR [NAME...]   NAME: a target, rabbitmq or postgresql; default everything
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
if (($# < 1)); then
  printf 'usage: %s DIR [NAME...]   (NAME: %s, rabbitmq, postgresql)\n' "${0##*/}" "${ATRIUM_TARGETS[*]}" >&2
  exit 2
fi
if [ ! -d "$1" ]; then
  note "$1 does not exist: nothing to stop"
  exit 0
fi
dir=$(cd "$1" && pwd -P)
shift
names=("$@")
if ((${#names[@]} == 0)); then
  names=(gateway ordering payments catalog identity rabbitmq postgresql)
fi
for name in "${names[@]}"; do
  is_target "$name" || [ "$name" = rabbitmq ] || [ "$name" = postgresql ] \
    || die "unknown name '$name': one of ${ATRIUM_TARGETS[*]}, rabbitmq, postgresql"
done

# What runs now, to report what was stopped.
mapfile -t running < <(which_run "$dir" "${names[@]}")

# The gateway alone first, then the services together.
services=()
for name in "${names[@]}"; do
  case $name in
    gateway) stop_process "$dir" gateway 30 ;;
    rabbitmq | postgresql) ;;
    *) services+=("$name") ;;
  esac
done
for name in "${services[@]}"; do stop_process "$dir" "$name" 30 & done
wait
for name in "${names[@]}"; do
  case $name in
    rabbitmq) stop_rabbitmq "$dir" ;;
    postgresql) stop_postgresql "$dir" ;;
  esac
done
# Whatever still runs is reported, and down.sh fails: running it again tries again.
mapfile -t left < <(which_run "$dir" "${names[@]}")
((${#left[@]} == 0)) || die "still running: ${left[*]}"
if ((${#running[@]} == 0)); then
  note "nothing was running in $dir"
else
  note "stopped: ${running[*]}"
fi
