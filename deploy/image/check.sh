#!/usr/bin/env bash
# Checks an image the way a container runtime would use it, without one (podman cannot start containers here):
# `podman image save` to an OCI layout, its layers unpacked in order into a directory, and the image config's
# entrypoint and command run there as the image's user, with the config's environment and working directory, in fresh
# mount, PID and network namespaces (only loopback, brought up), the root filesystem read-only, /proc, a /dev of
# null/zero/random/urandom, and the data volume a writable bind mount of an empty directory owned by the image's user.
# Then, through curl in that network namespace:
#   gateway  the gateway admin listener's /healthz answers 200, and so does a proxied route: the embedded defaults'
#            first route (/api/identity/...) is pointed, by ATRIUM__GATEWAY__... variables added to the image's
#            environment, at the admin listener's /healthz, so that a request to the public listener (8080) goes through
#            the proxy to an upstream and back
#   order    on the embedded defaults: a seeded product is listed, a user registers, gets a token and places an
#            order that is Confirmed (the README's flow), and the data volume holds what it wrote, owned by the user
# The image must hold the SBOM beside the entrypoint's binary (/app/atrium.cdx.json, /app/atrium-gateway.cdx.json) and name a non-root uid:gid as its user; the
# process must run as that uid and exit 0 on SIGTERM. The last line of stdout is `image-check: ok ...`.
#
# Usage: deploy/image/check.sh IMAGE gateway|order
# Environment: ATRIUM_IMAGE_CHECK_TIMEOUT (seconds, default 120) bounds each wait. Needs root, podman, jq, curl.
set -euo pipefail
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }
(($# == 2)) || die "usage: ${0##*/} IMAGE gateway|order"
image=$1 mode=$2
case $mode in gateway | order) ;; *) die "the check is gateway or order, not '$mode'" ;; esac
[ "$(id -u)" = 0 ] || die "needs root (namespaces, chroot, mounts)"
for tool in podman jq curl unshare nsenter ip; do command -v "$tool" >/dev/null || die "$tool is needed"; done
timeout=${ATRIUM_IMAGE_CHECK_TIMEOUT:-120}

work=$(mktemp -d)
app_pid=""
cleanup() {
  [ -z "$app_pid" ] || kill -KILL "$app_pid" 2>/dev/null || true
  [ -z "${ns_pid:-}" ] || wait "$ns_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Uncompressed layers: gzip then gunzip of ~140 MB would only cost CPU here.
podman image save -q --uncompressed --format oci-dir -o "$work/oci" "$image" >&2
blob() { printf '%s/oci/blobs/%s' "$work" "${1/://}"; }
manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/oci/index.json")")
config=$(blob "$(jq -r '.config.digest' "$manifest")")
root=$work/rootfs
mkdir -p "$root"
while read -r digest; do
  tar -xf "$(blob "$digest")" -C "$root" --numeric-owner
  # Whiteouts: a later layer deleting what an earlier one added.
  while IFS= read -r -d '' wh; do
    name=$(basename "$wh")
    deleted=$(dirname "$wh")/${name#.wh.}
    rm -rf "${deleted:?}" "$wh"
  done < <(find "$root" -name '.wh.*' ! -name '.wh..wh..opq' -print0)
done < <(jq -r '.layers[].digest' "$manifest")

mapfile -t command < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$config")
((${#command[@]})) || die "the image has no entrypoint"
binary=${command[0]}
name=$(basename "$binary")
jq -e --arg name "$name" '.bomFormat == "CycloneDX" and .metadata.component.name == $name' "$root$binary.cdx.json" >/dev/null 2>&1 \
  || die "no CycloneDX SBOM of $name at $binary.cdx.json in the image"
user=$(jq -r '.config.User // ""' "$config")
[[ $user =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]] || die "the image's user is '$user', not a non-root uid:gid"
uid=${user%:*} gid=${user#*:}
workdir=$(jq -r '.config.WorkingDir // "/"' "$config")
mapfile -t environment < <(jq -r '.config.Env // [] | .[]' "$config")
if [ "$mode" = gateway ]; then
  environment+=(ATRIUM__GATEWAY__CLUSTERS__IDENTITY__ENDPOINTS__0=http://127.0.0.1:15000
    ATRIUM__GATEWAY__ROUTES__0__TRANSFORMS__PATHTEMPLATE=/healthz)
fi
mapfile -t volumes < <(jq -r '.config.Volumes // {} | keys[]' "$config")
((${#volumes[@]} == 1)) || die "expected one volume, the data directory, not: ${volumes[*]}"
volume=${volumes[0]}
data=$work/volume
mkdir -m 0700 "$data"
chown "$uid:$gid" "$data"
echo "running ${command[*]} as $user in $workdir, volume $volume" >&2

# The outer unshare holds the namespaces and mounts; the inner one changes root and user and runs the entrypoint.
# shellcheck disable=SC2016 # the script is for the inner bash, which is given its values as arguments
unshare --mount --net --pid --fork --kill-child --propagation private -- bash -c '
  set -e
  root=$1 data=$2 volume=$3 uid=$4 gid=$5 workdir=$6 unshare=$7 count=$8; shift 8
  environment=("${@:1:count}"); shift "$count"
  ip link set lo up
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o nosuid,mode=0755 tmpfs "$root/dev"
  for dev in null zero random urandom; do touch "$root/dev/$dev"; mount --bind "/dev/$dev" "$root/dev/$dev"; done
  mount --bind "$data" "$root$volume"
  mount -o remount,bind,ro "$root"
  exec env -i "${environment[@]}" "$unshare" --root="$root" --wd="$workdir" --setuid="$uid" --setgid="$gid" -- "$@"
' check "$root" "$data" "$volume" "$uid" "$gid" "$workdir" "$(command -v unshare)" "${#environment[@]}" "${environment[@]}" "${command[@]}" \
  >"$work/stdout.log" 2>&1 &
ns_pid=$!

logs() { printf '\n--- the process'"'"'s output\n' >&2; tail -n 40 "$work/stdout.log" >&2; }
fail() { printf '%s: %s\n' "${0##*/}" "$*" >&2; logs; exit 1; }
# Waits for a condition (a shell command), every 0.2 s, up to the timeout, failing if the process has ended.
until_ok() {
  local what=$1 deadline=$((SECONDS + timeout)); shift
  until "$@"; do
    kill -0 "$ns_pid" 2>/dev/null || fail "the process ended while waiting for $what"
    ((SECONDS < deadline)) || fail "no $what within ${timeout}s"
    sleep 0.2
  done
}
in_netns() { [ "$(readlink "/proc/$ns_pid/ns/net" 2>/dev/null)" != "$(readlink /proc/self/ns/net)" ]; }
until_ok "network namespace" in_netns
# The entrypoint: the outer unshare's child (pid 1 of the new PID namespace), once it has become the image's binary.
entry_started() {
  app_pid=$(ps -o pid= --ppid "$ns_pid" | tr -d ' ' | head -n 1)
  [ -n "$app_pid" ] && [ "$(readlink "/proc/$app_pid/exe" 2>/dev/null)" = "$root$binary" ]
}
until_ok "entrypoint process" entry_started
net=(nsenter "--net=/proc/$ns_pid/ns/net")
http() { "${net[@]}" curl -s --max-time 10 "$@"; }
status_of() { [ "$(http -o /dev/null -w '%{http_code}' "$1")" = 200 ]; }

until_ok "200 from the gateway admin's /healthz" status_of http://127.0.0.1:15000/healthz
[ "$(awk '/^Uid:/ {print $2}' "/proc/$app_pid/status")" = "$uid" ] || fail "the process does not run as uid $uid"
summary="healthz=200 uid=$uid"
if [ "$mode" = gateway ]; then
  until_ok "200 from /healthz through the proxied route" status_of http://127.0.0.1:8080/api/identity/probe
  summary+=" proxied=200"
fi

if [ "$mode" = order ]; then
  api=http://127.0.0.1:8080/api
  until_ok "seeded products through the gateway" status_of "$api/catalog/products?pageSize=1"
  product=$(http "$api/catalog/products?pageSize=1" | jq -r '.items[0].id // empty')
  [ -n "$product" ] || fail "no seeded product"
  credentials='{"email":"image@example.com","password":"correct horse"}'
  code=$(http -o /dev/null -w '%{http_code}' -XPOST "$api/identity/users" -H 'content-type: application/json' -d "$credentials")
  [ "$code" = 201 ] || fail "registration answered $code"
  token=$(http -XPOST "$api/identity/token" -H 'content-type: application/json' -d "$credentials" | jq -r '.access_token // empty')
  [ -n "$token" ] || fail "no access token"
  order=$(http -XPOST "$api/orders" -H "authorization: Bearer $token" -H 'Idempotency-Key: image-check' \
    -H 'content-type: application/json' -d "{\"items\":[{\"productId\":\"$product\",\"quantity\":1}]}" | jq -r '.id // empty')
  [ -n "$order" ] || fail "the order was not accepted"
  confirmed() {
    status=$(http "$api/orders/$order" -H "authorization: Bearer $token" -H 'Prefer: wait=4' | jq -r '.status // empty')
    [ "$status" = Confirmed ] || { [ "$status" != Cancelled ] || fail "order $order was Cancelled"; false; }
  }
  until_ok "the order confirmed" confirmed
  [ -n "$(find "$data" -mindepth 1 -print -quit)" ] || fail "nothing was written to the data volume"
  [ -z "$(find "$data" -mindepth 1 ! -uid "$uid" -print -quit)" ] || fail "the data volume has files not owned by $uid"
  summary+=" order=Confirmed"
fi

kill -TERM "$app_pid"
set +e
wait "$ns_pid"
exit_code=$?
set -e
app_pid=""
((exit_code == 0)) || fail "exit code $exit_code after SIGTERM"
echo "image-check: ok $image $mode $summary"
