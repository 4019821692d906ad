#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds eslab (release) and starts it on the embedded
# SQLite default store, eslab.db in the current folder: the window. Extra arguments go to eslab
# (e.g. "run" for a headless run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-dependencies.sh"
# Presets are read from the folder cmake runs in; the store stays in the caller's folder.
(cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release)

if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run.sh: no display to open the window on (DISPLAY is not set)." >&2
    echo "        Headless, try: $root/build-release/ui/eslab run   (or xvfb-run -a $0)" >&2
    exit 2
fi
exec "$root/build-release/ui/eslab" "$@"
