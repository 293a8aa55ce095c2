#!/usr/bin/env bash
# symbols.sh BUILD_DIR
#
# Issue 2, acceptance 4: the collector exports nothing a plugin could bind
# to, every plugin exports only its entry point, and plugins are linked
# with -z defs (no undefined reference to anything but the libraries they
# name, so never to the host).
#
#  1. `nm -D --defined-only BUILD_DIR/bin/otelc` lists nothing but
#     shared-library data objects the executable holds through copy
#     relocations (see below). core/otelc.map makes everything of the
#     host local.
#  2. every BUILD_DIR/lib/otelc/plugins/*.so defines exactly one dynamic
#     symbol, otelc_plugin_v1.
#  3. every plugin's undefined dynamic symbols resolve in the libraries it
#     declares (ldd -r reports no "undefined symbol"), none of those
#     libraries is otelc itself or anything in the build tree, and the
#     plugin names only system libraries. Strong undefined symbols outside
#     glibc (libc, libm, libpthread, libdl all carry GLIBC_* versions) are
#     listed for information: a plugin may use its own third-party library.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
build_dir=$(cd "$1" && pwd)
otelc=$build_dir/bin/otelc
plugin_dir=$build_dir/lib/otelc/plugins

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

for tool in nm readelf ldd; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "symbols: $tool not found (binutils, libc-bin)" >&2
        exit 2
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/otelc-symbols.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---- 1. the collector ----
# Allowed: a symbol the executable defines only because of a COPY
# relocation. A reference from the executable to a data object of a shared
# library (libc's stdout, stderr, environ, optarg; libasan's
# __asan_option_detect_stack_use_after_return in sanitizer builds) makes
# the linker copy the object into the executable's .bss and export the copy
# so the library itself uses it. It is still the library's object under the
# library's (versioned) name: a plugin binding to it binds to libc or
# libasan, not to the host, and host code never gets COPY relocations.
# Seen with gcc on Debian 12: stdout@GLIBC_2.2.5, stderr@GLIBC_2.2.5, plus
# __asan_option_detect_stack_use_after_return under -fsanitize=address.
# Nothing else is allowed: the linker-defined symbols (_edata, _end,
# __bss_start, _IO_stdin_used, __data_start, _init, _fini) are made local
# by core/otelc.map, so if they ever show up the version script is no
# longer applied.
if [ ! -x "$otelc" ]; then
    fail "$otelc not found or not executable"
else
    readelf -rW "$otelc" | awk '$3 ~ /_COPY$/ { print $5 }' | sort -u \
        >"$work/copy_relocs"
    nm -D --defined-only "$otelc" | awk '{ print $NF }' >"$work/otelc_syms"
    bad=0
    while read -r sym; do
        [ -n "$sym" ] || continue
        if grep -qxF "$sym" "$work/copy_relocs"; then
            echo "  allowed: $sym (library data object, copy relocation)"
        else
            echo "  exported by otelc: $sym"
            bad=1
        fi
    done <"$work/otelc_syms"
    if [ "$bad" -eq 0 ]; then
        pass "otelc exports no symbol a plugin could bind to (only $(wc -l <"$work/otelc_syms") copy-relocated library objects)"
    else
        fail "otelc exports host symbols (check core/otelc.map and its link option)"
    fi
fi

# ---- 2 and 3. the plugins ----
shopt -s nullglob
plugins=("$plugin_dir"/*.so)
shopt -u nullglob
if [ ${#plugins[@]} -eq 0 ]; then
    fail "no plugins in $plugin_dir"
fi

for so in "${plugins[@]}"; do
    name=${so##*/}

    defined=$(nm -D --defined-only "$so" | awk '{ print $NF }' | tr '\n' ' ')
    if [ "$defined" = "otelc_plugin_v1 " ]; then
        pass "$name exports exactly otelc_plugin_v1"
    else
        fail "$name exports [${defined% }] instead of only otelc_plugin_v1"
    fi

    # ldd -r relocates data and functions and reports what stays
    # undefined. With -z defs the link itself would have failed, so any
    # line here means the plugin was not linked with -z defs.
    if ! ldd -r "$so" >"$work/ldd" 2>&1; then
        fail "$name: ldd -r failed"
        sed 's/^/    /' "$work/ldd"
        continue
    fi
    if grep -q "undefined symbol" "$work/ldd"; then
        fail "$name has unresolved symbols (not linked with -z defs?)"
        grep "undefined symbol" "$work/ldd" | sed 's/^/    /'
    else
        pass "$name: every undefined symbol resolves in its own libraries (-z defs)"
    fi

    # The libraries it needs must not be the host or part of the build.
    readelf -dW "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$work/needed"
    bad=0
    while read -r lib; do
        path=$(awk -v l="$lib" '$1 == l && $2 == "=>" { print $3 }' "$work/ldd")
        case "$lib:$path" in
        otelc* | *:"$build_dir"/*)
            echo "  $name needs $lib ($path): part of otelc"
            bad=1
            ;;
        esac
    done <"$work/needed"
    if [ "$bad" -eq 0 ]; then
        pass "$name needs only outside libraries: $(tr '\n' ' ' <"$work/needed")"
    else
        fail "$name links against the host"
    fi

    # Information: strong undefined symbols that are not glibc's (nor the
    # sanitizer runtimes' in sanitizer builds).
    nm -D --undefined-only "$so" |
        awk '$1 == "U" && $2 !~ /@GLIBC_/ && $2 !~ /^__(asan|ubsan|lsan|sanitizer)_/ { print $2 }' \
        >"$work/foreign"
    if [ -s "$work/foreign" ]; then
        echo "  note: $name uses symbols outside glibc: $(tr '\n' ' ' <"$work/foreign")"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
