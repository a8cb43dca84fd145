#!/usr/bin/env bash
# Builds the Debian package from this source tree: packaging/build-deb.sh [OUT_DIR]
# Installs the packaging tools it needs (debhelper, lintian), builds in a scratch copy with
# dpkg-buildpackage -us -uc -b, runs lintian (errors fail the build) and leaves the .deb in OUT_DIR
# (default: build-deb/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build-deb}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

need=()
for pkg in debhelper lintian dpkg-dev fakeroot; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/s3mirror"
# The source without build trees or git metadata; debian/ comes from packaging/debian.
tar -C "$root" --exclude='./build*' --exclude='./.git' --exclude='./.deps' -cf - . |
  tar -C "$work/s3mirror" -xf -
cp -r "$root/packaging/debian" "$work/s3mirror/debian"
if git -C "$root" rev-parse --short HEAD >/dev/null 2>&1; then
  # Keep the git revision for --version although the scratch copy has no .git.
  echo "$(git -C "$root" rev-parse --short HEAD)" > "$work/s3mirror/.git-revision"
fi

(cd "$work/s3mirror" && DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b)
lintian --fail-on error --suppress-tags no-manual-page "$work"/*.deb
mkdir -p "$out"
cp "$work"/*.deb "$out"/
ls -l "$out"/*.deb
