#!/usr/bin/env bash
# abi_dump.sh SOURCE_DIR HEADER_DIR OUT.abi
#
# Compiles sdk-plugin/abi/anchor.c against the headers in HEADER_DIR into a
# throw-away shared object and writes its ABI (libabigail's abidw) to
# OUT.abi. Shared by abi_gate.sh and update_baseline.sh so the baseline and
# the gate's dump are always produced the same way.
#
# The dump is machine-independent: the source is compiled under the
# relative name anchor.c with the header path mapped to "include", and abidw
# leaves out the corpus path, compilation directory, source locations,
# DT_NEEDED entries and the architecture (the layout it records is the
# LP64 one, the same on x86_64 and aarch64). Type ids are content hashes so
# a baseline update shows as a small diff.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 SOURCE_DIR HEADER_DIR OUT.abi" >&2
    exit 2
fi
src_dir=$(cd "$1" && pwd)
hdr_dir=$(cd "$2" && pwd)
out=$3

for tool in abidw "${CC:-cc}"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "abi_dump: $tool not found (install abigail-tools and a C compiler)" >&2
        exit 2
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/otelc-abi-dump.XXXXXX")
trap 'rm -rf "$work"' EXIT

cp "$src_dir/sdk-plugin/abi/anchor.c" "$work/anchor.c"
(
    cd "$work"
    "${CC:-cc}" -std=c11 -Wall -Wextra -Werror -g -Og -fPIC -shared \
        -fvisibility=hidden -fdebug-prefix-map="$hdr_dir"=include \
        -fdebug-prefix-map="$work"=. -I"$hdr_dir" anchor.c -o anchor.so
    abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
        --no-architecture --no-elf-needed --type-id-style hash \
        --out-file anchor.abi anchor.so
)
cp "$work/anchor.abi" "$out"
