#!/usr/bin/python3
"""Test helper for the otlp receiver's integration tests.

Run with Debian's /usr/bin/python3 (it has grpcio). Subcommands:

  payload NAME OUT            write a request body (see PAYLOADS) to OUT
  port                        print a free TCP port on 127.0.0.1
  grpc TARGET METHOD FILE     unary gRPC call with FILE's bytes as the raw
       [--gzip] [--ca F] [--cert F --key F] [--name HOST]
                              prints "<CODE> <details>" and, on OK, the
                              response bytes in hex ("OK <hex>")
  h2garbage HOST PORT         HTTP/2 preface + garbage; prints "GOAWAY <code>"
                              when the server answers with GOAWAY, then
                              whether it closed ("closed" / "open")
  raw HOST PORT FILE          send FILE's bytes, print the HTTP status code
                              of the answer (or "closed" / "timeout")
  slowloris HOST PORT SECS    send request headers one byte every 0.5 s
                              for at most SECS; print "closed <seconds>"
                              when the server closed the connection
  decode_response HEX         print the partial_success of an
                              Export*ServiceResponse ("rejected=N msg=...")
  status FILE pb|json         print "code=N msg=..." of a google.rpc.Status
                              body ("empty" for no bytes)
  count FILE                  items in a file exporter's JSON lines output:
                              "spans=N points=N logs=N"
  countproto FILE             the same for format: proto (4-byte big-endian
                              length + ExportTraceServiceRequest records):
                              "records=N spans=N"

Protobuf is encoded by hand (a few fields), so no generated stubs are
needed and broken encodings are easy to make.
"""
import gzip
import os
import socket
import struct
import sys
import time


# ---- protobuf encoding ----

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


def tag(num, wt):
    return varint((num << 3) | wt)


def ld(num, payload):
    return tag(num, 2) + varint(len(payload)) + payload


def u64(num, v):
    return tag(num, 1) + struct.pack("<Q", v)


def vint(num, v):
    return tag(num, 0) + varint(v)


def any_str(s):
    return ld(1, s)  # AnyValue.string_value


def kv(key, anyvalue):
    return ld(1, key) + ld(2, anyvalue)


TRACE_ID = bytes(range(1, 17))
SPAN_ID = bytes(range(1, 9))


def span(name=b"span", trace_id=TRACE_ID, span_id=SPAN_ID, attrs=b""):
    """A Span; an id of None is left out."""
    ids = b""
    if trace_id is not None:
        ids += ld(1, trace_id)
    if span_id is not None:
        ids += ld(2, span_id)
    return (ids + ld(5, name) + vint(6, 2) + u64(7, 1700000000000000000) +
            u64(8, 1700000000000001000) + attrs)


def traces_request(spans):
    resource = ld(1, kv(b"service.name", any_str(b"bad-input-test")))
    scope = ld(1, ld(1, b"otlp_tool"))
    scope_spans = scope + b"".join(ld(2, s) for s in spans)
    return ld(1, ld(1, resource) + ld(2, scope_spans))


def metrics_request(points):
    # Metric{name=1, gauge=5{data_points=1 NumberDataPoint{time=3, as_int=6}}}
    dps = b"".join(ld(1, u64(3, 1700000000000000000) + tag(6, 1) +
                      struct.pack("<q", i)) for i in range(points))
    metric = ld(1, b"m") + ld(5, dps)
    return ld(1, ld(2, ld(2, metric)))


def logs_request(records, body=b"hello %d"):
    # LogRecord{time=1, severity_number=2, body=5}
    recs = b"".join(ld(2, u64(1, 1700000000000000000) + vint(2, 9) +
                       ld(5, any_str(body.replace(b"%d", b"%d" % i))))
                    for i in range(records))
    return ld(1, ld(2, recs))


def nested_anyvalue(depth):
    v = any_str(b"leaf")
    for _ in range(depth):
        # AnyValue{kvlist_value=6: KeyValueList{values=1: KeyValue}}
        v = ld(6, ld(1, kv(b"k", v)))
    return traces_request([span(attrs=ld(9, kv(b"deep", v)))])


def payloads():
    valid = traces_request([span()])
    return {
        "traces1": lambda: valid,
        "traces3": lambda: traces_request([span(b"a"), span(b"b"), span(b"c")]),
        "metrics2": lambda: metrics_request(2),
        "logs2": lambda: logs_request(2),
        # one log record with a 768 KiB body
        "logs_big": lambda: logs_request(1, b"x" * (768 * 1024)),
        # unknown fields (numbers 99..101, every wire type) at two levels
        "unknown_field": lambda: (
            traces_request([span(attrs=vint(99, 7) + ld(100, b"x"))]) +
            vint(99, 1) + u64(100, 2) + tag(101, 5) + b"\x00\x00\x00\x00"),
        "truncated": lambda: valid[:-3],
        # request field 1 (resource_spans) sent as a varint
        "wrong_wire_type": lambda: vint(1, 5),
        # a length-delimited field claiming 100 bytes, 10 present
        "len_past_end": lambda: tag(1, 2) + varint(100) + b"\x00" * 10,
        "nested200": lambda: nested_anyvalue(200),
        "bad_utf8": lambda: traces_request([span(name=b"bad\xff\xfename")]),
        "overlong_varint": lambda: tag(1, 2) + b"\xff" * 10 + b"\x01",
        "field_zero": lambda: tag(0, 0) + b"\x01",
        "wire_type_7": lambda: bytes([(1 << 3) | 7]) + b"\x00",
        # a span with a 5-byte trace id
        "bad_id_len": lambda: traces_request([
            span(b"good1"), span(b"bad", trace_id=b"\x01" * 5)]),
        # among two good spans, one without a trace id and one with an
        # all-zero span id: both invalid per the OTLP specification
        "missing_ids": lambda: traces_request([
            span(b"good1"), span(b"noid", trace_id=None),
            span(b"zero", span_id=b"\x00" * 8), span(b"good2")]),
        "big2m": lambda: b"\x00" * (2 * 1024 * 1024),
        # 64 MiB of zeros gzipped (about 64 KiB): a bomb for any limit
        "gzip_bomb": lambda: gzip.compress(b"\x00" * (64 * 1024 * 1024), 9),
        "gzip_traces1": lambda: gzip.compress(valid),
        "not_gzip": lambda: b"this is not gzip data",
        "empty": lambda: b"",
    }


# ---- subcommands ----

def cmd_payload(name, out):
    data = payloads()[name]()
    with open(out, "wb") as f:
        f.write(data)


def cmd_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()


def cmd_grpc(args):
    # grpc-core logs handshake failures to stderr; the tests expect them.
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")
    import grpc
    target, method, path = args[0], args[1], args[2]
    opts = args[3:]
    comp = None
    ca = cert = key = name = None
    i = 0
    while i < len(opts):
        if opts[i] == "--gzip":
            comp = grpc.Compression.Gzip
        elif opts[i] == "--ca":
            i += 1
            ca = opts[i]
        elif opts[i] == "--cert":
            i += 1
            cert = opts[i]
        elif opts[i] == "--key":
            i += 1
            key = opts[i]
        elif opts[i] == "--name":
            i += 1
            name = opts[i]
        i += 1
    with open(path, "rb") as f:
        body = f.read()
    chopts = [("grpc.max_send_message_length", -1),
              ("grpc.max_receive_message_length", -1),
              ("grpc.enable_retries", 0)]
    if name:
        chopts.append(("grpc.ssl_target_name_override", name))
    if ca:
        def rd(p):
            with open(p, "rb") as f:
                return f.read()
        creds = grpc.ssl_channel_credentials(
            root_certificates=rd(ca),
            private_key=rd(key) if key else None,
            certificate_chain=rd(cert) if cert else None)
        ch = grpc.secure_channel(target, creds, options=chopts)
    else:
        ch = grpc.insecure_channel(target, options=chopts)
    call = ch.unary_unary(method, request_serializer=None,
                          response_deserializer=None)
    try:
        resp = call(body, timeout=10, compression=comp)
        print("OK", resp.hex())
    except grpc.RpcError as e:
        print(e.code().name, (e.details() or "").replace("\n", " "))
    ch.close()


def read_frames(sock, deadline):
    """Yields (type, flags, stream, payload) until close or deadline."""
    buf = b""
    while time.time() < deadline:
        sock.settimeout(max(0.05, deadline - time.time()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return
        except ConnectionResetError:
            yield ("closed", 0, 0, b"")
            return
        if not chunk:
            yield ("closed", 0, 0, b"")
            return
        buf += chunk
        while len(buf) >= 9:
            ln = int.from_bytes(buf[0:3], "big")
            if len(buf) < 9 + ln:
                break
            ftype, flags = buf[3], buf[4]
            sid = int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF
            yield (ftype, flags, sid, buf[9:9 + ln])
            buf = buf[9 + ln:]


def cmd_h2garbage(host, port):
    s = socket.create_connection((host, int(port)), timeout=5)
    s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
    # an empty SETTINGS frame, then junk that is no valid frame: a frame
    # header of type 0xfe... with a length over the default max frame size
    s.sendall(b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")
    s.sendall(b"\xff\xff\xff\x01\x05\x00\x00\x00\x01" + b"garbage" * 100)
    goaway = None
    closed = False
    for ftype, flags, sid, payload in read_frames(s, time.time() + 5):
        if ftype == 7 and len(payload) >= 8:
            goaway = int.from_bytes(payload[4:8], "big")
        if ftype == "closed":
            closed = True
            break
    print("GOAWAY %s %s" % (goaway if goaway is not None else "none",
                            "closed" if closed else "open"))
    s.close()


def http_status(data):
    line = data.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    if len(parts) >= 2 and parts[0].startswith(b"HTTP/"):
        return parts[1].decode()
    return "garbled:" + line[:40].decode("latin-1")


def cmd_raw(host, port, path):
    with open(path, "rb") as f:
        data = f.read()
    s = socket.create_connection((host, int(port)), timeout=5)
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    got = b""
    deadline = time.time() + 5
    while b"\r\n" not in got and time.time() < deadline:
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        got += chunk
    print(http_status(got) if got else "closed")
    s.close()


def cmd_slowloris(host, port, secs):
    secs = float(secs)
    s = socket.create_connection((host, int(port)), timeout=5)
    req = (b"POST /v1/traces HTTP/1.1\r\nHost: x\r\n"
           b"Content-Type: application/x-protobuf\r\n" +
           b"X-Slow: " + b"a" * 1000 + b"\r\n")
    start = time.time()
    s.settimeout(0.5)
    i = 0
    result = None
    while time.time() - start < secs:
        try:
            if i < len(req):
                s.send(req[i:i + 1])
                i += 1
        except (BrokenPipeError, ConnectionResetError):
            result = "closed"
            break
        try:
            chunk = s.recv(4096)
            if not chunk:
                result = "closed"
                break
            # a 408 before the close is fine; keep reading to the close
        except socket.timeout:
            pass
        except ConnectionResetError:
            result = "closed"
            break
    elapsed = time.time() - start
    print("%s %.1f" % (result or "open", elapsed))
    s.close()


def cmd_decode_response(hexstr):
    data = bytes.fromhex(hexstr)
    rejected, msg = 0, b""

    def fields(b):
        i = 0
        while i < len(b):
            key, i = _rv(b, i)
            num, wt = key >> 3, key & 7
            if wt == 0:
                v, i = _rv(b, i)
                yield num, v
            elif wt == 2:
                n, i = _rv(b, i)
                yield num, b[i:i + n]
                i += n
            else:
                raise ValueError("wire type %d" % wt)

    for num, v in fields(data):
        if num == 1:
            for n2, v2 in fields(v):
                if n2 == 1:
                    rejected = v2
                elif n2 == 2:
                    msg = v2
    print("rejected=%d msg=%s" % (rejected, msg.decode()))


def pb_fields(b):
    i = 0
    while i < len(b):
        key, i = _rv(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _rv(b, i)
            yield num, v
        elif wt == 2:
            n, i = _rv(b, i)
            yield num, b[i:i + n]
            i += n
        else:
            raise ValueError("wire type %d" % wt)


def cmd_status(path, kind):
    import json
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        print("empty")
        return
    code, msg = 0, ""
    try:
        if kind == "json":
            d = json.loads(data)
            code, msg = d.get("code", 0), d.get("message", "")
        else:
            for num, v in pb_fields(data):
                if num == 1:
                    code = v
                elif num == 2:
                    msg = v.decode()
    except Exception as e:  # report, do not crash the test
        print("undecodable: %s: %r" % (e, data[:80]))
        return
    print("code=%d msg=%s" % (code, msg.replace("\n", " ")))


def cmd_count(path):
    import json
    spans = points = logs = 0
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            for rs in d.get("resourceSpans", []):
                for ss in rs.get("scopeSpans", []):
                    spans += len(ss.get("spans", []))
            for rm in d.get("resourceMetrics", []):
                for sm in rm.get("scopeMetrics", []):
                    for m in sm.get("metrics", []):
                        for k in ("gauge", "sum", "histogram",
                                  "exponentialHistogram", "summary"):
                            if k in m:
                                points += len(m[k].get("dataPoints", []))
            for rl in d.get("resourceLogs", []):
                for sl in rl.get("scopeLogs", []):
                    logs += len(sl.get("logRecords", []))
    print("spans=%d points=%d logs=%d" % (spans, points, logs))


def cmd_countproto(path):
    with open(path, "rb") as f:
        data = f.read()
    i = records = spans = 0
    while i < len(data):
        if i + 4 > len(data):
            print("truncated length at offset %d" % i)
            return
        n = int.from_bytes(data[i:i + 4], "big")
        msg = data[i + 4:i + 4 + n]
        if len(msg) != n:
            print("truncated record at offset %d" % i)
            return
        records += 1
        for f1, rs in pb_fields(msg):
            if f1 != 1:
                continue
            for f2, ss in pb_fields(rs):
                if f2 != 2:
                    continue
                spans += sum(1 for f3, _ in pb_fields(ss) if f3 == 2)
        i += 4 + n
    print("records=%d spans=%d" % (records, spans))


def _rv(b, i):
    x = shift = 0
    while True:
        c = b[i]
        i += 1
        x |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return x, i


def main():
    a = sys.argv[1:]
    if not a:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cmd = a[0]
    if cmd == "payload":
        cmd_payload(a[1], a[2])
    elif cmd == "port":
        cmd_port()
    elif cmd == "grpc":
        cmd_grpc(a[1:])
    elif cmd == "h2garbage":
        cmd_h2garbage(a[1], a[2])
    elif cmd == "raw":
        cmd_raw(a[1], a[2], a[3])
    elif cmd == "slowloris":
        cmd_slowloris(a[1], a[2], a[3])
    elif cmd == "decode_response":
        cmd_decode_response(a[1] if len(a) > 1 else "")
    elif cmd == "status":
        cmd_status(a[1], a[2])
    elif cmd == "count":
        cmd_count(a[1])
    elif cmd == "countproto":
        cmd_countproto(a[1])
    else:
        print("unknown command " + cmd, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
