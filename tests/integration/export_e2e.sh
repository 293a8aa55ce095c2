#!/usr/bin/env bash
# Issue 4, acceptance 1 and 2: the OpenTelemetry JS SDK sends a known
# dataset (traces, metrics, logs) to otelc's otlp receiver; otelc fans it
# out to twelve exporters -- otlp (gRPC), otlp_http protobuf and otlp_http
# JSON, each with gzip and without, each over plaintext and over TLS
# checked against a CA this test makes -- and each exporter has its own
# sink that is not otelc (grpc_sink.py, http_sink.py). Every sink's content,
# decoded to OTLP/JSON, must equal what the SDK says it exported, field by
# field (tests/interop/compare.py), and every sink must have seen the
# configured headers with ${env:...} expanded and the compression asked for.
# shellcheck source=tests/integration/export_lib.sh
source "$(dirname "$0")/export_lib.sh"

command -v node >/dev/null || { bad "node is installed"; finish; }
modules=$(js_modules) || { bad "npm install of tests/interop/js"; finish; }
make_ca || { bad "openssl made a CA"; finish; }
stubs || { bad "protoc generated python stubs"; finish; }

export OTELC_E2E_TOKEN="tok-$$-$RANDOM"
recv_grpc=$(free_port)
recv_http=$(free_port)
tls=$tmp/tls

# name kind(grpc|proto|json) compression tls(plain|tls)
combos=()
for kind in grpc proto json; do
  for comp in gzip none; do
    for sec in plain tls; do
      combos+=("$kind-$comp-$sec")
    done
  done
done

exporters=""
names=""
for c in "${combos[@]}"; do
  IFS=- read -r kind comp sec <<<"$c"
  port=$(free_port)
  eval "port_${kind}_${comp}_${sec}=$port"
  sinkopts=()
  if [ "$sec" = tls ]; then
    sinkopts=(--tls-cert "$tls/server.pem" --tls-key "$tls/server.key")
    tlsyaml="      ca_file: $tls/ca.pem"
  else
    # grpcio hides the wire; --tap records whether each message was
    # compressed (plaintext only).
    [ "$kind" = grpc ] && sinkopts=(--tap)
    tlsyaml="      insecure: true"
  fi
  if [ "$kind" = grpc ]; then
    start_grpc_sink "sink_$kind$comp$sec" "$port" "$tmp/$c.jsonl" "${sinkopts[@]}" ||
      { bad "grpc sink $c listens"; finish; }
    [ "$sec" = tls ] && ep="localhost:$port" || ep="127.0.0.1:$port"
    exporters+="  otlp/$c:
    endpoint: $ep
    compression: $comp
    tls:
$tlsyaml
"
  else
    start_http_sink "sink_$kind$comp$sec" "$port" "$tmp/$c.jsonl" "${sinkopts[@]}" ||
      { bad "http sink $c listens"; finish; }
    [ "$sec" = tls ] && url="https://localhost:$port" || url="http://127.0.0.1:$port"
    [ "$sec" = tls ] && tlsblock="    tls:
      ca_file: $tls/ca.pem
" || tlsblock=""
    exporters+="  otlphttp/$c:
    endpoint: $url
    encoding: $([ "$kind" = json ] && echo json || echo proto)
    compression: $comp
$tlsblock"
    c="otlphttp/$c"
  fi
  # headers (acceptance 2), with ${env:...} expanded by the config loader
  exporters+="    headers:
      x-otelc-test: \"\${env:OTELC_E2E_TOKEN}\"
      x-static: fixed-value
    retry_on_failure:
      initial_interval: 100ms
"
  case $c in otlphttp/*) names+="${names:+, }$c" ;; *) names+="${names:+, }otlp/$c" ;; esac
done

cat >"$tmp/otelc.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$recv_grpc
      http:
        endpoint: 127.0.0.1:$recv_http
processors:
  batch:
    timeout: 100ms
exporters:
$exporters
service:
  workers: 2
  pipelines:
    traces:  {receivers: [otlp], processors: [batch], exporters: [$names]}
    metrics: {receivers: [otlp], processors: [batch], exporters: [$names]}
    logs:    {receivers: [otlp], processors: [batch], exporters: [$names]}
YAML

check "otelc validate accepts the twelve-exporter config" \
  "$otelc" validate --config "$tmp/otelc.yaml"
start_otelc "$tmp/otelc.yaml" "$tmp/otelc.log"
if wait_port "$recv_grpc" 15; then ok "otelc listens"; else
  bad "otelc listens"; cat "$tmp/otelc.log"; finish
fi

run_id="e2e-$$-$RANDOM"
if node "$src/tests/interop/js/send.mjs" --modules "$modules" --flavour grpc \
  --compression gzip --endpoint "127.0.0.1:$recv_grpc" --run-id "$run_id" \
  --record "$tmp/sent.json" >"$tmp/send.log" 2>&1; then
  ok "JS SDK exported everything to otelc"
else
  bad "JS SDK exported everything to otelc"; cat "$tmp/send.log"
fi

# Each sink sees at least one request per signal.
has_all_signals() {
  local f=$1
  [ -f "$f" ] && grep -q 'v1/traces\|TraceService' "$f" &&
    grep -q 'v1/metrics\|MetricsService' "$f" && grep -q 'v1/logs\|LogsService' "$f"
}
for c in "${combos[@]}"; do
  wait_for 20 has_all_signals "$tmp/$c.jsonl"
done
stop_otelc 30
check "otelc exits 0 after SIGTERM" test "$otelc_rc" = 0

for c in "${combos[@]}"; do
  IFS=- read -r kind comp sec <<<"$c"
  rec=$tmp/$c.jsonl
  if ! has_all_signals "$rec"; then
    bad "$c: sink received traces, metrics and logs"; cat "$tmp/sink_$kind$comp$sec.log"; continue
  fi
  ok "$c: sink received traces, metrics and logs"
  if $py "$it/export_tool.py" decode --stubs "$tmp/stubs" --records "$rec" \
    --out "$tmp/$c.otlp.jsonl" 2>"$tmp/$c.decode.log" &&
    $py "$src/tests/interop/compare.py" --record "$tmp/sent.json" \
      --received "$tmp/$c.otlp.jsonl" >"$tmp/$c.cmp" 2>&1; then
    ok "$c: sink content equals what the SDK sent, field by field"
  else
    bad "$c: sink content equals what the SDK sent"; head -40 "$tmp/$c.decode.log" "$tmp/$c.cmp"
  fi
  check "$c: \${env:...} header expanded at the sink" \
    $py "$it/export_tool.py" header --records "$rec" --name x-otelc-test --value "$OTELC_E2E_TOKEN"
  check "$c: static header at the sink" \
    $py "$it/export_tool.py" header --records "$rec" --name x-static --value fixed-value
  if [ "$kind" = grpc ] && [ "$sec" = plain ]; then
    check "$c: messages on the wire $([ "$comp" = gzip ] && echo were || echo were not) compressed" \
      $py "$it/export_tool.py" compressed --records "$rec" "$([ "$comp" = gzip ] && echo --yes || echo --no)"
  elif [ "$kind" != grpc ] && [ "$comp" = gzip ]; then
    check "$c: request bodies were gzip-compressed" \
      $py "$it/export_tool.py" header --records "$rec" --name content-encoding --value gzip
  elif [ "$kind" != grpc ]; then
    check "$c: request bodies were not compressed" \
      $py "$it/export_tool.py" header --records "$rec" --name content-encoding --absent-or identity
  fi
  if [ "$kind" = json ]; then
    check "$c: content type application/json" \
      $py "$it/export_tool.py" header --records "$rec" --name content-type --value application/json
  elif [ "$kind" = proto ]; then
    check "$c: content type application/x-protobuf" \
      $py "$it/export_tool.py" header --records "$rec" --name content-type --value application/x-protobuf
  fi
done

finish
