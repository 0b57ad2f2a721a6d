#!/usr/bin/env bash
# Publishes atrium as a self-contained single file (no .NET install needed where it runs) for each runtime named,
# each into OUT/RID/ beside a CycloneDX SBOM of what went into it (OUT/RID/atrium.cdx.json); for linux-x64 also
# atrium-gateway, the gateway alone compiled Native AOT (src/Atrium.Gateway.Host), with its own SBOM
# (OUT/linux-x64/atrium-gateway.cdx.json). Native AOT does not cross-compile to another architecture here, so there
# is no linux-arm64 atrium-gateway. The AOT compile takes a few minutes on two cores.
#
# Usage: deploy/publish.sh OUT [RID...]      (RIDs default to linux-x64 linux-arm64)
# The version and commit that `atrium --version` prints come from the build: VersionPrefix in src/Atrium/Atrium.csproj
# and the git commit of this checkout (the SDK's SourceRevisionId). InvariantGlobalization: no ICU needed.
# Environment: ATRIUM_PUBLISH_ARGS adds arguments to every dotnet publish (e.g. -p:VersionSuffix=rc.1);
#   ATRIUM_PUBLISH_CONFIGURATION (default Release): the image tests publish Debug, reusing the test run's build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
(($# >= 1)) || { echo "usage: ${0##*/} OUT [RID...]" >&2; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
shift
rids=("$@")
((${#rids[@]})) || rids=(linux-x64 linux-arm64)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

cd "$repo"
dotnet tool restore >/dev/null
version=$(dotnet msbuild src/Atrium/Atrium.csproj -getProperty:Version)
for rid in "${rids[@]}"; do
  case $rid in linux-x64 | linux-arm64) ;; *) echo "${0##*/}: unsupported runtime '$rid' (linux-x64, linux-arm64)" >&2; exit 2 ;; esac
  echo "publishing $rid into $out/$rid" >&2
  rm -rf "${out:?}/$rid"
  # shellcheck disable=SC2086 # ATRIUM_PUBLISH_ARGS is a list of arguments
  dotnet publish src/Atrium -c "${ATRIUM_PUBLISH_CONFIGURATION:-Release}" -r "$rid" --self-contained -p:PublishSingleFile=true \
    -p:DebugType=none -p:PublishDocumentationFiles=false -p:PublishReferencesDocumentationFiles=false -o "$out/$rid" ${ATRIUM_PUBLISH_ARGS:-} >&2
  # The SBOM lists the NuGet packages the publish's restore resolved for this runtime (the whole closure, the project
  # references' too); the .NET runtime, from the SDK's runtime pack, is no package reference and is not listed. No
  # serial number, so the same build gives the same file.
  dotnet CycloneDX src/Atrium/Atrium.csproj -F Json -o "$out/$rid" -fn atrium.cdx.json -rt "$rid" -tfm net10.0 -dpr \
    -ns -sn atrium -sv "$version" >&2
  [ "$rid" = linux-x64 ] || continue
  echo "publishing atrium-gateway (Native AOT) $rid into $out/$rid" >&2
  # shellcheck disable=SC2086 # ATRIUM_PUBLISH_ARGS is a list of arguments
  dotnet publish src/Atrium.Gateway.Host -c "${ATRIUM_PUBLISH_CONFIGURATION:-Release}" -r "$rid" -p:DebugType=none \
    -p:PublishDocumentationFiles=false -p:PublishReferencesDocumentationFiles=false -o "$out/$rid" ${ATRIUM_PUBLISH_ARGS:-} >&2
  # The native symbols (atrium-gateway.dbg, ~50 MB) stay out of what is shipped.
  rm -f "$out/$rid/atrium-gateway.dbg"
  dotnet CycloneDX src/Atrium.Gateway.Host/Atrium.Gateway.Host.csproj -F Json -o "$out/$rid" -fn atrium-gateway.cdx.json \
    -rt "$rid" -tfm net10.0 -dpr -ns -sn atrium-gateway -sv "$version" >&2
done
