#!/usr/bin/env bash
# abi_gate.sh SOURCE_DIR BUILD_DIR [HEADER_DIR]
#
# The SDK ABI gate (issue 2, acceptance 9). Dumps the ABI of the plugin SDK
# headers in HEADER_DIR (default SOURCE_DIR/sdk-plugin/include) through
# sdk-plugin/abi/anchor.c and compares it with the committed baseline
# sdk-plugin/abi/otelc-sdk.abi using abidiff. Fails, printing abidiff's
# report, on any change that is not known to be compatible.
#
# What passes and why (see sdk-plugin/ABI.md, "append-only"):
#  - no change at all;
#  - new enumerators (abidiff itself files them as harmless and filters
#    them; new status codes and kinds are appended this way);
#  - members appended at the END of otelc_plugin, otelc_component_def or
#    otelc_host_api: the only structs whose struct_size is exchanged and
#    checked, so an old peer reads them only up to the size it knows.
#    Precisely: the struct grows, and every inserted member sits at or
#    after the old size; no existing member moves or changes;
#  - new anchor functions (an anchor added for a new public type).
# Everything else fails: a removed, reordered or retyped member (offsets of
# existing members change, or a member disappears), a member inserted in
# the middle or into tail padding, a size change of any other struct
# (including otelc_iter, whose size is compiled into plugins), a changed
# enumerator value, a removed anchor function.
#
# abidiff's exit status is a bit field: 1 error, 2 usage error, 4
# ABIDIFF_ABI_CHANGE, 8 ABIDIFF_ABI_INCOMPATIBLE_CHANGE. Bit 8 is only set
# for removed functions/variables; a removed or reordered struct member is
# merely bit 4, the same bit an appended member sets. So bits 1, 2 and 8
# fail outright, and for bit 4 the report is classified line by line with
# a whitelist (anything not recognised as the compatible kinds above
# fails). libabigail's `has_data_member_inserted_at = end` suppression is
# not used: in libabigail 2.2 it also hides a pure reorder of members.
#
# For a deliberate incompatible change (a new major) regenerate the
# baseline with tests/abi/update_baseline.sh.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 SOURCE_DIR BUILD_DIR [HEADER_DIR]" >&2
    exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_dir=$(cd "$1" && pwd)
build_dir=$2
hdr_dir=${3:-$src_dir/sdk-plugin/include}
baseline=$src_dir/sdk-plugin/abi/otelc-sdk.abi

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
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

work=$(mktemp -d "${TMPDIR:-/tmp}/otelc-abi-gate.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "abi gate: headers $hdr_dir"
echo "abi gate: baseline $baseline"

if [ ! -f "$baseline" ]; then
    fail "baseline $baseline is missing (create it with tests/abi/update_baseline.sh)"
    finish
    exit 1
fi

if "$here/abi_dump.sh" "$src_dir" "$hdr_dir" "$work/current.abi"; then
    pass "anchor.c compiles against the headers and abidw dumps it"
else
    fail "could not build or dump the ABI anchor"
    finish
    exit 1
fi
# Keep the dump and the report next to the build for inspection.
mkdir -p "$build_dir/tests/abi"
cp "$work/current.abi" "$build_dir/tests/abi/otelc-sdk.current.abi"

set +e
abidiff "$baseline" "$work/current.abi" >"$work/report" 2>&1
rc=$?
set -e
cp "$work/report" "$build_dir/tests/abi/abi_gate.report"

# Classifies abidiff's report. Prints the offending lines and exits 1 if
# anything other than the compatible changes described above is reported.
classify() {
    awk '
    function bad(why) {
        printf "  not allowed: %s\n    %s\n", why, $0
        nbad++
    }
    BEGIN {
        allowed["otelc_plugin"] = 1
        allowed["otelc_component_def"] = 1
        allowed["otelc_host_api"] = 1
        allowed["otelc_http_response"] = 1
        allowed["otelc_grpc_response"] = 1
        cur = ""; oldsize = -1; in_ins = 0; nbad = 0
    }
    {
        line = $0
        sub(/^[ \t]+/, "", line)
    }
    line == "" { next }
    line ~ /^Functions changes summary:/ {
        if (line !~ /: 0 Removed,/) bad("functions removed")
        next
    }
    line ~ /^Variables changes summary:/ {
        if (line !~ /: 0 Removed, 0 Changed/) bad("variables removed or changed")
        next
    }
    line ~ /^[0-9]+ functions? with some indirect sub-type changes?:$/ { next }
    line ~ /^[0-9]+ Added functions?:$/ { in_ins = 0; next }
    line ~ /^\[A\] / { next }
    line ~ /^\[C\] '\''function .*'\''( has some indirect sub-type changes:)?$/ {
        in_ins = 0; next
    }
    line ~ /^return type changed:$/ { in_ins = 0; cur = ""; next }
    line ~ /^parameter [0-9]+ of type '\''.*'\'' has sub-type changes:$/ {
        in_ins = 0; cur = ""; next
    }
    line ~ /^in (pointed to|unqualified underlying|referenced) type '\''.*'\'':$/ {
        in_ins = 0; cur = ""; next
    }
    line ~ /^type of '\''.*'\'' changed:$/ { in_ins = 0; cur = ""; next }
    line ~ /^underlying type '\''(struct|union|enum) [A-Za-z0-9_]+'\'' changed:$/ {
        cur = line
        sub(/^underlying type '\''(struct|union|enum) /, "", cur)
        sub(/'\'' changed:$/, "", cur)
        oldsize = -1; in_ins = 0
        next
    }
    line ~ /^type size hasn'\''t changed$/ { in_ins = 0; next }
    line ~ /^no data member changes? \([0-9]+ filtered\);?$/ { in_ins = 0; next }
    line ~ /^type size changed from [0-9]+ to [0-9]+ \(in bits\)$/ {
        split(line, w, " ")
        in_ins = 0
        if (!(cur in allowed))
            bad("size change of " (cur == "" ? "a type" : cur) \
                " (only otelc_plugin, otelc_component_def, " \
                "otelc_host_api and the client responses may grow)")
        else if (w[7] + 0 <= w[5] + 0)
            bad(cur " shrinks")
        else
            oldsize = w[5] + 0
        next
    }
    line ~ /^[0-9]+ data member insertions?:$/ {
        if (!(cur in allowed) || oldsize < 0)
            bad("member inserted without growing a size-checked struct")
        in_ins = 1
        next
    }
    in_ins && line ~ /^'\''.*'\'', at offset [0-9]+ \(in bits\)$/ {
        off = line
        sub(/^.*, at offset /, "", off)
        sub(/ .*$/, "", off)
        if (off + 0 < oldsize)
            bad("member inserted before the end of " cur)
        next
    }
    { in_ins = 0; bad("change that is not an append") }
    END { exit nbad ? 1 : 0 }
    ' "$1"
}

case $rc in
0)
    pass "abidiff: no ABI change against the baseline"
    ;;
4)
    if classify "$work/report" >"$work/why"; then
        pass "abidiff: only compatible changes (appended members/functions)"
        sed 's/^/    /' "$work/report"
        echo "    (update the baseline with tests/abi/update_baseline.sh when releasing them)"
    else
        fail "abidiff: incompatible ABI change against the baseline"
        cat "$work/why"
        echo "  abidiff report:"
        sed 's/^/    /' "$work/report"
    fi
    ;;
*)
    if [ $((rc & 3)) -ne 0 ]; then
        fail "abidiff failed to run (exit status $rc)"
    else
        fail "abidiff: incompatible ABI change (exit status $rc: ABI_INCOMPATIBLE_CHANGE)"
    fi
    sed 's/^/    /' "$work/report"
    ;;
esac

finish
