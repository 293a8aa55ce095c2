#!/usr/bin/env bash
# Issue 4, acceptance 6: a config written for otelcol -- otlp receiver,
# batch, and exporters named `otlp`, `otlphttp` and `jaeger` exactly as an
# otelcol user writes them -- starts unchanged and delivers to the sinks;
# and every ready-to-run file in configs/ passes `otelc validate`.
# shellcheck source=tests/integration/export_lib.sh
source "$(dirname "$0")/export_lib.sh"

stubs || { bad "protoc generated python stubs"; finish; }
tool() { $py "$it/export_tool.py" "$@"; }

# ---- configs/ ----
export HONEYCOMB_API_KEY=test-key-not-real
for f in "$src"/configs/*.yaml; do
  if "$otelc" validate --config "$f" >"$tmp/validate.out" 2>&1; then
    ok "otelc validate configs/$(basename "$f")"
  else
    bad "otelc validate configs/$(basename "$f")"; cat "$tmp/validate.out"
  fi
done

# ---- mistakes are reported with the YAML path ----
invalid() { # name, exporter yaml (indented 2), expected text
  printf 'receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n%s\nservice:\n  pipelines:\n    traces: {receivers: [otlp], exporters: [%s]}\n' \
    "$2" "$(printf '%s' "$2" | head -1 | tr -d ' :')" >"$tmp/bad.yaml"
  "$otelc" validate --config "$tmp/bad.yaml" >"$tmp/bad.out" 2>&1
  local rc=$?
  if [ "$rc" = 2 ] && grep -q -- "$3" "$tmp/bad.out"; then ok "validate rejects $1"; else
    bad "validate rejects $1 (exit $rc)"; cat "$tmp/bad.out"
  fi
}
invalid "an unknown otlphttp encoding" '  otlphttp:
    endpoint: http://localhost:4318
    encoding: xml' 'encoding: invalid value "xml": expected one of "proto", "json"'
invalid "an otlphttp endpoint that is not a URL" '  otlphttp:
    endpoint: localhost:4318' 'must be an http:// or https:// URL'
invalid "an otlphttp exporter with no endpoint for traces" '  otlphttp:
    logs_endpoint: http://localhost:4318/v1/logs' 'no endpoint for traces'
invalid "an unknown otlp exporter key" '  otlp:
    endpoint: localhost:4317
    endpont_typo: x' 'endpont_typo'

# ---- an otelcol config, unchanged ----
grpc_recv=$(free_port)
http_recv=$(free_port)
p_otlp=$(free_port)
p_http=$(free_port)
p_jaeger=$(free_port)
start_grpc_sink s_otlp "$p_otlp" "$tmp/otlp.jsonl" || { bad "otlp sink listens"; finish; }
start_http_sink s_http "$p_http" "$tmp/otlphttp.jsonl" || { bad "otlphttp sink listens"; finish; }
start_grpc_sink s_jaeger "$p_jaeger" "$tmp/jaeger.jsonl" || { bad "jaeger sink listens"; finish; }
cat >"$tmp/otelcol.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$grpc_recv
      http:
        endpoint: 127.0.0.1:$http_recv

processors:
  batch:

exporters:
  otlp:
    endpoint: 127.0.0.1:$p_otlp
    tls:
      insecure: true
    compression: gzip
    balancer_name: round_robin
    keepalive:
      time: 30s
      timeout: 10s
      permit_without_stream: true
    timeout: 10s
    sending_queue:
      enabled: true
      num_consumers: 4
      queue_size: 100
    retry_on_failure:
      enabled: true
      initial_interval: 5s
      max_interval: 30s
      max_elapsed_time: 300s
  otlphttp:
    endpoint: http://127.0.0.1:$p_http
    compression: gzip
    read_buffer_size: 0
    write_buffer_size: 524288
    timeout: 30s
  jaeger:
    endpoint: 127.0.0.1:$p_jaeger
    tls:
      insecure: true

extensions:

service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp, otlphttp, jaeger]
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp, otlphttp]
YAML
check "otelc validate accepts the otelcol config" "$otelc" validate --config "$tmp/otelcol.yaml"
start_otelc "$tmp/otelcol.yaml" "$tmp/otelc.log"
wait_port "$grpc_recv" 15 && wait_port "$http_recv" 15 ||
  { bad "otelc starts with the otelcol config"; cat "$tmp/otelc.log"; finish; }
ok "otelc starts with the otelcol config"
check "traces sent over gRPC" \
  tool send --stubs "$tmp/stubs" --target "127.0.0.1:$grpc_recv" --first 1 --count 10 \
  --per-request 5 --record "$tmp/sent.b64"
cat >"$tmp/logs.json" <<'JSON'
{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"seed"}}]},
 "scopeLogs":[{"scope":{"name":"seed"},"logRecords":[{"timeUnixNano":"1700000000000000000",
 "severityNumber":9,"body":{"stringValue":"hello from an otelcol config"}}]}]}]}
JSON
check "logs sent over OTLP/HTTP JSON" \
  curl -sf -o /dev/null -H 'Content-Type: application/json' --data-binary @"$tmp/logs.json" \
  "http://127.0.0.1:$http_recv/v1/logs"
has() { [ -f "$1" ] && grep -q "$2" "$1"; }
wait_for 20 has "$tmp/jaeger.jsonl" TraceService
wait_for 20 has "$tmp/otlp.jsonl" LogsService
wait_for 20 has "$tmp/otlphttp.jsonl" v1/logs
stop_otelc 30
check "otelc exits 0" test "$otelc_rc" = 0
check "balancer_name is ignored with a warning" grep -q 'balancer_name.*ignored' "$tmp/otelc.log"
for s in otlp otlphttp jaeger; do
  check "exporter \`$s\` delivered every span" \
    tool multiset --stubs "$tmp/stubs" --sent "$tmp/sent.b64" --records "$tmp/$s.jsonl"
done
check "exporter \`otlp\` delivered the log record" has "$tmp/otlp.jsonl" LogsService
check "exporter \`otlphttp\` delivered the log record" has "$tmp/otlphttp.jsonl" v1/logs
finish
