#!/usr/bin/env bash
# Issue 4, acceptance 5: otlp receiver -> batch -> otlp exporter (and an
# otlp_http protobuf exporter beside it) with no data-touching processor
# forwards bytes: the sinks receive exactly the multiset of (resource,
# scope, span) encodings that was sent, and otelc's self-metrics show that
# no batch was ever decoded or re-encoded.
# shellcheck source=tests/integration/export_lib.sh
source "$(dirname "$0")/export_lib.sh"

stubs || { bad "protoc generated python stubs"; finish; }
tool() { $py "$it/export_tool.py" "$@"; }

recv=$(free_port)
gport=$(free_port)
hport=$(free_port)
start_grpc_sink gsink "$gport" "$tmp/grpc.jsonl" || { bad "grpc sink listens"; finish; }
start_http_sink hsink "$hport" "$tmp/http.jsonl" || { bad "http sink listens"; finish; }
cat >"$tmp/otelc.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$recv
processors:
  # Long enough for several requests to meet in one batch, so the sinks
  # also get concatenated segments.
  batch:
    timeout: 3s
    send_batch_size: 100
exporters:
  otlp:
    endpoint: 127.0.0.1:$gport
    tls: {insecure: true}
  otlphttp:
    endpoint: http://127.0.0.1:$hport
service:
  workers: 2
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlp, otlphttp]
YAML
start_otelc "$tmp/otelc.yaml" "$tmp/otelc.log" --log-level debug
wait_port "$recv" 15 || { bad "otelc listens"; cat "$tmp/otelc.log"; finish; }
# Requests of different sizes, so the batch processor both merges and
# splits nothing / merges several.
ok_send=1
first=1
for k in 1 3 7 20 50 2 90; do
  tool send --stubs "$tmp/stubs" --target "127.0.0.1:$recv" --first "$first" \
    --count "$k" --per-request "$k" --record "$tmp/sent.b64" >>"$tmp/send.log" 2>&1 || ok_send=0
  first=$((first + k))
done
total=$((first - 1))
check "7 requests ($total spans) accepted" test "$ok_send" = 1
arrived() { [ "$(tool ids --stubs "$tmp/stubs" --records "$1" | cut -d' ' -f1)" -ge "$total" ]; }
wait_for 20 arrived "$tmp/grpc.jsonl"
wait_for 20 arrived "$tmp/http.jsonl"
stop_otelc 30
check "otelc exits 0" test "$otelc_rc" = 0
check "gRPC sink: spans are exactly the union of what was sent" \
  tool multiset --stubs "$tmp/stubs" --sent "$tmp/sent.b64" --records "$tmp/grpc.jsonl"
check "HTTP sink: spans are exactly the union of what was sent" \
  tool multiset --stubs "$tmp/stubs" --sent "$tmp/sent.b64" --records "$tmp/http.jsonl"
check "self-metrics were printed at shutdown" grep -q '^otelc_batch_decodes_total' "$tmp/otelc.log"
check "otelc_batch_decodes_total 0 (nothing decoded)" grep -qx 'otelc_batch_decodes_total 0' "$tmp/otelc.log"
check "otelc_batch_encodes_total 0 (nothing re-encoded)" grep -qx 'otelc_batch_encodes_total 0' "$tmp/otelc.log"
check "the batch processor merged requests (otelc_batch_concats_total > 0)" \
  test "$(metric otelc_batch_concats_total '' "$tmp/otelc.log")" -gt 0
finish
