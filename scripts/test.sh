#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds eslab (dev preset) and runs the whole test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-dependencies.sh" --tests
cd "$root"
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
