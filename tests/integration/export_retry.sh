#!/usr/bin/env bash
# Issue 4, acceptance 3: retry and backpressure.
#  A. Sinks that fail the first requests with UNAVAILABLE / 503 (one of
#     them once with Retry-After: 2) still get every span exactly once, the
#     Retry-After gap is honoured, and the self-metrics show the sends
#     succeeded (nothing counted as failed) after retries.
#  B. A sink that is down for longer than the sending queue can hold makes
#     the otlp receiver answer UNAVAILABLE; everything the receiver
#     accepted arrives, exactly once, when the sink comes back.
#  C. INVALID_ARGUMENT / 400 is not retried and is counted as failed.
#  D. The edges of the outcome mapping: partial success (gRPC protobuf
#     response, HTTP JSON response) is counted and not retried;
#     RESOURCE_EXHAUSTED is retried only with a RetryInfo; Retry-After as
#     an HTTP date is honoured.
# shellcheck source=tests/integration/export_lib.sh
source "$(dirname "$0")/export_lib.sh"

stubs || { bad "protoc generated python stubs"; finish; }
tool() { $py "$it/export_tool.py" "$@"; }

# ---------------------------------------------------------------- A
recv=$(free_port)
gport=$(free_port)
hport=$(free_port)
rport=$(free_port)
start_grpc_sink gsink "$gport" "$tmp/a-grpc.jsonl" --fail 3 --fail-code UNAVAILABLE ||
  { bad "grpc sink listens"; finish; }
start_http_sink hsink "$hport" "$tmp/a-http.jsonl" --fail 3 --fail-status 503 ||
  { bad "http sink listens"; finish; }
# fails once, telling the client to come back in 2s
start_http_sink rsink "$rport" "$tmp/a-ra.jsonl" --fail 1 --fail-status 503 --retry-after 2 ||
  { bad "http sink (Retry-After) listens"; finish; }

cat >"$tmp/a.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$recv
exporters:
  otlp:
    endpoint: 127.0.0.1:$gport
    tls: {insecure: true}
    retry_on_failure: {initial_interval: 100ms, max_interval: 300ms}
  otlphttp:
    endpoint: http://127.0.0.1:$hport
    retry_on_failure: {initial_interval: 100ms, max_interval: 300ms}
  otlphttp/ra:
    endpoint: http://127.0.0.1:$rport
    retry_on_failure: {initial_interval: 100ms, max_interval: 300ms}
    # one batch at a time: the request after the refusal is its retry
    sending_queue: {num_consumers: 1}
service:
  workers: 1
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp, otlphttp, otlphttp/ra]
YAML
start_otelc "$tmp/a.yaml" "$tmp/a.log" --log-level debug
wait_port "$recv" 15 || { bad "otelc listens"; cat "$tmp/a.log"; finish; }
# Times the refusal and the retry as they happen.
# The sink records the refusal before answering and the tool polls the
# record file, so the measured gap may read up to one poll short of 2 s.
tool gap --records "$tmp/a-ra.jsonl" --min 1.9 --timeout 30 >"$tmp/gap.out" 2>&1 &
gap_pid=$!
own_pids+=("$gap_pid")
check "A: 40 spans in 8 requests accepted by the receiver" \
  tool send --stubs "$tmp/stubs" --target "127.0.0.1:$recv" --first 1 --count 40 \
  --per-request 5 --record "$tmp/a-sent.b64"
all_arrived() { [ "$(tool ids --stubs "$tmp/stubs" --records "$1" | cut -d' ' -f2)" = 40 ]; }
for s in a-grpc a-http a-ra; do wait_for 30 all_arrived "$tmp/$s.jsonl"; done
sleep 1 # a late duplicate would show up now
stop_otelc 30
check "A: otelc exits 0" test "$otelc_rc" = 0
for s in a-grpc a-http a-ra; do
  read -r total uniq < <(tool ids --stubs "$tmp/stubs" --records "$tmp/$s.jsonl")
  check "A: $s: all 40 spans arrived exactly once (total $total, unique $uniq)" \
    test "$total" = 40 -a "$uniq" = 40
  check "A: $s: content equals what was sent" \
    tool multiset --stubs "$tmp/stubs" --sent "$tmp/a-sent.b64" --records "$tmp/$s.jsonl"
done
for s in a-grpc a-http; do
  check "A: $s: the sink refused 3 requests before accepting" \
    test "$(tool failed --records "$tmp/$s.jsonl")" -ge 3
done
wait "$gap_pid"
gap_rc=$?
check "A: Retry-After: 2 honoured ($(cat "$tmp/gap.out"))" test "$gap_rc" = 0
for e in 'exporter="otlp"' 'exporter="otlphttp"' 'exporter="otlphttp/ra"'; do
  check "A: $e: otelcol_exporter_sent_spans = 40" \
    test "$(metric otelcol_exporter_sent_spans "$e" "$tmp/a.log")" = 40
  check "A: $e: otelcol_exporter_send_failed_spans = 0 (retried, not failed)" \
    test "$(metric otelcol_exporter_send_failed_spans "$e" "$tmp/a.log")" = 0
done
check "A: retries are logged" grep -q 'will retry' "$tmp/a.log"

# ---------------------------------------------------------------- B
recv=$(free_port)
gport=$(free_port)
cat >"$tmp/b.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$recv
exporters:
  otlp:
    endpoint: 127.0.0.1:$gport
    tls: {insecure: true}
    timeout: 1s
    sending_queue: {queue_size: 3, num_consumers: 1}
    retry_on_failure: {initial_interval: 100ms, max_interval: 200ms, max_elapsed_time: 120s}
service:
  workers: 1
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp]
YAML
start_otelc "$tmp/b.yaml" "$tmp/b.log" --log-level debug
wait_port "$recv" 15 || { bad "otelc listens"; cat "$tmp/b.log"; finish; }
# No sink yet: one span per request, each tried once.
tool send --stubs "$tmp/stubs" --target "127.0.0.1:$recv" --first 1000 --count 12 \
  --per-request 1 --record "$tmp/b-sent.b64" >"$tmp/b-send.out" 2>&1
check "B: the receiver answered UNAVAILABLE once the queue was full" \
  grep -q ': UNAVAILABLE' "$tmp/b-send.out"
accepted=$(grep -c ': OK' "$tmp/b-send.out")
check "B: the receiver accepted what the queue holds ($accepted requests)" \
  test "$accepted" -ge 1 -a "$accepted" -le 6
sleep 1
start_grpc_sink bsink "$gport" "$tmp/b-grpc.jsonl" || { bad "grpc sink listens"; finish; }
arrived() { [ "$(tool ids --stubs "$tmp/stubs" --records "$tmp/b-grpc.jsonl" | cut -d' ' -f2)" = "$accepted" ]; }
wait_for 30 arrived
sleep 1
stop_otelc 30
check "B: otelc exits 0" test "$otelc_rc" = 0
check "B: every accepted span arrived exactly once after the sink came back" \
  tool multiset --stubs "$tmp/stubs" --sent "$tmp/b-sent.b64" --records "$tmp/b-grpc.jsonl"
check "B: refusals counted (otelcol_exporter_enqueue_failed_spans > 0)" \
  test "$(metric otelcol_exporter_enqueue_failed_spans 'exporter="otlp"' "$tmp/b.log")" -gt 0

# ---------------------------------------------------------------- C
recv=$(free_port)
gport=$(free_port)
hport=$(free_port)
start_grpc_sink csink "$gport" "$tmp/c-grpc.jsonl" --fail 1000 --fail-code INVALID_ARGUMENT \
  --fail-message "grpc sink says the spans are bad" ||
  { bad "grpc sink listens"; finish; }
# the error body is a google.rpc.Status in JSON
start_http_sink chsink "$hport" "$tmp/c-http.jsonl" --fail 1000 --fail-status 400 \
  --response-body '{"code":3,"message":"http sink says the spans are bad"}' \
  --response-type application/json ||
  { bad "http sink listens"; finish; }
cat >"$tmp/c.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$recv
exporters:
  otlp:
    endpoint: 127.0.0.1:$gport
    tls: {insecure: true}
    retry_on_failure: {initial_interval: 100ms, max_interval: 200ms}
  otlphttp:
    endpoint: http://127.0.0.1:$hport
    retry_on_failure: {initial_interval: 100ms, max_interval: 200ms}
service:
  workers: 1
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp, otlphttp]
YAML
start_otelc "$tmp/c.yaml" "$tmp/c.log" --log-level debug
wait_port "$recv" 15 || { bad "otelc listens"; cat "$tmp/c.log"; finish; }
tool send --stubs "$tmp/stubs" --target "127.0.0.1:$recv" --first 2000 --count 5 \
  --per-request 5 >/dev/null 2>&1
wait_for 10 test "$(nlines "$tmp/c-grpc.jsonl")" -ge 1
wait_for 10 test "$(nlines "$tmp/c-http.jsonl")" -ge 1
sleep 2 # a retry (100ms backoff) would arrive well within this
stop_otelc 30
check "C: INVALID_ARGUMENT was not retried (1 request)" test "$(nlines "$tmp/c-grpc.jsonl")" = 1
check "C: HTTP 400 was not retried (1 request)" test "$(nlines "$tmp/c-http.jsonl")" = 1
check "C: otlp: otelcol_exporter_send_failed_spans = 5" \
  test "$(metric otelcol_exporter_send_failed_spans 'exporter="otlp"' "$tmp/c.log")" = 5
check "C: otlphttp: otelcol_exporter_send_failed_spans = 5" \
  test "$(metric otelcol_exporter_send_failed_spans 'exporter="otlphttp"' "$tmp/c.log")" = 5
check "C: otlp: otelcol_exporter_sent_spans = 0" \
  test "$(metric otelcol_exporter_sent_spans 'exporter="otlp"' "$tmp/c.log")" = 0
check "C: the gRPC status message is logged" grep -q 'grpc sink says the spans are bad' "$tmp/c.log"
check "C: the HTTP error body's google.rpc.Status message is logged" \
  grep -q 'http sink says the spans are bad' "$tmp/c.log"

# ---------------------------------------------------------------- D
recv=$(free_port)
# ExportTraceServiceResponse{partial_success{rejected_spans: 2,
# error_message: "too old"}}
partial_hex=0a0b08021207746f6f206f6c64
partial_json='{"partialSuccess":{"rejectedSpans":"2","errorMessage":"too old (json)"}}'
start_grpc_sink dgp "$(free_port)" "$tmp/d-gp.jsonl" --response-hex "$partial_hex" ||
  { bad "grpc sink listens"; finish; }
start_http_sink dhp "$(free_port)" "$tmp/d-hp.jsonl" --response-body "$partial_json" \
  --response-type application/json || { bad "http sink listens"; finish; }
start_grpc_sink dri "$(free_port)" "$tmp/d-ri.jsonl" --fail 1 --fail-code RESOURCE_EXHAUSTED \
  --retry-delay 1 || { bad "grpc sink listens"; finish; }
start_grpc_sink dre "$(free_port)" "$tmp/d-re.jsonl" --fail 1 --fail-code RESOURCE_EXHAUSTED ||
  { bad "grpc sink listens"; finish; }
start_http_sink ddt "$(free_port)" "$tmp/d-dt.jsonl" --fail 1 \
  --retry-after "$(date -u -d '+3 sec' '+%a, %d %b %Y %H:%M:%S GMT')" ||
  { bad "http sink listens"; finish; }
# shellcheck disable=SC2154  # the *_port variables come from start_*_sink
cat >"$tmp/d.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$recv
exporters:
  otlp/partial:
    endpoint: 127.0.0.1:$dgp_port
    tls: {insecure: true}
  otlphttp/partial:
    endpoint: http://127.0.0.1:$dhp_port
  otlp/retryinfo:
    endpoint: 127.0.0.1:$dri_port
    tls: {insecure: true}
    retry_on_failure: {initial_interval: 100ms}
  otlp/exhausted:
    endpoint: 127.0.0.1:$dre_port
    tls: {insecure: true}
    retry_on_failure: {initial_interval: 100ms}
  otlphttp/date:
    endpoint: http://127.0.0.1:$ddt_port
    retry_on_failure: {initial_interval: 100ms}
service:
  workers: 1
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlp/partial, otlphttp/partial, otlp/retryinfo, otlp/exhausted, otlphttp/date]
YAML
start_otelc "$tmp/d.yaml" "$tmp/d.log" --log-level debug
wait_port "$recv" 15 || { bad "otelc listens"; cat "$tmp/d.log"; finish; }
tool gap --records "$tmp/d-dt.jsonl" --min 0.9 --timeout 30 >"$tmp/dgap.out" 2>&1 &
gap_pid=$!
own_pids+=("$gap_pid")
check "D: 5 spans accepted" \
  tool send --stubs "$tmp/stubs" --target "127.0.0.1:$recv" --first 3000 --count 5 --per-request 5
wait_for 10 test "$(nlines "$tmp/d-ri.jsonl")" -ge 2
wait "$gap_pid"
gap_rc=$?
sleep 1
stop_otelc 30
check "D: otelc exits 0" test "$otelc_rc" = 0
for e in partial otlphttp/partial; do
  case $e in partial) id=otlp/partial rec=d-gp ;; *) id=$e rec=d-hp ;; esac
  check "D: $id: partial success not retried (1 request)" test "$(nlines "$tmp/$rec.jsonl")" = 1
  check "D: $id: 3 spans counted as sent" \
    test "$(metric otelcol_exporter_sent_spans "exporter=\"$id\"" "$tmp/d.log")" = 3
  check "D: $id: 2 rejected spans counted as failed" \
    test "$(metric otelcol_exporter_send_failed_spans "exporter=\"$id\"" "$tmp/d.log")" = 2
done
check "D: the server's partial-success message is logged (protobuf)" grep -q 'too old' "$tmp/d.log"
check "D: the server's partial-success message is logged (JSON)" grep -q 'too old (json)' "$tmp/d.log"
check "D: RESOURCE_EXHAUSTED with RetryInfo is retried (2 requests)" \
  test "$(nlines "$tmp/d-ri.jsonl")" = 2
check "D: ... and then delivered (5 spans sent)" \
  test "$(metric otelcol_exporter_sent_spans 'exporter="otlp/retryinfo"' "$tmp/d.log")" = 5
check "D: RESOURCE_EXHAUSTED without RetryInfo is not retried (1 request)" \
  test "$(nlines "$tmp/d-re.jsonl")" = 1
check "D: ... and counted as failed (5 spans)" \
  test "$(metric otelcol_exporter_send_failed_spans 'exporter="otlp/exhausted"' "$tmp/d.log")" = 5
check "D: Retry-After as an HTTP date honoured ($(cat "$tmp/dgap.out"))" test "$gap_rc" = 0

finish
