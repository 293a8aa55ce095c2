# Shared helpers of the otlp receiver's integration tests (sourced).
#
# Expects BUILD_DIR set. Provides:
#   TOOL            the python helper (Debian's python3: it has grpcio)
#   tmp             a fresh temporary directory, removed at exit
#   pass / fail     one "ok ..." / "FAIL ..." line per check, counted
#   check NAME WANT GOT
#   free_port       a free TCP port on 127.0.0.1
#   start_otelc CONFIG   runs otelc (--log-level debug) in the background
#   wait_listen PORT     until PORT accepts connections (10 s at most)
#   stop_otelc      SIGTERM, wait, check the exit code and the sanitizer
#   finish          prints "N passed, N failed" and exits accordingly
# shellcheck shell=bash

OTELC="$BUILD_DIR/bin/otelc"
PY=/usr/bin/python3
TOOL="$(dirname "${BASH_SOURCE[0]}")/otlp_tool.py"
TOOL="$(cd "$(dirname "$TOOL")" && pwd)/$(basename "$TOOL")"

n_pass=0
n_fail=0
otelc_pid=

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otelc-otlp.XXXXXX")
cleanup() {
    if [[ -n "$otelc_pid" ]]; then
        kill -KILL "$otelc_pid" 2>/dev/null || true
    fi
    if [[ -n "${KEEP_TMP:-}" ]]; then
        echo "kept $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

pass() {
    echo "ok $*"
    n_pass=$((n_pass + 1))
}
fail() {
    echo "FAIL $*"
    n_fail=$((n_fail + 1))
}

# check NAME WANT GOT: exact comparison.
check() {
    if [[ "$3" == "$2" ]]; then
        pass "$1 ($3)"
    else
        fail "$1: want '$2', got '$3'"
    fi
}

free_port() {
    "$PY" "$TOOL" port
}

# Sanitizer options: leaks are errors; a report makes the exit code 23 so
# that it can never pass as a clean exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:exitcode=23:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-exitcode=23}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=23}"

start_otelc() {
    "$OTELC" --config "$1" --log-level debug >"$tmp/otelc.out" \
        2>"$tmp/otelc.log" &
    otelc_pid=$!
}

wait_listen() {
    local i
    for ((i = 0; i < 100; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$otelc_pid" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
    done
    return 1
}

stop_otelc() {
    local rc=0 i
    kill -TERM "$otelc_pid" 2>/dev/null
    # Bounded: a collector that does not stop within 30 s is a failure.
    for ((i = 0; i < 300; i++)); do
        kill -0 "$otelc_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$otelc_pid" 2>/dev/null; then
        kill -KILL "$otelc_pid" 2>/dev/null
        fail "otelc did not exit within 30 s of SIGTERM"
    fi
    wait "$otelc_pid" || rc=$?
    otelc_pid=
    check "otelc exit code after SIGTERM" 0 "$rc"
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
        "$tmp/otelc.log"; then
        fail "sanitizer report in otelc's stderr:"
        grep -E -A15 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
            "$tmp/otelc.log" | head -40
    else
        pass "no sanitizer report in otelc's stderr"
    fi
}

# metric NAME LABELS: the value of a self-metric printed at shutdown
# (--log-level debug), 0 when absent. LABELS is the exact label text,
# e.g. 'receiver="otlp",transport="http"'.
metric() {
    local v
    v=$(grep -F "$1{$2} " "$tmp/otelc.log" | tail -1 | awk '{print $NF}')
    echo "${v:-0}"
}

finish() {
    echo "$n_pass passed, $n_fail failed"
    if [[ $n_fail -ne 0 ]]; then
        echo "--- last lines of otelc's log ---"
        tail -30 "$tmp/otelc.log" 2>/dev/null
        exit 1
    fi
    exit 0
}
