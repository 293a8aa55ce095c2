#!/bin/sh
# Builds the libFuzzer targets with clang and runs each one for a bounded
# time on a scratch copy of its committed corpus (so the corpus in the
# repository is never rewritten). Fails when any fuzzer finds a crash, a
# leak or a sanitizer report.
#
#   tests/fuzz/run.sh [SECONDS]      (default 60 per fuzzer)
#   OTELC_FUZZ_BUILD=dir             build directory (default: a temp dir)
#   OTELC_FUZZ_JOBS=n                parallel build jobs (default 2)
set -u

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${OTELC_FUZZ_BUILD:-}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/otelc-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
[ -n "$build" ] || build=$scratch/build

if ! command -v clang >/dev/null 2>&1; then
    echo "run.sh: clang not found" >&2
    exit 2
fi
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DOTELC_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$scratch/configure.log" 2>&1 || {
    cat "$scratch/configure.log" >&2
    echo "run.sh: configure failed" >&2
    exit 2
}
targets=$(cd "$here" && ls fuzz_*.c 2>/dev/null | sed 's/\.c$//')
# shellcheck disable=SC2086
cmake --build "$build" -j"${OTELC_FUZZ_JOBS:-2}" --target $targets \
    >"$scratch/build.log" 2>&1 || {
    tail -50 "$scratch/build.log" >&2
    echo "run.sh: build failed" >&2
    exit 2
}

passed=0
failed=0
for t in $targets; do
    name=${t#fuzz_}
    corpus=$scratch/corpus-$name
    mkdir -p "$corpus" "$scratch/artifacts-$name"
    [ -d "$here/corpus/$name" ] && cp -r "$here/corpus/$name/." "$corpus/"
    dict=
    [ -f "$here/$name.dict" ] && dict=-dict=$here/$name.dict
    exe=$(find "$build" -type f -name "$t" -perm -u+x | head -1)
    echo "== $t: ${secs}s"
    # shellcheck disable=SC2086
    if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$exe" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$scratch/artifacts-$name/" \
        $dict "$corpus" >"$scratch/$name.log" 2>&1; then
        passed=$((passed + 1))
        grep -E "^(stat::number_of_executed_units|#[0-9]+ +DONE)" \
            "$scratch/$name.log" | tail -2
        echo "ok $t"
    else
        failed=$((failed + 1))
        tail -60 "$scratch/$name.log"
        for a in "$scratch/artifacts-$name"/*; do
            [ -f "$a" ] || continue
            keep=${TMPDIR:-/tmp}/otelc-fuzz-$name-$(basename "$a")
            cp "$a" "$keep"
            echo "reproducer: $keep"
        done
        echo "FAIL $t"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
