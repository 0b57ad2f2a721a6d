#!/usr/bin/env bash
# Every test, on a fresh machine with the .NET 10 SDK: installs what the tests drive for real when it is missing
# (Debian/Ubuntu packages through apt-get, as root or through sudo), then runs `dotnet test` with this script's
# arguments (e.g. ./test.sh tests/Atrium.Chassis.Tests --filter "FullyQualifiedName~Outbox").
#   prometheus       promtool, which checks the /metrics exposition (Atrium.Chassis.Tests)
#   grpc-proto       the official gRPC interop protos (Atrium.Rpc.Tests)
#   nodejs, npm      the @grpc/grpc-js interop peer (Atrium.Rpc.Tests), the Kubernetes schema validator (Atrium.Tests)
# Not installed: kubectl (kustomize v5, Kubernetes 1.27 or later; Debian's kubernetes-client is too old), which the
# Kubernetes manifest tests run; they fail naming it when it is missing.
#   postgresql       the server binaries the PostgreSQL tests start throwaway clusters with (Atrium.Testing.PostgresServer)
#   rabbitmq-server  the broker the RabbitMQ tests start throwaway nodes of (Atrium.Testing.RabbitMqServer), and the
#                    node deploy/local/up.sh starts (DeployLocalTests)
#   etcd-server      /usr/bin/etcd, which the config center tests start throwaway servers of (Atrium.Testing.EtcdServer)
#   redis-server     the Redis the shared rate-limit tests start throwaway servers of (Atrium.Testing.RedisServer)
#   chromium         the headless browser the dashboard tests drive through Playwright (Atrium.Gateway.Tests), which
#                    cannot download browsers of its own here: it launches /usr/bin/chromium
#   podman, jq, curl, iproute2
#                    the images deploy/image/build.sh builds and deploy/image/check.sh runs (ImageTests; as root: the
#                    check unshares namespaces and mounts; apt-get download of the image's packages needs the network)
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

apt_packages=(prometheus grpc-proto postgresql rabbitmq-server etcd-server redis-server chromium podman jq curl iproute2)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v kubectl >/dev/null 2>&1 \
  || echo "test.sh: kubectl is not on PATH; the Kubernetes manifest tests will fail (install it from pkgs.k8s.io)" >&2

as_root=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 && as_root=(sudo)
fi

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" != 0 ] && ((${#as_root[@]} == 0)); }; then
    echo "test.sh: the tests need ${missing[*]}; install them (Debian/Ubuntu package names) and run again" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "test.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
  # The packages start a Prometheus server, a PostgreSQL cluster and a RabbitMQ node of their own; the tests only need
  # the binaries and start servers of their own on free ports.
  "${as_root[@]}" pkill -x prometheus 2>/dev/null || true
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1, $2}' | while read -r version cluster; do
      "${as_root[@]}" pg_ctlcluster "$version" "$cluster" stop 2>/dev/null || true
    done
  fi
fi

# Everything is built before any test runs: the image tests publish the binary while other test projects run, and a
# test project still building beside that publish found the libraries' outputs half rewritten (MSB3030).
build=(dotnet build -nologo)
[ $# -gt 0 ] && [ "${1#-}" = "$1" ] && build+=("$1")   # a project or solution given first: build just that
case " $* " in *" --no-build "*) ;; *) "${build[@]}" || exit $?; set -- --no-build "$@" ;; esac
exec dotnet test "$@"
