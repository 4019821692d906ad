#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds eslab (release) and starts it on the embedded
# SQLite default store, eslab.db in the current folder. Extra arguments go to eslab.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-dependencies.sh"
cmake --preset release -S "$root" >/dev/null
cmake --build --preset release

if [ $# -eq 0 ]; then
    # The window is not built yet: run the default scenario headless and print its report.
    set -- run
fi
exec "$root/build-release/ui/eslab" "$@"
