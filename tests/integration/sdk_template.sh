#!/usr/bin/env bash
# Acceptance test for the plugin SDK (issue 2, item 2):
#   1. install the build tree into a temporary prefix;
#   2. copy sdk-plugin/template outside the source tree and build it with
#      nothing but the installed SDK (CMake package, then pkg-config);
#   3. check the plugin exports only otelc_plugin_v1;
#   4. load it with `otelc --plugin-dir` (it must win over the installed
#      generator) and run generator -> batch -> debug on two workers,
#      checking every generated span, metric and log record is printed once;
#   5. SIGTERM must end the collector with exit code 0.
#
# usage: sdk_template.sh BUILD_DIR
# "wait_a && wait_b || fail ..." is meant: fail when any wait fails.
# shellcheck disable=SC2015
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
N=7 # items per signal; odd, so the two workers get different shares

# shellcheck source=tests/integration/sdk_lib.sh
. "$SRC_DIR/tests/integration/sdk_lib.sh"
sdk_setup sdk-template

# ---- 1. install ----
sdk_install
for f in bin/otelc include/otelc/otelc.h include/otelc/data.h \
    lib/cmake/otelc-sdk/otelc-sdkConfig.cmake \
    lib/cmake/otelc-sdk/otelc-sdkConfigVersion.cmake \
    lib/cmake/otelc-sdk/OtelcPlugin.cmake \
    lib/cmake/otelc-sdk/otelc-plugin.map lib/pkgconfig/otelc-sdk.pc \
    lib/otelc/plugins/receiver_generator.so; do
    [[ -e "$tmp/prefix/$f" ]] || fail "not installed: $f"
done
ok "SDK, binary and plugins installed"

# ---- 2a. out-of-tree build with the CMake package ----
cp -r "$SRC_DIR/sdk-plugin/template" "$tmp/proj"
echo "== building the template in $tmp/proj against the installed SDK only"
sdk_build_project "$tmp/proj" receiver_generator
plugin="$tmp/proj/build/receiver_generator.so"
ok "template built against the installed SDK only (no path into $SRC_DIR): $plugin"
ok "it exports only otelc_plugin_v1"

# ---- 2b. the same source with plain cc and pkg-config ----
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
cflags=$(pkg-config --cflags otelc-sdk)
map=$(pkg-config --variable=plugin_map otelc-sdk)
plugindir=$(pkg-config --variable=plugindir otelc-sdk)
[[ -d "$plugindir" ]] || fail "pkg-config plugindir $plugindir does not exist"
mkdir -p "$tmp/pc"
# shellcheck disable=SC2086
cc -std=c11 -shared -fPIC -fvisibility=hidden $cflags \
    -Wl,--version-script="$map" -Wl,-z,defs \
    -o "$tmp/pc/receiver_generator.so" "$tmp/proj/src/generator.c" ||
    fail "building with pkg-config flags failed"
ok "pkg-config build works (plugindir=$plugindir)"

# ---- 4a. components: the --plugin-dir copy wins ----
"$OTELC" components --plugin-dir "$tmp/proj/build" >"$tmp/components.out" \
    2>"$tmp/components.err" || fail "otelc components failed: $(cat "$tmp/components.err")"
gen_line=$(grep -E '^receiver +generator ' "$tmp/components.out") ||
    fail "components does not list the generator receiver"
[[ "$gen_line" == *"$plugin"* ]] ||
    fail "generator does not come from the out-of-tree plugin: $gen_line"
grep -F "$tmp/prefix/lib/otelc/plugins/receiver_generator.so" \
    "$tmp/components.err" | grep -qi duplicate ||
    fail "no warning about the installed generator being refused: $(cat "$tmp/components.err")"
ok "generator loaded from $plugin; installed copy refused with a warning"

# ---- 4b. run generator -> batch -> debug ----
# unlog FILE: the text with the collector log's "<time>\t<level>\t[<id>]\t"
# prefixes removed, so a debug dump logged in several entries reads the
# same as one written to stdout.
unlog() {
    sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^\t]*\t[a-z]+\t(\[[^]]*\]\t)?//' "$1"
}

# wait_for FILE PATTERN COUNT: until COUNT lines match (10s at most).
wait_for() {
    local i
    for ((i = 0; i < 100; i++)); do
        if [[ $(unlog "$1" | grep -cE "$2" || true) -ge $3 ]]; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# run_collector NAME VERBOSITY USE_INTERNAL_LOGGER: starts otelc with a
# config for all three signals; its output (stdout or log) is $tmp/NAME.out.
run_collector() {
    local name=$1 verbosity=$2 internal=$3
    cat >"$tmp/$name.yaml" <<EOF
receivers:
  generator:
    rate: 100000
    count: $N
    attributes: 2
    service_name: sdk-template-test
processors:
  batch:
    timeout: 200ms
exporters:
  debug:
    verbosity: $verbosity
    use_internal_logger: $internal
service:
  workers: 2
  pipelines:
    traces: {receivers: [generator], processors: [batch], exporters: [debug]}
    metrics: {receivers: [generator], processors: [batch], exporters: [debug]}
    logs: {receivers: [generator], processors: [batch], exporters: [debug]}
EOF
    if [[ $internal == true ]]; then
        "$OTELC" --config "$tmp/$name.yaml" --plugin-dir "$tmp/proj/build" \
            >"$tmp/$name.stdout" 2>"$tmp/$name.out" &
    else
        "$OTELC" --config "$tmp/$name.yaml" --plugin-dir "$tmp/proj/build" \
            >"$tmp/$name.out" 2>"$tmp/$name.stderr" &
    fi
    pid=$!
    pids+=("$pid")
}

# stop_collector: SIGTERM, and the exit code must be 0.
stop_collector() {
    local rc=0
    kill -TERM "$pid"
    wait "$pid" || rc=$?
    [[ $rc -eq 0 ]] || fail "otelc exited with $rc after SIGTERM"
}

# unique_seqs FILE LINE_REGEX: number of distinct gen.seq values on lines
# matching LINE_REGEX, failing on duplicates.
unique_seqs() {
    local all uniq
    all=$(grep -E "$2" "$1" | grep -oE 'gen\.seq=[0-9]+' | wc -l)
    uniq=$(grep -E "$2" "$1" | grep -oE 'gen\.seq=[0-9]+' | sort -u | wc -l)
    [[ $all -eq $uniq ]] || fail "duplicate gen.seq values in $1 ($all vs $uniq)"
    echo "$uniq"
}

echo "== running generator(count: $N) -> batch -> debug(detailed), 2 workers"
run_collector detailed detailed true
wait_for "$tmp/detailed.out" '^Span #' $N &&
    wait_for "$tmp/detailed.out" '^LogRecord #' $N &&
    wait_for "$tmp/detailed.out" '^Metric #' $N ||
    fail "detailed output incomplete: $(cat "$tmp/detailed.out")"
sleep 0.5 # anything extra (duplicates) would show up by now
stop_collector
out="$tmp/detailed.txt"
unlog "$tmp/detailed.out" >"$out"
[[ $(grep -c '^Span #' "$out") -eq $N ]] || fail "expected $N spans"
[[ $(grep -c '^LogRecord #' "$out") -eq $N ]] || fail "expected $N log records"
[[ $(grep -c '^Metric #' "$out") -eq $N ]] || fail "expected $N metrics"
for t in Sum Gauge Histogram; do
    grep -q -- "-> DataType: $t\$" "$out" || fail "no $t metric printed"
done
[[ $(grep -c 'service.name: Str(sdk-template-test)' "$out") -ge 3 ]] ||
    fail "resource attribute service.name missing"
grep -qE '^    Trace ID       : [0-9a-f]{32}$' "$out" || fail "bad trace id format"
grep -qE '^Body: Str\(generated log [0-9]+\)$' "$out" || fail "bad log body"
spans=$(grep -cE '^    Name           : generated-span-' "$out")
[[ $spans -eq $N ]] || fail "expected $N generated-span names, got $spans"
ok "detailed: exactly $N spans, $N metrics (sum, gauge, histogram), $N log records; exit 0"

echo "== running generator(count: $N) -> batch -> debug(normal) to stdout"
run_collector normal normal false
wait_for "$tmp/normal.out" '^generated-span-' $N &&
    wait_for "$tmp/normal.out" '^INFO generated log ' $N &&
    wait_for "$tmp/normal.out" '^generator\.' $N ||
    fail "normal output incomplete: $(cat "$tmp/normal.out")"
sleep 0.5
stop_collector
out="$tmp/normal.out"
[[ $(unique_seqs "$out" '^generated-span-') -eq $N ]] || fail "expected $N distinct spans"
[[ $(unique_seqs "$out" '^INFO generated log ') -eq $N ]] || fail "expected $N distinct logs"
[[ $(unique_seqs "$out" '^generator\.') -eq $N ]] || fail "expected $N distinct metric points"
# Both workers contributed (gen.seq = worker << 40 | n).
grep -q 'gen.worker=1 ' "$out" || fail "worker 1 produced nothing"
ok "normal: $N distinct spans, metric points and log records from 2 workers; exit 0"

echo "PASS: SDK template builds out of tree and runs in otelc"
