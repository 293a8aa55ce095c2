#!/usr/bin/env bash
# Bad input table of the otlp receiver (issue 3, acceptance 3).
#
# Starts otelc with the otlp receiver (gRPC and HTTP on free ports, small
# limits) writing to the file exporter, sends malformed and hostile
# requests over HTTP/1.1, h2c, gRPC and raw sockets, and asserts the exact
# status of each. Then checks that the collector still serves valid
# requests, that the file exporter holds exactly the accepted items, that
# the self-metrics printed at shutdown (--log-level debug) agree, and that
# otelc exits 0 on SIGTERM without a sanitizer report (ASan builds).
#
# usage: otlp_bad_input.sh BUILD_DIR
set -uo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
# shellcheck source=otlp/common.sh source-path=SCRIPTDIR
. "$(dirname "$0")/otlp/common.sh"

for t in curl "$PY"; do
    command -v "$t" >/dev/null || {
        echo "SKIP: $t missing"
        exit 77
    }
done
[[ -x "$OTELC" ]] || {
    echo "FAIL: no $OTELC"
    exit 1
}

GP=$(free_port)
HP=$(free_port)
while [[ "$HP" == "$GP" ]]; do HP=$(free_port); done
H="http://127.0.0.1:$HP"
G="127.0.0.1:$GP"
OUT="$tmp/received.json"

cat >"$tmp/config.yaml" <<EOF
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$GP
        max_recv_msg_size_mib: 1
      http:
        endpoint: 127.0.0.1:$HP
        max_request_body_size: 1048576
        read_header_timeout: 2s
exporters:
  file:
    path: $OUT
service:
  workers: 2
  pipelines:
    traces: {receivers: [otlp], exporters: [file]}
    metrics: {receivers: [otlp], exporters: [file]}
    logs: {receivers: [otlp], exporters: [file]}
EOF

# Payload files.
for p in traces1 traces3 metrics2 logs2 logs_big truncated wrong_wire_type \
    len_past_end nested200 bad_utf8 overlong_varint field_zero wire_type_7 \
    bad_id_len missing_ids unknown_field big2m gzip_bomb gzip_traces1 not_gzip empty; do
    "$PY" "$TOOL" payload "$p" "$tmp/$p.bin"
done
TID=0102030405060708090a0b0c0d0e0f10
SID=0102030405060708
json_span() { # json_span TRACE_ID SPAN_ID
    printf '{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"j","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000001000"}]}]}]}' "$1" "$2"
}
json_span "$TID" "$SID" >"$tmp/good.json"
json_span "zz02030405060708090a0b0c0d0e0f10" "$SID" >"$tmp/badhex.json"
json_span "0102030405060708090a0b0c0d0e0f1" "$SID" >"$tmp/oddhex.json"
printf '{"resourceSpans":[{"scopeSpans":[' >"$tmp/invalid.json"
printf '{"resourceSpans":"x"}' >"$tmp/wrongtype.json"
printf '{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"intValue":"abc"}}]}}]}' >"$tmp/badint.json"
printf '[]' >"$tmp/array.json"
printf '{}' >"$tmp/emptyobj.json"
head -c 100000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
printf '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"bad\xff\xfe"}]}]}]}' >"$tmp/badutf8.json"

start_otelc "$tmp/config.yaml"
if ! wait_listen "$HP" || ! wait_listen "$GP"; then
    fail "otelc did not start listening"
    cat "$tmp/otelc.log"
    finish
fi

# Counts of what the collector must have accepted, per transport.
acc_http=0
acc_grpc=0
refused=0

# post PATH CONTENT_TYPE FILE [curl args...]: HTTP/1.1 POST, prints the
# status code; the body lands in $tmp/body, the headers in $tmp/hdrs.
post() {
    local path=$1 ct=$2 file=$3
    shift 3
    curl -s --http1.1 --max-time 15 -o "$tmp/body" -D "$tmp/hdrs" \
        -w '%{http_code}' -H "Content-Type: $ct" --data-binary "@$file" \
        "$@" "$H$path"
}
PB=application/x-protobuf
JS=application/json

# bad_pb NAME FILE: protobuf that must be refused with 400 and a Status.
bad_pb() {
    check "http protobuf $1: status" 400 "$(post /v1/traces $PB "$2")"
    local st
    st=$("$PY" "$TOOL" status "$tmp/body" pb)
    if [[ "$st" =~ ^code=3\ msg=.+ ]]; then
        pass "http protobuf $1: google.rpc.Status INVALID_ARGUMENT ($st)"
    else
        fail "http protobuf $1: body is not Status{3, message}: $st"
    fi
}
bad_json() {
    check "http json $1: status" 400 "$(post /v1/traces $JS "$2")"
    local st
    st=$("$PY" "$TOOL" status "$tmp/body" json)
    if [[ "$st" =~ ^code=3\ msg=.+ ]]; then
        pass "http json $1: JSON Status INVALID_ARGUMENT ($st)"
    else
        fail "http json $1: body is not a JSON Status{3, message}: $st"
    fi
}

echo "# malformed protobuf over HTTP"
bad_pb "truncated" "$tmp/truncated.bin"
bad_pb "wrong wire type" "$tmp/wrong_wire_type.bin"
bad_pb "length past the end" "$tmp/len_past_end.bin"
bad_pb "AnyValue nested 200 deep" "$tmp/nested200.bin"
bad_pb "invalid UTF-8 in a string" "$tmp/bad_utf8.bin"
bad_pb "overlong varint" "$tmp/overlong_varint.bin"
bad_pb "field number 0" "$tmp/field_zero.bin"
bad_pb "wire type 7" "$tmp/wire_type_7.bin"
bad_pb "trace_id of 5 bytes" "$tmp/bad_id_len.bin"
check "http protobuf with unknown fields (forward compatible): 200" 200 \
    "$(post /v1/traces $PB "$tmp/unknown_field.bin")"
acc_http=$((acc_http + 1))

echo "# malformed OTLP/JSON"
bad_json "invalid JSON" "$tmp/invalid.json"
bad_json "wrong type (string for a list)" "$tmp/wrongtype.json"
bad_json "non-hex trace id" "$tmp/badhex.json"
bad_json "odd-length hex trace id" "$tmp/oddhex.json"
bad_json "intValue not a number" "$tmp/badint.json"
bad_json "array at the top level" "$tmp/array.json"
bad_json "100000 nested arrays" "$tmp/deep.json"
bad_json "invalid UTF-8" "$tmp/badutf8.json"

echo "# HTTP method, path, media type"
check "http text/plain: 415" 415 "$(post /v1/traces text/plain "$tmp/traces1.bin")"
check "http no content type: 415" 415 \
    "$(curl -s --http1.1 -o /dev/null -w '%{http_code}' -H 'Content-Type:' \
        --data-binary "@$tmp/traces1.bin" "$H/v1/traces")"
check "http GET: 405" 405 \
    "$(curl -s --http1.1 -o /dev/null -D "$tmp/hdrs" -w '%{http_code}' "$H/v1/traces")"
check "http GET: Allow header" "allow: POST" \
    "$(grep -i '^allow:' "$tmp/hdrs" | tr -d '\r' | sed 's/^[Aa]llow:/allow:/')"
check "http PUT: 405" 405 "$(post /v1/traces $PB "$tmp/traces1.bin" -X PUT)"
check "http unknown path: 404" 404 "$(post /v1/unknown $PB "$tmp/traces1.bin")"
check "http gRPC path over plain HTTP: 404" 404 \
    "$(post /opentelemetry.proto.collector.trace.v1.TraceService/Export $PB "$tmp/traces1.bin")"

echo "# sizes and encodings"
check "http declared body over max_request_body_size: 413" 413 \
    "$(post /v1/traces $PB "$tmp/big2m.bin")"
check "http chunked body over max_request_body_size: 413" 413 \
    "$(post /v1/traces $PB "$tmp/big2m.bin" -H 'Transfer-Encoding: chunked')"
check "http gzip bomb (64 MiB inflated): 413" 413 \
    "$(post /v1/traces $PB "$tmp/gzip_bomb.bin" -H 'Content-Encoding: gzip')"
check "http unsupported Content-Encoding: 400" 400 \
    "$(post /v1/traces $PB "$tmp/traces1.bin" -H 'Content-Encoding: br')"
check "http corrupt gzip body: 400" 400 \
    "$(post /v1/traces $PB "$tmp/not_gzip.bin" -H 'Content-Encoding: gzip')"
printf 'GARBAGE\r\n\r\n' >"$tmp/garbage.http"
check "http/1.1 garbage request line: 400" 400 \
    "$("$PY" "$TOOL" raw 127.0.0.1 "$HP" "$tmp/garbage.http")"
{
    printf 'POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Big: '
    head -c 200000 /dev/zero | tr '\0' 'a'
    printf '\r\n\r\n'
} >"$tmp/bighdr.http"
check "http/1.1 200 kB header: 431" 431 \
    "$("$PY" "$TOOL" raw 127.0.0.1 "$HP" "$tmp/bighdr.http")"

echo "# valid edge cases"
check "http empty protobuf body: 200" 200 "$(post /v1/traces $PB "$tmp/empty.bin")"
check "http empty protobuf body: empty response" 0 "$(stat -c %s "$tmp/body")"
check "http JSON {}: 200" 200 "$(post /v1/logs $JS "$tmp/emptyobj.json")"
check "http JSON {}: response {}" "{}" "$(cat "$tmp/body")"
check "http JSON with charset parameter: 200" 200 \
    "$(post /v1/traces 'application/json; charset=utf-8' "$tmp/good.json")"
acc_http=$((acc_http + 1))
check "http gzip protobuf: 200" 200 \
    "$(post /v1/traces $PB "$tmp/gzip_traces1.bin" -H 'Content-Encoding: gzip')"
acc_http=$((acc_http + 1))
check "h2c prior knowledge protobuf: 200" 200 \
    "$(curl -s --http2-prior-knowledge -o /dev/null -w '%{http_code}' \
        -H "Content-Type: $PB" --data-binary "@$tmp/traces3.bin" "$H/v1/traces")"
acc_http=$((acc_http + 3))

echo "# partial success (spans without valid ids are rejected, the rest kept)"
PARTIAL="rejected=2 msg=2 spans rejected: a span needs a trace_id of 16 bytes and a span_id of 8 bytes, not all zero"
check "http partial success: 200" 200 "$(post /v1/traces $PB "$tmp/missing_ids.bin")"
acc_http=$((acc_http + 2))
refused=$((refused + 2))
check "http partial success: response" "$PARTIAL" \
    "$("$PY" "$TOOL" decode_response "$(od -An -v -tx1 "$tmp/body" | tr -d ' \n')")"
json_span "" "$SID" >"$tmp/noid.json"
check "http JSON partial success: 200" 200 "$(post /v1/traces $JS "$tmp/noid.json")"
refused=$((refused + 1))
check "http JSON partial success: response" \
    '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"1 spans rejected: a span needs a trace_id of 16 bytes and a span_id of 8 bytes, not all zero"}}' \
    "$(cat "$tmp/body")"

echo "# gRPC"
M=/opentelemetry.proto.collector.trace.v1.TraceService/Export
grpc() { "$PY" "$TOOL" grpc "$G" "$@" | cut -d' ' -f1; }
check "grpc truncated protobuf: INVALID_ARGUMENT" INVALID_ARGUMENT \
    "$(grpc $M "$tmp/truncated.bin")"
check "grpc AnyValue nested 200 deep: INVALID_ARGUMENT" INVALID_ARGUMENT \
    "$(grpc $M "$tmp/nested200.bin")"
check "grpc invalid UTF-8: INVALID_ARGUMENT" INVALID_ARGUMENT \
    "$(grpc $M "$tmp/bad_utf8.bin")"
check "grpc unknown method: UNIMPLEMENTED" UNIMPLEMENTED \
    "$(grpc /opentelemetry.proto.collector.trace.v1.TraceService/Nope "$tmp/traces1.bin")"
check "grpc unknown service: UNIMPLEMENTED" UNIMPLEMENTED \
    "$(grpc /no.Such/Export "$tmp/traces1.bin")"
check "grpc message over max_recv_msg_size_mib: RESOURCE_EXHAUSTED" \
    RESOURCE_EXHAUSTED "$(grpc $M "$tmp/big2m.bin")"
check "grpc empty message: OK" OK "$(grpc $M "$tmp/empty.bin")"
check "grpc gzip: OK" OK "$(grpc $M "$tmp/traces3.bin" --gzip)"
acc_grpc=$((acc_grpc + 3))
r=$("$PY" "$TOOL" grpc "$G" $M "$tmp/missing_ids.bin")
check "grpc partial success: OK" OK "${r%% *}"
acc_grpc=$((acc_grpc + 2))
refused=$((refused + 2))
check "grpc partial success: response" "$PARTIAL" \
    "$("$PY" "$TOOL" decode_response "${r#OK }")"
"$PY" - "$tmp/bomb.grpc" <<'EOF'
import sys
open(sys.argv[1], "wb").write(b"\x00" * (64 * 1024 * 1024))
EOF
check "grpc gzip bomb (64 MiB inflated): RESOURCE_EXHAUSTED" RESOURCE_EXHAUSTED \
    "$(grpc $M "$tmp/bomb.grpc" --gzip)"

# grpc_raw FILE [curl -H args]: a hand-framed gRPC request over h2c; prints
# the grpc-status trailer (curl writes trailers with the headers).
grpc_raw() {
    local f=$1
    shift
    curl -s --http2-prior-knowledge --max-time 10 -o /dev/null -D "$tmp/ghdrs" \
        -H 'Content-Type: application/grpc' -H 'TE: trailers' "$@" \
        --data-binary "@$f" "http://$G$M" >/dev/null
    grep -i '^grpc-status:' "$tmp/ghdrs" | tail -1 | tr -d '\r' | awk '{print $2}'
}
# length prefix says 1000 bytes, the stream ends after 10
printf '\x00\x00\x00\x03\xe80123456789' >"$tmp/badprefix.grpc"
check "grpc length prefix past the end of the stream: INTERNAL (13)" 13 \
    "$(grpc_raw "$tmp/badprefix.grpc")"
# a 3-byte stream: not even a whole prefix
printf '\x00\x00\x00' >"$tmp/shortprefix.grpc"
check "grpc truncated length prefix: INTERNAL (13)" 13 \
    "$(grpc_raw "$tmp/shortprefix.grpc")"
# compressed flag with an encoding the server does not know
{
    printf '\x01\x00\x00\x00\x05'
    printf 'abcde'
} >"$tmp/snappy.grpc"
check "grpc unknown grpc-encoding: UNIMPLEMENTED (12)" 12 \
    "$(grpc_raw "$tmp/snappy.grpc" -H 'grpc-encoding: snappy')"
check "grpc compressed flag without grpc-encoding: INTERNAL (13)" 13 \
    "$(grpc_raw "$tmp/snappy.grpc")"

echo "# hostile connections"
r=$("$PY" "$TOOL" h2garbage 127.0.0.1 "$GP")
if [[ "$r" =~ ^GOAWAY\ [1-9][0-9]*\ closed$ ]]; then
    pass "h2 garbage frames: GOAWAY with an error code, connection closed ($r)"
else
    fail "h2 garbage frames: want GOAWAY <error> closed, got '$r'"
fi

# Slowloris: headers trickle in; the server must close the connection after
# read_header_timeout (2s) and keep serving others meanwhile.
"$PY" "$TOOL" slowloris 127.0.0.1 "$HP" 12 >"$tmp/slow.out" &
slow_pid=$!
sleep 0.5
t0=$(date +%s%N)
check "valid request during slowloris: 200" 200 "$(post /v1/traces $PB "$tmp/traces1.bin")"
acc_http=$((acc_http + 1))
t1=$(date +%s%N)
if (((t1 - t0) / 1000000 < 1200)); then
    pass "valid request during slowloris answered in $(((t1 - t0) / 1000000)) ms"
else
    fail "valid request during slowloris took $(((t1 - t0) / 1000000)) ms"
fi
wait "$slow_pid"
read -r slow_state slow_secs <"$tmp/slow.out"
check "slowloris connection closed by the server" closed "$slow_state"
if awk -v s="$slow_secs" 'BEGIN {exit !(s >= 1.5 && s <= 6)}'; then
    pass "slowloris closed after ${slow_secs}s (read_header_timeout 2s)"
else
    fail "slowloris closed after ${slow_secs}s, want about 2s"
fi

echo "# still serving"
check "valid protobuf traces after all that: 200" 200 \
    "$(post /v1/traces $PB "$tmp/traces1.bin")"
acc_http=$((acc_http + 1))
check "valid protobuf metrics: 200" 200 "$(post /v1/metrics $PB "$tmp/metrics2.bin")"
check "valid protobuf logs: 200" 200 "$(post /v1/logs $PB "$tmp/logs2.bin")"
check "valid JSON traces: 200" 200 "$(post /v1/traces $JS "$tmp/good.json")"
check "valid JSON traces: response {}" "{}" "$(cat "$tmp/body")"
acc_http=$((acc_http + 1))
check "valid gRPC traces: OK" OK "$(grpc $M "$tmp/traces1.bin")"
acc_grpc=$((acc_grpc + 1))
check "valid gRPC metrics: OK" OK \
    "$(grpc /opentelemetry.proto.collector.metrics.v1.MetricsService/Export "$tmp/metrics2.bin")"
check "valid gRPC logs: OK" OK \
    "$(grpc /opentelemetry.proto.collector.logs.v1.LogsService/Export "$tmp/logs2.bin")"

stop_otelc

echo "# what reached the file exporter and the self-metrics"
check "file exporter: items written" \
    "spans=$((acc_http + acc_grpc)) points=4 logs=4" "$("$PY" "$TOOL" count "$OUT")"
check "accepted spans over http" "$acc_http" \
    "$(metric otelcol_receiver_accepted_spans 'receiver="otlp",transport="http"')"
check "accepted spans over grpc" "$acc_grpc" \
    "$(metric otelcol_receiver_accepted_spans 'receiver="otlp",transport="grpc"')"
check "accepted metric points over http" 2 \
    "$(metric otelcol_receiver_accepted_metric_points 'receiver="otlp",transport="http"')"
check "accepted log records over grpc" 2 \
    "$(metric otelcol_receiver_accepted_log_records 'receiver="otlp",transport="grpc"')"
check "refused spans (partial success)" "$refused" \
    "$(metric otelcol_receiver_refused_spans 'receiver="otlp"')"

echo "# downstream refusals map to 503 / 429 with Retry-After"
# traces go to a file exporter that cannot write (/dev/full: RETRYABLE);
# logs are held by a batch processor against a 1 MiB memory limit: one
# 768 KiB request is held, a second one would exceed it (OVERLOADED).
# One worker: the file exporter is a singleton, and only its home worker
# sees its status synchronously.
GP=$(free_port)
HP=$(free_port)
H="http://127.0.0.1:$HP"
G="127.0.0.1:$GP"
cat >"$tmp/refuse.yaml" <<EOF
receivers:
  otlp:
    protocols:
      grpc: {endpoint: "127.0.0.1:$GP"}
      http: {endpoint: "127.0.0.1:$HP"}
processors:
  batch: {timeout: 60s, send_batch_size: 1000000}
exporters:
  file/full: {path: /dev/full}
  file/held: {path: $tmp/held.json}
service:
  workers: 1
  memory_limit_mib: 1
  pipelines:
    traces: {receivers: [otlp], exporters: [file/full]}
    logs: {receivers: [otlp], processors: [batch], exporters: [file/held]}
EOF
start_otelc "$tmp/refuse.yaml"
if ! wait_listen "$HP" || ! wait_listen "$GP"; then
    fail "otelc did not start listening (downstream refusals)"
    finish
fi
check "http, exporter cannot write: 503" 503 "$(post /v1/traces $PB "$tmp/traces1.bin")"
check "http 503: Retry-After" "Retry-After: 1" \
    "$(grep -i '^retry-after:' "$tmp/hdrs" | tr -d '\r' | sed 's/^[Rr]etry-[Aa]fter:/Retry-After:/')"
check "http 503: google.rpc.Status UNAVAILABLE" \
    "code=14 msg=the collector cannot accept data now, retry later" \
    "$("$PY" "$TOOL" status "$tmp/body" pb)"
check "http JSON, exporter cannot write: 503" 503 "$(post /v1/traces $JS "$tmp/good.json")"
check "http JSON 503: JSON Status UNAVAILABLE" \
    "code=14 msg=the collector cannot accept data now, retry later" \
    "$("$PY" "$TOOL" status "$tmp/body" json)"
check "grpc, exporter cannot write: UNAVAILABLE" UNAVAILABLE "$(grpc $M "$tmp/traces1.bin")"
check "http big logs request under the memory limit: 200" 200 \
    "$(post /v1/logs $PB "$tmp/logs_big.bin")"
check "http over the memory limit: 429" 429 "$(post /v1/logs $PB "$tmp/logs_big.bin")"
check "http 429: Retry-After" "Retry-After: 1" \
    "$(grep -i '^retry-after:' "$tmp/hdrs" | tr -d '\r' | sed 's/^[Rr]etry-[Aa]fter:/Retry-After:/')"
check "http 429: google.rpc.Status RESOURCE_EXHAUSTED" \
    "code=8 msg=the collector is over its memory limit, retry later" \
    "$("$PY" "$TOOL" status "$tmp/body" pb)"
check "grpc over the memory limit: RESOURCE_EXHAUSTED" RESOURCE_EXHAUSTED \
    "$(grpc /opentelemetry.proto.collector.logs.v1.LogsService/Export "$tmp/logs_big.bin")"
stop_otelc
check "the held logs were flushed at shutdown" "spans=0 points=0 logs=1" \
    "$("$PY" "$TOOL" count "$tmp/held.json")"
check "refused spans counted (transport http)" 2 \
    "$(metric otelcol_receiver_refused_spans 'receiver="otlp",transport="http"')"
# Over the memory limit the server refuses before reading the body, so
# the refusals are counted as requests (the items were never read).
check "memory-limit refusals counted (HTTP and gRPC)" 2 \
    "$(metric otelc_receiver_refused_requests_total 'receiver="otlp"')"

finish
