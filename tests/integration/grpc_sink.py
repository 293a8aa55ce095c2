#!/usr/bin/python3
"""A generic gRPC sink for otelc's tests: a real grpcio server (not otelc)
that answers any unary method with raw bytes and records every call.

Run it with Debian's interpreter, /usr/bin/python3 (python3-grpcio); no
generated stubs are needed: methods are served with a generic handler on
raw bytes, so the three OTLP Export methods
  /opentelemetry.proto.collector.{trace,metrics,logs}.v1.
      {TraceService,MetricsService,LogsService}/Export
and any other path all work.

CLI
  --port N            listen on 127.0.0.1:N (default 0: any free port)
  --port-file F       write the bound port to F once serving (atomically)
  --out F             JSONL file, one object per call (appended, flushed):
                        {"kind": "call", "method": "/pkg.Svc/M",
                         "authority": ":authority seen",
                         "metadata": [[key, value], ...] (-bin values in
                                                          base64),
                         "request_b64": request message (decompressed),
                         "status": "OK" | the failure code name,
                         "n": 1-based call number, "peer": "ipv4:..."}
                      and with --tap, one object per client stream seen
                      on the wire:
                        {"kind": "wire", "stream": id,
                         "compressed": 0|1 (gRPC message flag),
                         "message_b64": message bytes as sent (still
                                        compressed when compressed is 1)}
  --fail N            fail the first N calls ...
  --fail-code NAME    ... with this status (default UNAVAILABLE); any
                      grpc.StatusCode name (INVALID_ARGUMENT, ...)
  --fail-message M    grpc-message of the failures (default "sink failure")
  --retry-delay S     add a google.rpc.RetryInfo{retry_delay: S seconds}
                      detail (grpc-status-details-bin) to the failures
  --sleep S           sleep S seconds before answering each call
  --response-hex H    response message bytes (default: empty, which is a
                      valid empty Export*ServiceResponse)
  --response-size N   response message of N bytes (0x01 each) instead
  --compress-response gzip   compress responses (when the client accepts)
  --max-streams N     advertise SETTINGS_MAX_CONCURRENT_STREAMS = N
  --permit-pings      accept keepalive pings at any rate (grpc-core
                      otherwise answers frequent ones with GOAWAY)
  --tls-cert F --tls-key F   serve TLS (h2 by ALPN) with this certificate
  --client-ca F       with TLS: require a client certificate signed by F
  --tap               plaintext only: the public port is a TCP proxy in
                      front of the gRPC server that parses the client's
                      HTTP/2 frames and records the DATA of each stream
                      (what grpcio hides: whether and how the message was
                      compressed on the wire); also records each client
                      PING as {"kind": "ping", "dropped": bool}
  --drop-pings        with --tap: swallow the client's PINGs (a peer that
                      never acknowledges keepalives)

  --raw-http-status C no gRPC server at all: a bare h2c peer answering every
                      request with HEADERS {:status C} and END_STREAM (a
                      proxy's error), recorded as {"kind": "raw", ...}
  --stop-grace S      on SIGTERM, send GOAWAY and let calls in flight
                      finish for up to S seconds (default: cancel them)

Prints "READY <port>" on stdout when serving; SIGTERM/SIGINT stop it.
"""
import argparse
import base64
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
from concurrent import futures

import grpc

LOCK = threading.Lock()
COUNT = [0]


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(num, wire_type, payload):
    key = varint(num << 3 | wire_type)
    if wire_type == 2:
        return key + varint(len(payload)) + payload
    return key + varint(payload)


def status_details(code, message, retry_delay):
    """google.rpc.Status{code, message, details: [Any{RetryInfo}]}, encoded
    by hand (Debian's python3-protobuf has no google.rpc types)."""
    secs = int(retry_delay)
    nanos = int(round((retry_delay - secs) * 1e9))
    duration = b""
    if secs:
        duration += field(1, 0, secs)
    if nanos:
        duration += field(2, 0, nanos)
    retry_info = field(1, 2, duration)
    any_msg = field(1, 2, b"type.googleapis.com/google.rpc.RetryInfo") + field(
        2, 2, retry_info
    )
    return (
        field(1, 0, code)
        + field(2, 2, message.encode())
        + field(3, 2, any_msg)
    )


def record(out, obj):
    with LOCK:
        out.write(json.dumps(obj) + "\n")
        out.flush()


def make_handler(args, out):
    fail_code = getattr(grpc.StatusCode, args.fail_code)
    response = bytes.fromhex(args.response_hex)
    if args.response_size is not None:
        response = b"\x01" * args.response_size

    def handle(request, context):
        with LOCK:
            COUNT[0] += 1
            n = COUNT[0]
        if args.sleep:
            time.sleep(args.sleep)
        md = []
        for m in context.invocation_metadata():
            v = m.value
            if isinstance(v, bytes):
                v = base64.b64encode(v).decode()
            md.append([m.key, v])
        try:
            # grpcio keeps :authority out of the public API.
            authority = context._rpc_event.call_details.host.decode()
        except Exception:  # pragma: no cover - other grpcio versions
            authority = None
        failing = n <= args.fail
        rec = {
            "kind": "call",
            "n": n,
            "method": context._rpc_event.call_details.method.decode(),
            "authority": authority,
            "metadata": md,
            "request_b64": base64.b64encode(request).decode(),
            "status": fail_code.name if failing else "OK",
            "peer": context.peer(),
        }
        record(out, rec)
        if failing:
            if args.retry_delay is not None:
                context.set_trailing_metadata(
                    (
                        (
                            "grpc-status-details-bin",
                            status_details(
                                fail_code.value[0],
                                args.fail_message,
                                args.retry_delay,
                            ),
                        ),
                    )
                )
            context.abort(fail_code, args.fail_message)
        return response

    return handle


class AnyMethod(grpc.GenericRpcHandler):
    def __init__(self, handler):
        self.handler = grpc.unary_unary_rpc_method_handler(handler)

    def service(self, handler_call_details):
        return self.handler


# ---- --tap: an HTTP/2 frame-reading TCP proxy (client -> server side) ----

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def tap_client_bytes(src, dst, out, drop_pings):
    """Forwards the client's bytes frame by frame (so PINGs can be
    dropped), recording each stream's DATA and each PING."""
    buf = b""
    streams = {}
    preface_done = False
    while True:
        try:
            data = src.recv(65536)
        except OSError:
            data = b""
        if not data:
            break
        buf += data
        fwd = b""
        if not preface_done:
            if len(buf) < len(PREFACE):
                continue
            fwd += buf[: len(PREFACE)]
            buf = buf[len(PREFACE) :]
            preface_done = True
        while len(buf) >= 9:
            length = int.from_bytes(buf[0:3], "big")
            if len(buf) < 9 + length:
                break
            frame = buf[: 9 + length]
            ftype, flags = buf[3], buf[4]
            sid = struct.unpack(">I", buf[5:9])[0] & 0x7FFFFFFF
            payload = buf[9 : 9 + length]
            buf = buf[9 + length :]
            if ftype == 6 and not flags & 0x1:  # PING, not an ACK
                record(out, {"kind": "ping", "dropped": drop_pings})
                if drop_pings:
                    continue
            fwd += frame
            if ftype != 0:  # DATA only from here
                continue
            if flags & 0x8:  # PADDED
                pad = payload[0]
                payload = payload[1 : len(payload) - pad]
            streams[sid] = streams.get(sid, b"") + payload
            if flags & 0x1 and len(streams[sid]) >= 5:  # END_STREAM
                msg = streams.pop(sid)
                mlen = struct.unpack(">I", msg[1:5])[0]
                record(
                    out,
                    {
                        "kind": "wire",
                        "stream": sid,
                        "compressed": msg[0] & 1,
                        "message_b64": base64.b64encode(
                            msg[5 : 5 + mlen]
                        ).decode(),
                    },
                )
        try:
            dst.sendall(fwd)
        except OSError:
            break
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def pipe(src, dst):
    while True:
        try:
            data = src.recv(65536)
        except OSError:
            data = b""
        if not data:
            break
        try:
            dst.sendall(data)
        except OSError:
            break
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def run_tap(listener, backend_port, out, drop_pings):
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        try:
            server = socket.create_connection(("127.0.0.1", backend_port))
        except OSError:
            client.close()
            continue
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(
            target=tap_client_bytes,
            args=(client, server, out, drop_pings),
            daemon=True,
        ).start()
        threading.Thread(target=pipe, args=(server, client), daemon=True).start()


def announce(args, port):
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)
    print("READY %d" % port, flush=True)


def wait_for_signal():
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    signal.signal(signal.SIGINT, lambda *a: done.set())
    done.wait()


def server_options(args):
    opts = []
    if args.max_streams:
        opts.append(("grpc.max_concurrent_streams", args.max_streams))
    if args.permit_pings:
        # grpc-core answers frequent pings with GOAWAY "too_many_pings".
        opts += [
            ("grpc.http2.min_ping_interval_without_data_ms", 1),
            ("grpc.http2.max_ping_strikes", 0),
            ("grpc.keepalive_permit_without_calls", 1),
        ]
    return opts


# ---- --raw-http-status: a bare HTTP/2 peer that is not a gRPC server ----


def frame(ftype, flags, sid, payload=b""):
    return (
        len(payload).to_bytes(3, "big")
        + bytes([ftype, flags])
        + struct.pack(">I", sid)
        + payload
    )


def raw_http_conn(conn, status, out):
    """Answers every request with HEADERS{:status <status>} + END_STREAM:
    what a proxy or load balancer in front of a gRPC server may send."""
    # HPACK: literal without indexing, name = static entry 8 (:status).
    block = b"\x08" + bytes([len(status)]) + status.encode()
    buf = b""
    preface_done = False
    conn.sendall(frame(4, 0, 0))  # our SETTINGS
    while True:
        try:
            data = conn.recv(65536)
        except OSError:
            break
        if not data:
            break
        buf += data
        if not preface_done:
            if len(buf) < len(PREFACE):
                continue
            buf = buf[len(PREFACE) :]
            preface_done = True
        while len(buf) >= 9:
            length = int.from_bytes(buf[0:3], "big")
            if len(buf) < 9 + length:
                break
            ftype, flags = buf[3], buf[4]
            sid = struct.unpack(">I", buf[5:9])[0] & 0x7FFFFFFF
            buf = buf[9 + length :]
            if ftype == 4 and not flags & 0x1:
                conn.sendall(frame(4, 0x1, 0))  # SETTINGS ACK
            elif ftype == 6 and not flags & 0x1:
                conn.sendall(frame(6, 0x1, 0, b"\0" * 8))  # PING ACK
            elif ftype == 1:  # HEADERS: answer at once
                record(out, {"kind": "raw", "stream": sid, "status": status})
                conn.sendall(frame(1, 0x4 | 0x1, sid, block))
    conn.close()


def run_raw(listener, status, out):
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        threading.Thread(
            target=raw_http_conn, args=(conn, status, out), daemon=True
        ).start()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--out", required=True)
    p.add_argument("--fail", type=int, default=0)
    p.add_argument("--fail-code", default="UNAVAILABLE")
    p.add_argument("--fail-message", default="sink failure")
    p.add_argument("--retry-delay", type=float)
    p.add_argument("--sleep", type=float, default=0)
    p.add_argument("--response-hex", default="")
    p.add_argument("--response-size", type=int)
    p.add_argument("--compress-response", choices=["gzip"])
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--client-ca")
    p.add_argument("--tap", action="store_true")
    p.add_argument("--max-streams", type=int)
    p.add_argument("--permit-pings", action="store_true")
    p.add_argument("--stop-grace", type=float, default=0)
    p.add_argument("--raw-http-status")
    p.add_argument("--drop-pings", action="store_true")
    args = p.parse_args()
    if args.tap and args.tls_cert:
        p.error("--tap works on plaintext connections only")
    if args.drop_pings and not args.tap:
        p.error("--drop-pings needs --tap")

    out = open(args.out, "a")
    if args.raw_http_status:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", args.port))
        listener.listen(64)
        threading.Thread(
            target=run_raw,
            args=(listener, args.raw_http_status, out),
            daemon=True,
        ).start()
        announce(args, listener.getsockname()[1])
        wait_for_signal()
        return
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=128),
        handlers=[AnyMethod(make_handler(args, out))],
        compression=grpc.Compression.Gzip if args.compress_response else None,
        maximum_concurrent_rpcs=None,
        options=server_options(args),
    )
    grpc_port_spec = "127.0.0.1:%d" % (0 if args.tap else args.port)
    if args.tls_cert:
        with open(args.tls_key, "rb") as f:
            key = f.read()
        with open(args.tls_cert, "rb") as f:
            cert = f.read()
        ca = None
        if args.client_ca:
            with open(args.client_ca, "rb") as f:
                ca = f.read()
        creds = grpc.ssl_server_credentials(
            [(key, cert)], root_certificates=ca, require_client_auth=ca is not None
        )
        port = server.add_secure_port(grpc_port_spec, creds)
    else:
        port = server.add_insecure_port(grpc_port_spec)
    if port == 0:
        sys.exit("grpc_sink: cannot bind %s" % grpc_port_spec)
    server.start()

    if args.tap:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", args.port))
        listener.listen(64)
        threading.Thread(
            target=run_tap,
            args=(listener, port, out, args.drop_pings),
            daemon=True,
        ).start()
        port = listener.getsockname()[1]

    announce(args, port)
    wait_for_signal()
    # With a grace period, grpcio sends GOAWAY and lets calls finish.
    server.stop(args.stop_grace or None).wait()


if __name__ == "__main__":
    main()
