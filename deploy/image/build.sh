#!/usr/bin/env bash
# Builds the container images from a linux-x64 publish of deploy/publish.sh, on a root filesystem of our own assembled
# from Debian packages (the "chiseled" idea: the C runtime, libgcc/libstdc++, OpenSSL, zlib, CA certificates and
# tzdata, nothing else: no shell, no package manager), with `podman build` FROM scratch, no registry pulled:
#   atrium:VERSION          ENTRYPOINT /app/atrium, CMD run (every module; any other command line works too)
#   atrium-gateway:VERSION  ENTRYPOINT /app/atrium-gateway run: the Native AOT gateway of the same publish, on a root
#                           filesystem of the few packages it needs
# The packages are the versions pinned in deploy/image/packages.lock (name version arch sha256), each .deb checked
# against its sha256; --update-lock pins the current candidates of apt's lists instead and rewrites the lock.
# Every file gets the mtime of the commit (SOURCE_DATE_EPOCH, also podman's --timestamp), so the same publish, lock
# and commit give the same layers.
#
# Usage: deploy/image/build.sh PUBLISH_DIR [--update-lock]   (PUBLISH_DIR: OUT/linux-x64 of deploy/publish.sh)
# Prints the two image references, one a line, on stdout; progress goes to stderr.
# The images the tags named before are removed once no tag names them.
# Environment: ATRIUM_IMAGE_CACHE (downloaded .debs, default ~/.cache/atrium-image), ATRIUM_IMAGE_SOURCE (the
#   org.opencontainers.image.source label; default the git remote origin), SOURCE_DATE_EPOCH (default: the commit's).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lock=$here/packages.lock
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# What the self-contained binary loads: glibc, libgcc_s and libstdc++ (the runtime and SQLite), libssl3 (TLS, through
# dlopen), zlib; CA certificates for outgoing TLS and the zone database for TimeZoneInfo. No ICU: the build is
# InvariantGlobalization. gcc-12-base is what libgcc-s1 and libstdc++6 depend on (their copyright files).
packages=(libc6 libgcc-s1 gcc-12-base libstdc++6 libssl3 zlib1g ca-certificates tzdata)
# The Native AOT gateway links only glibc (`ldd atrium-gateway`: libc, libm; its zlib is compiled in); OpenSSL it loads
# (dlopen) for TLS and the token signatures' cryptography. No libstdc++ (no SQLite here), no libgcc_s, no zlib1g.
gateway_packages=(libc6 libssl3 ca-certificates tzdata)
uid=10001

publish="" update_lock=false
for arg in "$@"; do
  case $arg in
    --update-lock) update_lock=true ;;
    -*) die "unknown option $arg" ;;
    *) [ -z "$publish" ] || die "usage: ${0##*/} PUBLISH_DIR [--update-lock]"; publish=$arg ;;
  esac
done
[ -n "$publish" ] || die "usage: ${0##*/} PUBLISH_DIR [--update-lock]"
[ -x "$publish/atrium" ] || die "$publish/atrium is not there: publish first (deploy/publish.sh OUT linux-x64)"
[ -f "$publish/atrium.cdx.json" ] || die "$publish/atrium.cdx.json is not there: deploy/publish.sh writes it beside the binary"
[ -x "$publish/atrium-gateway" ] && [ -f "$publish/atrium-gateway.cdx.json" ] \
  || die "$publish/atrium-gateway (and its .cdx.json) is not there: deploy/publish.sh OUT linux-x64 writes it"
for tool in podman apt-get dpkg-deb sha256sum; do command -v "$tool" >/dev/null || die "$tool is needed (apt-get install podman)"; done
[ "$(dpkg --print-architecture)" = amd64 ] || die "the image is linux-x64 (amd64) and its packages are downloaded for this machine's architecture"

# The binary says what it is: the labels and tags carry exactly that.
read -r _ version _ commit < <("$publish/atrium" --version) || die "$publish/atrium --version failed"
commit=${commit%)}
source_url=${ATRIUM_IMAGE_SOURCE:-$(git -C "$repo" config --get remote.origin.url || true)}
[ -n "$source_url" ] || die "no git remote origin: set ATRIUM_IMAGE_SOURCE to the repository's URL"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct)}

if $update_lock || [ ! -f "$lock" ]; then
  echo "pinning the candidates of apt's lists into $lock" >&2
  {
    echo "# name version arch sha256: the Debian packages of the atrium image (deploy/image/build.sh --update-lock)"
    for pkg in "${packages[@]}"; do
      apt-cache show --no-all-versions "$pkg" \
        | awk -v p="$pkg" '/^Version:/ {v=$2} /^Architecture:/ {a=$2} /^SHA256:/ {s=$2} END {if (!s) exit 1; print p, v, a, s}' \
        || die "apt-cache knows no $pkg (apt-get update first)"
    done
  } >"$lock.new"
  mv "$lock.new" "$lock"
fi

cache=${ATRIUM_IMAGE_CACHE:-${HOME:-/root}/.cache/atrium-image}
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A debs
updated=false
while read -r name ver arch sha; do
  [[ -z $name || $name == \#* ]] && continue
  deb=$cache/${name}_${ver//:/%3a}_$arch.deb
  if [ ! -f "$deb" ] || ! echo "$sha  $deb" | sha256sum -c --status; then
    # A fresh machine has no lists yet: one apt-get update, then the pinned version or a clear error.
    if ! apt-cache show "$name=$ver" >/dev/null 2>&1 && ! $updated; then
      apt-get update -qq >&2 || die "apt-get update failed"
      updated=true
    fi
    (cd "$work" && apt-get download -qq -o APT::Sandbox::User=root "$name=$ver" >&2) \
      || die "$name $ver is no longer downloadable (Debian replaced it): run with --update-lock and commit the lock"
    mv "$work/$(basename "$deb")" "$deb"
    echo "$sha  $deb" | sha256sum -c --status || die "$deb does not have the sha256 the lock pins"
  fi
  debs[$name]=$deb
done <"$lock"

# Assembles an image's build context, CONTEXT/rootfs and an empty CONTEXT/data, from the named packages of the lock.
assemble() {
  local context=$1 pkg deb; shift
  local rootfs=$context/rootfs
  mkdir -p "$rootfs/var/lib/dpkg" "$context/data"
  for pkg in "$@"; do
    deb=${debs[$pkg]:-}
    [ -n "$deb" ] || die "$pkg is not in $lock: run with --update-lock"
    dpkg-deb -x "$deb" "$rootfs"
    # A dpkg status database, so that image scanners see the packages and their versions.
    { dpkg-deb -f "$deb" Package Version Architecture Maintainer Source Description | sed '1a Status: install ok installed'; echo; } \
      >>"$rootfs/var/lib/dpkg/status"
  done
  # Maintainer scripts do not run: do what ours would need of them. ca-certificates' postinst builds the bundle that
  # OpenSSL reads (its default file and directory are under /usr/lib/ssl).
  mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/lib/ssl"
  find "$rootfs/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat >"$rootfs/etc/ssl/certs/ca-certificates.crt"
  ln -sfn /etc/ssl/certs/ca-certificates.crt "$rootfs/usr/lib/ssl/cert.pem"
  ln -sfn /etc/ssl/certs "$rootfs/usr/lib/ssl/certs"
  # Documentation is not needed at run time; the copyright files are kept (the licences of what is shipped).
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  rm -rf "$rootfs/usr/share/man" "$rootfs/usr/share/info" "$rootfs/usr/share/lintian" "$rootfs/usr/share/bug"

  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\natrium:x:%s:%s:atrium:/data:/usr/sbin/nologin\n' "$uid" "$uid" >"$rootfs/etc/passwd"
  printf 'root:x:0:\natrium:x:%s:\n' "$uid" >"$rootfs/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$rootfs/etc/hosts"
  mkdir -p "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp" "$rootfs/app" "$rootfs/usr/share/atrium"
  chmod 1777 "$rootfs/tmp"
  cp "$lock" "$rootfs/usr/share/atrium/packages.lock"
  chmod 0700 "$context/data"
}

assemble "$work/atrium" "${packages[@]}"
# Everything atrium's publish made (the single file, SQLite's library, the SBOM), not the gateway's executable.
find "$publish" -maxdepth 1 -type f ! -name 'atrium-gateway*' -exec cp -p {} "$work/atrium/rootfs/app/" \;
assemble "$work/gateway" "${gateway_packages[@]}"
cp -p "$publish/atrium-gateway" "$publish/atrium-gateway.cdx.json" "$work/gateway/rootfs/app/"
find "$work" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

atrium=atrium:$version
gateway=atrium-gateway:$version
labels=(--label "org.opencontainers.image.source=$source_url" --label "org.opencontainers.image.revision=$commit"
  --label "org.opencontainers.image.version=$version" --label "org.opencontainers.image.title=atrium")
echo "building $atrium and $gateway (commit $commit)" >&2
# What the tags named before: dropped below once no tag names them, so that rebuilds do not pile up untagged images.
previous=$(podman image inspect --format '{{.Id}}' "$gateway" "$atrium" 2>/dev/null || true)
podman build -q --timestamp "$SOURCE_DATE_EPOCH" -f "$here/Containerfile" "${labels[@]}" -t "$atrium" "$work/atrium" >&2
podman build -q --timestamp "$SOURCE_DATE_EPOCH" -f "$here/Containerfile.gateway" \
  "${labels[@]}" --label "org.opencontainers.image.title=atrium-gateway" -t "$gateway" "$work/gateway" >&2
for id in $previous; do
  [ "$(podman image inspect --format '{{len .RepoTags}}' "$id" 2>/dev/null)" != 0 ] || podman rmi "$id" >/dev/null 2>&1 || true
done
echo "localhost/$atrium"
echo "localhost/$gateway"
