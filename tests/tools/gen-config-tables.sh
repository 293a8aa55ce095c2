#!/usr/bin/env bash
# The config tables in the plugins' READMEs, generated from the schemas:
#
#   <!-- config-table: receiver/otlp -->
#   ... `otelc components --config-table receiver/otlp` ...
#   <!-- /config-table -->
#
#   gen-config-tables.sh --check BUILD_DIR   fail when a table disagrees
#   gen-config-tables.sh --write BUILD_DIR   rewrite the tables
#
# Every README.md under plugins/ and sdk-plugin/template/ is scanned; a
# README of an in-tree plugin without a table is an error too.
set -euo pipefail
mode=${1:-}
build=${2:-}
if [[ ($mode != --check && $mode != --write) || -z $build ]]; then
  echo "usage: $0 --check|--write BUILD_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
otelc=$build/bin/otelc
[[ -x $otelc ]] || { echo "no $otelc (build first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for readme in "$root"/plugins/*/*/README.md "$root"/sdk-plugin/template/README.md; do
  rel=${readme#"$root"/}
  if ! grep -q '<!-- config-table: ' "$readme"; then
    echo "FAIL $rel: no <!-- config-table: TYPE --> section"
    status=1
    continue
  fi
  out=$tmp/out.md
  : >"$out"
  in_table=0
  failed=0
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $in_table == 0 && $line =~ ^'<!-- config-table: '([a-z_/]+)' -->'$ ]]; then
      printf '%s\n' "$line" >>"$out"
      if ! "$otelc" components --plugin-dir "$build/lib/otelc/plugins" \
        --config-table "${BASH_REMATCH[1]}" >>"$out" 2>"$tmp/err"; then
        echo "FAIL $rel: $(cat "$tmp/err")"
        failed=1
      fi
      in_table=1
    elif [[ $in_table == 1 && $line == '<!-- /config-table -->' ]]; then
      printf '%s\n' "$line" >>"$out"
      in_table=0
    elif [[ $in_table == 0 ]]; then
      printf '%s\n' "$line" >>"$out"
    fi
  done <"$readme"
  if [[ $in_table == 1 ]]; then
    echo "FAIL $rel: <!-- config-table --> without <!-- /config-table -->"
    failed=1
  fi
  if [[ $failed == 1 ]]; then
    status=1
  elif cmp -s "$out" "$readme"; then
    echo "ok   $rel"
  elif [[ $mode == --write ]]; then
    cp "$out" "$readme"
    echo "wrote $rel"
  else
    echo "FAIL $rel: config table differs from the schema (run $0 --write $build)"
    diff -u "$readme" "$out" | head -40 || true
    status=1
  fi
done
exit $status
