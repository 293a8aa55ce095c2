#!/usr/bin/env bash
# The command line as a user meets it: version, help, exit codes, config
# files merged in order, --set, ${env:...} and ${file:...} expansion, and
# config errors with file and line.
set -uo pipefail
build=$1
otelc=$build/bin/otelc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
expect() { # name, expected exit, command...
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>&1; local got=$?
  if [ "$got" = "$want" ]; then ok "$name (exit $got)"; else bad "$name: exit $got, want $want"; cat "$tmp/out"; fi
}
contains() { # name, needle
  if grep -qF -- "$2" "$tmp/out"; then ok "$1"; else bad "$1: output lacks: $2"; cat "$tmp/out"; fi
}

expect "--version" 0 "$otelc" --version
contains "version names the plugin ABI" "plugin ABI 1."
expect "--help" 0 "$otelc" --help
contains "help documents exit codes" "Exit status"
expect "unknown option" 2 "$otelc" --bogus
expect "unknown command" 2 "$otelc" frobnicate

expect "components" 0 "$otelc" components
for t in "receiver   generator" "processor  batch" "exporter   debug"; do
  contains "components lists $t" "$t"
done
contains "components names plugin files" "lib/otelc/plugins/processor_batch.so"

cat >"$tmp/a.yaml" <<'YAML'
receivers:
  generator:
    count: 3
    rate: 1000
    interval: 10ms
processors:
  batch:
    timeout: 50ms
exporters:
  debug:
    verbosity: basic
service:
  workers: 2
  pipelines:
    traces:
      receivers: [generator]
      processors: [batch]
      exporters: [debug]
YAML
printf 'detailed\n' >"$tmp/verbosity.txt"
cat >"$tmp/b.yaml" <<YAML
exporters:
  debug:
    verbosity: \${file:$tmp/verbosity.txt}
    sampling_initial: \${env:OTELC_CLI_TEST_INITIAL:-100}
YAML

expect "validate merged files" 0 "$otelc" validate --config "$tmp/a.yaml" --config "$tmp/b.yaml"
contains "validate says valid" "configuration is valid"

# Run: b.yaml's ${file:} makes debug detailed, --set makes one worker.
( "$otelc" --config "$tmp/a.yaml" --config "$tmp/b.yaml" --set service.workers=1 >"$tmp/out" 2>&1 & echo $! >"$tmp/pid"; wait ) &
sleep 1.5
kill -TERM "$(cat "$tmp/pid")" 2>/dev/null
wait
contains "--set service.workers=1 applied" "1 worker(s)"
contains "\${file:} expanded into debug verbosity (detailed output)" "Span #0"
n=$(grep -c "Span #" "$tmp/out" || true)
if [ "$n" = 3 ]; then ok "generator count 3 -> 3 spans printed"; else bad "expected 3 spans, got $n"; fi

OTELC_CLI_TEST_INITIAL=oops expect "\${env:} value type-checked" 2 \
  "$otelc" validate --config "$tmp/a.yaml" --config "$tmp/b.yaml"
contains "env-expanded error names file and line" "b.yaml:4:"

expect "--set wrong type" 2 "$otelc" validate --config "$tmp/a.yaml" --set processors.batch.timeout=soon
contains "--set error says where" "--set: processors.batch.timeout"

cat >"$tmp/c.yaml" <<'YAML'
receivers:
  generator:
exporters:
  debug:
service:
  pipelines:
    traces:
      receivers: [generator]
      exporters: [debgu]
YAML
expect "undefined exporter" 2 "$otelc" validate --config "$tmp/c.yaml"
contains "error has file:line:col and path" "c.yaml:9:19: service.pipelines.traces.exporters[0]: exporter \"debgu\" is not defined"
contains "unused component reported" "c.yaml:4:3: exporters.debug: exporter \"debug\" is defined but not used"

# The README's run command: the shipped default config starts, shows data
# flowing, and stops cleanly on SIGTERM.
src=$(cd "$(dirname "$0")/../.." && pwd)
"$otelc" --config "$src/configs/default.yaml" >"$tmp/out" 2>&1 &
dpid=$!
for _ in $(seq 50); do grep -q "Traces: resource spans" "$tmp/out" && break; sleep 0.1; done
kill -TERM "$dpid"; wait "$dpid"; code=$?
contains "configs/default.yaml runs generator -> batch -> debug" "Traces: resource spans"
if [ "$code" = 0 ]; then ok "default config: SIGTERM exits 0"; else bad "default config exit $code"; fi

expect "missing config file" 2 "$otelc" validate --config "$tmp/nope.yaml"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
