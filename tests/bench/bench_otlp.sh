#!/usr/bin/env bash
# OTLP ingest benchmark: h2load drives otelc's otlp receiver over gRPC and
# over OTLP/HTTP (h2c), through batch into the nop exporter (a pure
# pass-through: nothing is decoded). Prints spans/s, CPU seconds per
# million spans and peak RSS of the collector.
#
#   tests/bench/bench_otlp.sh BUILD_DIR [REQUESTS] [SPANS_PER_REQUEST] [CONNECTIONS]
#
# Bounded: REQUESTS requests per protocol (default 20000), 60 s at most.
set -euo pipefail
build=$1
requests=${2:-20000}
spans=${3:-100}
conns=${4:-8}
otelc=$build/bin/otelc
command -v h2load >/dev/null || { echo "h2load not found (apt-get install nghttp2-client)"; exit 2; }

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$build/bin/otelc_bench_payload" "$spans" "$tmp/req.pb" "$tmp/req.grpc" >/dev/null
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
hport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/otelc.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$port
      http:
        endpoint: 127.0.0.1:$hport
processors:
  batch:
exporters:
  nop:
service:
  workers: ${OTELC_BENCH_WORKERS:-2}
  telemetry:
    logs:
      level: warn
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [nop]
YAML
"$otelc" --config "$tmp/otelc.yaml" 2>"$tmp/otelc.log" &
pid=$!
for _ in $(seq 50); do
  (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.1
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)

run() { # name, h2load args...
  local name=$1; shift
  local t0 c0 t1 c1 secs cpu total
  c0=$(cpu_ticks); t0=$(date +%s.%N)
  timeout 60 h2load -n "$requests" -c "$conns" -m 16 "$@" >"$tmp/h2load.out" 2>&1 || true
  t1=$(date +%s.%N); c1=$(cpu_ticks)
  local ok
  ok=$(awk '/^requests:/ {for (i=1;i<=NF;i++) if ($i=="succeeded,") print $(i-1)}' "$tmp/h2load.out")
  ok=${ok:-0}
  secs=$(echo "$t1 - $t0" | bc -l)
  cpu=$(echo "($c1 - $c0) / $hz" | bc -l)
  total=$((ok * spans))
  printf '%-10s %8d req ok  %12.0f spans/s  %8.3f CPU s per 1M spans\n' \
    "$name" "$ok" "$(echo "$total / $secs" | bc -l)" \
    "$(echo "if ($total > 0) $cpu * 1000000 / $total else 0" | bc -l)"
}

echo "payload: $spans spans/request ($(stat -c %s "$tmp/req.pb") bytes), $requests requests, $conns connections"
run grpc -H 'content-type: application/grpc' -H 'te: trailers' -d "$tmp/req.grpc" \
  "http://127.0.0.1:$port/opentelemetry.proto.collector.trace.v1.TraceService/Export"
run http-h2c -H 'content-type: application/x-protobuf' -d "$tmp/req.pb" \
  "http://127.0.0.1:$hport/v1/traces"
echo "peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status")"
kill -TERM "$pid"; wait "$pid" || true; pid=
