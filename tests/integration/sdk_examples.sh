#!/usr/bin/env bash
# The SDK's example plugins, as a user gets them:
#   1. install the build tree into a temporary prefix: the examples come
#      with the SDK docs (share/doc/otelc-sdk/examples/);
#   2. copy each example outside the source tree and build it with nothing
#      but the installed SDK (warnings are errors);
#   3. check each exports only otelc_plugin_v1, and that otelc lists them
#      with `--plugin-dir`; a bad redact config is refused with its line;
#      each README's config table is `--config-table` of the build;
#   4. run generator -> redact -> {file, counter} and generator -> counter
#      on two workers, and check what a user would see: the configured
#      attributes gone or renamed in the file output (resource, span, span
#      event, log and data point attributes), the rest untouched, nothing
#      lost or duplicated, and the counter's totals at shutdown equal to
#      what was generated (with the attribute it looks for counted 0 times
#      after redact, every time without);
#   5. SIGTERM ends the collector with exit code 0.
#
# usage: sdk_examples.sh BUILD_DIR
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
sdk_setup sdk-examples

# ---- 1. install ----
sdk_install
DOC="$tmp/prefix/share/doc/otelc-sdk/examples"
for f in redact/CMakeLists.txt redact/README.md redact/src/redact.c \
    counter/CMakeLists.txt counter/README.md counter/src/counter.c; do
    [[ -f "$DOC/$f" ]] || fail "not installed: share/doc/otelc-sdk/examples/$f"
done
ok "examples installed with the SDK docs"

# ---- 2. out-of-tree builds against the installed SDK ----
# build_example NAME TARGET: copies the installed example to $tmp/NAME and
# builds it; the plugin is $tmp/NAME/build/TARGET.so.
build_example() {
    cp -r "$DOC/$1" "$tmp/$1"
    sdk_build_project "$tmp/$1" "$2" -DCMAKE_C_FLAGS="-Werror"
    ok "$1 built out of tree with -Werror against the installed SDK only; exports only otelc_plugin_v1"
}
build_example redact processor_redact
build_example counter exporter_counter
DIRS=(--plugin-dir "$tmp/redact/build" --plugin-dir "$tmp/counter/build")

# ---- 3. loaded by otelc ----
"$OTELC" components "${DIRS[@]}" >"$tmp/components.out" 2>"$tmp/components.err" ||
    fail "otelc components failed: $(cat "$tmp/components.err")"
grep -E '^processor +redact ' "$tmp/components.out" | grep -qF "$tmp/redact/build" ||
    fail "components does not list redact from its build: $(cat "$tmp/components.out")"
grep -E '^exporter +counter ' "$tmp/components.out" | grep -qF "$tmp/counter/build" ||
    fail "components does not list counter from its build: $(cat "$tmp/components.out")"
ok "otelc components lists processor redact and exporter counter"

cat >"$tmp/bad.yaml" <<'EOF'
receivers:
  generator:
processors:
  redact:
    delete: password
exporters:
  counter:
service:
  pipelines:
    traces: {receivers: [generator], processors: [redact], exporters: [counter]}
EOF
if "$OTELC" validate --config "$tmp/bad.yaml" "${DIRS[@]}" >"$tmp/bad.out" 2>&1; then
    fail "a redact config with 'delete: password' (not a list) was accepted"
fi
grep -F "bad.yaml:5:" "$tmp/bad.out" |
    grep -qF "processors.redact.delete: expected a list of strings" ||
    fail "no error naming delete and its line: $(cat "$tmp/bad.out")"
ok "validate refuses 'delete: password' with the YAML line"

# The READMEs' config tables are `--config-table` of the out-of-tree
# builds (tests/tools/gen-config-tables.sh checks only in-tree plugins).
for ex in redact:processor/redact counter:exporter/counter; do
    name=${ex%%:*} type=${ex#*:}
    readme="$DOC/$name/README.md"
    awk -v begin="<!-- config-table: $type -->" \
        '$0 == "<!-- /config-table -->" { f = 0 } f { print } $0 == begin { f = 1 }' \
        "$readme" >"$tmp/$name.table.md"
    [[ -s "$tmp/$name.table.md" ]] ||
        fail "$name/README.md has no <!-- config-table: $type --> section"
    "$OTELC" components "${DIRS[@]}" --config-table "$type" \
        >"$tmp/$name.table.want" 2>&1 ||
        fail "--config-table $type failed: $(cat "$tmp/$name.table.want")"
    diff -u "$tmp/$name.table.md" "$tmp/$name.table.want" >&2 ||
        fail "$name/README.md: config table differs from the schema (above)"
done
ok "the READMEs' config tables match --config-table of the built examples"

# ---- 4. the pipelines ----
cat >"$tmp/run.yaml" <<EOF
receivers:
  generator:
    rate: 100000
    count: $N
    attributes: 2
    service_name: sdk-examples-test
  generator/raw:
    rate: 100000
    count: $N
    attributes: 2
processors:
  redact:
    delete: [gen.attr.0, gen.worker]
    rename: {gen.index: index, service.name: svc}
exporters:
  file:
    path: $tmp/out.jsonl
  counter:
    with_attribute: gen.attr.0
  counter/raw:
    with_attribute: gen.attr.0
service:
  workers: 2
  pipelines:
    traces: {receivers: [generator], processors: [redact], exporters: [file, counter]}
    metrics: {receivers: [generator], processors: [redact], exporters: [file, counter]}
    logs: {receivers: [generator], processors: [redact], exporters: [file, counter]}
    traces/raw: {receivers: [generator/raw], exporters: [counter/raw]}
    metrics/raw: {receivers: [generator/raw], exporters: [counter/raw]}
    logs/raw: {receivers: [generator/raw], exporters: [counter/raw]}
EOF

# check_output FILE [--partial]: the redacted file output, checked as a
# user would read it. --partial only reports whether all items arrived.
check_output() {
    python3 - "$N" "$@" <<'PY'
import json, sys

n, path, partial = int(sys.argv[1]), sys.argv[2], "--partial" in sys.argv
items = {"resourceSpans": [], "resourceMetrics": [], "resourceLogs": []}
resources, scopes = [], []
try:
    lines = open(path).read().splitlines()
except FileNotFoundError:
    lines = []
for line in lines:
    req = json.loads(line)
    for rkey in items:
        for rx in req.get(rkey, []):
            resources.append(rx.get("resource", {}).get("attributes", []))
            for sx in rx.get("scopeSpans", rx.get("scopeMetrics", rx.get("scopeLogs", []))):
                scopes.append(sx.get("scope", {}).get("attributes", []))
                for it in sx.get("spans", []):
                    items[rkey].append(("span", it.get("attributes", [])))
                    for ev in it.get("events", []):
                        items[rkey].append(("event", ev.get("attributes", [])))
                for it in sx.get("logRecords", []):
                    items[rkey].append(("log", it.get("attributes", [])))
                for m in sx.get("metrics", []):
                    for kind in ("gauge", "sum", "histogram"):
                        for dp in m.get(kind, {}).get("dataPoints", []):
                            items[rkey].append(("point", dp.get("attributes", [])))

def keys(attrs):
    return [a["key"] for a in attrs]

got = {k: sum(1 for kind, _ in v if kind != "event") for k, v in items.items()}
if partial:
    sys.exit(0 if all(c >= n for c in got.values()) else 1)
problems = []
for k, c in got.items():
    if c != n:
        problems.append(f"{k}: {c} items, expected {n}")
for attrs in resources:
    ks = keys(attrs)
    if "service.name" in ks or ks.count("svc") != 1:
        problems.append(f"resource attributes not renamed: {ks}")
for rkey, lst in items.items():
    seqs = []
    for kind, attrs in lst:
        ks = keys(attrs)
        for gone in ("gen.attr.0", "gen.worker", "gen.index"):
            if gone in ks:
                problems.append(f"{rkey} {kind} still has {gone}: {ks}")
        if kind == "event":
            if ks != ["gen.seq"]:
                problems.append(f"span event attributes changed: {ks}")
            continue
        if ks != ["index", "gen.seq", "gen.attr.1"]:
            problems.append(f"{rkey} {kind} attributes: {ks}")
        seqs.append([a["value"]["intValue"] for a in attrs if a["key"] == "gen.seq"][0])
        idx = [a["value"] for a in attrs if a["key"] == "index"]
        if not idx or "intValue" not in idx[0]:
            problems.append(f"{rkey} {kind}: renamed index lost its int value: {idx}")
    if len(set(seqs)) != len(seqs):
        problems.append(f"{rkey}: duplicate gen.seq values")
if not resources:
    problems.append("no resources in the output")
for p in problems[:20]:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
}

echo "== running generator(count: $N) -> redact -> {file, counter} and generator/raw -> counter/raw, 2 workers"
"$OTELC" --config "$tmp/run.yaml" "${DIRS[@]}" >"$tmp/run.stdout" 2>"$tmp/run.err" &
pid=$!
pids+=("$pid")
for ((i = 0; i < 100; i++)); do
    check_output "$tmp/out.jsonl" --partial && break
    kill -0 "$pid" 2>/dev/null || fail "otelc exited early: $(cat "$tmp/run.err")"
    sleep 0.1
done
sleep 0.5 # anything extra (duplicates) would show up by now
rc=0
kill -TERM "$pid"
wait "$pid" || rc=$?
[[ $rc -eq 0 ]] || fail "otelc exited with $rc after SIGTERM: $(cat "$tmp/run.err")"
ok "SIGTERM: exit 0"

check_output "$tmp/out.jsonl" ||
    fail "file output after redact is not as configured (above); first line: $(head -c 600 "$tmp/out.jsonl")"
ok "file output: gen.attr.0 and gen.worker deleted, gen.index renamed to index and service.name to svc on every resource, span, log record and data point; span events and other attributes untouched; $N distinct items per signal"

for s in traces metrics logs; do
    grep -qE "\[counter\]	counter: $s: $N items in [0-9]+ batches, 0 with gen\.attr\.0\$" "$tmp/run.err" ||
        fail "counter did not report $N $s with 0 gen.attr.0: $(grep -F 'counter:' "$tmp/run.err")"
    grep -qE "\[counter/raw\]	counter: $s: $N items in [0-9]+ batches, $N with gen\.attr\.0\$" "$tmp/run.err" ||
        fail "counter/raw did not report $N $s all with gen.attr.0: $(grep -F 'counter:' "$tmp/run.err")"
done
ok "counter logged $N items per signal at shutdown: 0 with gen.attr.0 after redact, $N without it"

echo "PASS: SDK examples build out of tree and behave as documented"
