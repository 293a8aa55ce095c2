#!/usr/bin/env bash
# Installs what building and testing otelc needs on Debian 12 (run as root).
# Skips apt entirely when everything is already there, so repeated runs are
# fast.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libev-dev libyaml-dev libprotobuf-c-dev protobuf-c-compiler
  clang clang-format libclang-rt-14-dev
  abigail-tools binutils file procps bc
  libhttp-parser-dev libnghttp2-dev libssl-dev zlib1g-dev libzstd-dev
  libjson-c-dev libcurl4-openssl-dev libsnappy-dev
  curl openssl nghttp2-client
  python3 python3-grpcio python3-protobuf python3-grpc-tools
  protobuf-compiler python3-jsonschema python3-yaml
  protobuf-compiler-grpc
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The interop tests drive the OpenTelemetry JS SDK (2.x line, node >= 20).
# Debian 12's nodejs is 18, so it is not installed from apt: the machine
# image provides node 20 and npm. Building and running otelc does not need
# node, so this only warns; the interop tests fail clearly without it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-deps: warning: node >= 20 and npm are needed for the interop tests" >&2
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "install-deps: warning: node $(node --version) is too old for the interop tests; need >= 20" >&2
fi
