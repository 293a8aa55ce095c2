#!/usr/bin/env bash
# Issue 4, acceptance 4: SIGTERM while the sending queue still holds data
# and the sink is alive (but slow): otelc delivers everything before it
# exits, and exits 0. Both exporters, one slow sink each.
# shellcheck source=tests/integration/export_lib.sh
source "$(dirname "$0")/export_lib.sh"

stubs || { bad "protoc generated python stubs"; finish; }
tool() { $py "$it/export_tool.py" "$@"; }

recv=$(free_port)
gport=$(free_port)
hport=$(free_port)
# Each request takes the sink 0.5s: ten requests through one consumer
# leave the queue non-empty for seconds after the last one is accepted.
start_grpc_sink gsink "$gport" "$tmp/grpc.jsonl" --sleep 0.5 || { bad "grpc sink listens"; finish; }
start_http_sink hsink "$hport" "$tmp/http.jsonl" --delay 0.5 || { bad "http sink listens"; finish; }

cat >"$tmp/otelc.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$recv
exporters:
  otlp:
    endpoint: 127.0.0.1:$gport
    tls: {insecure: true}
    sending_queue: {num_consumers: 1, queue_size: 100}
  otlphttp:
    endpoint: http://127.0.0.1:$hport
    sending_queue: {num_consumers: 1, queue_size: 100}
service:
  workers: 1
  shutdown_timeout: 30s
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp, otlphttp]
YAML
start_otelc "$tmp/otelc.yaml" "$tmp/otelc.log" --log-level debug
wait_port "$recv" 15 || { bad "otelc listens"; cat "$tmp/otelc.log"; finish; }
check "10 requests (50 spans) accepted" \
  tool send --stubs "$tmp/stubs" --target "127.0.0.1:$recv" --first 1 --count 50 \
  --per-request 5 --record "$tmp/sent.b64"
n_before=$(( $(nlines "$tmp/grpc.jsonl") + $(nlines "$tmp/http.jsonl") ))
check "the queues were not empty at SIGTERM ($n_before of 20 requests delivered)" \
  test "$n_before" -lt 20
stop_otelc 40
check "otelc exits 0 after draining" test "$otelc_rc" = 0
check "gRPC sink has every span exactly once" \
  tool multiset --stubs "$tmp/stubs" --sent "$tmp/sent.b64" --records "$tmp/grpc.jsonl"
check "HTTP sink has every span exactly once" \
  tool multiset --stubs "$tmp/stubs" --sent "$tmp/sent.b64" --records "$tmp/http.jsonl"
for e in 'exporter="otlp"' 'exporter="otlphttp"'; do
  check "$e: otelcol_exporter_sent_spans = 50" \
    test "$(metric otelcol_exporter_sent_spans "$e" "$tmp/otelc.log")" = 50
done
finish
