#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds eslab (dev preset) and runs the whole test suite;
# then runs one small end-to-end run under valgrind's memcheck, and builds the asan preset and
# runs the whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (docs/RELIABILITY.md). ESLAB_SKIP_SANITIZERS=1 stops after the dev suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-dependencies.sh" --tests
cd "$root"
# The PostgreSQL store tests start a throwaway cluster of their own; the server packages are
# installed above, so here they must run, never skip.
export ESLAB_REQUIRE_POSTGRESQL=1
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
[ "${ESLAB_SKIP_SANITIZERS:-0}" = "1" ] && exit 0

# Memcheck on two runs of a few orders, end to end: a new store, then a second run on it (the
# simulation, the projections' catch-up, the report) and a verify. Any memory error, or a block
# definitely lost, fails.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cat >"$scratch/tiny.json" <<'JSON'
{"name": "Tiny", "orders": {"count": 8, "quantity": {"min": 100, "max": 300}},
 "failures": {"batch_failure_rate": 0.2, "poison_event_rate": 0.5}, "snapshots": {"n": 3}}
JSON
memcheck=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite --show-leak-kinds=definite --num-callers=30 --quiet)
start=$(date +%s)
for command in run run verify; do
    arguments=("$command" --db "$scratch/tiny.db")
    [ "$command" = run ] && arguments+=("$scratch/tiny.json")
    "${memcheck[@]}" "$root/build/ui/eslab" "${arguments[@]}" >/dev/null
done
echo "valgrind memcheck: two eslab runs of 8 orders and a verify, clean, in $(($(date +%s) - start)) s"

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer: the first report
# fails the test that made it. LeakSanitizer ignores leaks inside Qt, fontconfig and glib only.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tests/reliability/lsan.supp:print_suppressions=0"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan
