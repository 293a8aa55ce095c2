#!/usr/bin/env bash
# One port, every OTLP transport (issue 3, acceptance 6).
#
# otelc listens on ONE port (protocols.grpc only; its listener serves
# OTLP/HTTP too, see plugins/receivers/otlp/README.md), with two workers
# binding it through SO_REUSEPORT. On that port:
#   - curl --http1.1, curl --http2-prior-knowledge and curl --http2 (h2c
#     upgrade) POST /v1/traces (protobuf and JSON);
#   - h2load runs 100 gRPC Export calls over 4 connections;
#   - python grpcio makes a gRPC call;
# all succeed, and the file exporter and the self-metrics count exactly the
# spans sent per transport. Also: a signal without a pipeline is not
# served (404 / UNIMPLEMENTED), and configuring protocols.http on the
# gRPC port is a config error, as are the other config mistakes of the
# receiver and of the file exporter; the file exporter's `format: proto`
# output holds the same spans as its JSON output.
#
# usage: otlp_same_port.sh BUILD_DIR
set -uo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
# shellcheck source=otlp/common.sh source-path=SCRIPTDIR
. "$(dirname "$0")/otlp/common.sh"

for t in curl h2load "$PY"; do
    command -v "$t" >/dev/null || {
        echo "SKIP: $t missing"
        exit 77
    }
done
[[ -x "$OTELC" ]] || {
    echo "FAIL: no $OTELC"
    exit 1
}

P=$(free_port)
U="http://127.0.0.1:$P"
M=/opentelemetry.proto.collector.trace.v1.TraceService/Export
PB=application/x-protobuf

"$PY" "$TOOL" payload traces1 "$tmp/traces1.bin"
"$PY" "$TOOL" payload metrics2 "$tmp/metrics2.bin"
# gRPC framing for h2load: flag 0, 4-byte big-endian length, message.
"$PY" - "$tmp/traces1.bin" "$tmp/traces1.grpc" <<'EOF'
import struct, sys
msg = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(b"\x00" + struct.pack(">I", len(msg)) + msg)
EOF
printf '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"same-port-json"}]}]}]}' >"$tmp/good.json"

# Both protocols on one port: refused with a message saying what to do.
cat >"$tmp/both.yaml" <<EOF
receivers:
  otlp:
    protocols:
      grpc: {endpoint: "127.0.0.1:$P"}
      http: {endpoint: "127.0.0.1:$P"}
exporters:
  file: {path: $tmp/unused.json}
service:
  pipelines:
    traces: {receivers: [otlp], exporters: [file]}
EOF
rc=0
"$OTELC" validate --config "$tmp/both.yaml" >"$tmp/both.out" 2>&1 || rc=$?
if [[ $rc -ne 0 ]] && grep -q "configure protocols.grpc only" "$tmp/both.out"; then
    pass "grpc and http on the same port: config error (exit $rc)"
else
    fail "grpc and http on the same port: want a config error, got exit $rc: $(cat "$tmp/both.out")"
fi

# invalid NAME RECEIVER_YAML EXPORTER_YAML MESSAGE: otelc validate fails
# and says MESSAGE.
invalid() {
    cat >"$tmp/invalid.yaml" <<EOF
receivers:
  otlp: $2
exporters:
  file: $3
service:
  pipelines:
    traces: {receivers: [otlp], exporters: [file]}
EOF
    local rc=0
    "$OTELC" validate --config "$tmp/invalid.yaml" >"$tmp/invalid.out" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]] && grep -qF "$4" "$tmp/invalid.out"; then
        pass "config error: $1"
    else
        fail "config error: $1: want '$4', got exit $rc: $(cat "$tmp/invalid.out")"
    fi
}
F="{path: $tmp/unused.json}"
G="{protocols: {grpc: {endpoint: '127.0.0.1:$P'}}}"
invalid "otlp without protocols" "{}" "$F" "at least one protocol"
invalid "otlp with empty protocols" "{protocols: {}}" "$F" "at least one protocol"
invalid "otlp protocols not a map" "{protocols: [grpc]}" "$F" "protocols: expected a map, got a list"
invalid "otlp two signals on one URL path" \
    "{protocols: {http: {endpoint: '127.0.0.1:$P', traces_url_path: /x, logs_url_path: x}}}" \
    "$F" "traces_url_path and logs_url_path are the same path (/x)"
invalid "otlp unknown key" "{protocols: {grpc: {endpoint: '127.0.0.1:$P', bogus: 1}}}" "$F" "bogus"
invalid "file without path" "$G" "{format: json}" "path"
invalid "file unknown format" "$G" "{path: /tmp/x, format: xml}" "format: invalid value \"xml\": expected one of \"json\", \"proto\""
for k in rotation compression group_by encoding; do
    invalid "file $k" "$G" "{path: /tmp/x, $k: {}}" "$k is not supported by otelc yet"
done

cat >"$tmp/config.yaml" <<EOF
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$P
        include_metadata: true
exporters:
  file:
    path: $tmp/received.json
  file/proto:
    path: $tmp/received.pb
    format: proto
service:
  workers: 2
  pipelines:
    traces: {receivers: [otlp], exporters: [file, file/proto]}
EOF
start_otelc "$tmp/config.yaml"
if ! wait_listen "$P"; then
    fail "otelc did not start listening"
    cat "$tmp/otelc.log"
    finish
fi

http_n=0
grpc_n=0
post() { # post CURL_HTTP_FLAG CONTENT_TYPE FILE -> "status version"
    curl -s --max-time 10 "$1" -o "$tmp/body" -w '%{http_code} %{http_version}' \
        -H "Content-Type: $2" --data-binary "@$3" "$U/v1/traces"
}
check "curl --http1.1 protobuf on the gRPC port" "200 1.1" \
    "$(post --http1.1 $PB "$tmp/traces1.bin")"
http_n=$((http_n + 1))
check "curl --http2-prior-knowledge protobuf on the gRPC port" "200 2" \
    "$(post --http2-prior-knowledge $PB "$tmp/traces1.bin")"
http_n=$((http_n + 1))
check "curl --http2 (Upgrade: h2c) protobuf on the gRPC port" "200 2" \
    "$(post --http2 $PB "$tmp/traces1.bin")"
http_n=$((http_n + 1))
check "curl --http1.1 JSON on the gRPC port" "200 1.1" \
    "$(post --http1.1 application/json "$tmp/good.json")"
check "curl --http1.1 JSON response" "{}" "$(cat "$tmp/body")"
http_n=$((http_n + 1))

h2load -n 100 -c 4 -m 4 -H 'content-type: application/grpc' -H 'te: trailers' \
    -d "$tmp/traces1.grpc" "$U$M" >"$tmp/h2load.out" 2>&1
check "h2load gRPC: 100 requests succeeded" "100 succeeded, 0 failed" \
    "$(grep -oE '[0-9]+ succeeded, [0-9]+ failed' "$tmp/h2load.out")"
grpc_n=$((grpc_n + 100))
check "python grpcio on the same port: OK" OK \
    "$("$PY" "$TOOL" grpc "127.0.0.1:$P" $M "$tmp/traces1.bin" | cut -d' ' -f1)"
grpc_n=$((grpc_n + 1))

# Only traces have a pipeline: metrics are not served.
check "metrics over HTTP without a metrics pipeline: 404" 404 \
    "$(curl -s --http1.1 -o /dev/null -w '%{http_code}' -H "Content-Type: $PB" \
        --data-binary "@$tmp/metrics2.bin" "$U/v1/metrics")"
check "metrics over gRPC without a metrics pipeline: UNIMPLEMENTED" UNIMPLEMENTED \
    "$("$PY" "$TOOL" grpc "127.0.0.1:$P" \
        /opentelemetry.proto.collector.metrics.v1.MetricsService/Export \
        "$tmp/metrics2.bin" | cut -d' ' -f1)"

stop_otelc
check "file exporter: every span of every transport" \
    "spans=$((http_n + grpc_n)) points=0 logs=0" \
    "$("$PY" "$TOOL" count "$tmp/received.json")"
r=$("$PY" "$TOOL" countproto "$tmp/received.pb")
check "file exporter format proto: every span" "spans=$((http_n + grpc_n))" "${r##* }"
check "accepted spans over http" "$http_n" \
    "$(metric otelcol_receiver_accepted_spans 'receiver="otlp",transport="http"')"
check "accepted spans over grpc (h2load + grpcio)" "$grpc_n" \
    "$(metric otelcol_receiver_accepted_spans 'receiver="otlp",transport="grpc"')"
finish
