#!/usr/bin/env bash
# End-to-end tests of the in-tree generator receiver, batch processor and
# debug exporter, run through the real otelc binary of a build tree:
#   - `otelc components` lists the three with their plugin files;
#   - debug verbosity basic / normal / detailed print every item;
#   - batch: send_batch_size is a trigger, send_batch_max_size cuts,
#     timeout flushes the remainder;
#   - debug sampling (sampling_initial / sampling_thereafter);
#   - config errors of the three plugins;
#   - SIGTERM during generation: the batch's contents reach debug before
#     exit, nothing is lost or duplicated, exit code 0 (issue 2, item 7).
#
# usage: plugins_e2e.sh BUILD_DIR
# "wait_a && wait_b || fail ..." is meant: fail when any wait fails.
# shellcheck disable=SC2015
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
OTELC="$BUILD_DIR/bin/otelc"
PLUGINS="$BUILD_DIR/lib/otelc/plugins"
[[ -x "$OTELC" ]] || {
    echo "FAIL: no $OTELC" >&2
    exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otelc-plugins-e2e.XXXXXX")
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill -KILL "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
ok() { echo "ok: $*"; }

# unlog FILE: the text with the collector log's "<time>\t<level>\t[<id>]\t"
# prefixes removed, so a debug dump logged in several entries reads the
# same as one written to stdout.
unlog() {
    sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^\t]*\t[a-z]+\t(\[[^]]*\]\t)?//' "$1"
}

# wait_for FILE REGEX COUNT [TENTHS]: until COUNT lines match (default 10s).
wait_for() {
    local i
    for ((i = 0; i < ${4:-100}; i++)); do
        if [[ $(unlog "$1" | grep -cE "$2" || true) -ge $3 ]]; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# start NAME [otelc args...]: runs otelc on $tmp/NAME.yaml; stdout goes to
# $tmp/NAME.out, stderr (the log) to $tmp/NAME.log.
start() {
    local name=$1
    shift
    "$OTELC" --config "$tmp/$name.yaml" "$@" >"$tmp/$name.out" \
        2>"$tmp/$name.log" &
    pid=$!
    pids+=("$pid")
}

# stop: SIGTERM the last started otelc; its exit code must be 0.
stop() {
    local rc=0
    kill -TERM "$pid"
    wait "$pid" || rc=$?
    [[ $rc -eq 0 ]] || fail "otelc exited with $rc after SIGTERM: $(tail -5 "$tmp"/*.log)"
}

# config NAME SIGNALS GENERATOR BATCH DEBUG WORKERS: writes $tmp/NAME.yaml
# with one pipeline per signal in SIGNALS; the other arguments are the
# components' settings as YAML flow maps.
config() {
    local name=$1 signals=$2 gen=$3 batch=$4 debug=$5 workers=$6 s
    {
        echo "receivers: {generator: $gen}"
        echo "processors: {batch: $batch}"
        echo "exporters: {debug: $debug}"
        echo "service:"
        echo "  workers: $workers"
        echo "  pipelines:"
        for s in $signals; do
            echo "    $s: {receivers: [generator], processors: [batch], exporters: [debug]}"
        done
    } >"$tmp/$name.yaml"
}

# sum_field FILE REGEX: sum of the numbers captured by "REGEX([0-9]+)".
sum_field() {
    { grep -oE "$2[0-9]+" "$1" || true; } | grep -oE '[0-9]+$' |
        awk '{s += $1} END {print s + 0}'
}

# wait_sum FILE REGEX TOTAL: until sum_field reaches TOTAL (10s at most).
wait_sum() {
    local i
    for ((i = 0; i < 100; i++)); do
        if [[ $(sum_field "$1" "$2") -ge $3 ]]; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# ---- components ----
echo "== otelc components"
"$OTELC" components >"$tmp/components.out" 2>"$tmp/components.err" ||
    fail "otelc components failed: $(cat "$tmp/components.err")"
for spec in "receiver generator receiver_generator.so" \
    "processor batch processor_batch.so" "exporter debug exporter_debug.so"; do
    read -r kind type file <<<"$spec"
    line=$(grep -E "^$kind +$type " "$tmp/components.out") ||
        fail "components does not list $kind $type"
    [[ "$line" == *"$PLUGINS/$file"* ]] ||
        fail "$kind $type not from $PLUGINS/$file: $line"
    [[ "$line" == *"traces,metrics,logs"* ]] || fail "$kind $type: signals: $line"
done
ok "components lists generator, batch and debug with their plugin files"

# ---- verbosities ----
N=20
echo "== debug verbosity basic (count: $N per signal, 2 workers)"
config basic "traces metrics logs" "{rate: 100000, count: $N}" \
    "{timeout: 100ms}" "{verbosity: basic, use_internal_logger: false}" 2
start basic
wait_sum "$tmp/basic.out" '^Traces: resource spans: [0-9]+, spans: ' $N &&
    wait_sum "$tmp/basic.out" 'log records: ' $N &&
    wait_sum "$tmp/basic.out" 'data points: ' $N ||
    fail "basic output incomplete: $(cat "$tmp/basic.out")"
sleep 0.5 # anything extra (duplicates) would show up by now
stop
spans=$(sum_field "$tmp/basic.out" '^Traces: resource spans: [0-9]+, spans: ')
logs=$(sum_field "$tmp/basic.out" 'log records: ')
metrics=$(sum_field "$tmp/basic.out" ', metrics: ')
points=$(sum_field "$tmp/basic.out" 'data points: ')
[[ $spans -eq $N && $logs -eq $N && $metrics -eq $N && $points -eq $N ]] ||
    fail "basic counts spans=$spans logs=$logs metrics=$metrics points=$points, want $N: $(cat "$tmp/basic.out")"
[[ $(grep -cvE '^(Traces|Metrics|Logs): ' "$tmp/basic.out") -eq 0 ]] ||
    fail "basic printed more than summary lines"
ok "basic: one summary line per batch, totals $N spans, $N metrics/points, $N logs"

echo "== debug verbosity normal, through the collector's log"
config normal "traces metrics logs" "{rate: 100000, count: $N, attributes: 1}" \
    "{timeout: 100ms}" "{verbosity: normal}" 2
start normal
wait_for "$tmp/normal.log" '^generated-span-' $N &&
    wait_for "$tmp/normal.log" '^INFO generated log ' $N &&
    wait_for "$tmp/normal.log" '^generator\.' $N || fail "normal output incomplete"
sleep 0.5
stop
grep -qE 'info	\[debug\]	Traces: resource spans: ' "$tmp/normal.log" ||
    fail "normal: summary not written through the internal logger"
log="$tmp/normal.txt"
unlog "$tmp/normal.log" >"$log"
[[ $(grep -cE '^generated-span-[0-9]+ [0-9a-f]{32} [0-9a-f]{16} gen\.index=' "$log") -eq $N ]] ||
    fail "normal: span lines malformed or missing: $(grep generated-span "$log" | head -3)"
[[ $(grep -cE '^INFO generated log [0-9]+ gen\.index=' "$log") -eq $N ]] ||
    fail "normal: log lines malformed"
[[ $(grep -cE '^generator\.(items|gauge|latency)\{gen\.index=' "$log") -eq $N ]] ||
    fail "normal: metric lines malformed"
grep -qE '^generator\.latency\{.*\} count=4 sum=[0-9.]+ min=[0-9.]+ max=[0-9.]+ le1=1 le10=1 le100=1 le\+Inf=1$' "$log" ||
    fail "normal: histogram line malformed"
[[ $(grep -oE 'gen\.seq=[0-9]+' "$log" | sort | uniq -c | awk '$1 != 3' | wc -l) -eq 0 ]] ||
    fail "normal: each gen.seq should appear once per signal"
ok "normal: one line per span, metric point and log record, via the log"

echo "== debug verbosity detailed"
config detailed "traces metrics logs" "{rate: 100000, count: $N}" \
    "{timeout: 100ms}" "{verbosity: detailed, use_internal_logger: false}" 2
start detailed
wait_for "$tmp/detailed.out" '^Span #' $N && wait_for "$tmp/detailed.out" '^LogRecord #' $N &&
    wait_for "$tmp/detailed.out" '^Metric #' $N || fail "detailed output incomplete"
sleep 0.5
stop
out="$tmp/detailed.out"
[[ $(grep -c '^Span #' "$out") -eq $N && $(grep -c '^LogRecord #' "$out") -eq $N &&
    $(grep -c '^Metric #' "$out") -eq $N ]] || fail "detailed: wrong item counts"
for re in '^ResourceSpans #0$' '^ScopeSpans #0$' '^InstrumentationScope otelc/generator ' \
    '^Resource attributes:$' '^     -> service\.name: Str\(otelc-generator\)$' \
    '^    Trace ID       : [0-9a-f]{32}$' '^    ID             : [0-9a-f]{16}$' \
    '^    Kind           : (Internal|Server|Client|Producer|Consumer)$' \
    '^    Start time     : 20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:.]+ \+0000 UTC$' \
    '^    Status code    : Ok$' '^    Status code    : Error$' \
    '^    Status message : generated error$' '^     -> gen\.index: Int\([0-9]+\)$' \
    '^     -> gen\.attr\.0: Str\(value-0-[0-9]+\)$' '^Events:$' '^SpanEvent #0$' \
    '^     -> Name: generated-event$' '^ResourceMetrics #0$' '^Descriptor:$' \
    '^     -> DataType: Sum$' '^     -> IsMonotonic: true$' \
    '^     -> AggregationTemporality: Cumulative$' '^NumberDataPoints #0$' \
    '^HistogramDataPoints #0$' '^ExplicitBounds #2: 100\.000000$' \
    '^Buckets #3, Count: 1$' '^ResourceLog #0$' '^LogRecord #0$' \
    '^SeverityNumber: Info\(9\)$' '^Body: Str\(generated log [0-9]+\)$' \
    '^Trace ID: [0-9a-f]{32}$' '^Span ID: [0-9a-f]{16}$' '^Flags: 1$'; do
    grep -qE "$re" "$out" || fail "detailed output lacks a line matching $re"
done
ok "detailed: otelcol's multi-line layout for spans, metrics and logs"

# ---- batch ----
echo "== batch: send_batch_size 30 + send_batch_max_size 30, long timeout"
config size "traces" "{rate: 100000, count: 100}" \
    "{send_batch_size: 30, send_batch_max_size: 30, timeout: 30s}" \
    "{verbosity: basic, use_internal_logger: false}" 1
start size
wait_for "$tmp/size.out" 'spans: ' 3 || fail "no batches of 30"
sleep 0.5
[[ "$(grep -oE 'spans: [0-9]+$' "$tmp/size.out" | tr '\n' ' ')" == "spans: 30 spans: 30 spans: 30 " ]] ||
    fail "before shutdown expected 30,30,30: $(cat "$tmp/size.out")"
stop
[[ "$(grep -oE 'spans: [0-9]+$' "$tmp/size.out" | tr '\n' ' ')" == "spans: 30 spans: 30 spans: 30 spans: 10 " ]] ||
    fail "expected 30,30,30 then 10 at shutdown: $(cat "$tmp/size.out")"
ok "batches of 30,30,30 at once; the remaining 10 flushed at shutdown"

echo "== batch: send_batch_size is a trigger, not a limit"
config trigger "traces" "{rate: 100000, count: 100}" \
    "{send_batch_size: 30, timeout: 30s}" "{use_internal_logger: false}" 1
start trigger
wait_for "$tmp/trigger.out" 'spans: ' 1 || fail "no batch"
sleep 0.3
stop
[[ "$(grep -oE 'spans: [0-9]+$' "$tmp/trigger.out" | tr '\n' ' ')" == "spans: 100 " ]] ||
    fail "expected one batch of 100: $(cat "$tmp/trigger.out")"
ok "without send_batch_max_size, 100 items over the trigger go out as one batch"

echo "== batch: timeout flushes what is below send_batch_size"
config timeout "logs" "{rate: 100000, count: 25}" \
    "{send_batch_size: 1000, timeout: 300ms}" "{use_internal_logger: false}" 1
start timeout
wait_for "$tmp/timeout.out" 'log records: 25$' 1 30 ||
    fail "timeout did not flush within 3s: $(cat "$tmp/timeout.out")"
stop
ok "25 records below send_batch_size 1000 sent by the 300ms timeout"

echo "== batch: timeout 0 passes batches straight through"
config notimeout "logs" "{rate: 200, interval: 50ms, count: 20}" \
    "{timeout: 0s}" "{use_internal_logger: false}" 1
start notimeout
wait_sum "$tmp/notimeout.out" 'log records: ' 20 || fail "timeout 0: output incomplete"
sleep 0.3
stop
[[ $(sum_field "$tmp/notimeout.out" 'log records: ') -eq 20 &&
    $(grep -c 'log records: ' "$tmp/notimeout.out") -gt 1 ]] ||
    fail "timeout 0: $(cat "$tmp/notimeout.out")"
ok "timeout 0: $(grep -c 'log records: ' "$tmp/notimeout.out") small batches, 20 records"

# ---- sampling ----
echo "== debug sampling: initial 2, thereafter 10"
config sampling "logs" "{rate: 200, interval: 10ms}" "{timeout: 0s}" \
    "{sampling_initial: 2, sampling_thereafter: 10, use_internal_logger: false}" 1
start sampling
sleep 2.2
stop
printed=$(grep -c 'log records: ' "$tmp/sampling.out" || true)
# About 100 batches a second: 2 + 98/10 ~ 12 printed per second.
[[ $printed -ge 4 && $printed -le 45 ]] ||
    fail "sampling printed $printed batches in ~2s (expected ~24)"
ok "sampling: $printed of ~200 batches printed in ~2s"

# ---- config errors ----
echo "== config errors"
cat >"$tmp/bad.yaml" <<'EOF'
receivers:
  generator: {rate: 0, count: -1, bogus: 1}
processors:
  batch: {send_batch_size: 100, send_batch_max_size: 10, metadata_keys: [tenant]}
exporters:
  debug: {verbosity: loud}
service:
  pipelines:
    traces: {receivers: [generator], processors: [batch], exporters: [debug]}
EOF
rc=0
"$OTELC" validate --config "$tmp/bad.yaml" >"$tmp/bad.out" 2>&1 || rc=$?
[[ $rc -eq 2 ]] || fail "validate of a bad config exited $rc, want 2"
for re in 'generator\.rate: must be at least 1, got "0"' 'generator\.count: must be at least 0' \
    'generator\.bogus: unknown key' \
    'send_batch_max_size \(10\) must be greater than or equal to send_batch_size \(100\)' \
    'metadata_keys is not supported' 'debug\.verbosity: invalid value "loud": expected one of "basic", "normal", "detailed"'; do
    grep -qE "bad\.yaml:[0-9]+:[0-9]+: .*$re" "$tmp/bad.out" ||
        fail "no error matching $re: $(cat "$tmp/bad.out")"
done
cat >"$tmp/good.yaml" <<'EOF'
receivers:
  generator: {rate: 5, interval: 1s, count: 0, attributes: 0, service_name: x}
processors:
  batch: {send_batch_size: 10, send_batch_max_size: 10, timeout: 1s, metadata_keys: [], metadata_cardinality_limit: 5}
exporters:
  debug: {verbosity: Detailed, sampling_initial: 5, sampling_thereafter: 200, use_internal_logger: false}
service:
  pipelines:
    traces: {receivers: [generator], processors: [batch], exporters: [debug]}
EOF
"$OTELC" validate --config "$tmp/good.yaml" >"$tmp/good.out" 2>&1 ||
    fail "a config using every setting was refused: $(cat "$tmp/good.out")"
ok "each plugin reports its config errors with file:line; all settings accepted"

# ---- SIGTERM during generation ----
echo "== SIGTERM during generation: held batches are flushed before exit"
config sigterm "logs" "{rate: 20000, attributes: 0}" \
    "{send_batch_size: 100000000, timeout: 10s}" \
    "{verbosity: normal, use_internal_logger: false}" 2
start sigterm --log-level debug
sleep 1.2
[[ ! -s "$tmp/sigterm.out" ]] ||
    fail "data left the batch before the timeout: $(head -3 "$tmp/sigterm.out")"
stop
out="$tmp/sigterm.out"
printed=$(grep -cE '^INFO generated log ' "$out" || true)
[[ $printed -gt 0 ]] || fail "nothing was flushed at shutdown"
dups=$(grep -oE 'gen\.seq=[0-9]+' "$out" | sort | uniq -d | wc -l)
[[ $dups -eq 0 ]] || fail "$dups gen.seq values printed twice"
# Per worker, gen.seq = worker << 40 | n with n = 0, 1, 2, ...: a gap
# would be an item lost between the generator and the exporter.
for w in 0 1; do
    grep -E '^INFO generated log ' "$out" | grep -E " gen\.worker=$w " |
        grep -oE 'gen\.seq=[0-9]+' | cut -d= -f2 |
        awk -v w=$w 'BEGIN {base = w * 2^40} {n[$1 - base] = 1; c++}
            END {for (i = 0; i < c; i++) if (!(i in n)) {print "gap at " i; exit 1}}' ||
        fail "worker $w: the printed sequence has a gap"
done
# The host's own count of what the generator produced (printed at shutdown
# with --log-level debug) must match what debug printed.
accepted=$(grep -oE 'otelcol_receiver_accepted_log_records\{receiver="generator"\} [0-9]+' \
    "$tmp/sigterm.log" | awk '{print $2}' || true)
if [[ -n "$accepted" ]]; then
    [[ $accepted -eq $printed ]] ||
        fail "generator produced $accepted log records, debug printed $printed"
    ok "SIGTERM: all $printed generated records flushed to debug (self-telemetry: $accepted), exit 0"
else
    ok "SIGTERM: $printed records flushed, contiguous per worker, exit 0 (no self-telemetry to compare)"
fi

echo "PASS: generator, batch and debug end to end"
