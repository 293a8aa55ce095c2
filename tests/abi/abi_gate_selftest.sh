#!/usr/bin/env bash
# The awk programs below are single-quoted on purpose.
# shellcheck disable=SC2016
# abi_gate_selftest.sh SOURCE_DIR BUILD_DIR
#
# Shows that the ABI gate (abi_gate.sh) catches what it must (issue 2,
# acceptance 9): each case copies the SDK headers to a temporary directory,
# modifies the copy, and runs the gate against it.
#   1. a member removed from otelc_component_def   -> gate fails
#   2. two members of otelc_host_api swapped        -> gate fails
#   3. the unmodified copy                          -> gate passes
#   4. a member appended at the end of
#      otelc_host_api (the compatible way to grow)  -> gate passes
#   5. a member inserted in the middle of
#      otelc_component_def                          -> gate fails
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 SOURCE_DIR BUILD_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_dir=$(cd "$1" && pwd)
hdr_src=$src_dir/sdk-plugin/include

passed=0
failed=0
pass() {
    echo "PASS: $*"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL: $*"
    failed=$((failed + 1))
}

work=$(mktemp -d "${TMPDIR:-/tmp}/otelc-abi-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT

# fresh_copy NAME: a pristine copy of the headers in $work/NAME/include.
fresh_copy() {
    mkdir -p "$work/$1"
    cp -R "$hdr_src" "$work/$1/include"
}

# edit FILE AWK_PROGRAM: rewrites FILE with awk, failing when the program
# reports (exit 3) that the line it looks for is not there, so a header
# reformat cannot silently turn a case into a no-op.
edit() {
    local file=$1 prog=$2
    if ! awk "$prog" "$file" >"$file.new"; then
        rm -f "$file.new"
        return 1
    fi
    mv "$file.new" "$file"
}

# run_gate NAME EXPECT(pass|fail) DESCRIPTION
run_gate() {
    local name=$1 expect=$2 what=$3 rc=0
    "$here/abi_gate.sh" "$src_dir" "$work/$name/build" \
        "$work/$name/include" >"$work/$name/gate.log" 2>&1 || rc=$?
    if { [ "$expect" = pass ] && [ $rc -eq 0 ]; } ||
        { [ "$expect" = fail ] && [ $rc -ne 0 ]; }; then
        if [ "$expect" = pass ]; then
            pass "$what: gate passes (exit $rc)"
        else
            pass "$what: gate fails (exit $rc)"
        fi
        if [ "$expect" = fail ]; then
            grep -E '^(FAIL|  not allowed)' "$work/$name/gate.log" |
                head -4 | sed 's/^/    /'
        fi
    else
        fail "$what: gate should $expect but exited $rc"
        sed 's/^/    /' "$work/$name/gate.log"
    fi
}

# Only the headers must be in place; the gate's own prerequisites (abidw,
# the baseline) are checked by the gate.
if [ ! -f "$hdr_src/otelc/plugin.h" ] || [ ! -f "$hdr_src/otelc/host.h" ]; then
    fail "SDK headers not found under $hdr_src"
    echo "$passed passed, $failed failed"
    exit 1
fi

# 1. remove `description` from otelc_component_def
fresh_copy remove
if edit "$work/remove/include/otelc/plugin.h" '
    /^ *const char \*description;/ { found = 1; next }
    { print }
    END { if (!found) exit 3 }'; then
    run_gate remove fail "1. otelc_component_def.description removed"
else
    fail "1. could not find otelc_component_def.description in plugin.h"
fi

# 2. swap ctx_id and ctx_type in otelc_host_api: both have the same type
#    and size, so only the member offsets tell the difference.
fresh_copy swap
if edit "$work/swap/include/otelc/host.h" '
    /\(\*ctx_id\)\(otelc_ctx \*ctx\);/ && !held { held = $0; next }
    /\(\*ctx_type\)\(otelc_ctx \*ctx\);/ && held { print; print held; done = 1; next }
    { print }
    END { if (!done) exit 3 }'; then
    run_gate swap fail "2. otelc_host_api.ctx_id and ctx_type swapped"
else
    fail "2. could not find otelc_host_api.ctx_id/ctx_type in host.h"
fi

# 3. unmodified copy
fresh_copy same
run_gate same pass "3. unmodified headers"

# 4. append a member at the end of otelc_host_api
fresh_copy append
if edit "$work/append/include/otelc/host.h" '
    /^} otelc_host_api;/ { print "    int (*selftest_appended)(otelc_ctx *ctx);"; done = 1 }
    { print }
    END { if (!done) exit 3 }'; then
    run_gate append pass "4. member appended at the end of otelc_host_api"
else
    fail "4. could not find the end of otelc_host_api in host.h"
fi

# 5. insert a member in the middle of otelc_component_def
fresh_copy middle
if edit "$work/middle/include/otelc/plugin.h" '
    { print }
    /^ *uint32_t +kind; +\/\* otelc_kind \*\// { print "    uint32_t selftest_inserted;"; done = 1 }
    END { if (!done) exit 3 }'; then
    run_gate middle fail "5. member inserted in the middle of otelc_component_def"
else
    fail "5. could not find otelc_component_def.kind in plugin.h"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
