#!/usr/bin/python3
"""Helpers for the exporter integration tests (export_*.sh).

usage:
  export_tool.py stubs OUTDIR
      protoc the project's OTLP .proto files (core/data/proto) into OUTDIR as
      python modules; every other subcommand needs --stubs OUTDIR.
  export_tool.py decode --stubs D --records FILE [--out OUT.jsonl]
      turn what a sink recorded (grpc_sink.py / http_sink.py record file)
      into OTLP/JSON lines, one Export*ServiceRequest per line, as
      tests/interop/compare.py reads them.
  export_tool.py send --stubs D --target HOST:PORT --first N --count C
                 [--per-request K] [--record FILE] [--tries T]
      send C spans with ids first..first+C-1 (K per request) to an OTLP gRPC
      receiver with the python gRPC client; append each request's exact
      bytes (base64, one per line) to FILE. Prints one line per request
      with the gRPC status code name; exits 1 if any request failed after
      T tries (UNAVAILABLE / RESOURCE_EXHAUSTED are retried with 0.2s gaps).
  export_tool.py ids --stubs D --records FILE
      print "<n_total> <n_unique>" counting spans, metric points and log
      records by their id (span id; point/log attribute "item.id").
  export_tool.py header --records FILE --name N (--value V | --absent-or V)
      every request the sink recorded carried header (gRPC metadata) N
      with value V (or, with --absent-or, no such header or value V).
  export_tool.py failed --records FILE
      print how many requests the sink answered with an error.
  export_tool.py gap --records FILE --min S [--timeout T]
      run while the requests happen: the first request the sink refused and
      the next one arrive at least S seconds apart (Retry-After honoured).
  export_tool.py compressed --records FILE (--yes | --no)
      grpc_sink.py --tap records: every message on the wire had (--yes) or
      did not have (--no) the gRPC compressed flag.
  export_tool.py multiset --stubs D --sent FILE --records FILE
      compare the multiset of (resource, scope, span) encodings sent with
      the one the sink received; exit 0 when equal.

Trace and span ids are printed as hex, 64-bit integers as strings, enums as
integers: the OTLP/JSON mapping.
"""

import argparse
import base64
import collections
import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "core", "data", "proto"))

PATHS = {
    "/opentelemetry.proto.collector.trace.v1.TraceService/Export": "traces",
    "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export": "metrics",
    "/opentelemetry.proto.collector.logs.v1.LogsService/Export": "logs",
    "/v1/traces": "traces",
    "/v1/metrics": "metrics",
    "/v1/logs": "logs",
}

ID_KEYS = ("traceId", "spanId", "parentSpanId")


def gen_stubs(outdir):
    os.makedirs(outdir, exist_ok=True)
    protos = sorted(glob.glob(os.path.join(PROTO_ROOT, "**", "*.proto"), recursive=True))
    subprocess.run(
        ["protoc", "-I", PROTO_ROOT, "--python_out", outdir]
        + [os.path.relpath(p, PROTO_ROOT) for p in protos],
        check=True,
    )


def load(stubs):
    sys.path.insert(0, stubs)
    from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
    from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

    return {
        "traces": trace_service_pb2.ExportTraceServiceRequest,
        "metrics": metrics_service_pb2.ExportMetricsServiceRequest,
        "logs": logs_service_pb2.ExportLogsServiceRequest,
    }


def signal_of(path):
    for k, v in PATHS.items():
        if path.endswith(k):
            return v
    raise SystemExit(f"export_tool: unknown path {path!r}")


def hexify(obj):
    """MessageToDict writes bytes as base64; OTLP/JSON wants hex ids."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in ID_KEYS and isinstance(v, str):
                out[k] = base64.b64decode(v).hex()
            else:
                out[k] = hexify(v)
        return out
    if isinstance(obj, list):
        return [hexify(v) for v in obj]
    return obj


# ---- sink records ----------------------------------------------------------


def read_records(path):
    """Yields (signal, body bytes, is_json) per Export call the sink saw.

    Both sinks write one JSON object per request (JSON lines); the body is
    already decompressed by the sink."""
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            if rec.get("kind") == "wire":
                continue  # grpc_sink.py --tap: raw stream data, not a call
            if rec_failed(rec):
                continue  # a request the sink was told to fail
            yield record_fields(rec)


def rec_failed(rec):
    """Whether the sink answered this request with an error."""
    for k in ("failed", "refused"):
        if k in rec:
            return bool(rec[k])
    st = rec.get("status", rec.get("code"))
    if st is None:
        return False
    if isinstance(st, str):
        return st != "OK"
    if st >= 100:  # HTTP
        return not 200 <= st < 300
    return st != 0  # gRPC


def rec_time(rec):
    for k in ("time", "ts", "timestamp", "t"):
        if k in rec:
            return float(rec[k])
    raise SystemExit(f"export_tool: record without a time: {sorted(rec)}")


def all_records(path):
    with open(path) as f:
        recs = [json.loads(line) for line in f if line.strip()]
    return [r for r in recs if r.get("kind") != "wire"]


def record_fields(rec):
    path = rec.get("path") or rec.get("method")
    if "request_b64" in rec:  # grpc_sink.py
        body = base64.b64decode(rec["request_b64"])
    elif "body_b64" in rec:  # http_sink.py
        body = base64.b64decode(rec["body_b64"])
    elif "body" in rec:
        body = base64.b64decode(rec["body"])
    else:
        raise SystemExit(f"export_tool: record without body: {sorted(rec)}")
    ctype = ""
    headers = rec.get("headers") or {}
    if isinstance(headers, dict):
        ctype = headers.get("content-type", "")
    ctype = rec.get("content_type", ctype) or ""
    return signal_of(path), body, "json" in ctype


def to_otlp_json(types, signal, body, is_json):
    from google.protobuf import json_format

    if is_json:
        # Already OTLP/JSON (hex ids); pass it through untouched so the
        # comparator sees exactly what otelc wrote.
        return json.loads(body)
    msg = types[signal]()
    msg.ParseFromString(body)
    return hexify(json_format.MessageToDict(msg, use_integers_for_enums=True))


def cmd_decode(a):
    types = load(a.stubs)
    out = open(a.out, "w") if a.out else sys.stdout
    n = 0
    for signal, body, is_json in read_records(a.records):
        out.write(json.dumps(to_otlp_json(types, signal, body, is_json)) + "\n")
        n += 1
    if a.out:
        out.close()
    print(f"decoded {n} requests", file=sys.stderr)


# ---- item ids --------------------------------------------------------------


def item_ids(req, signal):
    ids = []
    if signal == "traces":
        for rs in req.get("resourceSpans", []):
            for ss in rs.get("scopeSpans", []):
                for s in ss.get("spans", []):
                    ids.append("span:" + s.get("spanId", ""))
    elif signal == "logs":
        for rl in req.get("resourceLogs", []):
            for sl in rl.get("scopeLogs", []):
                for r in sl.get("logRecords", []):
                    ids.append("log:" + attr(r, "item.id"))
    else:
        for rm in req.get("resourceMetrics", []):
            for sm in rm.get("scopeMetrics", []):
                for m in sm.get("metrics", []):
                    for kind in ("gauge", "sum", "histogram", "exponentialHistogram", "summary"):
                        for p in (m.get(kind) or {}).get("dataPoints", []):
                            ids.append("point:" + m.get("name", "") + ":" + attr(p, "item.id"))
    return ids


def attr(obj, key):
    for kv in obj.get("attributes", []):
        if kv.get("key") == key:
            v = kv.get("value", {})
            return str(next(iter(v.values()), ""))
    return ""


def cmd_ids(a):
    types = load(a.stubs)
    all_ids = []
    for signal, body, is_json in read_records(a.records):
        all_ids += item_ids(to_otlp_json(types, signal, body, is_json), signal)
    print(len(all_ids), len(set(all_ids)))


# ---- sending ---------------------------------------------------------------


def build_request(stubs_types, first, count, run):
    req = stubs_types["traces"]()
    rs = req.resource_spans.add()
    kv = rs.resource.attributes.add()
    kv.key = "service.name"
    kv.value.string_value = "export-tool"
    kv = rs.resource.attributes.add()
    kv.key = "otelc.test.run"
    kv.value.string_value = run
    ss = rs.scope_spans.add()
    ss.scope.name = "export_tool"
    ss.scope.version = "1.0"
    for i in range(first, first + count):
        s = ss.spans.add()
        s.trace_id = (0x5EED0000000000000000000000000000 + i).to_bytes(16, "big")
        s.span_id = (0x1000000000000000 + i).to_bytes(8, "big")
        s.name = f"span-{i}"
        s.kind = 2
        s.start_time_unix_nano = 1700000000000000000 + i * 1000
        s.end_time_unix_nano = 1700000000000000000 + i * 1000 + 500
        a = s.attributes.add()
        a.key = "item.id"
        a.value.int_value = i
        a = s.attributes.add()
        a.key = "pad"
        a.value.string_value = "x" * 64
    return req


def cmd_send(a):
    import grpc

    types = load(a.stubs)
    path = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
    failed = 0
    rec = open(a.record, "a") if a.record else None
    with grpc.insecure_channel(a.target) as ch:
        call = ch.unary_unary(path, request_serializer=None, response_deserializer=None)
        i = a.first
        while i < a.first + a.count:
            k = min(a.per_request, a.first + a.count - i)
            body = build_request(types, i, k, a.run).SerializeToString()
            code = None
            for attempt in range(a.tries):
                try:
                    call(body, timeout=10)
                    code = grpc.StatusCode.OK
                except grpc.RpcError as e:
                    code = e.code()
                print(f"request {i}+{k}: {code.name}", flush=True)
                if code == grpc.StatusCode.OK or code not in (
                    grpc.StatusCode.UNAVAILABLE,
                    grpc.StatusCode.RESOURCE_EXHAUSTED,
                ):
                    break
                time.sleep(0.2)
            if code == grpc.StatusCode.OK:
                if rec:
                    rec.write(base64.b64encode(body).decode() + "\n")
            else:
                failed += 1
            i += k
    if rec:
        rec.close()
    sys.exit(1 if failed else 0)


# ---- pass-through multiset ---------------------------------------------------


def span_multiset(reqs):
    out = collections.Counter()
    for req in reqs:
        for rs in req.resource_spans:
            res = rs.resource.SerializeToString(deterministic=True)
            for ss in rs.scope_spans:
                scope = ss.scope.SerializeToString(deterministic=True)
                for s in ss.spans:
                    out[(res, rs.schema_url, scope, ss.schema_url, s.SerializeToString(deterministic=True))] += 1
    return out


def cmd_multiset(a):
    types = load(a.stubs)
    sent = []
    with open(a.sent) as f:
        for line in f:
            if line.strip():
                m = types["traces"]()
                m.ParseFromString(base64.b64decode(line.strip()))
                sent.append(m)
    got = []
    for signal, body, is_json in read_records(a.records):
        if signal != "traces":
            continue
        if is_json:
            raise SystemExit("multiset: expected protobuf trace exports")
        m = types["traces"]()
        m.ParseFromString(body)
        got.append(m)
    ms, mg = span_multiset(sent), span_multiset(got)
    print(f"sent {sum(ms.values())} spans in {len(sent)} requests; "
          f"sink got {sum(mg.values())} spans in {len(got)} requests")
    if ms != mg:
        print(f"missing: {sum((ms - mg).values())}, unexpected: {sum((mg - ms).values())}")
        sys.exit(1)


def headers_of(rec):
    h = rec.get("headers") or rec.get("metadata") or {}
    if isinstance(h, dict):
        items = h.items()
    else:
        items = h
    out = {}
    for k, v in items:
        out.setdefault(k.lower(), []).append(v)
    return out


def cmd_header(a):
    n = 0
    for rec in all_records(a.records):
        vals = headers_of(rec).get(a.name.lower(), [])
        n += 1
        if a.value is not None:
            good = any(v == a.value or v.startswith(a.value + ";") for v in vals)
        else:
            good = all(v == a.absent_or for v in vals)
        if not good:
            print(f"request {n} ({rec.get('path') or rec.get('method')}): {a.name} = {vals}")
            sys.exit(1)
    if n == 0:
        print("no requests recorded")
        sys.exit(1)


def cmd_compressed(a):
    with open(a.records) as f:
        wire = [json.loads(line) for line in f if line.strip()]
    flags = [r["compressed"] for r in wire if r.get("kind") == "wire"]
    if not flags:
        print("no wire records (was the sink started with --tap?)")
        sys.exit(1)
    want = 1 if a.yes else 0
    bad = [f for f in flags if f != want]
    print(f"{len(flags)} messages, {len(bad)} with compressed != {want}")
    sys.exit(1 if bad else 0)


def cmd_failed(a):
    print(sum(1 for r in all_records(a.records) if rec_failed(r)))


def cmd_gap(a):
    """The sinks record no timestamps, but they append a request's record
    before answering it; so watching the file (every 10ms) gives the time
    of the refusal and of the retry that follows it."""
    seen = []
    deadline = time.monotonic() + a.timeout
    while time.monotonic() < deadline:
        try:
            recs = all_records(a.records)
        except (OSError, ValueError):  # not there yet, or a partial line
            recs = []
        while len(seen) < len(recs):
            seen.append(time.monotonic())
        for i, r in enumerate(recs[:-1]):
            if rec_failed(r):
                gap = seen[i + 1] - seen[i]
                print(f"gap between the refusal and the retry: {gap:.3f}s")
                sys.exit(0 if gap >= a.min else 1)
        time.sleep(0.01)
    print("no refusal followed by a retry within the timeout")
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("stubs")
    s.add_argument("outdir")
    s = sub.add_parser("header")
    s.add_argument("--records", required=True)
    s.add_argument("--name", required=True)
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--value")
    g.add_argument("--absent-or")
    s = sub.add_parser("compressed")
    s.add_argument("--records", required=True)
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--yes", action="store_true")
    g.add_argument("--no", action="store_true")
    s = sub.add_parser("failed")
    s.add_argument("--records", required=True)
    s = sub.add_parser("gap")
    s.add_argument("--records", required=True)
    s.add_argument("--min", type=float, required=True)
    s.add_argument("--timeout", type=float, default=30)
    for name in ("decode", "ids", "multiset", "send"):
        s = sub.add_parser(name)
        s.add_argument("--stubs", required=True)
        if name != "send":
            s.add_argument("--records", required=True)
        if name == "decode":
            s.add_argument("--out")
        if name == "multiset":
            s.add_argument("--sent", required=True)
        if name == "send":
            s.add_argument("--target", required=True)
            s.add_argument("--first", type=int, default=1)
            s.add_argument("--count", type=int, default=10)
            s.add_argument("--per-request", type=int, default=1)
            s.add_argument("--record")
            s.add_argument("--run", default="export")
            s.add_argument("--tries", type=int, default=1)
    a = p.parse_args()
    if a.cmd == "stubs":
        gen_stubs(a.outdir)
    elif a.cmd == "header":
        cmd_header(a)
    elif a.cmd == "compressed":
        cmd_compressed(a)
    elif a.cmd == "failed":
        cmd_failed(a)
    elif a.cmd == "gap":
        cmd_gap(a)
    else:
        {"decode": cmd_decode, "ids": cmd_ids, "send": cmd_send, "multiset": cmd_multiset}[a.cmd](a)


if __name__ == "__main__":
    main()
