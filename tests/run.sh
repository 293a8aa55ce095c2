#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what is
# needed, builds (warnings are errors), runs every test with ctest, then
# builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# every test once more.
#
# Then builds the libFuzzer targets with clang and runs each for a bounded
# time (OTELC_FUZZ_SECONDS, default 60) on its committed corpus.
#
#   tests/run.sh              everything
#   OTELC_SKIP_ASAN=1 tests/run.sh   skip the sanitizer build
#   OTELC_FUZZ_SECONDS=0 tests/run.sh  skip fuzzing
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

fuzz_secs=${OTELC_FUZZ_SECONDS:-60}
if [ "$fuzz_secs" != 0 ]; then
  echo "== fuzzing (${fuzz_secs}s per target)"
  OTELC_FUZZ_BUILD="$build-fuzz" OTELC_FUZZ_JOBS="$jobs" \
    "$src/tests/fuzz/run.sh" "$fuzz_secs"
fi
