#!/usr/bin/python3
"""Independent OTLP/gRPC client for otelc (python3-grpcio, Debian).

usage: grpc_client.py --proto-dir DIR --target HOST:PORT --run-prefix P
                      --record-dir DIR [--timeout S]

Generates the Python protobuf and gRPC stubs at run time from the project's
own .proto files (DIR is core/data/proto) with protoc and grpc_python_plugin, then:

  1. sends ExportTraceServiceRequest, ExportMetricsServiceRequest and
     ExportLogsServiceRequest without compression and with gzip; each call
     must return OK with the matching Export*ServiceResponse and no partial
     success. The resource of run "P-none" / "P-gzip" carries the attribute
     otelc.interop.run so the data can be found in otelc's output; what was
     sent is written to RECORD_DIR/P-none.json and P-gzip.json in the
     format tests/interop/compare.py reads;
  2. sends malformed bytes to each Export method through a generic unary
     call (no serializer); each must fail with INVALID_ARGUMENT.

Prints "ok: ..." or "FAIL: ..." per check; exits 1 if any check failed,
2 when the stubs cannot be generated or loaded.
"""

import argparse
import base64
import glob
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

PROTOS = [
    "opentelemetry/proto/common/v1/common.proto",
    "opentelemetry/proto/resource/v1/resource.proto",
    "opentelemetry/proto/trace/v1/trace.proto",
    "opentelemetry/proto/metrics/v1/metrics.proto",
    "opentelemetry/proto/logs/v1/logs.proto",
    "opentelemetry/proto/collector/trace/v1/trace_service.proto",
    "opentelemetry/proto/collector/metrics/v1/metrics_service.proto",
    "opentelemetry/proto/collector/logs/v1/logs_service.proto",
]
GRPC_PLUGIN = "/usr/bin/grpc_python_plugin"

results = {"ok": 0, "fail": 0}


def ok(msg):
    results["ok"] += 1
    print(f"ok: {msg}", flush=True)


def fail(msg):
    results["fail"] += 1
    print(f"FAIL: {msg}", flush=True)


def generate(proto_dir, out_dir):
    """protoc --python_out + --grpc_out from the project's .proto files."""
    protoc = shutil.which("protoc")
    if protoc is None:
        raise RuntimeError("protoc not found (Debian package protobuf-compiler)")
    if not os.access(GRPC_PLUGIN, os.X_OK):
        raise RuntimeError(f"{GRPC_PLUGIN} not found (Debian package protobuf-compiler-grpc)")
    cmd = [
        protoc,
        f"-I{proto_dir}",
        f"--python_out={out_dir}",
        f"--grpc_out={out_dir}",
        f"--plugin=protoc-gen-grpc={GRPC_PLUGIN}",
    ] + PROTOS
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"protoc failed ({p.returncode}): {p.stderr.strip()}")
    # Python 3 namespace packages make __init__.py optional, but be explicit.
    for d, _, _ in os.walk(out_dir):
        init = os.path.join(d, "__init__.py")
        if d != out_dir and not os.path.exists(init):
            open(init, "w").close()
    n = len(glob.glob(os.path.join(out_dir, "**", "*_pb2*.py"), recursive=True))
    if n < len(PROTOS) + 3:
        raise RuntimeError(f"protoc produced only {n} modules")


class Stubs:
    def __init__(self, out_dir):
        sys.path.insert(0, out_dir)
        imp = importlib.import_module
        p = "opentelemetry.proto."
        self.common = imp(p + "common.v1.common_pb2")
        self.resource = imp(p + "resource.v1.resource_pb2")
        self.trace = imp(p + "trace.v1.trace_pb2")
        self.metrics = imp(p + "metrics.v1.metrics_pb2")
        self.logs = imp(p + "logs.v1.logs_pb2")
        self.trace_svc = imp(p + "collector.trace.v1.trace_service_pb2")
        self.trace_grpc = imp(p + "collector.trace.v1.trace_service_pb2_grpc")
        self.metrics_svc = imp(p + "collector.metrics.v1.metrics_service_pb2")
        self.metrics_grpc = imp(p + "collector.metrics.v1.metrics_service_pb2_grpc")
        self.logs_svc = imp(p + "collector.logs.v1.logs_service_pb2")
        self.logs_grpc = imp(p + "collector.logs.v1.logs_service_pb2_grpc")


# ------------------------------------------------------------------ dataset


def anyv(s, v):
    """Python value -> AnyValue (ints are int64, floats doubles, bytes bytes,
    list arrayValue, dict kvlistValue)."""
    a = s.common.AnyValue()
    if isinstance(v, bool):
        a.bool_value = v
    elif isinstance(v, int):
        a.int_value = v
    elif isinstance(v, float):
        a.double_value = v
    elif isinstance(v, str):
        a.string_value = v
    elif isinstance(v, bytes):
        a.bytes_value = v
    elif isinstance(v, list):
        a.array_value.SetInParent()
        for e in v:
            a.array_value.values.append(anyv(s, e))
    elif isinstance(v, dict):
        a.kvlist_value.SetInParent()
        for k, e in v.items():
            a.kvlist_value.values.append(s.common.KeyValue(key=k, value=anyv(s, e)))
    else:
        raise TypeError(v)
    return a


def kvs(s, d):
    return [s.common.KeyValue(key=k, value=anyv(s, v)) for k, v in d.items()]


def resource(s, run_id):
    return s.resource.Resource(
        attributes=kvs(
            s,
            {
                "service.name": "otelc-interop-python",
                "otelc.interop.run": run_id,
                "host.ids": [1, 2, 3],
            },
        )
    )


def ids(seed):
    """Deterministic, distinct ids per run."""
    h = bytes((seed * 37 + i * 11) % 256 for i in range(16))
    return h, h[:8], bytes(reversed(h[8:]))


BASE_NS = 1_700_000_000_123_456_789


def trace_request(s, run_id, seed):
    trace_id, root_id, child_id = ids(seed)
    T = s.trace.Span
    root = T(
        trace_id=trace_id,
        span_id=root_id,
        name="python root",
        kind=T.SPAN_KIND_SERVER,
        start_time_unix_nano=BASE_NS,
        end_time_unix_nano=BASE_NS + 5_000_001,
        flags=0x101,
        attributes=kvs(
            s,
            {
                "str": "value",
                "int": -9223372036854775808,
                "int.max": 9223372036854775807,
                "double": 0.1,
                "bool": True,
                "bytes": b"\x00\xffbin",
                "array": ["x", 1, 2.5, False],
                "kvlist": {"a": 1, "nested": {"b": [b"\x01"]}},
                "utf8": "\u00fcml\u00e4ut \U0001f600",
            },
        ),
        status=s.trace.Status(code=s.trace.Status.STATUS_CODE_OK),
    )
    child = T(
        trace_id=trace_id,
        span_id=child_id,
        parent_span_id=root_id,
        trace_state="k1=v1,k2=v2",
        name="python child",
        kind=T.SPAN_KIND_UNSPECIFIED,
        start_time_unix_nano=BASE_NS + 1,
        end_time_unix_nano=BASE_NS + 2,
        dropped_attributes_count=3,
        dropped_events_count=4,
        dropped_links_count=5,
        events=[
            T.Event(time_unix_nano=BASE_NS + 1, name="ev", attributes=kvs(s, {"n": 7}),
                    dropped_attributes_count=1),
        ],
        links=[
            T.Link(trace_id=bytes(range(16)), span_id=bytes(range(8)), trace_state="a=b",
                   attributes=kvs(s, {"l": "x"}), flags=0x301),
        ],
        status=s.trace.Status(code=s.trace.Status.STATUS_CODE_ERROR, message="child failed"),
    )
    scope = s.common.InstrumentationScope(name="python.scope", version="9.9")
    return s.trace_svc.ExportTraceServiceRequest(
        resource_spans=[
            s.trace.ResourceSpans(
                resource=resource(s, run_id),
                scope_spans=[s.trace.ScopeSpans(scope=scope, spans=[root, child])],
            )
        ]
    )


def metrics_request(s, run_id, seed):
    M = s.metrics
    A = {"delta": M.AGGREGATION_TEMPORALITY_DELTA, "cum": M.AGGREGATION_TEMPORALITY_CUMULATIVE}
    t0, t1 = BASE_NS, BASE_NS + 60_000_000_000
    metrics = [
        M.Metric(
            name="py.gauge",
            description="a gauge",
            unit="1",
            gauge=M.Gauge(
                data_points=[
                    M.NumberDataPoint(time_unix_nano=t1, as_int=-5, attributes=kvs(s, {"p": 1})),
                    M.NumberDataPoint(time_unix_nano=t1, as_double=2.75, attributes=kvs(s, {"p": 2})),
                ]
            ),
        ),
        M.Metric(
            name="py.sum",
            unit="By",
            sum=M.Sum(
                aggregation_temporality=A["cum"],
                is_monotonic=True,
                data_points=[M.NumberDataPoint(start_time_unix_nano=t0, time_unix_nano=t1,
                                               as_int=1 << 40)],
            ),
        ),
        M.Metric(
            name="py.histogram",
            histogram=M.Histogram(
                aggregation_temporality=A["delta"],
                data_points=[
                    M.HistogramDataPoint(
                        start_time_unix_nano=t0, time_unix_nano=t1, count=6, sum=31.5,
                        bucket_counts=[1, 2, 3], explicit_bounds=[1.0, 10.0], min=0.5, max=20.0,
                    )
                ],
            ),
        ),
        M.Metric(
            name="py.exphistogram",
            exponential_histogram=M.ExponentialHistogram(
                aggregation_temporality=A["delta"],
                data_points=[
                    M.ExponentialHistogramDataPoint(
                        start_time_unix_nano=t0, time_unix_nano=t1, count=7, sum=-1.5, scale=-2,
                        zero_count=1, zero_threshold=0.001,
                        positive=M.ExponentialHistogramDataPoint.Buckets(offset=-3, bucket_counts=[1, 2]),
                        negative=M.ExponentialHistogramDataPoint.Buckets(offset=4, bucket_counts=[3]),
                    )
                ],
            ),
        ),
        M.Metric(
            name="py.summary",
            summary=M.Summary(
                data_points=[
                    M.SummaryDataPoint(
                        start_time_unix_nano=t0, time_unix_nano=t1, count=10, sum=100.0,
                        quantile_values=[
                            M.SummaryDataPoint.ValueAtQuantile(quantile=0.5, value=9.0),
                            M.SummaryDataPoint.ValueAtQuantile(quantile=0.99, value=20.0),
                        ],
                    )
                ]
            ),
        ),
    ]
    scope = s.common.InstrumentationScope(name="python.meter")
    return s.metrics_svc.ExportMetricsServiceRequest(
        resource_metrics=[
            M.ResourceMetrics(
                resource=resource(s, run_id),
                scope_metrics=[M.ScopeMetrics(scope=scope, metrics=metrics)],
            )
        ]
    )


def logs_request(s, run_id, seed):
    trace_id, span_id, _ = ids(seed)
    L = s.logs
    recs = [
        L.LogRecord(time_unix_nano=BASE_NS + 10, observed_time_unix_nano=BASE_NS + 11,
                    severity_number=L.SEVERITY_NUMBER_INFO, severity_text="INFO",
                    body=anyv(s, "hello from python"), attributes=kvs(s, {"k": "v"}),
                    trace_id=trace_id, span_id=span_id, flags=1),
        L.LogRecord(time_unix_nano=BASE_NS + 20, severity_number=L.SEVERITY_NUMBER_ERROR3,
                    body=anyv(s, {"structured": [1, "two", {"three": 3.0}]}), event_name="py.event"),
        L.LogRecord(observed_time_unix_nano=BASE_NS + 30, severity_text="no time, no body",
                    dropped_attributes_count=2),
    ]
    scope = s.common.InstrumentationScope(name="python.logger", version="1")
    return s.logs_svc.ExportLogsServiceRequest(
        resource_logs=[
            L.ResourceLogs(
                resource=resource(s, run_id),
                scope_logs=[L.ScopeLogs(scope=scope, log_records=recs)],
            )
        ]
    )


# ------------------------------------------------------------------ record

HEX_FIELDS = {"traceId", "spanId", "parentSpanId"}


def to_json(msg):
    """Message -> OTLP/JSON dict: proto3 JSON mapping, then ids as hex."""
    from google.protobuf import json_format

    d = json_format.MessageToDict(msg, preserving_proto_field_name=False)

    def fix(o):
        if isinstance(o, dict):
            return {
                k: (base64.b64decode(v).hex() if k in HEX_FIELDS and isinstance(v, str) else fix(v))
                for k, v in o.items()
            }
        if isinstance(o, list):
            return [fix(e) for e in o]
        return o

    return fix(d)


def record_of(run_id, treq, mreq, lreq):
    rec = {"runId": run_id, "spans": [], "metrics": [], "logs": []}
    for req, top, scope_m, item_m, out in (
        (treq, "resourceSpans", "scopeSpans", "spans", "spans"),
        (mreq, "resourceMetrics", "scopeMetrics", "metrics", "metrics"),
        (lreq, "resourceLogs", "scopeLogs", "logRecords", "logs"),
    ):
        for r in to_json(req).get(top, []):
            res = r.get("resource", {}).get("attributes", [])
            for sc in r.get(scope_m, []):
                for item in sc.get(item_m, []):
                    item["resource"] = res
                    item["scope"] = sc.get("scope", {})
                    rec[out].append(item)
    return rec


# ------------------------------------------------------------------ checks


def export_ok(grpc, stub, req, resp_type, what, compression, timeout):
    try:
        resp = stub.Export(req, timeout=timeout, compression=compression)
    except grpc.RpcError as e:
        fail(f"{what}: {e.code()} {e.details()!r}")
        return False
    if type(resp) is not resp_type:
        fail(f"{what}: response is {type(resp).__name__}, want {resp_type.__name__}")
        return False
    if resp.HasField("partial_success"):
        ps = resp.partial_success
        fail(f"{what}: partial_success set: {ps}")
        return False
    ok(f"{what}: OK, {resp_type.__name__}")
    return True


MALFORMED = [
    # (service, description, bytes): wire-format errors every protobuf
    # parser must refuse.
    ("trace.v1.TraceService", "length past the end",
     b"\x0a\x10\x0a\x03abc"),
    ("metrics.v1.MetricsService", "truncated length varint",
     b"\x0a\x02\x12\xff"),
    ("logs.v1.LogsService", "varint longer than 10 bytes",
     b"\x08" + b"\xff" * 11 + b"\x01"),
    ("trace.v1.TraceService", "nested message longer than its parent",
     b"\x0a\x04\x12\x05\x0a\x00"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proto-dir", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--run-prefix", required=True)
    ap.add_argument("--record-dir", required=True)
    ap.add_argument("--timeout", type=float, default=10.0)
    a = ap.parse_args()

    import grpc

    tmp = tempfile.mkdtemp(prefix="otelc-pystubs.")
    try:
        try:
            generate(a.proto_dir, tmp)
            s = Stubs(tmp)
        except Exception as e:  # noqa: BLE001 - report any failure to build stubs
            print(f"FAIL: python stubs from {a.proto_dir}: {e}", flush=True)
            return 2
        ok(f"stubs generated from {a.proto_dir} (protobuf runtime "
           f"{importlib.import_module('google.protobuf').__version__}, grpcio {grpc.__version__})")

        with grpc.insecure_channel(a.target) as ch:
            try:
                grpc.channel_ready_future(ch).result(timeout=a.timeout)
            except grpc.FutureTimeoutError:
                fail(f"cannot connect to {a.target} within {a.timeout} s")
                return 1
            tstub = s.trace_grpc.TraceServiceStub(ch)
            mstub = s.metrics_grpc.MetricsServiceStub(ch)
            lstub = s.logs_grpc.LogsServiceStub(ch)
            for seed, (cname, comp) in enumerate(
                [("none", grpc.Compression.NoCompression), ("gzip", grpc.Compression.Gzip)], 1
            ):
                run_id = f"{a.run_prefix}-{cname}"
                treq = trace_request(s, run_id, seed)
                mreq = metrics_request(s, run_id, seed)
                lreq = logs_request(s, run_id, seed)
                export_ok(grpc, tstub, treq, s.trace_svc.ExportTraceServiceResponse,
                          f"python grpc TraceService/Export ({cname})", comp, a.timeout)
                export_ok(grpc, mstub, mreq, s.metrics_svc.ExportMetricsServiceResponse,
                          f"python grpc MetricsService/Export ({cname})", comp, a.timeout)
                export_ok(grpc, lstub, lreq, s.logs_svc.ExportLogsServiceResponse,
                          f"python grpc LogsService/Export ({cname})", comp, a.timeout)
                import json

                with open(os.path.join(a.record_dir, run_id + ".json"), "w") as f:
                    json.dump(record_of(run_id, treq, mreq, lreq), f, indent=1)

            # Malformed bodies through a generic call: bytes go out as given.
            for i, (svc, desc, raw) in enumerate(MALFORMED):
                method = f"/opentelemetry.proto.collector.{svc}/Export"
                call = ch.unary_unary(method, request_serializer=None, response_deserializer=None)
                comp = grpc.Compression.Gzip if i % 2 else grpc.Compression.NoCompression
                what = f"python grpc malformed {svc.split('.')[-1]} ({desc})"
                try:
                    call(raw, timeout=a.timeout, compression=comp)
                    fail(f"{what}: OK, want INVALID_ARGUMENT")
                except grpc.RpcError as e:
                    if e.code() == grpc.StatusCode.INVALID_ARGUMENT:
                        ok(f"{what}: INVALID_ARGUMENT {e.details()!r}")
                    else:
                        fail(f"{what}: {e.code()} {e.details()!r}, want INVALID_ARGUMENT")
            # The connection still serves valid requests afterwards.
            export_ok(grpc, tstub, trace_request(s, a.run_prefix + "-after", 9),
                      s.trace_svc.ExportTraceServiceResponse,
                      "python grpc TraceService/Export after the malformed calls",
                      grpc.Compression.NoCompression, a.timeout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if results["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
