#!/usr/bin/env bash
# OTLP interop (issue 3, acceptance items 1 and 2), against the real otelc
# binary of a build tree:
#   - the OpenTelemetry JS SDK (npm, 2.12.0 / 0.223.0 line) sends a known
#     dataset of traces, metrics and logs over OTLP/gRPC, OTLP/HTTP protobuf
#     and OTLP/HTTP JSON, each with and without gzip, to otelc's `otlp`
#     receiver; every export must succeed from the SDK's point of view, and
#     what otelc's `file` exporter wrote is compared field by field with what
#     the SDK exported (tests/interop/compare.py);
#   - an independent python3-grpcio client with stubs generated from
#     core/data/proto sends Export calls (plain and gzip: OK and the right
#     response type; malformed bytes: INVALID_ARGUMENT), and its data must be
#     in the file too;
#   - SIGTERM: otelc exits 0.
#
# usage: otlp_interop.sh BUILD_DIR
# env:   OTELC_NPM_CACHE  where the npm packages are installed (default
#                         BUILD_DIR/npm); reused while package.json is unchanged
# Prints one line per check and ends with "N passed, N failed".
set -uo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd) || exit 2
SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INTEROP="$SRC_DIR/tests/interop"
OTELC="$BUILD_DIR/bin/otelc"
PY=/usr/bin/python3
NPM_DIR=${OTELC_NPM_CACHE:-$BUILD_DIR/npm}
DEADLINE=$((SECONDS + 170)) # the whole script stays under 3 minutes

passed=0
failed=0
ok() {
    passed=$((passed + 1))
    echo "ok: $*"
}
bad() {
    failed=$((failed + 1))
    echo "FAIL: $*"
}
finish() {
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 && $passed -gt 0 ]] && exit 0
    exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otelc-otlp-interop.XXXXXX") || exit 2
otelc_pid=
# shellcheck disable=SC2317  # called through the trap
cleanup() {
    if [[ -n "$otelc_pid" ]]; then
        kill -KILL "$otelc_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# Clients talk to loopback only: no proxy (grpc-js and grpcio honour
# http_proxy), no OTEL_* variable overriding the exporters' settings.
client_env=(env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY
    -u grpc_proxy -u all_proxy -u ALL_PROXY NO_PROXY='*' no_proxy='*')
while IFS='=' read -r name _; do
    [[ "$name" == OTEL_* ]] && client_env+=(-u "$name")
done < <(env)

left() { echo $((DEADLINE - SECONDS)); }

# ---------------------------------------------------------------- prerequisites
[[ -x "$OTELC" ]] || {
    bad "no $OTELC"
    finish
}
for tool in node npm protoc "$PY"; do
    command -v "$tool" >/dev/null || {
        bad "$tool not found (tests/tools/install-deps.sh)"
        finish
    }
done

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [[ "$node_major" -lt 20 ]]; then
    bad "node $(node --version 2>/dev/null) is too old: the SDK line under test needs node 20"
    finish
fi

if ! "$OTELC" components >"$tmp/components.out" 2>"$tmp/components.err"; then
    bad "otelc components failed: $(head -3 "$tmp/components.err")"
    finish
fi
if grep -qE '^receiver +otlp ' "$tmp/components.out" &&
    grep -qE '^exporter +file ' "$tmp/components.out"; then
    ok "otelc components lists the otlp receiver and the file exporter"
else
    bad "otelc components lacks the otlp receiver or the file exporter: $(tr '\n' ';' <"$tmp/components.out")"
    finish
fi

# npm packages, installed outside the source tree and reused while
# package.json is unchanged. No package-lock is written.
pkg="$INTEROP/js/package.json"
want_hash=$(sha256sum "$pkg" | cut -d' ' -f1)
if [[ -d "$NPM_DIR/node_modules/@opentelemetry/sdk-trace-base" &&
    "$(cat "$NPM_DIR/.package.json.sha256" 2>/dev/null)" == "$want_hash" ]]; then
    ok "npm packages cached in $NPM_DIR"
else
    mkdir -p "$NPM_DIR" && rm -rf "$NPM_DIR/node_modules" "$NPM_DIR/.package.json.sha256"
    cp "$pkg" "$NPM_DIR/package.json"
    if timeout 120 npm install --no-audit --no-fund --no-package-lock \
        --prefix "$NPM_DIR" >"$tmp/npm.log" 2>&1; then
        echo "$want_hash" >"$NPM_DIR/.package.json.sha256"
        ok "npm packages installed in $NPM_DIR"
    else
        bad "npm install failed: $(grep -v '^npm warn' "$tmp/npm.log" | tail -5 | tr '\n' ' ')"
        finish
    fi
fi

# ---------------------------------------------------------------- otelc
# free_port: a port nothing listens on right now (the kernel picks it).
free_port() {
    "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
grpc_port=$(free_port)
http_port=$(free_port)
while [[ "$http_port" == "$grpc_port" ]]; do http_port=$(free_port); done
out="$tmp/received.jsonl"

cat >"$tmp/otelc.yaml" <<EOF
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$grpc_port
      http:
        endpoint: 127.0.0.1:$http_port
exporters:
  file:
    path: $out
    format: json
service:
  workers: 2
  pipelines:
    traces: {receivers: [otlp], exporters: [file]}
    metrics: {receivers: [otlp], exporters: [file]}
    logs: {receivers: [otlp], exporters: [file]}
EOF

"$OTELC" --config "$tmp/otelc.yaml" >"$tmp/otelc.out" 2>"$tmp/otelc.log" &
otelc_pid=$!

# listening PORT: true when something accepts connections on PORT.
listening() {
    "$PY" -c 'import socket, sys
s = socket.socket()
s.settimeout(0.5)
sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$1"
}
up=0
for ((i = 0; i < 100; i++)); do
    if ! kill -0 "$otelc_pid" 2>/dev/null; then
        break
    fi
    if listening "$grpc_port" && listening "$http_port"; then
        up=1
        break
    fi
    sleep 0.1
done
if [[ $up -eq 1 ]]; then
    ok "otelc listens on 127.0.0.1:$grpc_port (grpc) and 127.0.0.1:$http_port (http)"
else
    bad "otelc did not come up on ports $grpc_port/$http_port: $(tail -5 "$tmp/otelc.log" | tr '\n' ' ')"
    finish
fi

# compare_until RECORD LABEL: compares otelc's output with the record,
# re-reading it for up to 5 s (the exporter may write a little after the
# sender got its answer); a failing comparison is printed in full.
compare_until() {
    local record=$1 label=$2
    if "$PY" "$INTEROP/compare.py" --wait 5 --record "$record" \
        --received "$out" >"$tmp/compare.out" 2>&1; then
        ok "$label: otelc's output matches what was sent, field by field"
    else
        sed 's/^/    /' "$tmp/compare.out" | head -60
        bad "$label: otelc's output differs from what was sent"
    fi
}

# ---------------------------------------------------------------- JS SDK
for flavour in grpc proto json; do
    for comp in none gzip; do
        label="js sdk $flavour/$comp"
        case $flavour in
            grpc) ep="127.0.0.1:$grpc_port" ;;
            *) ep="127.0.0.1:$http_port" ;;
        esac
        if [[ $(left) -lt 20 ]]; then
            bad "$label: out of time"
            continue
        fi
        run="js-$flavour-$comp-$$"
        record="$tmp/$run.json"
        if timeout 60 "${client_env[@]}" node "$INTEROP/js/send.mjs" --modules "$NPM_DIR" \
            --flavour "$flavour" --compression "$comp" --endpoint "$ep" \
            --run-id "$run" --record "$record" >"$tmp/$run.log" 2>&1; then
            ok "$label: every export succeeded ($(grep -c 'succeeded' "$tmp/$run.log") signals)"
        else
            sed 's/^/    /' "$tmp/$run.log" | head -20
            bad "$label: the SDK reported a failed export"
            [[ -s "$record" ]] || continue
        fi
        compare_until "$record" "$label"
    done
done

# ---------------------------------------------------------------- python gRPC
if [[ $(left) -lt 15 ]]; then
    bad "python grpc client: out of time"
else
    pyrun="py-$$"
    timeout 60 "${client_env[@]}" "$PY" "$INTEROP/python/grpc_client.py" \
        --proto-dir "$SRC_DIR/core/data/proto" --target "127.0.0.1:$grpc_port" \
        --run-prefix "$pyrun" --record-dir "$tmp" >"$tmp/py.log" 2>&1
    rc=$?
    while IFS= read -r line; do
        case $line in
            ok:*) ok "${line#ok: }" ;;
            FAIL:*) bad "${line#FAIL: }" ;;
            *) echo "    $line" ;;
        esac
    done <"$tmp/py.log"
    if [[ $rc -ne 0 ]] && ! grep -q '^FAIL:' "$tmp/py.log"; then
        bad "python grpc client exited with $rc"
    fi
    for comp in none gzip; do
        if [[ -s "$tmp/$pyrun-$comp.json" ]]; then
            compare_until "$tmp/$pyrun-$comp.json" "python grpc client ($comp)"
        else
            bad "python grpc client ($comp): no record written"
        fi
    done
fi

# ---------------------------------------------------------------- shutdown
kill -TERM "$otelc_pid" 2>/dev/null
rc=
for ((i = 0; i < 100; i++)); do
    if ! kill -0 "$otelc_pid" 2>/dev/null; then
        wait "$otelc_pid"
        rc=$?
        break
    fi
    sleep 0.1
done
if [[ -z "$rc" ]]; then
    bad "otelc still running 10 s after SIGTERM"
elif [[ $rc -eq 0 ]]; then
    otelc_pid=
    ok "otelc exited 0 after SIGTERM"
else
    otelc_pid=
    bad "otelc exited with $rc after SIGTERM: $(tail -5 "$tmp/otelc.log" | tr '\n' ' ')"
fi
if grep -qiE '(^|[[:space:]])(error|fatal)[[:space:]]' "$tmp/otelc.log"; then
    echo "    otelc log errors:"
    grep -iE '(^|[[:space:]])(error|fatal)[[:space:]]' "$tmp/otelc.log" | head -10 | sed 's/^/    /'
fi
finish
