#!/usr/bin/env bash
# Installs the Debian 12 packages eslab needs to build, run and test; skips what is present.
set -euo pipefail

packages=(
    g++ cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools
    libqt6sql6-sqlite libqt6sql6-psql libqt6opengl6-dev libgl-dev
    libsqlite3-dev sqlite3 libpq-dev xvfb xauth fonts-noto-cjk
)
if [ "${1:-}" = "--tests" ]; then
    packages+=(postgresql valgrind)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "Installing: ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
