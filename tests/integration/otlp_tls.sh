#!/usr/bin/env bash
# TLS on the otlp receiver (issue 3, acceptance 5).
#
# Generates a self-signed CA, a server certificate for 127.0.0.1/localhost
# and a client certificate with openssl, then:
#   1. without client_ca_file: OTLP/HTTP over HTTPS with curl, HTTP/1.1 and
#      h2 (ALPN), protobuf and JSON; gRPC+TLS with python grpcio; a client
#      that does not trust the CA fails; plain text to the TLS port fails;
#   2. with client_ca_file: a request without a client certificate fails,
#      one with a certificate signed by another CA fails, one with the
#      client certificate succeeds (curl and gRPC);
# and checks the file exporter received exactly the accepted spans, and a
# clean exit (no sanitizer report).
#
# usage: otlp_tls.sh BUILD_DIR
set -uo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
# shellcheck source=otlp/common.sh source-path=SCRIPTDIR
. "$(dirname "$0")/otlp/common.sh"

for t in curl openssl "$PY"; do
    command -v "$t" >/dev/null || {
        echo "SKIP: $t missing"
        exit 77
    }
done
[[ -x "$OTELC" ]] || {
    echo "FAIL: no $OTELC"
    exit 1
}

# ---- certificates ----
pki="$tmp/pki"
mkdir -p "$pki"
(
    cd "$pki" || exit 1
    # ca: the trusted CA; rogue: a CA nobody configured
    for ca in ca rogue; do
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=otelc test $ca" \
            -keyout "$ca.key" -out "$ca.crt" 2>/dev/null || exit 1
    done
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout server.key -out server.csr 2>/dev/null || exit 1
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
        -days 2 -extfile server.ext -out server.crt 2>/dev/null || exit 1
    for c in client:ca rogueclient:rogue; do
        name=${c%%:*}
        signer=${c##*:}
        openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" \
            -keyout "$name.key" -out "$name.csr" 2>/dev/null || exit 1
        printf 'extendedKeyUsage=clientAuth\n' >client.ext
        openssl x509 -req -in "$name.csr" -CA "$signer.crt" -CAkey "$signer.key" \
            -CAcreateserial -days 2 -extfile client.ext -out "$name.crt" \
            2>/dev/null || exit 1
    done
)
if [[ -s "$pki/server.crt" && -s "$pki/client.crt" && -s "$pki/rogueclient.crt" ]]; then
    pass "openssl generated a CA, a server and client certificates"
else
    fail "could not generate certificates"
    finish
fi

"$PY" "$TOOL" payload traces1 "$tmp/traces1.bin"
TID=0102030405060708090a0b0c0d0e0f10
printf '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"0102030405060708","name":"tls-json"}]}]}]}' \
    "$TID" >"$tmp/good.json"
M=/opentelemetry.proto.collector.trace.v1.TraceService/Export
PB=application/x-protobuf

# config CLIENT_CA: writes $tmp/config.yaml; with CLIENT_CA=1 both
# listeners require a client certificate signed by the CA.
config() {
    local extra=""
    if [[ $1 == 1 ]]; then
        extra="
          client_ca_file: $pki/ca.crt"
    fi
    cat >"$tmp/config.yaml" <<EOF
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$GP
        tls:
          cert_file: $pki/server.crt
          key_file: $pki/server.key$extra
      http:
        endpoint: 127.0.0.1:$HP
        tls:
          cert_file: $pki/server.crt
          key_file: $pki/server.key$extra
exporters:
  file:
    path: $tmp/received.json
    append: true
service:
  pipelines:
    traces: {receivers: [otlp], exporters: [file]}
EOF
}

# https ARGS...: curl over TLS trusting our CA; prints the status code
# (000 when the connection or handshake failed).
https() {
    curl -s --max-time 10 --cacert "$pki/ca.crt" -o "$tmp/body" \
        -w '%{http_code}' "$@"
}
grpc() { "$PY" "$TOOL" grpc "127.0.0.1:$GP" $M "$tmp/traces1.bin" "$@" | cut -d' ' -f1; }

accepted=0

# ---- 1. server TLS only ----
GP=$(free_port)
HP=$(free_port)
config 0
start_otelc "$tmp/config.yaml"
if ! wait_listen "$HP" || ! wait_listen "$GP"; then
    fail "otelc did not start listening"
    cat "$tmp/otelc.log"
    finish
fi
check "https HTTP/1.1 protobuf: 200" 200 \
    "$(https --http1.1 -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
        "https://localhost:$HP/v1/traces")"
accepted=$((accepted + 1))
v=$(https --http2 -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
    -w '%{http_code} %{http_version}' "https://localhost:$HP/v1/traces")
accepted=$((accepted + 1))
check "https h2 (ALPN) protobuf: 200 over HTTP/2" "200 2" "$v"
check "https HTTP/1.1 JSON: 200" 200 \
    "$(https --http1.1 -H 'Content-Type: application/json' --data-binary "@$tmp/good.json" \
        "https://127.0.0.1:$HP/v1/traces")"
accepted=$((accepted + 1))
check "https without trusting the CA: handshake refused" 000 \
    "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' --http1.1 \
        -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
        "https://localhost:$HP/v1/traces")"
r=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' --http1.1 \
    -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
    "http://127.0.0.1:$HP/v1/traces")
if [[ "$r" != 200 ]]; then
    pass "plain HTTP to the TLS port is not served ($r)"
else
    fail "plain HTTP to the TLS port was served"
fi
check "gRPC+TLS: OK" OK "$(grpc --ca "$pki/ca.crt" --name localhost)"
accepted=$((accepted + 1))
check "gRPC+TLS to the HTTP listener: OK" OK \
    "$("$PY" "$TOOL" grpc "127.0.0.1:$HP" $M "$tmp/traces1.bin" --ca "$pki/ca.crt" --name localhost | cut -d' ' -f1)"
accepted=$((accepted + 1))
check "gRPC+TLS with gzip: OK" OK "$(grpc --ca "$pki/ca.crt" --name localhost --gzip)"
accepted=$((accepted + 1))
check "gRPC+TLS trusting another CA: UNAVAILABLE" UNAVAILABLE \
    "$(grpc --ca "$pki/rogue.crt" --name localhost)"
check "plain gRPC to the TLS port: UNAVAILABLE" UNAVAILABLE "$(grpc)"
stop_otelc

# ---- 2. client certificates required ----
cp "$tmp/otelc.log" "$tmp/otelc-1.log"
GP=$(free_port)
HP=$(free_port)
config 1
start_otelc "$tmp/config.yaml"
if ! wait_listen "$HP" || ! wait_listen "$GP"; then
    fail "otelc did not start listening (client_ca_file)"
    cat "$tmp/otelc.log"
    finish
fi
check "client_ca_file: https without a client certificate fails" 000 \
    "$(https --http1.1 -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
        "https://localhost:$HP/v1/traces")"
check "client_ca_file: https with a certificate of another CA fails" 000 \
    "$(https --http1.1 --cert "$pki/rogueclient.crt" --key "$pki/rogueclient.key" \
        -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
        "https://localhost:$HP/v1/traces")"
check "client_ca_file: https HTTP/1.1 with the client certificate: 200" 200 \
    "$(https --http1.1 --cert "$pki/client.crt" --key "$pki/client.key" \
        -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
        "https://localhost:$HP/v1/traces")"
accepted=$((accepted + 1))
check "client_ca_file: https h2 with the client certificate: 200" 200 \
    "$(https --http2 --cert "$pki/client.crt" --key "$pki/client.key" \
        -H "Content-Type: $PB" --data-binary "@$tmp/traces1.bin" \
        "https://localhost:$HP/v1/traces")"
accepted=$((accepted + 1))
check "client_ca_file: gRPC+TLS without a client certificate: UNAVAILABLE" \
    UNAVAILABLE "$(grpc --ca "$pki/ca.crt" --name localhost)"
check "client_ca_file: gRPC+TLS with the client certificate: OK" OK \
    "$(grpc --ca "$pki/ca.crt" --name localhost --cert "$pki/client.crt" --key "$pki/client.key")"
accepted=$((accepted + 1))
stop_otelc

check "file exporter: spans written" "spans=$accepted points=0 logs=0" \
    "$("$PY" "$TOOL" count "$tmp/received.json")"
finish
