/* otelc plugin SDK: telemetry batches and the messages inside them.
 *
 * A batch is one Export{Trace,Metrics,Logs}ServiceRequest. Its messages are
 * reached as otelc_node handles and their fields by OTLP field number
 * (otelc/otlp_fields.h). Handles stay valid until the batch is released or
 * passed on. Modifying calls need the sole reference (components that
 * declare OTELC_CAP_MUTATES_DATA always get one) and fail with
 * OTELC_E_READONLY otherwise. */
#ifndef OTELC_DATA_H
#define OTELC_DATA_H

#include <string.h>

#include <otelc/host.h>
#include <otelc/otlp_fields.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- batches ---- */
static inline otelc_batch *
otelc_batch_new(otelc_ctx *ctx, int signal)
{
    return OTELC__API(ctx)->batch_new(ctx, signal);
}
/* Wrap OTLP protobuf bytes (an Export*ServiceRequest). With OTELC_COPY the
 * bytes are copied; with a destructor the batch owns them. The bytes are
 * validated and items counted without a full decode. */
static inline int
otelc_batch_from_otlp(otelc_ctx *ctx, int signal, const void *buf, size_t len,
                      otelc_destructor dtor, otelc_batch **out)
{
    return OTELC__API(ctx)->batch_from_otlp(ctx, signal, buf, len, dtor, out);
}
/* Parse an OTLP/JSON Export*ServiceRequest (the OTLP specification's JSON
 * mapping: hex ids, 64-bit integers as strings or numbers, enums as
 * integers, lowerCamelCase or original field names, unknown fields
 * ignored). Detail of a failure: otelc_last_error(ctx). */
static inline int
otelc_batch_from_otlp_json(otelc_ctx *ctx, int signal, const void *buf,
                           size_t len, otelc_batch **out)
{
    return OTELC__API(ctx)->batch_from_otlp_json(ctx, signal, buf, len, out);
}
static inline int
otelc_batch_to_otlp_json(otelc_batch *b, const void **buf, size_t *len)
{
    return OTELC__API(b)->batch_to_otlp_json(b, buf, len);
}
/* "traces", "metrics" or "logs" (for URLs and log lines). */
static inline const char *
otelc_signal_name(int signal)
{
    return signal == OTELC_SIGNAL_TRACES    ? "traces"
           : signal == OTELC_SIGNAL_METRICS ? "metrics"
           : signal == OTELC_SIGNAL_LOGS    ? "logs"
                                            : "unknown";
}
/* Flags of otelc_otlp_response_read() and otelc_rpc_status_read(): the
 * body is JSON (OTLP/JSON, or google.rpc.Status in JSON) instead of
 * protobuf. */
#define OTELC_RESPONSE_JSON 0x1u

/* Reads an Export*ServiceResponse of `signal` (protobuf, or OTLP/JSON with
 * OTELC_RESPONSE_JSON) and reports its partial_success: *rejected items and the
 * server's message (NUL-terminated, cut to cap; "" and 0 when the server
 * rejected nothing). OTELC_E_PERMANENT when the body is not such a
 * message. */
static inline int
otelc_otlp_response_read(otelc_ctx *ctx, int signal, const void *buf,
                         size_t len, unsigned flags, int64_t *rejected,
                         char *msg, size_t cap)
{
    return OTELC__API(ctx)->otlp_response_read(ctx, signal, buf, len, flags,
                                               rejected, msg, cap);
}
/* Reads a google.rpc.Status error body (protobuf, or JSON with
 * OTELC_RESPONSE_JSON): its code and message. OTELC_E_PERMANENT when it is not
 * one. */
static inline int
otelc_rpc_status_read(otelc_ctx *ctx, const void *buf, size_t len,
                      unsigned flags, int *code, char *msg, size_t cap)
{
    return OTELC__API(ctx)->rpc_status_read(ctx, buf, len, flags, code, msg,
                                            cap);
}
static inline void
otelc_batch_retain(otelc_batch *b)
{
    OTELC__API(b)->batch_retain(b);
}
static inline void
otelc_batch_release(otelc_batch *b)
{
    if (b)
        OTELC__API(b)->batch_release(b);
}
static inline int
otelc_batch_signal(const otelc_batch *b)
{
    return OTELC__API(b)->batch_signal(b);
}
static inline uint64_t
otelc_batch_items(otelc_batch *b)
{
    return OTELC__API(b)->batch_items(b);
}
static inline size_t
otelc_batch_size(otelc_batch *b)
{
    return OTELC__API(b)->batch_size(b);
}
static inline int
otelc_batch_append(otelc_batch *dst, otelc_batch *src)
{
    return OTELC__API(dst)->batch_append(dst, src);
}
static inline int
otelc_batch_split(otelc_batch *b, uint64_t items, otelc_batch **head)
{
    return OTELC__API(b)->batch_split(b, items, head);
}
static inline int
otelc_batch_to_otlp(otelc_batch *b, const void **buf, size_t *len)
{
    return OTELC__API(b)->batch_to_otlp(b, buf, len);
}
static inline size_t
otelc_batch_segments(otelc_batch *b)
{
    return OTELC__API(b)->batch_segments(b);
}
static inline int
otelc_batch_segment(otelc_batch *b, size_t i, const void **buf, size_t *len)
{
    return OTELC__API(b)->batch_segment(b, i, buf, len);
}
static inline otelc_batch *
otelc_batch_clone(otelc_batch *b)
{
    return OTELC__API(b)->batch_clone(b);
}
static inline otelc_node *
otelc_batch_root(otelc_batch *b)
{
    return OTELC__API(b)->batch_root(b);
}

/* ---- generic field access ---- */
static inline const char *
otelc_node_type(const otelc_node *n)
{
    return OTELC__API(n)->node_type(n);
}
static inline size_t
otelc_node_count(const otelc_node *n, uint32_t field)
{
    return n ? OTELC__API(n)->node_count(n, field) : 0;
}
static inline int64_t
otelc_node_int(const otelc_node *n, uint32_t field)
{
    int64_t v = 0;
    if (n)
        OTELC__API(n)->node_get_int(n, field, 0, &v);
    return v;
}
static inline uint64_t
otelc_node_uint(const otelc_node *n, uint32_t field)
{
    uint64_t v = 0;
    if (n)
        OTELC__API(n)->node_get_uint(n, field, 0, &v);
    return v;
}
static inline double
otelc_node_double(const otelc_node *n, uint32_t field)
{
    double v = 0;
    if (n)
        OTELC__API(n)->node_get_double(n, field, 0, &v);
    return v;
}
static inline int
otelc_node_bool(const otelc_node *n, uint32_t field)
{
    int v = 0;
    if (n)
        OTELC__API(n)->node_get_bool(n, field, 0, &v);
    return v;
}
/* Element i of a repeated scalar field (i = 0 for a singular one), with
 * the host's status: OTELC_OK, or a negative code (*out is then 0) when
 * there is no such element, or when an `optional` field or an unselected
 * oneof member is unset. For bucket counts, explicit bounds, and optional
 * fields such as a histogram's sum/min/max. */
static inline int
otelc_node_int_at(const otelc_node *n, uint32_t field, size_t i, int64_t *out)
{
    if (n == NULL) {
        *out = 0;
        return OTELC_E_NOTFOUND;
    }
    return OTELC__API(n)->node_get_int(n, field, i, out);
}
static inline int
otelc_node_uint_at(const otelc_node *n, uint32_t field, size_t i, uint64_t *out)
{
    if (n == NULL) {
        *out = 0;
        return OTELC_E_NOTFOUND;
    }
    return OTELC__API(n)->node_get_uint(n, field, i, out);
}
static inline int
otelc_node_double_at(const otelc_node *n, uint32_t field, size_t i, double *out)
{
    if (n == NULL) {
        *out = 0;
        return OTELC_E_NOTFOUND;
    }
    return OTELC__API(n)->node_get_double(n, field, i, out);
}
/* String or bytes field; "" (len 0) when unset. Not NUL-terminated. */
static inline const char *
otelc_node_str(const otelc_node *n, uint32_t field, size_t *len)
{
    const void *p = NULL;
    size_t      l = 0;
    if (n == NULL || OTELC__API(n)->node_get_bytes(n, field, 0, &p, &l) != 0 ||
        p == NULL) {
        p = "";
        l = 0;
    }
    if (len)
        *len = l;
    return (const char *)p;
}
/* Element i of a repeated message field (i = 0 for a singular one), or NULL
 * when absent. */
static inline otelc_node *
otelc_node_msg(const otelc_node *n, uint32_t field, size_t i)
{
    return n ? OTELC__API(n)->node_get_msg(n, field, i) : NULL;
}
static inline int
otelc_node_set_int(otelc_node *n, uint32_t field, int64_t v)
{
    return OTELC__API(n)->node_set_int(n, field, v);
}
static inline int
otelc_node_set_uint(otelc_node *n, uint32_t field, uint64_t v)
{
    return OTELC__API(n)->node_set_uint(n, field, v);
}
static inline int
otelc_node_set_double(otelc_node *n, uint32_t field, double v)
{
    return OTELC__API(n)->node_set_double(n, field, v);
}
static inline int
otelc_node_set_bool(otelc_node *n, uint32_t field, int v)
{
    return OTELC__API(n)->node_set_bool(n, field, v);
}
static inline int
otelc_node_set_bytes(otelc_node *n, uint32_t field, const void *data,
                     size_t len, otelc_destructor dtor)
{
    return OTELC__API(n)->node_set_bytes(n, field, data, len, dtor);
}
/* Copies s. */
static inline int
otelc_node_set_str(otelc_node *n, uint32_t field, const char *s)
{
    return OTELC__API(n)->node_set_bytes(n, field, s, strlen(s), OTELC_COPY);
}
static inline otelc_node *
otelc_node_mut_msg(otelc_node *n, uint32_t field)
{
    return OTELC__API(n)->node_mut_msg(n, field);
}
static inline int
otelc_node_remove(otelc_node *n, uint32_t field, size_t i)
{
    return OTELC__API(n)->node_remove(n, field, i);
}
static inline uint32_t
otelc_node_oneof_case(const otelc_node *n, uint32_t field)
{
    return n ? OTELC__API(n)->node_oneof_case(n, field) : 0;
}

/* ---- attributes (KeyValue lists; field OTELC_ATTRS = "attributes") ---- */
static inline otelc_node *
otelc_attrs_find(const otelc_node *n, const char *key)
{
    return OTELC__API(n)->attrs_find(n, OTELC_ATTRS, key, strlen(key));
}
static inline int
otelc_attrs_delete(otelc_node *n, const char *key)
{
    return OTELC__API(n)->attrs_delete(n, OTELC_ATTRS, key, strlen(key));
}
static inline int
otelc_attrs_set_str(otelc_node *n, const char *key, const char *value)
{
    otelc_node *v = OTELC__API(n)->attrs_put(n, OTELC_ATTRS, key, strlen(key));
    return v ? otelc_node_set_str(v, OTELC_ANYVALUE_STRING_VALUE, value)
             : OTELC_E_READONLY;
}
static inline int
otelc_attrs_set_int(otelc_node *n, const char *key, int64_t value)
{
    otelc_node *v = OTELC__API(n)->attrs_put(n, OTELC_ATTRS, key, strlen(key));
    return v ? otelc_node_set_int(v, OTELC_ANYVALUE_INT_VALUE, value)
             : OTELC_E_READONLY;
}
static inline int
otelc_attrs_set_double(otelc_node *n, const char *key, double value)
{
    otelc_node *v = OTELC__API(n)->attrs_put(n, OTELC_ATTRS, key, strlen(key));
    return v ? otelc_node_set_double(v, OTELC_ANYVALUE_DOUBLE_VALUE, value)
             : OTELC_E_READONLY;
}
static inline int
otelc_attrs_set_bool(otelc_node *n, const char *key, int value)
{
    otelc_node *v = OTELC__API(n)->attrs_put(n, OTELC_ATTRS, key, strlen(key));
    return v ? otelc_node_set_bool(v, OTELC_ANYVALUE_BOOL_VALUE, value)
             : OTELC_E_READONLY;
}
/* Number of attributes, and the i-th key / AnyValue, for iteration. */
static inline size_t
otelc_attrs_count(const otelc_node *n, uint32_t attrs_field)
{
    return otelc_node_count(n, attrs_field);
}
static inline otelc_node *
otelc_attrs_at(const otelc_node *n, uint32_t attrs_field, size_t i,
               const char **key, size_t *key_len)
{
    otelc_node *kv = otelc_node_msg(n, attrs_field, i);
    if (key)
        *key = otelc_node_str(kv, OTELC_KEYVALUE_KEY, key_len);
    return otelc_node_msg(kv, OTELC_KEYVALUE_VALUE, 0);
}

/* ---- iteration over every span / metric / log record of a batch ---- */
typedef struct otelc_iter {
    otelc_node *root, *resource_x, *scope_x;
    size_t      ri, si, ii;
} otelc_iter;

static inline otelc_node *
otelc__iter_settle(otelc_iter *it)
{
    for (;;) {
        if (it->scope_x) {
            otelc_node *item =
                otelc_node_msg(it->scope_x, OTELC_SCOPE_X_ITEMS, it->ii);
            if (item)
                return item;
            it->scope_x = NULL;
            it->si++;
            it->ii = 0;
        }
        if (it->resource_x) {
            it->scope_x =
                otelc_node_msg(it->resource_x, OTELC_RESOURCE_X_SCOPES, it->si);
            if (it->scope_x)
                continue;
            it->resource_x = NULL;
            it->ri++;
            it->si = 0;
        }
        it->resource_x =
            otelc_node_msg(it->root, OTELC_REQUEST_RESOURCES, it->ri);
        if (it->resource_x == NULL)
            return NULL;
    }
}
/* First item (span, metric or log record) of the batch, or NULL. Decodes
 * the batch. */
static inline otelc_node *
otelc_items_first(otelc_batch *b, otelc_iter *it)
{
    memset(it, 0, sizeof(*it));
    it->root = otelc_batch_root(b);
    return it->root ? otelc__iter_settle(it) : NULL;
}
static inline otelc_node *
otelc_items_next(otelc_iter *it)
{
    it->ii++;
    return otelc__iter_settle(it);
}
/* The Resource and InstrumentationScope of the current item. */
static inline otelc_node *
otelc_iter_resource(const otelc_iter *it)
{
    return otelc_node_msg(it->resource_x, OTELC_RESOURCE_X_RESOURCE, 0);
}
static inline otelc_node *
otelc_iter_scope(const otelc_iter *it)
{
    return otelc_node_msg(it->scope_x, OTELC_SCOPE_X_SCOPE, 0);
}
#define otelc_spans_first   otelc_items_first
#define otelc_spans_next    otelc_items_next
#define otelc_metrics_first otelc_items_first
#define otelc_metrics_next  otelc_items_next
#define otelc_logs_first    otelc_items_first
#define otelc_logs_next     otelc_items_next

/* ---- typed readers ---- */
static inline const char *
otelc_span_name(const otelc_node *span, size_t *len)
{
    return otelc_node_str(span, OTELC_SPAN_NAME, len);
}
static inline const char *
otelc_metric_name(const otelc_node *metric, size_t *len)
{
    return otelc_node_str(metric, OTELC_METRIC_NAME, len);
}
/* The Gauge/Sum/Histogram/... message of a metric, and its field number. */
static inline otelc_node *
otelc_metric_data(const otelc_node *metric, uint32_t *which)
{
    uint32_t f = otelc_node_oneof_case(metric, OTELC_METRIC_GAUGE);
    if (which)
        *which = f;
    return f ? otelc_node_msg(metric, f, 0) : NULL;
}

/* ---- builders: a receiver producing its own telemetry ---- */
/* New ResourceSpans/ResourceMetrics/ResourceLogs in a fresh batch. */
static inline otelc_node *
otelc_build_resource(otelc_batch *b)
{
    otelc_node *root = otelc_batch_root(b);
    return root ? otelc_node_mut_msg(root, OTELC_REQUEST_RESOURCES) : NULL;
}
/* The Resource message of a resource_x (for otelc_attrs_set_*). */
static inline otelc_node *
otelc_build_resource_attrs(otelc_node *resource_x)
{
    return otelc_node_mut_msg(resource_x, OTELC_RESOURCE_X_RESOURCE);
}
static inline otelc_node *
otelc_build_scope(otelc_node *resource_x, const char *name, const char *version)
{
    otelc_node *sx = otelc_node_mut_msg(resource_x, OTELC_RESOURCE_X_SCOPES);
    otelc_node *scope;
    if (sx == NULL)
        return NULL;
    scope = otelc_node_mut_msg(sx, OTELC_SCOPE_X_SCOPE);
    if (scope && name)
        otelc_node_set_str(scope, OTELC_SCOPE_NAME, name);
    if (scope && version)
        otelc_node_set_str(scope, OTELC_SCOPE_VERSION, version);
    return sx;
}
static inline otelc_node *
otelc_build_span(otelc_node *scope_x, const char *name)
{
    otelc_node *s = otelc_node_mut_msg(scope_x, OTELC_SCOPE_X_ITEMS);
    if (s && name)
        otelc_node_set_str(s, OTELC_SPAN_NAME, name);
    return s;
}
static inline otelc_node *
otelc_build_log(otelc_node *scope_x)
{
    return otelc_node_mut_msg(scope_x, OTELC_SCOPE_X_ITEMS);
}
static inline otelc_node *
otelc_build_metric(otelc_node *scope_x, const char *name,
                   const char *description, const char *unit)
{
    otelc_node *m = otelc_node_mut_msg(scope_x, OTELC_SCOPE_X_ITEMS);
    if (m && name)
        otelc_node_set_str(m, OTELC_METRIC_NAME, name);
    if (m && description)
        otelc_node_set_str(m, OTELC_METRIC_DESCRIPTION, description);
    if (m && unit)
        otelc_node_set_str(m, OTELC_METRIC_UNIT, unit);
    return m;
}
/* New NumberDataPoint of a gauge metric. */
static inline otelc_node *
otelc_build_gauge_point(otelc_node *metric)
{
    otelc_node *g = otelc_node_mut_msg(metric, OTELC_METRIC_GAUGE);
    return g ? otelc_node_mut_msg(g, OTELC_METRICDATA_DATA_POINTS) : NULL;
}
/* New NumberDataPoint of a sum metric. */
static inline otelc_node *
otelc_build_sum_point(otelc_node *metric, int temporality, int monotonic)
{
    otelc_node *s = otelc_node_mut_msg(metric, OTELC_METRIC_SUM);
    if (s == NULL)
        return NULL;
    otelc_node_set_int(s, OTELC_METRICDATA_AGGREGATION_TEMPORALITY,
                       temporality);
    otelc_node_set_bool(s, OTELC_SUM_IS_MONOTONIC, monotonic);
    return otelc_node_mut_msg(s, OTELC_METRICDATA_DATA_POINTS);
}
/* New HistogramDataPoint of a histogram metric. */
static inline otelc_node *
otelc_build_histogram_point(otelc_node *metric, int temporality)
{
    otelc_node *h = otelc_node_mut_msg(metric, OTELC_METRIC_HISTOGRAM);
    if (h == NULL)
        return NULL;
    otelc_node_set_int(h, OTELC_METRICDATA_AGGREGATION_TEMPORALITY,
                       temporality);
    return otelc_node_mut_msg(h, OTELC_METRICDATA_DATA_POINTS);
}
static inline int
otelc_node_add_uint(otelc_node *n, uint32_t field, uint64_t v)
{
    return OTELC__API(n)->node_add_uint(n, field, v);
}
static inline int
otelc_node_add_int(otelc_node *n, uint32_t field, int64_t v)
{
    return OTELC__API(n)->node_add_int(n, field, v);
}
static inline int
otelc_node_add_double(otelc_node *n, uint32_t field, double v)
{
    return OTELC__API(n)->node_add_double(n, field, v);
}
static inline int
otelc_node_add_str(otelc_node *n, uint32_t field, const char *s)
{
    return OTELC__API(n)->node_add_bytes(n, field, s, strlen(s), OTELC_COPY);
}

#ifdef __cplusplus
}
#endif
#endif
