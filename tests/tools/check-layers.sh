#!/usr/bin/env bash
# Fails when a file in core/ includes a header of a layer above its own, of
# a sibling layer, or a private (*_int.h) header of another folder.
#
#   base <- config <- data <- plugin <- runtime <- {net/server, net/client,
#   export} <- api <- main.c
#
# The build enforces the same order (each layer's library sees only the
# include directories below it); this check names the offending line even
# where a header happens to resolve another way.
#
#   check-layers.sh [CORE_DIR]            check the tree (default: core/)
#   check-layers.sh --selftest            prove it fails on an upward include
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = --selftest ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp -r "$here/../../core" "$tmp/core"
  pass=0 fail=0
  check() { # name, expected exit (0|1), on the current state of $tmp/core
    local name=$1 want=$2
    if "$here/check-layers.sh" "$tmp/core" >"$tmp/out" 2>&1; then got=0; else got=1; fi
    if [ "$got" = "$want" ]; then
      echo "ok   $name"; pass=$((pass + 1))
    else
      echo "FAIL $name (exit $got, wanted $want)"; cat "$tmp/out"; fail=$((fail + 1))
    fi
  }
  check "the committed tree passes" 0
  cp "$tmp/core/data/batch.c" "$tmp/batch.c.orig"
  printf '#include "ctx.h"\n' >>"$tmp/core/data/batch.c"
  check "data including a runtime header fails" 1
  grep -q 'data/batch.c:.*ctx.h.*runtime' "$tmp/out" &&
    { echo "ok   the error names the file, the header and its layer"; pass=$((pass + 1)); } ||
    { echo "FAIL error text: $(cat "$tmp/out")"; fail=$((fail + 1)); }
  cp "$tmp/batch.c.orig" "$tmp/core/data/batch.c"
  printf '#include "http_client.h"\n' >>"$tmp/core/net/server/server.c"
  check "net/server including net/client fails" 1
  sed -i '$d' "$tmp/core/net/server/server.c"
  printf '#include "runtime_int.h"\n' >>"$tmp/core/export/backoff.c"
  check "a private header of another folder fails" 1
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit
fi

core=$(cd "${1:-$here/../../core}" && pwd)
declare -A rank=([base]=0 [config]=1 [data]=2 [plugin]=3 [runtime]=4
                 [net/server]=5 [net/client]=5 [export]=5 [api]=6 [.]=7)
layers=(base config data plugin runtime net/server net/client export api)

layer_of_file() { # path relative to core -> layer folder
  local rel=$1
  for l in "${layers[@]}"; do
    case $rel in "$l"/*) echo "$l"; return ;; esac
  done
  echo .
}

# Which layer provides header $1? (generated OTLP headers belong to data)
layer_of_header() {
  local h=$1
  case $h in opentelemetry/*) echo data; return ;; esac
  for l in "${layers[@]}"; do
    [ -f "$core/$l/$h" ] && { echo "$l"; return; }
  done
  echo ""
}

bad=0 n=0
while IFS= read -r -d '' f; do
  rel=${f#"$core"/}
  case $rel in */proto/*) continue ;; esac
  src=$(layer_of_file "$rel")
  n=$((n + 1))
  while IFS=: read -r line hdr; do
    # Same folder first, as the compiler searches.
    [ -f "$(dirname "$f")/$hdr" ] && continue
    dst=$(layer_of_header "$hdr")
    [ -z "$dst" ] && continue # a system or SDK header under quotes
    if [ "${rank[$dst]}" -gt "${rank[$src]}" ] ||
       { [ "${rank[$dst]}" -eq "${rank[$src]}" ] && [ "$dst" != "$src" ]; }; then
      echo "core/$rel:$line: includes \"$hdr\" of layer $dst, which is not below $src"
      bad=$((bad + 1))
    elif [[ $hdr == *_int.h ]]; then
      echo "core/$rel:$line: includes \"$hdr\", private to core/$dst"
      bad=$((bad + 1))
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
           sed -E 's/^([0-9]+):.*"([^"]+)".*/\1:\2/')
done < <(find "$core" -name '*.[ch]' -print0)

if [ "$bad" -ne 0 ]; then
  echo "layer check: $bad upward include(s); the order is base <- config <- data <- plugin <- runtime <- {net/server, net/client, export} <- api <- main.c (CONTRIBUTING.md)"
  exit 1
fi
echo "layer check: $n files, every include points down"
