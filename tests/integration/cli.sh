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

expect "validate without --config" 2 "$otelc" validate
contains "validate without --config says what is missing" "validate needs --config FILE"

# A new plugin author's typos: each error says what would have worked, and
# one round reports everything, unused components included.
cat >"$tmp/typo.yaml" <<'YAML'
receivers:
  generator:
    count: 1
exporters:
  debgu:
  debug:
    verbosty: basic
  file/spare:
    pathh: /tmp/x
service:
  pipelines:
    traces:
      receivers: [generator]
      exporters: [debug, nope]
YAML
expect "typos" 2 "$otelc" validate --config "$tmp/typo.yaml"
contains "unknown type suggests" "unknown exporter type \"debgu\" (did you mean \`debug\`?)"
contains "unknown type lists the exporter types" "available exporter types: debug, file, nop"
contains "unknown type names the plugin directories" "plugin directories searched: "
contains "unknown type points at otelc components" "\`otelc components\` lists every component"
contains "unknown key suggests" "exporters.debug.verbosty: unknown key \"verbosty\" (did you mean \`verbosity\`?)"
contains "unused component's settings are checked" "exporters.file/spare.pathh: unknown key \"pathh\""
contains "pipeline errors in the same round" "exporter \"nope\" is not defined"

# A deprecated key in a schema section is warned about once, although
# validation reads the section before create() reads it again.
cat >"$tmp/deprecated.yaml" <<'YAML'
receivers:
  generator:
exporters:
  otlp_http:
    endpoint: http://127.0.0.1:1
    sending_queue:
      blocking: true
service:
  pipelines:
    traces: {receivers: [generator], exporters: [otlp_http]}
YAML
expect "deprecated key" 0 "$otelc" validate --config "$tmp/deprecated.yaml"
n=$(grep -c '"blocking" is deprecated' "$tmp/out" || true)
if [ "$n" = 1 ]; then ok "deprecated key: warned once"; else bad "deprecated key: warned $n times"; cat "$tmp/out"; fi

expect "--set invalid value" 2 "$otelc" validate --config "$tmp/a.yaml" --set 'exporters.debug.verbosity=['
if [ "$(grep -c -- '--set' "$tmp/out")" = 1 ] && ! grep -q -- '--set:' "$tmp/out"; then
  ok "--set invalid value: one line naming the --set once"
else bad "--set invalid value said twice"; cat "$tmp/out"; fi
expect "empty pipelines" 2 "$otelc" validate --config "$tmp/a.yaml" --set 'service.pipelines='
contains "pipelines error names its path once" "--set: service.pipelines: at least one pipeline is required"

# Listeners: one line per listener however many workers; a port in use
# reads like what it is.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/listen.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc: {endpoint: "127.0.0.1:$port"}
exporters:
  nop:
service:
  workers: 3
  pipelines:
    traces: {receivers: [otlp], exporters: [nop]}
YAML
( "$otelc" --config "$tmp/listen.yaml" >"$tmp/out" 2>&1 & echo $! >"$tmp/pid"; wait ) &
for _ in $(seq 50); do grep -q "everything is ready" "$tmp/out" && break; sleep 0.1; done
kill -TERM "$(cat "$tmp/pid")" 2>/dev/null
wait
n=$(grep -c "listening on 127.0.0.1:$port" "$tmp/out" || true)
if [ "$n" = 1 ]; then ok "3 workers: one 'listening on' line"; else bad "3 workers: $n 'listening on' lines"; cat "$tmp/out"; fi
python3 -c "
import socket, sys, time
s = socket.socket(); s.bind(('127.0.0.1', $port)); s.listen()
open('$tmp/held', 'w').close(); time.sleep(5)" &
holder=$!
for _ in $(seq 50); do [ -e "$tmp/held" ] && break; sleep 0.1; done
expect "port in use" 1 timeout 10 "$otelc" --config "$tmp/listen.yaml"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
contains "port in use: plain message" "cannot listen on 127.0.0.1:$port: Address already in use"
if grep -q "input/output error" "$tmp/out"; then bad "port in use: status text prefix"; cat "$tmp/out"; else ok "port in use: no status text prefix"; fi
n=$(grep -c "cannot listen" "$tmp/out" || true)
if [ "$n" = 1 ]; then ok "port in use: reported once"; else bad "port in use: reported $n times"; cat "$tmp/out"; fi

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
