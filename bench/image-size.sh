#!/usr/bin/env bash
# Sizes of what deploy/publish.sh and deploy/image/build.sh make, one line each:
#   binary=PATH size_mb=N                         the published single file (atrium), and atrium-gateway (Native AOT)
#   image=REF compressed_mb=N uncompressed_mb=N   the image's layers gzip-compressed (as a registry stores and a node
#                                                 pulls them) and as plain tars
# Usage: bench/image-size.sh PUBLISH_DIR IMAGE...   (e.g. out/linux-x64 localhost/atrium:0.1.0 localhost/atrium-gateway:0.1.0)
set -euo pipefail
(($# >= 2)) || { echo "usage: ${0##*/} PUBLISH_DIR IMAGE..." >&2; exit 2; }
publish=$1
shift
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
echo "binary=$publish/atrium size_mb=$(mb "$(stat -c %s "$publish/atrium")")"
[ ! -f "$publish/atrium-gateway" ] || echo "binary=$publish/atrium-gateway size_mb=$(mb "$(stat -c %s "$publish/atrium-gateway")")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for image in "$@"; do
  rm -rf "$work/oci"
  podman image save -q --format oci-dir -o "$work/oci" "$image"
  blob() { printf '%s/oci/blobs/%s' "$work" "${1/://}"; }
  manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/oci/index.json")")
  compressed=0 uncompressed=0
  # podman saves an OCI layout with gzip layers (the registry's form); a plain tar layer is gzipped here to compare.
  while read -r type digest; do
    case $type in
      *+gzip) compressed=$((compressed + $(stat -c %s "$(blob "$digest")")))
        uncompressed=$((uncompressed + $(gzip -dc "$(blob "$digest")" | wc -c))) ;;
      *) uncompressed=$((uncompressed + $(stat -c %s "$(blob "$digest")")))
        compressed=$((compressed + $(gzip -c "$(blob "$digest")" | wc -c))) ;;
    esac
  done < <(jq -r '.layers[] | "\(.mediaType) \(.digest)"' "$manifest")
  echo "image=$image compressed_mb=$(mb "$compressed") uncompressed_mb=$(mb "$uncompressed")"
done
