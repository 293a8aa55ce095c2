#!/usr/bin/env bash
# service.memory_limit_mib at the receiver's door: a request whose declared
# body (Content-Length, or the gRPC length prefix) would take the collector
# over its limit is refused BEFORE the body is read: HTTP 429 with
# Retry-After over HTTP/1.1 and h2c, gRPC RESOURCE_EXHAUSTED; a request
# that fits is still accepted. Without the check these requests would be
# read and accepted (the limit is not yet reached when they arrive).
set -uo pipefail
BUILD_DIR=$1
# shellcheck source=tests/integration/otlp/common.sh
source "$(dirname "$0")/otlp/common.sh"

port=$(free_port)
cat >"$tmp/otelc.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$port
exporters:
  nop:
service:
  workers: 1
  memory_limit_mib: 1
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [nop]
YAML
# ~1.6 MiB and ~20 KiB ExportTraceServiceRequests.
"$BUILD_DIR/bin/otelc_bench_payload" 8000 "$tmp/big.pb" "$tmp/big.grpc" >/dev/null
"$BUILD_DIR/bin/otelc_bench_payload" 100 "$tmp/small.pb" "$tmp/small.grpc" >/dev/null
start_otelc "$tmp/otelc.yaml"
wait_listen "$port" || fail "otelc did not start listening"

post() { # curl-flags... -> "status retry-after"
  curl -s -o /dev/null -D "$tmp/hdr" -w '%{http_code}' "$@" \
    -H 'Content-Type: application/x-protobuf' \
    "http://127.0.0.1:$port/v1/traces"
  printf ' %s' "$(grep -i '^retry-after:' "$tmp/hdr" | tr -d '\r' | awk '{print $2}')"
}
check "HTTP/1.1 body over the memory limit" "429 1" \
  "$(post --http1.1 --data-binary @"$tmp/big.pb")"
check "h2c body over the memory limit" "429 1" \
  "$(post --http2-prior-knowledge --data-binary @"$tmp/big.pb")"
got=$("$PY" "$TOOL" grpc "127.0.0.1:$port" \
  /opentelemetry.proto.collector.trace.v1.TraceService/Export "$tmp/big.pb")
check "gRPC message over the memory limit" \
  "RESOURCE_EXHAUSTED the collector is over its memory limit, retry later" "$got"
status=$(curl -s -o "$tmp/body" -w '%{http_code}' --http1.1 \
  -H 'Content-Type: application/json' --data-binary @"$tmp/big.pb" \
  "http://127.0.0.1:$port/v1/traces")
check "JSON request over the limit: 429 with a JSON Status" \
  '429 {"code":8,"message":"the collector is over its memory limit, retry later"}' \
  "$status $(cat "$tmp/body")"
check "a request that fits is accepted" "200 " \
  "$(post --http1.1 --data-binary @"$tmp/small.pb")"
got=$("$PY" "$TOOL" grpc "127.0.0.1:$port" \
  /opentelemetry.proto.collector.trace.v1.TraceService/Export "$tmp/small.pb")
check "a gRPC call that fits is accepted" "OK" "${got%% *}"
stop_otelc
check "only the requests that fit were accepted (HTTP)" 100 \
  "$(metric otelcol_receiver_accepted_spans 'receiver="otlp",transport="http"')"
check "only the requests that fit were accepted (gRPC)" 100 \
  "$(metric otelcol_receiver_accepted_spans 'receiver="otlp",transport="grpc"')"
check "and reached the exporter" 200 \
  "$(metric otelcol_exporter_sent_spans 'exporter="nop"')"
check "the refusals are counted as requests" 4 \
  "$(metric otelc_receiver_refused_requests_total 'receiver="otlp"')"
finish
