# shellcheck shell=bash
# Shared by the exporter integration tests (export_*.sh); sourced, not run.
#
# Gives: $build $otelc $tmp $py $src $it, ok/bad/check/finish, free_port, wait_port,
# wait_for (bounded polling), start_otelc/stop_otelc, start_grpc_sink /
# start_http_sink (tests/integration/*_sink.py), make_ca, stubs, and a kill
# list so only processes this test started are ever signalled.
set -uo pipefail
build=${1:?usage: $0 BUILD_DIR}
build=$(cd "$build" && pwd)
otelc=$build/bin/otelc
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
it=$src/tests/integration
py=/usr/bin/python3
tmp=$(mktemp -d)
pass=0 fail=0
own_pids=()

cleanup() {
  local p live=() running
  # Only our children not yet reaped: a pid already waited for may have
  # been reused by someone else's process.
  running=" $(jobs -p | tr '\n' ' ') "
  for p in "${own_pids[@]}"; do
    [[ $running == *" $p "* ]] && live+=("$p")
  done
  for p in "${live[@]}"; do
    kill -TERM "$p" 2>/dev/null
  done
  for p in "${live[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  done
  if [ -n "${KEEP_TMP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
check() { # name, command... (passes when the command succeeds)
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" = 0 ]
  exit $?
}

free_port() {
  $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for SECONDS command...: polls every 0.1s until the command succeeds.
wait_for() {
  local secs=$1; shift
  local n=$((secs * 10))
  while [ "$n" -gt 0 ]; do
    "$@" 2>/dev/null && return 0
    sleep 0.1
    n=$((n - 1))
  done
  return 1
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { wait_for "${2:-15}" port_open "$1"; }

# start_otelc CONFIG LOG [extra args]: sets $otelc_pid.
start_otelc() {
  local cfg=$1 log=$2; shift 2
  "$otelc" --config "$cfg" "$@" >"$log" 2>&1 &
  otelc_pid=$!
  own_pids+=("$otelc_pid")
}
# stop_otelc [SECONDS]: SIGTERM and wait; sets $otelc_rc (124: hung).
# shellcheck disable=SC2034  # otelc_rc is read by the tests
stop_otelc() {
  local secs=${1:-30}
  kill -TERM "$otelc_pid" 2>/dev/null
  if wait_for "$secs" eval "! kill -0 $otelc_pid"; then
    wait "$otelc_pid"
    otelc_rc=$?
  else
    kill -KILL "$otelc_pid" 2>/dev/null
    wait "$otelc_pid" 2>/dev/null
    otelc_rc=124
  fi
}

# A self-signed CA and a server certificate for 127.0.0.1/localhost:
# $tmp/tls/{ca.pem,server.pem,server.key}.
make_ca() {
  local d=$tmp/tls
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=otelc-test-ca \
    -keyout "$d/ca.key" -out "$d/ca.pem" >/dev/null 2>&1 || return 1
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost \
    -keyout "$d/server.key" -out "$d/server.csr" >/dev/null 2>&1 || return 1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$d/ext.cnf"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
    -CAcreateserial -days 2 -extfile "$d/ext.cnf" -out "$d/server.pem" >/dev/null 2>&1
}

stubs() {
  [ -d "$tmp/stubs" ] || $py "$it/export_tool.py" stubs "$tmp/stubs"
}

# ---- sinks (tests/integration/grpc_sink.py, http_sink.py) ----
# start_grpc_sink NAME PORT RECORD [grpc_sink.py options]: PORT 0 lets the
# kernel choose; sets ${NAME}_pid and ${NAME}_port. Fails when the sink does
# not come up within 15s.
start_sink() {
  local script=$1 name=$2 port=$3 rec=$4; shift 4
  rm -f "$tmp/$name.port"
  $py "$script" --port "$port" --port-file "$tmp/$name.port" --out "$rec" "$@" \
    >"$tmp/$name.log" 2>&1 &
  local pid=$!
  own_pids+=("$pid")
  printf -v "${name}_pid" '%s' "$pid"
  wait_for 15 test -s "$tmp/$name.port" || { cat "$tmp/$name.log" >&2; return 1; }
  printf -v "${name}_port" '%s' "$(cat "$tmp/$name.port")"
}
start_grpc_sink() { start_sink "$it/grpc_sink.py" "$@"; }
start_http_sink() { start_sink "$it/http_sink.py" "$@"; }
stop_pid() {
  kill -TERM "$1" 2>/dev/null
  wait_for 10 eval "! kill -0 $1"
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

# Lines of a record file (one per request the sink saw).
nlines() { [ -f "$1" ] && wc -l <"$1" | tr -d ' ' || echo 0; }

# The value of a self-metric in otelc's log (`--log-level debug` prints
# them in Prometheus text format at shutdown): metric NAME LABEL LOG sums
# the series named exactly NAME whose labels contain LABEL ("" for any).
metric() {
  local name=$1 label=$2 log=$3
  awk -v n="$name" -v l="$label" '
    /^#/ { next }
    {
      split($1, a, "{")
      if (a[1] == n && (l == "" || index($1, l))) s += $NF
    }
    END { printf "%d\n", s }' "$log"
}

# The OpenTelemetry JS SDK of tests/interop/js, installed outside the source
# tree the way tests/integration/otlp_interop.sh does it (same directory,
# same marker), so the two tests share one install. Prints the directory.
js_modules() {
  local pkg=$src/tests/interop/js/package.json
  local dir=${OTELC_NPM_CACHE:-$build/npm}
  local want
  want=$(sha256sum "$pkg" | cut -d' ' -f1)
  mkdir -p "$dir" || return 1
  # Tests run in parallel under ctest -j: one installs, the others wait.
  exec 9>"$dir.lock" && flock -w 300 9 || return 1
  if [[ ! -d "$dir/node_modules/@opentelemetry/sdk-trace-base" ||
    "$(cat "$dir/.package.json.sha256" 2>/dev/null)" != "$want" ]]; then
    mkdir -p "$dir" && rm -rf "$dir/node_modules" "$dir/.package.json.sha256"
    cp "$pkg" "$dir/package.json" || return 1
    timeout 120 npm install --no-audit --no-fund --no-package-lock \
      --prefix "$dir" >"$tmp/npm.log" 2>&1 || { tail -5 "$tmp/npm.log" >&2; exec 9>&-; return 1; }
    echo "$want" >"$dir/.package.json.sha256"
  fi
  exec 9>&-
  echo "$dir"
}
