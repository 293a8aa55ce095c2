// Sends a known, deterministic OTLP dataset (traces, metrics, logs) with the
// OpenTelemetry JS SDK's own OTLP exporters, and records exactly what the SDK
// exported so tests/interop/compare.py can check what otelc received.
//
// usage: node send.mjs --modules DIR --flavour grpc|proto|json
//                      --compression gzip|none --endpoint HOST:PORT
//                      --run-id ID --record FILE
//
//   --modules   directory holding node_modules with the packages of
//               package.json (installed outside the source tree)
//   --flavour   grpc: OTLP/gRPC; proto: OTLP/HTTP protobuf; json: OTLP/HTTP JSON
//   --endpoint  the receiver's gRPC port for grpc, its HTTP port otherwise
//   --run-id    stored as resource attribute otelc.interop.run, so the
//               comparator can pick this run's data out of a shared file
//   --record    where to write the normalized record of what was exported
//
// Every export goes through a wrapper that keeps the SDK's own result: the
// process exits 1 unless every export of every signal reported SUCCESS and
// every item created was exported.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i];
    const v = argv[i + 1];
    if (!k.startsWith('--') || v === undefined) {
      throw new Error(`bad argument list near ${k}`);
    }
    out[k.slice(2)] = v;
  }
  for (const k of ['modules', 'flavour', 'compression', 'endpoint', 'run-id', 'record']) {
    if (!out[k]) throw new Error(`missing --${k}`);
  }
  if (!['grpc', 'proto', 'json'].includes(out.flavour)) throw new Error(`bad --flavour ${out.flavour}`);
  if (!['gzip', 'none'].includes(out.compression)) throw new Error(`bad --compression ${out.compression}`);
  return out;
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`send.mjs: ${e.message}`);
  process.exit(2);
}

// The packages live outside the source tree; resolve them from there.
const require = createRequire(path.join(path.resolve(args.modules), 'noop.js'));
const api = require('@opentelemetry/api');
const apiLogs = require('@opentelemetry/api-logs');
const { resourceFromAttributes, defaultResource } = require('@opentelemetry/resources');
const { BasicTracerProvider, BatchSpanProcessor, StackContextManager } = (() => {
  const base = require('@opentelemetry/sdk-trace-base');
  // StackContextManager gives "active span" semantics without async hooks.
  const sdkTrace = require('@opentelemetry/sdk-trace');
  return { ...base, StackContextManager: sdkTrace.StackContextManager };
})();
const {
  MeterProvider,
  PeriodicExportingMetricReader,
  AggregationType,
  DataPointType,
  AggregationTemporality,
} = require('@opentelemetry/sdk-metrics');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { AggregationTemporalityPreference } = require('@opentelemetry/exporter-metrics-otlp-http');

const FLAVOURS = {
  grpc: {
    trace: '@opentelemetry/exporter-trace-otlp-grpc',
    metrics: '@opentelemetry/exporter-metrics-otlp-grpc',
    logs: '@opentelemetry/exporter-logs-otlp-grpc',
  },
  proto: {
    trace: '@opentelemetry/exporter-trace-otlp-proto',
    metrics: '@opentelemetry/exporter-metrics-otlp-proto',
    logs: '@opentelemetry/exporter-logs-otlp-proto',
  },
  json: {
    trace: '@opentelemetry/exporter-trace-otlp-http',
    metrics: '@opentelemetry/exporter-metrics-otlp-http',
    logs: '@opentelemetry/exporter-logs-otlp-http',
  },
};

function exporterOptions(signal) {
  const o = { compression: args.compression, timeoutMillis: 10000 };
  if (args.flavour === 'grpc') {
    o.url = `http://${args.endpoint}`;
  } else {
    o.url = `http://${args.endpoint}/v1/${signal}`;
  }
  return o;
}

const mods = FLAVOURS[args.flavour];
const traceExporter = new (require(mods.trace).OTLPTraceExporter)(exporterOptions('traces'));
const metricExporter = new (require(mods.metrics).OTLPMetricExporter)({
  ...exporterOptions('metrics'),
  // Counters and histograms become delta, up-down counters stay cumulative:
  // both temporalities in one export.
  temporalityPreference: AggregationTemporalityPreference.DELTA,
});
const logExporter = new (require(mods.logs).OTLPLogExporter)(exporterOptions('logs'));

// ---------------------------------------------------------------- checking
const results = { traces: [], metrics: [], logs: [] };
const exported = { traces: [], metrics: [], logs: [] };

// Wraps an SDK exporter: records the items handed to the OTLP exporter and
// the ExportResult it reports (code 0 = SUCCESS in @opentelemetry/core).
function checking(signal, inner) {
  const w = {
    export(items, done) {
      exported[signal].push(items);
      inner.export(items, (result) => {
        results[signal].push(result);
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => (inner.forceFlush ? inner.forceFlush() : Promise.resolve()),
  };
  if (inner.selectAggregationTemporality) {
    w.selectAggregationTemporality = (t) => inner.selectAggregationTemporality(t);
  }
  if (inner.selectAggregation) {
    w.selectAggregation = (t) => inner.selectAggregation(t);
  }
  return w;
}

// ---------------------------------------------------------------- dataset
const runId = args['run-id'];
const resource = defaultResource().merge(
  resourceFromAttributes({
    'service.name': 'otelc-interop',
    'service.version': '1.2.3',
    'deployment.environment.name': 'interop',
    'otelc.interop.run': runId,
    'otelc.interop.flavour': `${args.flavour}/${args.compression}`,
  }),
);

// Fixed timestamps relative to one base, with nanosecond digits that a
// millisecond or microsecond round trip would lose.
const BASE_S = Math.floor(Date.now() / 1000) - 60;
function t(ms, ns = 0) {
  const total = BigInt(BASE_S) * 1000000000n + BigInt(ms) * 1000000n + BigInt(ns);
  return [Number(total / 1000000000n), Number(total % 1000000000n)];
}

api.context.setGlobalContextManager(new StackContextManager().enable());

const tracerProvider = new BasicTracerProvider({
  resource,
  spanProcessors: [
    new BatchSpanProcessor(checking('traces', traceExporter), {
      maxExportBatchSize: 512,
      scheduledDelayMillis: 60000,
    }),
  ],
});
const tracer = tracerProvider.getTracer('otelc.interop.tracer', '0.1.0');

const remoteParent = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: api.TraceFlags.SAMPLED,
  isRemote: true,
  traceState: api.createTraceState('vendor1=opaque,rojo=00f067aa0ba902b7'),
};
const linkedExternal = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: api.TraceFlags.NONE,
  isRemote: true,
  traceState: api.createTraceState('congo=t61rcWkgMzE'),
};

let spansCreated = 0;
function span(name, opts, parentCtx, endAt, body) {
  const s = tracer.startSpan(name, opts, parentCtx ?? api.ROOT_CONTEXT);
  spansCreated++;
  if (body) body(s);
  s.end(endAt);
  return s;
}

const root = tracer.startSpan(
  'GET /checkout',
  {
    kind: api.SpanKind.SERVER,
    startTime: t(0, 123456789),
    attributes: {
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'interop.double': 2.5,
      'interop.negative': -42,
      'interop.big': 9007199254740991,
      'interop.bool': true,
      'interop.false': false,
      'interop.empty': '',
      'interop.unicode': 'h\u00e9llo \u2603 \ud83d\ude00 \u4e2d\u6587',
      'interop.strings': ['a', 'b', 'with "quotes" and \\ backslash'],
      'interop.ints': [1, 2, 3, -4],
      'interop.doubles': [1.5, -2.25, 1e-7],
      'interop.bools': [true, false, true],
    },
  },
  api.ROOT_CONTEXT,
);
spansCreated++;
const rootCtx = api.trace.setSpan(api.ROOT_CONTEXT, root);

const db = span(
  'SELECT orders',
  {
    kind: api.SpanKind.CLIENT,
    startTime: t(10, 1),
    attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM orders WHERE id = $1' },
  },
  rootCtx,
  t(35, 999999),
  (s) => {
    s.addEvent('cache.miss', { 'cache.key': 'order:42', 'cache.attempt': 3, 'cache.ratio': 0.75 }, t(11, 500));
    s.addEvent('no.attributes', t(12, 0));
    const err = new Error('connection refused by 127.0.0.1:5432');
    err.name = 'ConnectionError';
    err.stack = 'ConnectionError: connection refused by 127.0.0.1:5432\n    at connect (db.js:10:5)';
    s.recordException(err, t(34, 42));
    s.setStatus({ code: api.SpanStatusCode.ERROR, message: 'connection refused' });
  },
);

span(
  'orders publish',
  {
    kind: api.SpanKind.PRODUCER,
    startTime: t(40, 7),
    links: [
      { context: db.spanContext(), attributes: { 'link.reason': 'retry-of', 'link.index': 0 } },
      { context: linkedExternal, attributes: { 'link.external': true } },
      { context: linkedExternal },
    ],
  },
  rootCtx,
  t(41, 8),
  (s) => s.setStatus({ code: api.SpanStatusCode.OK }),
);

span(
  'orders process',
  { kind: api.SpanKind.CONSUMER, startTime: t(50, 0), attributes: { 'messaging.batch.message_count': 12 } },
  api.trace.setSpanContext(api.ROOT_CONTEXT, remoteParent),
  t(80, 0),
);

span('internal.work', { startTime: t(36, 5) }, rootCtx, t(37, 5));

// Logs, one of them emitted while a span is active (trace context).
const loggerProvider = new LoggerProvider({
  resource,
  processors: [
    new BatchLogRecordProcessor({
      exporter: checking('logs', logExporter),
      maxExportBatchSize: 512,
      scheduledDelayMillis: 60000,
    }),
  ],
});
const logger = loggerProvider.getLogger('otelc.interop.logger', '0.3.0');
const S = apiLogs.SeverityNumber;
let logsCreated = 0;
function emit(rec) {
  logger.emit(rec);
  logsCreated++;
}
emit({
  timestamp: t(100, 1),
  observedTimestamp: t(100, 2),
  severityNumber: S.INFO,
  severityText: 'INFO',
  body: 'user logged in',
  attributes: { 'user.id': 42, 'user.name': 'ada', 'user.roles': ['admin', 'dev'] },
  context: api.ROOT_CONTEXT,
});
emit({
  timestamp: t(101, 3),
  observedTimestamp: t(101, 4),
  severityNumber: S.WARN2,
  severityText: 'WARN',
  body: { event: 'disk', free: { bytes: 1024, pct: 3.5 }, tags: ['a', 'b'], ok: false },
  attributes: { 'disk.device': '/dev/sda1', 'disk.nested': { level1: { level2: 'deep' } } },
  context: api.ROOT_CONTEXT,
});
emit({
  timestamp: t(102, 5),
  observedTimestamp: t(102, 6),
  severityNumber: S.DEBUG,
  severityText: 'DEBUG',
  body: new Uint8Array([0, 1, 2, 254, 255]),
  context: api.ROOT_CONTEXT,
});
emit({
  timestamp: t(103, 7),
  observedTimestamp: t(103, 8),
  severityNumber: S.FATAL4,
  severityText: 'FATAL',
  eventName: 'interop.crash',
  body: 'process is going down',
  attributes: { 'exit.code': 3 },
  context: api.ROOT_CONTEXT,
});
emit({
  timestamp: t(104, 9),
  observedTimestamp: t(104, 10),
  severityText: 'custom-level',
  context: api.ROOT_CONTEXT,
});
// "active span" log: the logger picks the trace context up from the context
// manager, with no explicit context.
api.context.with(rootCtx, () => {
  emit({
    timestamp: t(105, 11),
    observedTimestamp: t(105, 12),
    severityNumber: S.ERROR,
    severityText: 'ERROR',
    body: 'payment declined',
    attributes: { 'payment.amount': 12.99, 'payment.currency': 'EUR' },
  });
});
root.end(t(90, 987654321));

// Metrics: one collection, exported once by forceFlush.
const meterProvider = new MeterProvider({
  resource,
  views: [
    {
      instrumentName: 'interop.payload.size',
      aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } },
    },
  ],
  readers: [
    new PeriodicExportingMetricReader({
      exporter: checking('metrics', metricExporter),
      exportIntervalMillis: 3600000,
      exportTimeoutMillis: 10000,
    }),
  ],
});
const meter = meterProvider.getMeter('otelc.interop.meter', '0.2.0');
const requests = meter.createCounter('interop.requests', {
  description: 'Requests handled',
  unit: '{request}',
  valueType: api.ValueType.INT,
});
requests.add(5, { 'http.route': '/a' });
requests.add(7, { 'http.route': '/b', 'http.response.status_code': 500 });
requests.add(3, { 'http.route': '/a' });
const bytes = meter.createCounter('interop.bytes', { description: 'Bytes sent', unit: 'By' });
bytes.add(1.5);
bytes.add(1024.25);
const depth = meter.createUpDownCounter('interop.queue.depth', {
  description: 'Items waiting',
  valueType: api.ValueType.INT,
});
depth.add(10, { queue: 'q1' });
depth.add(-3, { queue: 'q1' });
depth.add(-2, { queue: 'q2' });
const temp = meter.createObservableGauge('interop.temperature', { description: 'Room temperature', unit: 'Cel' });
temp.addCallback((r) => {
  r.observe(21.5, { room: 'kitchen' });
  r.observe(-4.25, { room: 'garage' });
});
const latency = meter.createHistogram('interop.latency', {
  description: 'Request latency',
  unit: 'ms',
  advice: { explicitBucketBoundaries: [1, 5, 10, 50, 100, 1000] },
});
for (const v of [0.5, 1, 7, 7, 30, 120, 5000.5]) latency.record(v, { 'http.route': '/a' });
latency.record(3, { 'http.route': '/b' });
const defaultBuckets = meter.createHistogram('interop.default.buckets', { unit: 's' });
defaultBuckets.record(0.25);
defaultBuckets.record(42);
const size = meter.createHistogram('interop.payload.size', { description: 'Payload size', unit: 'By' });
for (const v of [0, 0.5, 3, 3.1, 17, 1000, 1000, 65536]) size.record(v, { kind: 'request' });

// ---------------------------------------------------------------- record
function hrToNanos(hr) {
  return (BigInt(Math.trunc(hr[0])) * 1000000000n + BigInt(Math.trunc(hr[1]))).toString();
}

// AnyValue in OTLP/JSON form, following the SDK's own mapping of JS values.
function anyValue(v) {
  if (v === undefined || v === null) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') {
    return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  }
  if (typeof v === 'boolean') return { boolValue: v };
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (typeof v === 'object') {
    return { kvlistValue: { values: Object.keys(v).map((k) => ({ key: k, value: anyValue(v[k]) })) } };
  }
  throw new Error(`unsupported value ${v}`);
}
function attrs(a) {
  return Object.keys(a ?? {}).map((k) => ({ key: k, value: anyValue(a[k]) }));
}
function spanFlags(traceFlags, isRemote) {
  return ((traceFlags ?? 0) & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}
function scope(s) {
  return { name: s.name, version: s.version ?? '' };
}

function recordSpans() {
  const out = [];
  for (const batch of exported.traces) {
    for (const s of batch) {
      const ctx = s.spanContext();
      out.push({
        resource: attrs(s.resource.attributes),
        scope: scope(s.instrumentationScope),
        traceId: ctx.traceId,
        spanId: ctx.spanId,
        parentSpanId: s.parentSpanContext?.spanId ?? '',
        traceState: ctx.traceState?.serialize() ?? '',
        flags: spanFlags(ctx.traceFlags, s.parentSpanContext?.isRemote),
        name: s.name,
        kind: s.kind + 1,
        startTimeUnixNano: hrToNanos(s.startTime),
        endTimeUnixNano: hrToNanos(s.endTime),
        attributes: attrs(s.attributes),
        droppedAttributesCount: s.droppedAttributesCount,
        events: s.events.map((e) => ({
          timeUnixNano: hrToNanos(e.time),
          name: e.name,
          attributes: attrs(e.attributes),
          droppedAttributesCount: e.droppedAttributesCount ?? 0,
        })),
        droppedEventsCount: s.droppedEventsCount,
        links: s.links.map((l) => ({
          traceId: l.context.traceId,
          spanId: l.context.spanId,
          traceState: l.context.traceState?.serialize() ?? '',
          flags: spanFlags(l.context.traceFlags, l.context.isRemote),
          attributes: attrs(l.attributes),
          droppedAttributesCount: l.droppedAttributesCount ?? 0,
        })),
        droppedLinksCount: s.droppedLinksCount,
        status: { code: s.status.code, message: s.status.message ?? '' },
      });
    }
  }
  return out;
}

function recordMetrics() {
  const out = [];
  for (const rm of exported.metrics) {
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        const base = {
          resource: attrs(rm.resource.attributes),
          scope: scope(sm.scope),
          name: m.descriptor.name,
          description: m.descriptor.description,
          unit: m.descriptor.unit,
        };
        const temporality =
          m.aggregationTemporality === AggregationTemporality.DELTA ? 1 : 2;
        const pt = (p) => ({
          attributes: attrs(p.attributes),
          startTimeUnixNano: hrToNanos(p.startTime),
          timeUnixNano: hrToNanos(p.endTime),
        });
        switch (m.dataPointType) {
          case DataPointType.SUM:
          case DataPointType.GAUGE: {
            const num = (p) =>
              m.descriptor.valueType === api.ValueType.INT
                ? { ...pt(p), asInt: String(p.value) }
                : { ...pt(p), asDouble: p.value };
            if (m.dataPointType === DataPointType.SUM) {
              base.sum = {
                aggregationTemporality: temporality,
                isMonotonic: m.isMonotonic,
                dataPoints: m.dataPoints.map(num),
              };
            } else {
              base.gauge = { dataPoints: m.dataPoints.map(num) };
            }
            break;
          }
          case DataPointType.HISTOGRAM:
            base.histogram = {
              aggregationTemporality: temporality,
              dataPoints: m.dataPoints.map((p) => ({
                ...pt(p),
                count: String(p.value.count),
                sum: p.value.sum,
                min: p.value.min,
                max: p.value.max,
                bucketCounts: p.value.buckets.counts.map(String),
                explicitBounds: p.value.buckets.boundaries,
              })),
            };
            break;
          case DataPointType.EXPONENTIAL_HISTOGRAM:
            base.exponentialHistogram = {
              aggregationTemporality: temporality,
              dataPoints: m.dataPoints.map((p) => ({
                ...pt(p),
                count: String(p.value.count),
                sum: p.value.sum,
                min: p.value.min,
                max: p.value.max,
                scale: p.value.scale,
                zeroCount: String(p.value.zeroCount),
                positive: {
                  offset: p.value.positive.offset,
                  bucketCounts: p.value.positive.bucketCounts.map(String),
                },
                negative: {
                  offset: p.value.negative.offset,
                  bucketCounts: p.value.negative.bucketCounts.map(String),
                },
              })),
            };
            break;
          default:
            throw new Error(`unknown data point type ${m.dataPointType}`);
        }
        out.push(base);
      }
    }
  }
  return out;
}

function recordLogs() {
  const out = [];
  for (const batch of exported.logs) {
    for (const l of batch) {
      out.push({
        resource: attrs(l.resource.attributes),
        scope: scope(l.instrumentationScope),
        timeUnixNano: hrToNanos(l.hrTime),
        observedTimeUnixNano: hrToNanos(l.hrTimeObserved),
        severityNumber: l.severityNumber ?? 0,
        severityText: l.severityText ?? '',
        eventName: l.eventName ?? '',
        body: anyValue(l.body),
        attributes: attrs(l.attributes),
        droppedAttributesCount: l.droppedAttributesCount,
        flags: l.spanContext ? l.spanContext.traceFlags & 0xff : 0,
        traceId: l.spanContext?.traceId ?? '',
        spanId: l.spanContext?.spanId ?? '',
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- run
async function main() {
  let failed = 0;
  // A failed export makes forceFlush reject; the failure is reported below
  // from the recorded ExportResults, so keep going to flush everything.
  for (const [sig, p] of [
    ['traces', tracerProvider],
    ['logs', loggerProvider],
    ['metrics', meterProvider],
  ]) {
    try {
      await p.forceFlush();
    } catch (e) {
      console.error(`send.mjs: ${sig}: forceFlush: ${e?.message ?? e}`);
      failed++;
    }
  }

  const record = {
    runId,
    flavour: args.flavour,
    compression: args.compression,
    spans: recordSpans(),
    metrics: recordMetrics(),
    logs: recordLogs(),
  };
  writeFileSync(args.record, JSON.stringify(record, null, 1) + '\n');

  const want = { traces: spansCreated, logs: logsCreated };
  for (const sig of ['traces', 'metrics', 'logs']) {
    const rs = results[sig];
    const bad = rs.filter((r) => r.code !== 0);
    const items =
      sig === 'metrics' ? record.metrics.length : exported[sig].reduce((n, b) => n + b.length, 0);
    if (rs.length === 0) {
      console.error(`send.mjs: ${sig}: the SDK exported nothing`);
      failed++;
    } else if (bad.length > 0) {
      for (const r of bad) {
        console.error(`send.mjs: ${sig}: export FAILED: ${r.error?.message ?? r.error ?? 'no error given'}`);
      }
      failed++;
    } else if (want[sig] !== undefined && items !== want[sig]) {
      console.error(`send.mjs: ${sig}: ${items} exported, ${want[sig]} created`);
      failed++;
    } else {
      console.log(`send.mjs: ${sig}: ${rs.length} export(s) of ${items} item(s) succeeded`);
    }
  }
  if (record.metrics.length < 7) {
    console.error(`send.mjs: metrics: only ${record.metrics.length} metrics exported, want 7`);
    failed++;
  }
  await Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown()]);
  // Not meterProvider.shutdown(): it would collect and export a second time.
  await Promise.allSettled([metricExporter.shutdown()]);
  process.exit(failed ? 1 : 0);
}

const watchdog = setTimeout(() => {
  console.error('send.mjs: timed out after 60 s');
  process.exit(1);
}, 60000);
watchdog.unref();

main().catch((e) => {
  console.error(`send.mjs: ${e?.stack ?? e}`);
  process.exit(1);
});
