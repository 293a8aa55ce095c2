/* Table-driven shallow scan of OTLP requests; see otlp_scan.h. */
#include "otlp_scan.h"

#include <stdarg.h>
#include <stdio.h>

#include <otelc/host.h>
#include <otelc/status.h>

enum wire {
    WT_VARINT = 0,
    WT_I64 = 1,
    WT_LEN = 2,
    WT_SGROUP = 3,
    WT_EGROUP = 4,
    WT_I32 = 5,
};

/* Per known field: which wire type it must have, whether each occurrence
 * is one item, and the message to scan inside it (NULL: opaque). */
#define F_COUNT  0x1u
#define F_PACKED 0x2u /* repeated scalar: packed (LEN) form also valid */

struct scan_msg;
struct scan_field {
    uint32_t               num;
    uint8_t                wt;
    uint8_t                flags;
    const struct scan_msg *sub;
};
struct scan_msg {
    const char              *name;
    const struct scan_field *fields;
    size_t                   n_fields;
};

#define MSG(var, label, ...)                                                   \
    static const struct scan_field var##_fields[] = {__VA_ARGS__};             \
    static const struct scan_msg   var = {                                     \
          label, var##_fields, sizeof(var##_fields) / sizeof(var##_fields[0])}

/* AnyValue nests through ArrayValue and KeyValueList without bound, and
 * protobuf-c decodes by recursion: every place an AnyValue can occur is
 * scanned so the depth limit below protects the lazy decode's stack. */
static const struct scan_msg m_anyvalue, m_keyvalue;
MSG(m_arrayvalue, "ArrayValue", {1, WT_LEN, 0, &m_anyvalue});
MSG(m_kvlist, "KeyValueList", {1, WT_LEN, 0, &m_keyvalue});
static const struct scan_field m_anyvalue_fields[] = {
    {1, WT_LEN, 0, NULL},          {2, WT_VARINT, 0, NULL},
    {3, WT_VARINT, 0, NULL},       {4, WT_I64, 0, NULL},
    {5, WT_LEN, 0, &m_arrayvalue}, {6, WT_LEN, 0, &m_kvlist},
    {7, WT_LEN, 0, NULL}};
static const struct scan_msg   m_anyvalue = {"AnyValue", m_anyvalue_fields,
                                             sizeof(m_anyvalue_fields) /
                                                 sizeof(m_anyvalue_fields[0])};
static const struct scan_field m_keyvalue_fields[] = {
    {1, WT_LEN, 0, NULL}, {2, WT_LEN, 0, &m_anyvalue}};
static const struct scan_msg m_keyvalue = {"KeyValue", m_keyvalue_fields,
                                           sizeof(m_keyvalue_fields) /
                                               sizeof(m_keyvalue_fields[0])};

/* common, resource */
MSG(m_scope, "InstrumentationScope", {1, WT_LEN, 0, NULL}, {2, WT_LEN, 0, NULL},
    {3, WT_LEN, 0, &m_keyvalue}, {4, WT_VARINT, 0, NULL});
MSG(m_entityref, "EntityRef", {1, WT_LEN, 0, NULL}, {2, WT_LEN, 0, NULL},
    {3, WT_LEN, 0, NULL}, {4, WT_LEN, 0, NULL});
MSG(m_resource, "Resource", {1, WT_LEN, 0, &m_keyvalue},
    {2, WT_VARINT, 0, NULL}, {3, WT_LEN, 0, &m_entityref});

/* traces */
MSG(m_event, "Span.Event", {1, WT_I64, 0, NULL}, {2, WT_LEN, 0, NULL},
    {3, WT_LEN, 0, &m_keyvalue}, {4, WT_VARINT, 0, NULL});
MSG(m_link, "Span.Link", {1, WT_LEN, 0, NULL}, {2, WT_LEN, 0, NULL},
    {3, WT_LEN, 0, NULL}, {4, WT_LEN, 0, &m_keyvalue}, {5, WT_VARINT, 0, NULL},
    {6, WT_I32, 0, NULL});
MSG(m_status, "Status", {2, WT_LEN, 0, NULL}, {3, WT_VARINT, 0, NULL});
MSG(m_span, "Span", {1, WT_LEN, 0, NULL}, {2, WT_LEN, 0, NULL},
    {3, WT_LEN, 0, NULL}, {4, WT_LEN, 0, NULL}, {5, WT_LEN, 0, NULL},
    {6, WT_VARINT, 0, NULL}, {7, WT_I64, 0, NULL}, {8, WT_I64, 0, NULL},
    {9, WT_LEN, 0, &m_keyvalue}, {10, WT_VARINT, 0, NULL},
    {11, WT_LEN, 0, &m_event}, {12, WT_VARINT, 0, NULL},
    {13, WT_LEN, 0, &m_link}, {14, WT_VARINT, 0, NULL},
    {15, WT_LEN, 0, &m_status}, {16, WT_I32, 0, NULL});
MSG(m_scope_spans, "ScopeSpans", {1, WT_LEN, 0, &m_scope},
    {2, WT_LEN, F_COUNT, &m_span}, {3, WT_LEN, 0, NULL});
MSG(m_resource_spans, "ResourceSpans", {1, WT_LEN, 0, &m_resource},
    {2, WT_LEN, 0, &m_scope_spans}, {3, WT_LEN, 0, NULL});
MSG(m_trace_req, "ExportTraceServiceRequest",
    {1, WT_LEN, 0, &m_resource_spans});

/* metrics */
MSG(m_exemplar, "Exemplar", {2, WT_I64, 0, NULL}, {3, WT_I64, 0, NULL},
    {4, WT_LEN, 0, NULL}, {5, WT_LEN, 0, NULL}, {6, WT_I64, 0, NULL},
    {7, WT_LEN, 0, &m_keyvalue});
MSG(m_number_dp, "NumberDataPoint", {2, WT_I64, 0, NULL}, {3, WT_I64, 0, NULL},
    {4, WT_I64, 0, NULL}, {5, WT_LEN, 0, &m_exemplar}, {6, WT_I64, 0, NULL},
    {7, WT_LEN, 0, &m_keyvalue}, {8, WT_VARINT, 0, NULL});
MSG(m_histogram_dp, "HistogramDataPoint", {2, WT_I64, 0, NULL},
    {3, WT_I64, 0, NULL}, {4, WT_I64, 0, NULL}, {5, WT_I64, 0, NULL},
    {6, WT_I64, F_PACKED, NULL}, {7, WT_I64, F_PACKED, NULL},
    {8, WT_LEN, 0, &m_exemplar}, {9, WT_LEN, 0, &m_keyvalue},
    {10, WT_VARINT, 0, NULL}, {11, WT_I64, 0, NULL}, {12, WT_I64, 0, NULL});
MSG(m_buckets, "ExponentialHistogramDataPoint.Buckets", {1, WT_VARINT, 0, NULL},
    {2, WT_VARINT, F_PACKED, NULL});
MSG(m_exphist_dp, "ExponentialHistogramDataPoint", {1, WT_LEN, 0, &m_keyvalue},
    {2, WT_I64, 0, NULL}, {3, WT_I64, 0, NULL}, {4, WT_I64, 0, NULL},
    {5, WT_I64, 0, NULL}, {6, WT_VARINT, 0, NULL}, {7, WT_I64, 0, NULL},
    {8, WT_LEN, 0, &m_buckets}, {9, WT_LEN, 0, &m_buckets},
    {10, WT_VARINT, 0, NULL}, {11, WT_LEN, 0, &m_exemplar},
    {12, WT_I64, 0, NULL}, {13, WT_I64, 0, NULL}, {14, WT_I64, 0, NULL});
MSG(m_quantile, "SummaryDataPoint.ValueAtQuantile", {1, WT_I64, 0, NULL},
    {2, WT_I64, 0, NULL});
MSG(m_summary_dp, "SummaryDataPoint", {2, WT_I64, 0, NULL},
    {3, WT_I64, 0, NULL}, {4, WT_I64, 0, NULL}, {5, WT_I64, 0, NULL},
    {6, WT_LEN, 0, &m_quantile}, {7, WT_LEN, 0, &m_keyvalue},
    {8, WT_VARINT, 0, NULL});
MSG(m_gauge, "Gauge", {1, WT_LEN, F_COUNT, &m_number_dp});
MSG(m_sum, "Sum", {1, WT_LEN, F_COUNT, &m_number_dp}, {2, WT_VARINT, 0, NULL},
    {3, WT_VARINT, 0, NULL});
MSG(m_histogram, "Histogram", {1, WT_LEN, F_COUNT, &m_histogram_dp},
    {2, WT_VARINT, 0, NULL});
MSG(m_exphist, "ExponentialHistogram", {1, WT_LEN, F_COUNT, &m_exphist_dp},
    {2, WT_VARINT, 0, NULL});
MSG(m_summary, "Summary", {1, WT_LEN, F_COUNT, &m_summary_dp});
MSG(m_metric, "Metric", {1, WT_LEN, 0, NULL}, {2, WT_LEN, 0, NULL},
    {3, WT_LEN, 0, NULL}, {5, WT_LEN, 0, &m_gauge}, {7, WT_LEN, 0, &m_sum},
    {9, WT_LEN, 0, &m_histogram}, {10, WT_LEN, 0, &m_exphist},
    {11, WT_LEN, 0, &m_summary}, {12, WT_LEN, 0, &m_keyvalue});
MSG(m_scope_metrics, "ScopeMetrics", {1, WT_LEN, 0, &m_scope},
    {2, WT_LEN, 0, &m_metric}, {3, WT_LEN, 0, NULL});
MSG(m_resource_metrics, "ResourceMetrics", {1, WT_LEN, 0, &m_resource},
    {2, WT_LEN, 0, &m_scope_metrics}, {3, WT_LEN, 0, NULL});
MSG(m_metrics_req, "ExportMetricsServiceRequest",
    {1, WT_LEN, 0, &m_resource_metrics});

/* logs */
MSG(m_log, "LogRecord", {1, WT_I64, 0, NULL}, {2, WT_VARINT, 0, NULL},
    {3, WT_LEN, 0, NULL}, {5, WT_LEN, 0, &m_anyvalue},
    {6, WT_LEN, 0, &m_keyvalue}, {7, WT_VARINT, 0, NULL}, {8, WT_I32, 0, NULL},
    {9, WT_LEN, 0, NULL}, {10, WT_LEN, 0, NULL}, {11, WT_I64, 0, NULL},
    {12, WT_LEN, 0, NULL});
MSG(m_scope_logs, "ScopeLogs", {1, WT_LEN, 0, &m_scope},
    {2, WT_LEN, F_COUNT, &m_log}, {3, WT_LEN, 0, NULL});
MSG(m_resource_logs, "ResourceLogs", {1, WT_LEN, 0, &m_resource},
    {2, WT_LEN, 0, &m_scope_logs}, {3, WT_LEN, 0, NULL});
MSG(m_logs_req, "ExportLogsServiceRequest", {1, WT_LEN, 0, &m_resource_logs});

struct scan {
    const unsigned char *base;
    uint64_t             items;
    char                *err;
    size_t               err_size;
};

static const char *
wire_name(unsigned wt)
{
    static const char *const names[] = {"varint",           "fixed64",
                                        "length-delimited", "start-group",
                                        "end-group",        "fixed32"};
    return wt < 6 ? names[wt] : "invalid";
}

static int OTELC_PRINTF(3, 4)
    scan_fail(struct scan *s, const unsigned char *at, const char *fmt, ...)
{
    if (s->err != NULL && s->err_size > 0) {
        va_list ap;
        int     n;
        va_start(ap, fmt);
        n = vsnprintf(s->err, s->err_size, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < s->err_size)
            snprintf(s->err + n, s->err_size - (size_t)n, " at offset %zu",
                     (size_t)(at - s->base));
    }
    return OTELC_E_PERMANENT;
}

/* Reads a varint of at most 10 bytes; 0 on success. */
static int
read_varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
        unsigned char b;
        if (*p >= end)
            return -1;
        b = *(*p)++;
        if (shift == 63 && b > 1)
            return -1; /* more than 64 bits */
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

static const struct scan_field *
find_field(const struct scan_msg *m, uint32_t num)
{
    for (size_t i = 0; i < m->n_fields; i++)
        if (m->fields[i].num == num)
            return &m->fields[i];
    return NULL;
}

/* Payload of a packed repeated field: whole fixed64s or whole varints. */
static int
packed_ok(unsigned wt, const unsigned char *p, const unsigned char *end)
{
    uint64_t v;
    if (wt == WT_I64)
        return (size_t)(end - p) % 8 == 0;
    while (p < end)
        if (read_varint(&p, end, &v) != 0)
            return 0;
    return 1;
}

static int
scan_msg(struct scan *s, const struct scan_msg *m, const unsigned char *p,
         const unsigned char *end, int depth)
{
    if (depth > OTELC_OTLP_MAX_DEPTH)
        return scan_fail(s, p, "messages nested deeper than %d levels in %s",
                         OTELC_OTLP_MAX_DEPTH, m->name);
    while (p < end) {
        const unsigned char     *start = p;
        const struct scan_field *f;
        uint64_t                 tag, v;
        uint32_t                 num;
        unsigned                 wt;

        if (read_varint(&p, end, &tag) != 0 || tag > UINT32_MAX)
            return scan_fail(s, start, "malformed tag in %s", m->name);
        num = (uint32_t)(tag >> 3);
        wt = (unsigned)(tag & 7);
        if (num == 0 || num > 536870911u)
            return scan_fail(s, start, "invalid field number %u in %s", num,
                             m->name);
        if (wt == WT_SGROUP || wt == WT_EGROUP)
            return scan_fail(s, start, "unsupported group field %u in %s", num,
                             m->name);
        if (wt > WT_I32)
            return scan_fail(s, start,
                             "invalid wire type %u for field %u in %s", wt, num,
                             m->name);
        f = find_field(m, num);
        if (f != NULL && f->wt != wt &&
            !((f->flags & F_PACKED) && wt == WT_LEN))
            return scan_fail(s, start, "wrong wire type %s for field %u in %s",
                             wire_name(wt), num, m->name);
        switch (wt) {
        case WT_VARINT:
            if (read_varint(&p, end, &v) != 0)
                return scan_fail(s, start, "truncated %s field %u in %s",
                                 "varint", num, m->name);
            break;
        case WT_I64:
            if ((size_t)(end - p) < 8)
                return scan_fail(s, start, "truncated %s field %u in %s",
                                 "fixed64", num, m->name);
            p += 8;
            break;
        case WT_I32:
            if ((size_t)(end - p) < 4)
                return scan_fail(s, start, "truncated %s field %u in %s",
                                 "fixed32", num, m->name);
            p += 4;
            break;
        case WT_LEN:
            if (read_varint(&p, end, &v) != 0 || v > (uint64_t)(end - p))
                return scan_fail(s, start, "truncated %s field %u in %s",
                                 "length-delimited", num, m->name);
            if (f != NULL && f->wt != WT_LEN && !packed_ok(f->wt, p, p + v))
                return scan_fail(s, start, "malformed packed field %u in %s",
                                 num, m->name);
            if (f != NULL && f->sub != NULL) {
                int rc = scan_msg(s, f->sub, p, p + v, depth + 1);
                if (rc != OTELC_OK)
                    return rc;
            }
            if (f != NULL && (f->flags & F_COUNT))
                s->items++;
            p += v;
            break;
        }
    }
    return OTELC_OK;
}

int
otelc__otlp_scan(int signal, const void *buf, size_t len, uint64_t *items,
                 char *err, size_t err_size)
{
    const struct scan_msg *root;
    struct scan            s = {buf, 0, err, err_size};
    int                    rc;

    switch (signal) {
    case OTELC_SIGNAL_TRACES:
        root = &m_trace_req;
        break;
    case OTELC_SIGNAL_METRICS:
        root = &m_metrics_req;
        break;
    case OTELC_SIGNAL_LOGS:
        root = &m_logs_req;
        break;
    default:
        if (err != NULL && err_size > 0)
            snprintf(err, err_size, "unknown signal %d", signal);
        return OTELC_E_INVALID;
    }
    if (err != NULL && err_size > 0)
        err[0] = '\0';
    if (len == 0)
        return OTELC_OK;
    if (buf == NULL)
        return OTELC_E_INVALID;
    rc = scan_msg(&s, root, s.base, s.base + len, 1);
    if (rc == OTELC_OK && items != NULL)
        *items += s.items;
    return rc;
}
