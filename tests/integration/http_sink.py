#!/usr/bin/python3
"""http_sink.py: an HTTP/1.1 sink that records every request it gets.

A real peer for client tests (not otelc code): python's http.server with
keep-alive, optional TLS (and client certificates), scripted failures and
delays, and request bodies decoded from their Content-Encoding.

Usage:
  http_sink.py --out FILE [--port-file FILE] [--host 127.0.0.1] [--port 0]
               [--fail N] [--fail-status 503] [--retry-after VALUE]
               [--status 200] [--response-body TEXT]
               [--response-type application/x-protobuf]
               [--delay SECONDS] [--redirect FROM=TO]
               [--tls-cert PEM --tls-key PEM] [--client-ca PEM]

  --out FILE          one JSON object per request, appended and flushed as
                      each request completes (before the response is sent)
  --port-file FILE    the bound port is written here (atomically: the file
                      appears complete) once the sink accepts connections;
                      use --port 0 to let the kernel choose
  --fail N            answer the first N requests with --fail-status
                      (default 503), adding "Retry-After: VALUE" when
                      --retry-after is given; later requests get --status
  --delay SECONDS     sleep before answering each request (timeouts)
  --redirect FROM=TO  answer requests for path FROM with "307 Temporary
                      Redirect" to TO (repeatable)
  --tls-cert/--tls-key  serve HTTPS with this certificate chain and key
  --client-ca PEM     require a client certificate signed by this CA

Each JSONL record:
  {"n": 1, "conn": 1, "method": "POST", "path": "/v1/traces",
   "absolute_form": false, "version": "HTTP/1.1",
   "headers": {"content-type": "...", ...},    (names lower-cased; a
                                                 repeated header is joined
                                                 with ", ")
   "encoding": "gzip", "raw_len": 123, "body_len": 456,
   "body_b64": "...",            (the decoded body, base64)
   "decode_error": null,         (text when the body could not be decoded)
   "client_cn": "client",        (TLS client certificate CN, or null)
   "status": 200}                (what the sink answered)

"conn" numbers connections in accept order, so keep-alive reuse shows as
several records with the same conn. A request in absolute form ("POST
http://host/path", what a client sends to a forward proxy) is recorded
with absolute_form true and answered by the sink itself; a CONNECT
(an HTTPS request through a proxy) is recorded and answered 403.

Content-Encodings decoded: gzip, deflate and zlib (zlib stream, raw deflate
accepted too), zstd (through the `zstd` command line tool), snappy (raw
block; decoder below) and x-snappy-framed. Runs until SIGTERM / SIGINT.
"""

import argparse
import base64
import json
import os
import signal
import ssl
import struct
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def snappy_block_decode(data):
    """Decodes one raw snappy block (format_description.txt)."""
    pos, length, shift = 0, 0, 0
    while True:
        b = data[pos]
        pos += 1
        length |= (b & 0x7F) << shift
        if b < 0x80:
            break
        shift += 7
    out = bytearray()
    while pos < len(data):
        tag = data[pos]
        pos += 1
        kind = tag & 3
        if kind == 0:  # literal
            n = tag >> 2
            if n >= 60:
                extra = n - 59
                n = int.from_bytes(data[pos:pos + extra], "little")
                pos += extra
            n += 1
            out += data[pos:pos + n]
            pos += n
            continue
        if kind == 1:
            n = ((tag >> 2) & 7) + 4
            off = ((tag >> 5) << 8) | data[pos]
            pos += 1
        elif kind == 2:
            n = (tag >> 2) + 1
            off = int.from_bytes(data[pos:pos + 2], "little")
            pos += 2
        else:
            n = (tag >> 2) + 1
            off = int.from_bytes(data[pos:pos + 4], "little")
            pos += 4
        if off == 0 or off > len(out):
            raise ValueError("snappy: bad copy offset")
        for _ in range(n):  # copies may overlap their own output
            out.append(out[-off])
    if len(out) != length:
        raise ValueError("snappy: length %d, header says %d" % (len(out), length))
    return bytes(out)


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def snappy_framed_decode(data):
    out, pos, seen = bytearray(), 0, False
    while pos < len(data):
        ctype = data[pos]
        clen = int.from_bytes(data[pos + 1:pos + 4], "little")
        body = data[pos + 4:pos + 4 + clen]
        pos += 4 + clen
        if ctype == 0xFF:
            if body != b"sNaPpY":
                raise ValueError("x-snappy-framed: bad stream identifier")
            seen = True
        elif ctype in (0, 1):
            if not seen:
                raise ValueError("x-snappy-framed: no stream identifier")
            crc = struct.unpack("<I", body[:4])[0]
            chunk = snappy_block_decode(body[4:]) if ctype == 0 else body[4:]
            c = crc32c(chunk)
            masked = (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF
            if masked != crc:
                raise ValueError("x-snappy-framed: checksum mismatch")
            out += chunk
        elif 2 <= ctype <= 0x7F:
            raise ValueError("x-snappy-framed: reserved chunk type")
    return bytes(out)


def decode(encoding, raw):
    enc = (encoding or "").strip().lower()
    if enc in ("", "identity"):
        return raw
    if enc == "gzip":
        return zlib.decompress(raw, 16 + zlib.MAX_WBITS)
    if enc in ("deflate", "zlib"):
        try:
            return zlib.decompress(raw)
        except zlib.error:
            return zlib.decompress(raw, -zlib.MAX_WBITS)
    if enc == "zstd":
        p = subprocess.run(["zstd", "-d", "-c", "-q"], input=raw,
                           capture_output=True, check=False)
        if p.returncode != 0:
            raise ValueError("zstd: " + p.stderr.decode(errors="replace"))
        return p.stdout
    if enc == "snappy":
        return snappy_block_decode(raw)
    if enc == "x-snappy-framed":
        return snappy_framed_decode(raw)
    raise ValueError("unknown Content-Encoding " + enc)


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.n = 0
        self.conns = 0
        self.out = open(args.out, "a", encoding="utf-8")
        self.redirects = dict(r.split("=", 1) for r in args.redirect)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "http_sink/1"

    def setup(self):
        super().setup()
        st = self.server.state
        with st.lock:
            st.conns += 1
            self.conn_id = st.conns

    def log_message(self, fmt, *a):  # quiet: the JSONL file is the log
        pass

    def _handle(self):
        st = self.server.state
        args = st.args
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                raw += self.rfile.read(size)
                self.rfile.readline()
            raw = bytes(raw)
        else:
            raw = self.rfile.read(length) if length else b""
        headers = {}
        for k, v in self.headers.items():
            k = k.lower()
            headers[k] = headers[k] + ", " + v if k in headers else v
        enc = self.headers.get("Content-Encoding")
        body, err = b"", None
        try:
            body = decode(enc, raw)
        except Exception as e:  # recorded, and answered with 400
            err = str(e)
        client_cn = None
        if isinstance(self.connection, ssl.SSLSocket):
            cert = self.connection.getpeercert()
            if cert:
                for rdn in cert.get("subject", ()):
                    for k, v in rdn:
                        if k == "commonName":
                            client_cn = v
        with st.lock:
            st.n += 1
            n = st.n
        location = st.redirects.get(self.path)
        if self.command == "CONNECT":
            status = 403  # recorded, never tunnelled
        elif location:
            status = 307
        elif err:
            status = 400
        elif n <= args.fail:
            status = args.fail_status
        else:
            status = args.status
        rec = {
            "n": n, "conn": self.conn_id, "method": self.command,
            "path": self.path, "version": self.request_version,
            "absolute_form": self.path.startswith(("http://", "https://")),
            "headers": headers, "encoding": enc, "raw_len": len(raw),
            "body_len": len(body),
            "body_b64": base64.b64encode(body).decode(),
            "decode_error": err, "client_cn": client_cn, "status": status,
        }
        with st.lock:
            st.out.write(json.dumps(rec) + "\n")
            st.out.flush()
        if args.delay:
            time.sleep(args.delay)
        resp = (err or args.response_body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if err
                         else args.response_type)
        self.send_header("Content-Length", str(len(resp)))
        if location:
            self.send_header("Location", location)
        if status == args.fail_status and n <= args.fail and args.retry_after:
            self.send_header("Retry-After", args.retry_after)
        self.end_headers()
        self.wfile.write(resp)

    do_POST = _handle
    do_PUT = _handle
    do_GET = _handle
    do_CONNECT = _handle


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def get_request(self):
        sock, addr = super().get_request()
        ctx = getattr(self, "tls", None)
        if ctx is not None:
            # Handshake in the handler thread (on first read), so a client
            # that fails verification does not stall the accept loop.
            sock = ctx.wrap_socket(sock, server_side=True,
                                   do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        pass  # failed TLS handshakes are expected in negative tests


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--port-file")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--fail", type=int, default=0)
    ap.add_argument("--fail-status", type=int, default=503)
    ap.add_argument("--retry-after")
    ap.add_argument("--status", type=int, default=200)
    ap.add_argument("--response-body", default="")
    ap.add_argument("--response-type", default="application/x-protobuf")
    ap.add_argument("--delay", type=float, default=0)
    ap.add_argument("--redirect", action="append", default=[])
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--client-ca")
    args = ap.parse_args()

    srv = Server((args.host, args.port), Handler)
    srv.state = State(args)
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        ctx.set_alpn_protocols(["http/1.1"])
        if args.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.client_ca)
        srv.tls = ctx
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("%d\n" % srv.server_address[1])
        os.rename(tmp, args.port_file)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        srv.serve_forever(poll_interval=0.1)
    except (KeyboardInterrupt, SystemExit):
        pass
    srv.state.out.close()


if __name__ == "__main__":
    main()
