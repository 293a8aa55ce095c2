#!/usr/bin/python3
"""Compares what otelc received with what a sender says it sent.

usage: compare.py --record RECORD.json --received OUTPUT.jsonl [--quiet]
                  [--wait SECONDS]

RECORD is written by tests/interop/js/send.mjs (or the python gRPC client):
    {"runId": ID, "spans": [...], "metrics": [...], "logs": [...]}
where each span, metric and log record is an OTLP/JSON object (lowerCamelCase,
hex ids, 64-bit integers as strings) carrying two extra members, "resource"
(the resource's attribute list) and "scope" ({"name", "version"}).

OUTPUT is otelc's `file` exporter output: one OTLP/JSON
Export{Trace,Metrics,Logs}ServiceRequest per line. Only resources whose
attribute otelc.interop.run equals the record's runId are considered, so many
runs can share one file.

The comparison is field by field and typed: an int attribute that arrives as
a double, a lost nanosecond, a missing event attribute or a duplicated span
are all mismatches. Spans are matched by (trace id, span id), metric points
by (scope, metric name, attributes, start time, time), log records by
(scope, time). Every mismatch is printed on its own line; the exit status is
0 when everything matches, 1 on any mismatch, 2 on usage or I/O errors.
"""

import argparse
import base64
import binascii
import json
import math
import re
import sys
import time

RUN_KEY = "otelc.interop.run"


class Bad(Exception):
    """A received value that is not valid OTLP/JSON."""


# OTLP/JSON as otelc must write it: lowerCamelCase members, enums as
# integers, 64-bit integers as strings. The record (written by our own
# senders) may use enum names and numbers; otelc's output may not.
STRICT = {"on": False}


# ------------------------------------------------------------------ helpers


def camel(name):
    """original_name -> lowerCamelCase (OTLP/JSON accepts both)."""
    if "_" not in name:
        return name
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def camelize(obj):
    """Renames every object member to lowerCamelCase, recursively."""
    if isinstance(obj, dict):
        return {camel(k): camelize(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [camelize(v) for v in obj]
    return obj


def u64(v, what):
    """A 64-bit integer: a JSON string (or a number, outside strict mode)."""
    if v is None:
        return 0
    if STRICT["on"] and not isinstance(v, str):
        raise Bad(f"{what}: 64-bit integer {v!r} written as a JSON number, not a string")
    if isinstance(v, bool):
        raise Bad(f"{what}: boolean {v!r} where an integer was expected")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if v.is_integer():
            return int(v)
        raise Bad(f"{what}: non-integral number {v!r}")
    if isinstance(v, str) and re.fullmatch(r"-?[0-9]+", v):
        return int(v)
    raise Bad(f"{what}: {v!r} is not an integer")


def dbl(v, what):
    """A double: JSON number or one of "NaN", "Infinity", "-Infinity"."""
    if v is None:
        return 0.0
    if isinstance(v, bool):
        raise Bad(f"{what}: boolean {v!r} where a number was expected")
    if isinstance(v, (int, float)):
        return float(v)
    if v in ("NaN", "Infinity", "-Infinity"):
        return float(v.replace("Infinity", "inf"))
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            pass
    raise Bad(f"{what}: {v!r} is not a number")


def opt_dbl(obj, key, what):
    return None if obj.get(key) is None else dbl(obj[key], what)


def hexid(v, nbytes, what):
    """Trace/span ids are hex in OTLP/JSON; absent or empty means none."""
    if v is None or v == "":
        return ""
    if not isinstance(v, str) or not re.fullmatch(r"[0-9a-fA-F]*", v):
        raise Bad(f"{what}: {v!r} is not a hex id")
    if len(v) != 2 * nbytes:
        raise Bad(f"{what}: {v!r} is not {nbytes} bytes")
    if STRICT["on"] and v != v.lower():
        raise Bad(f"{what}: {v!r}: hex ids are written in lower case")
    v = v.lower()
    return "" if v == "0" * (2 * nbytes) else v


ENUMS = {
    "kind": {
        "SPAN_KIND_UNSPECIFIED": 0,
        "SPAN_KIND_INTERNAL": 1,
        "SPAN_KIND_SERVER": 2,
        "SPAN_KIND_CLIENT": 3,
        "SPAN_KIND_PRODUCER": 4,
        "SPAN_KIND_CONSUMER": 5,
    },
    "status": {"STATUS_CODE_UNSET": 0, "STATUS_CODE_OK": 1, "STATUS_CODE_ERROR": 2},
    "temporality": {
        "AGGREGATION_TEMPORALITY_UNSPECIFIED": 0,
        "AGGREGATION_TEMPORALITY_DELTA": 1,
        "AGGREGATION_TEMPORALITY_CUMULATIVE": 2,
    },
    "severity": dict(
        [("SEVERITY_NUMBER_UNSPECIFIED", 0)]
        + [
            (f"SEVERITY_NUMBER_{lvl}{'' if i == 0 else i + 1}", 1 + 4 * n + i)
            for n, lvl in enumerate(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
            for i in range(4)
        ]
    ),
}


def enum(v, table, what):
    """OTLP/JSON enums are integers; names are tolerated on input."""
    if v is None:
        return 0
    if isinstance(v, str) and v in ENUMS[table]:
        if STRICT["on"]:
            raise Bad(f"{what}: enum written as the name {v!r}; OTLP/JSON requires integers")
        return ENUMS[table][v]
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    raise Bad(f"{what}: {v!r} is not a {table} enum value")


def text(v, what):
    if v is None:
        return ""
    if not isinstance(v, str):
        raise Bad(f"{what}: {v!r} is not a string")
    return v


def boolean(v, what):
    if v is None:
        return False
    if not isinstance(v, bool):
        raise Bad(f"{what}: {v!r} is not a boolean")
    return v


def i32(v, what, lo, hi):
    """A 32-bit integer: a JSON number (or a string, outside strict mode)."""
    if v is None:
        return 0
    if isinstance(v, int) and not isinstance(v, bool):
        n = v
    elif STRICT["on"]:
        raise Bad(f"{what}: 32-bit integer {v!r} is not a JSON number")
    else:
        n = u64(v, what)
    if not lo <= n <= hi:
        raise Bad(f"{what}: {n} does not fit 32 bits")
    return n


def u32(v, what):
    return i32(v, what, 0, 0xFFFFFFFF)


def s32(v, what):
    return i32(v, what, -0x80000000, 0x7FFFFFFF)


def snake_members(obj, path="$"):
    """Member names that are not lowerCamelCase (strict mode)."""
    bad = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if "_" in k:
                bad.append(f"{path}.{k}")
            bad += snake_members(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            bad += snake_members(v, f"{path}[{i}]")
    return bad


# AnyValue -> hashable, typed canonical form:
#   ("string", s) ("int", n) ("double", x) ("bool", b) ("bytes", b)
#   ("array", (...)) ("kvlist", ((k, v), ...)) ("empty",)
def anyvalue(v, what):
    if v is None or v == {}:
        return ("empty",)
    if not isinstance(v, dict):
        raise Bad(f"{what}: {v!r} is not an AnyValue object")
    if len(v) != 1:
        raise Bad(f"{what}: AnyValue with {len(v)} members {sorted(v)}")
    (k, x), = v.items()
    if k == "stringValue":
        return ("string", text(x, what))
    if k == "intValue":
        return ("int", u64(x, what))
    if k == "doubleValue":
        d = dbl(x, what)
        return ("double", "NaN" if math.isnan(d) else d)
    if k == "boolValue":
        return ("bool", boolean(x, what))
    if k == "bytesValue":
        if not isinstance(x, str):
            raise Bad(f"{what}: bytesValue {x!r} is not a base64 string")
        try:
            s = x.replace("-", "+").replace("_", "/")
            return ("bytes", base64.b64decode(s + "=" * (-len(s) % 4), validate=True))
        except binascii.Error as e:
            raise Bad(f"{what}: bytesValue {x!r}: {e}") from None
    if k == "arrayValue":
        vals = (x or {}).get("values") or []
        return ("array", tuple(anyvalue(e, f"{what}[{i}]") for i, e in enumerate(vals)))
    if k == "kvlistValue":
        vals = (x or {}).get("values") or []
        return ("kvlist", tuple(keyvalue(e, f"{what}") for e in vals))
    raise Bad(f"{what}: unknown AnyValue member {k!r}")


def keyvalue(kv, what):
    if not isinstance(kv, dict) or not isinstance(kv.get("key"), str):
        raise Bad(f"{what}: {kv!r} is not a KeyValue")
    return (kv["key"], anyvalue(kv.get("value"), f"{what}.{kv['key']}"))


def attributes(lst, what):
    """KeyValue list -> dict; a repeated key is an error."""
    out = {}
    for kv in lst or []:
        k, v = keyvalue(kv, what)
        if k in out:
            raise Bad(f"{what}: key {k!r} appears twice")
        out[k] = v
    return out


def show(v):
    """Readable rendering of a canonical AnyValue or any other value."""
    if isinstance(v, tuple) and v and v[0] in (
        "string", "int", "double", "bool", "bytes", "array", "kvlist", "empty",
    ):
        t = v[0]
        if t == "empty":
            return "<empty AnyValue>"
        if t == "array":
            return "array[" + ", ".join(show(e) for e in v[1]) + "]"
        if t == "kvlist":
            return "kvlist{" + ", ".join(f"{k}: {show(e)}" for k, e in v[1]) + "}"
        if t == "bytes":
            return f"bytes({v[1].hex()})"
        return f"{t}({v[1]!r})"
    return repr(v)


# ------------------------------------------------------------------ normalize
# Each normalizer returns a flat dict {field path: canonical value}; the
# comparison then reports every path whose values differ.


def flat_attrs(out, prefix, attrs):
    out[prefix + "#keys"] = tuple(sorted(attrs))
    for k, v in attrs.items():
        out[f"{prefix}[{k!r}]"] = v


def common(out, item, what):
    flat_attrs(out, "resource.attributes", attributes(item.get("resource"), what + " resource"))
    scope = item.get("scope") or {}
    out["scope.name"] = text(scope.get("name"), what + " scope.name")
    out["scope.version"] = text(scope.get("version"), what + " scope.version")


def norm_span(s, what):
    out = {}
    common(out, s, what)
    out["traceId"] = hexid(s.get("traceId"), 16, what + " traceId")
    out["spanId"] = hexid(s.get("spanId"), 8, what + " spanId")
    out["parentSpanId"] = hexid(s.get("parentSpanId"), 8, what + " parentSpanId")
    out["traceState"] = text(s.get("traceState"), what + " traceState")
    out["flags"] = u32(s.get("flags"), what + " flags")
    out["name"] = text(s.get("name"), what + " name")
    out["kind"] = enum(s.get("kind"), "kind", what + " kind")
    out["startTimeUnixNano"] = u64(s.get("startTimeUnixNano"), what + " startTimeUnixNano")
    out["endTimeUnixNano"] = u64(s.get("endTimeUnixNano"), what + " endTimeUnixNano")
    flat_attrs(out, "attributes", attributes(s.get("attributes"), what + " attributes"))
    out["droppedAttributesCount"] = u32(s.get("droppedAttributesCount"), what)
    events = s.get("events") or []
    out["events#count"] = len(events)
    for i, e in enumerate(events):
        p = f"events[{i}]"
        out[p + ".name"] = text(e.get("name"), f"{what} {p}.name")
        out[p + ".timeUnixNano"] = u64(e.get("timeUnixNano"), f"{what} {p}.timeUnixNano")
        flat_attrs(out, p + ".attributes", attributes(e.get("attributes"), f"{what} {p}"))
        out[p + ".droppedAttributesCount"] = u32(e.get("droppedAttributesCount"), what)
    out["droppedEventsCount"] = u32(s.get("droppedEventsCount"), what)
    links = s.get("links") or []
    out["links#count"] = len(links)
    for i, link in enumerate(links):
        p = f"links[{i}]"
        out[p + ".traceId"] = hexid(link.get("traceId"), 16, f"{what} {p}.traceId")
        out[p + ".spanId"] = hexid(link.get("spanId"), 8, f"{what} {p}.spanId")
        out[p + ".traceState"] = text(link.get("traceState"), f"{what} {p}.traceState")
        out[p + ".flags"] = u32(link.get("flags"), f"{what} {p}.flags")
        flat_attrs(out, p + ".attributes", attributes(link.get("attributes"), f"{what} {p}"))
        out[p + ".droppedAttributesCount"] = u32(link.get("droppedAttributesCount"), what)
    out["droppedLinksCount"] = u32(s.get("droppedLinksCount"), what)
    st = s.get("status") or {}
    out["status.code"] = enum(st.get("code"), "status", what + " status.code")
    out["status.message"] = text(st.get("message"), what + " status.message")
    return out


def norm_logrecord(r, what):
    out = {}
    common(out, r, what)
    out["timeUnixNano"] = u64(r.get("timeUnixNano"), what + " timeUnixNano")
    out["observedTimeUnixNano"] = u64(r.get("observedTimeUnixNano"), what)
    out["severityNumber"] = enum(r.get("severityNumber"), "severity", what + " severityNumber")
    out["severityText"] = text(r.get("severityText"), what + " severityText")
    out["eventName"] = text(r.get("eventName"), what + " eventName")
    out["body"] = anyvalue(r.get("body"), what + " body")
    flat_attrs(out, "attributes", attributes(r.get("attributes"), what + " attributes"))
    out["droppedAttributesCount"] = u32(r.get("droppedAttributesCount"), what)
    out["flags"] = u32(r.get("flags"), what + " flags")
    out["traceId"] = hexid(r.get("traceId"), 16, what + " traceId")
    out["spanId"] = hexid(r.get("spanId"), 8, what + " spanId")
    return out


METRIC_TYPES = ("gauge", "sum", "histogram", "exponentialHistogram", "summary")


def norm_metric_points(m, what):
    """One Metric -> [(point key, flat dict)] with the metric's own fields
    repeated in every point."""
    base = {}
    common(base, m, what)
    base["metric.name"] = text(m.get("name"), what + " name")
    base["metric.description"] = text(m.get("description"), what + " description")
    base["metric.unit"] = text(m.get("unit"), what + " unit")
    types = [t for t in METRIC_TYPES if m.get(t) is not None]
    if len(types) != 1:
        raise Bad(f"{what}: metric {base['metric.name']!r} has data members {types}")
    t = types[0]
    data = m[t] or {}
    base["metric.type"] = t
    if t != "gauge" and t != "summary":
        base["metric.aggregationTemporality"] = enum(
            data.get("aggregationTemporality"), "temporality", what + " aggregationTemporality"
        )
    if t == "sum":
        base["metric.isMonotonic"] = boolean(data.get("isMonotonic"), what + " isMonotonic")
    out = []
    for i, dp in enumerate(data.get("dataPoints") or []):
        w = f"{what} {base['metric.name']} dataPoints[{i}]"
        p = dict(base)
        attrs = attributes(dp.get("attributes"), w + " attributes")
        flat_attrs(p, "point.attributes", attrs)
        p["point.startTimeUnixNano"] = u64(dp.get("startTimeUnixNano"), w + " startTimeUnixNano")
        p["point.timeUnixNano"] = u64(dp.get("timeUnixNano"), w + " timeUnixNano")
        p["point.flags"] = u32(dp.get("flags"), w + " flags")
        p["point.exemplars#count"] = len(dp.get("exemplars") or [])
        if t in ("gauge", "sum"):
            has_int = dp.get("asInt") is not None
            has_dbl = dp.get("asDouble") is not None
            if has_int and has_dbl:
                raise Bad(f"{w}: both asInt and asDouble")
            if has_int:
                p["point.value"] = ("asInt", u64(dp["asInt"], w + " asInt"))
            elif has_dbl:
                p["point.value"] = ("asDouble", dbl(dp["asDouble"], w + " asDouble"))
            else:
                p["point.value"] = ("none",)
        elif t == "histogram":
            p["point.count"] = u64(dp.get("count"), w + " count")
            p["point.sum"] = opt_dbl(dp, "sum", w + " sum")
            p["point.min"] = opt_dbl(dp, "min", w + " min")
            p["point.max"] = opt_dbl(dp, "max", w + " max")
            p["point.bucketCounts"] = tuple(
                u64(c, w + " bucketCounts") for c in dp.get("bucketCounts") or []
            )
            p["point.explicitBounds"] = tuple(
                dbl(b, w + " explicitBounds") for b in dp.get("explicitBounds") or []
            )
        elif t == "exponentialHistogram":
            p["point.count"] = u64(dp.get("count"), w + " count")
            p["point.sum"] = opt_dbl(dp, "sum", w + " sum")
            p["point.min"] = opt_dbl(dp, "min", w + " min")
            p["point.max"] = opt_dbl(dp, "max", w + " max")
            p["point.scale"] = s32(dp.get("scale"), w + " scale")
            p["point.zeroCount"] = u64(dp.get("zeroCount"), w + " zeroCount")
            p["point.zeroThreshold"] = dbl(dp.get("zeroThreshold"), w + " zeroThreshold")
            for side in ("positive", "negative"):
                b = dp.get(side) or {}
                p[f"point.{side}.offset"] = s32(b.get("offset"), f"{w} {side}.offset")
                counts = [u64(c, f"{w} {side}.bucketCounts") for c in b.get("bucketCounts") or []]
                # An empty bucket list and an absent one are the same.
                p[f"point.{side}.bucketCounts"] = tuple(counts)
                if not counts:
                    p[f"point.{side}.offset"] = 0
        else:  # summary
            p["point.count"] = u64(dp.get("count"), w + " count")
            p["point.sum"] = dbl(dp.get("sum"), w + " sum")
            p["point.quantileValues"] = tuple(
                (dbl(q.get("quantile"), w), dbl(q.get("value"), w))
                for q in dp.get("quantileValues") or []
            )
        key = (
            base["scope.name"],
            base["metric.name"],
            tuple(sorted(attrs.items())),
            p["point.startTimeUnixNano"],
            p["point.timeUnixNano"],
        )
        out.append((key, p))
    if not out:
        # A metric without points still has to arrive.
        out.append(((base["scope.name"], base["metric.name"], "no points"), base))
    return out


# ------------------------------------------------------------------ reading


def run_of(resource_attrs):
    v = resource_attrs.get(RUN_KEY)
    return v[1] if v and v[0] == "string" else None


def read_received(path, run_id, problems):
    """-> {"spans": [...], "metrics": [...], "logs": [...]} of this run, each
    item an OTLP/JSON object with "resource" and "scope" members added."""
    got = {"spans": [], "metrics": [], "logs": []}
    layout = {
        "resourceSpans": ("spans", "scopeSpans", "spans"),
        "resourceMetrics": ("metrics", "scopeMetrics", "metrics"),
        "resourceLogs": ("logs", "scopeLogs", "logRecords"),
    }
    try:
        with open(path, "r", encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"received file {path}: {e}")
        return got
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{path}:{n}: not JSON: {e}")
            continue
        if run_id not in line:
            continue  # another run's data: not ours to judge
        snake = snake_members(raw)
        if snake:
            problems.append(f"{path}:{n}: members not in lowerCamelCase: {', '.join(snake[:5])}")
        req = camelize(raw)
        if not isinstance(req, dict):
            problems.append(f"{path}:{n}: not a JSON object")
            continue
        kinds = [k for k in layout if k in req]
        if len(kinds) != 1:
            problems.append(f"{path}:{n}: not one Export*ServiceRequest (members {sorted(req)})")
            continue
        sig, scope_member, item_member = layout[kinds[0]]
        for rs in req[kinds[0]] or []:
            res = (rs.get("resource") or {}).get("attributes") or []
            try:
                rattrs = attributes(res, f"{path}:{n} resource")
            except Bad as e:
                problems.append(str(e))
                continue
            if run_of(rattrs) != run_id:
                continue
            for ss in rs.get(scope_member) or []:
                scope = ss.get("scope") or {}
                for item in ss.get(item_member) or []:
                    item = dict(item)
                    item["resource"] = res
                    item["scope"] = scope
                    item["_where"] = f"{path}:{n}"
                    got[sig].append(item)
    return got


# ------------------------------------------------------------------ compare


def diff(label, sent, received, problems):
    for k in sorted(set(sent) | set(received)):
        a = sent.get(k, "<absent>")
        b = received.get(k, "<absent>")
        if a != b or type(a) is not type(b):
            problems.append(f"{label}: {k}: sent {show(a)}, received {show(b)}")


def index(items, normf, what, problems, side):
    out = {}
    for i, it in enumerate(items):
        where = it.get("_where", f"record {what}[{i}]")
        try:
            pairs = normf(it, where)
        except Bad as e:
            problems.append(f"{side}: {e}")
            continue
        for key, flat in pairs:
            if key in out:
                problems.append(f"{side}: {what} {fmt_key(key)} appears more than once ({where})")
                continue
            out[key] = flat
    return out


def fmt_key(key):
    return "(" + ", ".join(show(k) if isinstance(k, tuple) else str(k) for k in key) + ")"


def compare(record, got, problems):
    counts = {}
    plan = [
        (
            "span",
            record.get("spans") or [],
            got["spans"],
            lambda s, w: [((n["traceId"], n["spanId"]), n) for n in [norm_span(s, w)]],
            lambda k, f: f"span {f.get('name')!r} trace {k[0]} span {k[1]}",
        ),
        (
            "metric point",
            record.get("metrics") or [],
            got["metrics"],
            norm_metric_points,
            lambda k, f: f"metric {k[1]!r} point attrs {fmt_attrs(k[2])} time {k[-1]}"
            if len(k) == 5
            else f"metric {k[1]!r}",
        ),
        (
            "log record",
            record.get("logs") or [],
            got["logs"],
            lambda r, w: [
                ((n["scope.name"], n["timeUnixNano"]), n) for n in [norm_logrecord(r, w)]
            ],
            lambda k, f: f"log record scope {k[0]!r} time {k[1]} body {show(f.get('body'))}",
        ),
    ]
    for what, sent_items, recv_items, normf, label in plan:
        sent = index(sent_items, normf, what, problems, "record")
        STRICT["on"] = True
        try:
            recv = index(recv_items, normf, what, problems, "received")
        finally:
            STRICT["on"] = False
        for k in sent:
            if k not in recv:
                problems.append(f"missing: {label(k, sent[k])} was sent but not received")
            else:
                diff(label(k, sent[k]), sent[k], recv[k], problems)
        for k in recv:
            if k not in sent:
                problems.append(f"unexpected: {label(k, recv[k])} received but never sent")
        counts[what] = len(sent)
    return counts


def fmt_attrs(items):
    if isinstance(items, tuple):
        return "{" + ", ".join(f"{k}={show(v)}" for k, v in items) + "}"
    return str(items)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--record", required=True)
    ap.add_argument("--received", required=True)
    ap.add_argument("--quiet", action="store_true", help="print only the verdict")
    ap.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                    help="re-read OUTPUT until it matches, at most this long")
    a = ap.parse_args()
    try:
        with open(a.record, "r", encoding="utf-8") as f:
            record = camelize(json.load(f))
    except (OSError, ValueError) as e:
        print(f"compare: cannot read record {a.record}: {e}", file=sys.stderr)
        return 2
    run_id = record.get("runId")
    if not isinstance(run_id, str) or not run_id:
        print(f"compare: record {a.record} has no runId", file=sys.stderr)
        return 2
    deadline = time.monotonic() + a.wait
    while True:
        problems = []
        got = read_received(a.received, run_id, problems)
        counts = compare(record, got, problems)
        if not any(counts.values()):
            problems.append("record: nothing was sent")
        if not problems or time.monotonic() >= deadline:
            break
        time.sleep(0.1)  # the exporter may not have written everything yet
    if problems:
        if not a.quiet:
            for p in problems:
                print(f"MISMATCH [{run_id}] {p}")
        print(f"compare [{run_id}]: {len(problems)} mismatch(es)")
        return 1
    print(
        f"compare [{run_id}]: identical: "
        + ", ".join(f"{n} {w}(s)" for w, n in counts.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
