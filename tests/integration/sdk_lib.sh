# shellcheck shell=bash
# Shared by the SDK acceptance tests (sdk_template.sh, sdk_examples.sh):
# a scratch directory with cleanup, the install of the build tree into a
# temporary prefix, and the out-of-tree build of a plugin project against
# that prefix only. Source it after setting BUILD_DIR and SRC_DIR.
#
#   sdk_setup NAME                 $tmp (removed at exit), pids (killed at exit)
#   sdk_install                    cmake --install into $tmp/prefix; sets OTELC
#   sdk_build_project DIR TARGET [CMAKE_ARGS...]
#                                  configures and builds DIR against the prefix;
#                                  fails when a compile command points into
#                                  $SRC_DIR, when DIR/build/TARGET.so is missing
#                                  or exports anything but otelc_plugin_v1

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
ok() { echo "ok: $*"; }

sdk_setup() {
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/otelc-$1.XXXXXX")
    pids=()
    trap sdk_cleanup EXIT
}

sdk_cleanup() {
    local pid running
    # Only our children not yet reaped: a pid already waited for may have
    # been reused by someone else's process.
    running=" $(jobs -p | tr '\n' ' ') "
    for pid in "${pids[@]}"; do
        [[ $running == *" $pid "* ]] && kill -KILL "$pid" 2>/dev/null
    done
    rm -rf "$tmp"
}

sdk_install() {
    echo "== installing $BUILD_DIR into $tmp/prefix"
    cmake --install "$BUILD_DIR" --prefix "$tmp/prefix" >"$tmp/install.log" ||
        fail "cmake --install failed: $(cat "$tmp/install.log")"
    # shellcheck disable=SC2034 # used by the sourcing script
    OTELC="$tmp/prefix/bin/otelc"
}

sdk_build_project() {
    local proj=$1 target=$2 name cc_json syms
    shift 2
    name=$(basename "$proj")
    cmake -S "$proj" -B "$proj/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" \
        >"$tmp/$name.configure.log" 2>&1 ||
        fail "configuring $name failed: $(cat "$tmp/$name.configure.log")"
    cc_json="$proj/build/compile_commands.json"
    [[ -f "$cc_json" ]] || fail "$name: no compile_commands.json"
    if grep -F "$SRC_DIR/" "$cc_json" >/dev/null; then
        grep -F "$SRC_DIR/" "$cc_json" >&2
        fail "$name: compile commands reference the source tree ($SRC_DIR)"
    fi
    grep -F -- "-I$tmp/prefix/include" "$cc_json" >/dev/null ||
        grep -F -- "-isystem $tmp/prefix/include" "$cc_json" >/dev/null ||
        fail "$name: compile commands do not use the installed include directory"
    cmake --build "$proj/build" >"$tmp/$name.build.log" 2>&1 ||
        fail "building $name failed: $(cat "$tmp/$name.build.log")"
    [[ -f "$proj/build/$target.so" ]] || fail "no $target.so after the build"
    syms=$(nm -D --defined-only "$proj/build/$target.so" | awk '{print $3}' |
        sort -u)
    [[ "$syms" == "otelc_plugin_v1" ]] ||
        fail "$target exports more than otelc_plugin_v1: ${syms//$'\n'/ }"
}
