#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what is
# needed, builds (warnings are errors), runs every test with ctest, then
# builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# every test once more.
#
#   tests/run.sh              everything
#   OTELC_SKIP_ASAN=1 tests/run.sh   only the normal build
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${OTELC_BUILD_DIR:-$src/build}
jobs=$(nproc)
# One npm install serves both builds' interop tests.
export OTELC_NPM_CACHE=${OTELC_NPM_CACHE:-$build-npm}

"$src/tests/tools/install-deps.sh"

echo "== build ($build)"
cmake -S "$src" -B "$build" -DOTELC_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$jobs"
echo "== tests"
ctest --test-dir "$build" --output-on-failure -j"$jobs"

if [ "${OTELC_SKIP_ASAN:-0}" != 1 ]; then
  echo "== build with ASan+UBSan ($build-asan)"
  cmake -S "$src" -B "$build-asan" -DOTELC_WERROR=ON -DCMAKE_BUILD_TYPE=Debug \
    -DOTELC_SANITIZE=address,undefined >/dev/null
  cmake --build "$build-asan" -j"$jobs"
  echo "== tests under ASan+UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$build-asan" --output-on-failure -j"$jobs"
fi
