#!/usr/bin/env bash
# Builds the Debian package (packaging/build-deb.sh into build-deb/), installs it with apt-get (which
# pulls the runtime dependencies), checks the installed files and removes the package again:
#   - /usr/bin/s3mirror --version prints the version from debian/changelog
#   - `man -w s3mirror` finds the manual page (man-db is installed if missing)
#   - the bash completion is at /usr/share/bash-completion/completions/s3mirror
#   - systemd-analyze verify accepts packaging/systemd/s3mirror-sync.{service,timer} (when
#     systemd-analyze exists), now that the ExecStart binary is installed
# Runs as root or via sudo. Exits 1 when a check fails; the package is removed in every case.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

failures=()
check() {  # check DESCRIPTION COMMAND...: runs the command, records a failure, never exits
  local description=$1
  shift
  if "$@"; then
    echo "check-package: ok: $description"
  else
    echo "check-package: FAILED: $description" >&2
    failures+=("$description")
  fi
}

version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version 2>/dev/null ||
          sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' packaging/debian/changelog)
upstream_version=${version%%-*}

rm -f build-deb/s3mirror_*.deb
packaging/build-deb.sh "$root/build-deb"
debs=(build-deb/s3mirror_*.deb)
[ -f "${debs[0]}" ] || { echo "check-package: build-deb.sh left no build-deb/s3mirror_*.deb" >&2; exit 1; }

if ! command -v man >/dev/null 2>&1; then
  $sudo apt-get install -y -q --no-install-recommends man-db </dev/null
fi

already_installed=
dpkg-query -W -f='${Status}' s3mirror 2>/dev/null | grep -q "install ok installed" &&
  already_installed=1
remove_package() {
  if [ -z "$already_installed" ]; then
    $sudo apt-get remove -y -q s3mirror </dev/null >/dev/null || true
  fi
}
trap remove_package EXIT
$sudo apt-get install -y -q "./${debs[0]}" </dev/null

version_matches() {
  local output
  output=$(/usr/bin/s3mirror --version) || return 1
  printf '%s\n' "$output" | head -n 1
  printf '%s\n' "$output" | head -n 1 | grep -qF "s3mirror $upstream_version"
}
check "/usr/bin/s3mirror --version prints $upstream_version" version_matches
check "man -w s3mirror finds the manual page" man -w s3mirror
check "bash completion installed" test -f /usr/share/bash-completion/completions/s3mirror

verify_units() {
  local units
  units=$(mktemp -d)
  cp packaging/systemd/s3mirror-sync.service packaging/systemd/s3mirror-sync.timer "$units"/
  # systemd-analyze prints warnings for problems it tolerates; any output counts as a failure.
  local output status=0
  output=$(systemd-analyze verify "$units/s3mirror-sync.service" "$units/s3mirror-sync.timer" 2>&1) ||
    status=$?
  rm -rf "$units"
  [ -z "$output" ] || printf '%s\n' "$output" >&2
  [ "$status" -eq 0 ] && [ -z "$output" ]
}
if command -v systemd-analyze >/dev/null 2>&1; then
  check "systemd-analyze verify s3mirror-sync.service and .timer" verify_units
else
  echo "check-package: skipped: systemd-analyze verify (systemd-analyze not installed)"
fi

if [ ${#failures[@]} -gt 0 ]; then
  printf 'check-package: %d check(s) failed: %s\n' "${#failures[@]}" "${failures[*]}" >&2
  exit 1
fi
echo "check-package: all checks passed"
