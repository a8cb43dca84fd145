#!/usr/bin/env bash
# Installs what building and testing s3mirror needs on Debian 12: the compiler, CMake, the
# libraries, Catch2, mandoc, a Python 3 with boto3 and moto[server] for the integration tests, s3cmd
# (the migration tests fill a bucket with it) and bash-completion (the completion script's tests).
# Idempotent and fast when everything is present (no apt-get at all then). Runs as root or via sudo.
# Prints the Python to use for the tests on its last line: "python: /path/to/python3".
set -euo pipefail

packages=(build-essential cmake pkg-config libcurl4-openssl-dev libssl-dev libpugixml-dev
          libcxxopts-dev catch2 nlohmann-json3-dev mandoc python3 s3cmd bash-completion
          clang libclang-rt-14-dev)  # clang + libclang-rt: the fuzz targets (libFuzzer)

die() { echo "install-deps: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for '$*': run as root or install sudo"
  fi
}

installed() {  # true when the Debian package is installed
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_updated=
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -q
    apt_updated=1
  fi
  as_root apt-get install -y -q --no-install-recommends "$@" </dev/null
}

has_candidate() {  # true when Debian has an installable version of the package
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

python_with_moto() {  # the first python3 that can import boto3 and moto's server
  local python
  for python in "$(command -v python3 || true)" /usr/bin/python3; do
    if [ -n "$python" ] && [ -x "$python" ] \
       && "$python" -c "import boto3, moto.server" >/dev/null 2>&1; then
      echo "$python"
      return 0
    fi
  done
  return 1
}

command -v dpkg-query >/dev/null 2>&1 || die "this script is for Debian (dpkg/apt not found)"

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi

# Node.js for the benchmark's S3 endpoint (bench/s3_endpoint.js), which the bench smoke test runs.
if ! command -v node >/dev/null 2>&1; then
  echo "install-deps: installing nodejs" >&2
  apt_install nodejs
fi

# boto3 + moto: preinstalled in the pyenv python3 on our machines (PyPI is not reachable from
# them); otherwise Debian's packages when the release has them.
if ! python="$(python_with_moto)"; then
  [ -n "$apt_updated" ] || { as_root apt-get update -q; apt_updated=1; }
  if has_candidate python3-boto3 && has_candidate python3-moto; then
    apt_install python3-boto3 python3-moto
  fi
  python="$(python_with_moto)" || die "no python3 can import boto3 and moto[server], and this
Debian release does not package both (python3-boto3: $(has_candidate python3-boto3 && echo yes || echo no),
python3-moto: $(has_candidate python3-moto && echo yes || echo no)). Install them into the python3
on PATH (e.g. pip install boto3 'moto[server]' where PyPI is reachable) and run this again."
fi
echo "python: $python"
