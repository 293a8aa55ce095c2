/* The telemetry data layer: batches, segments, lazy decode/encode and the
 * generic field-number node API, exercised through the SDK's own inline
 * wrappers exactly as a plugin would use them. The rich requests most
 * cases start from are OTLP/JSON documents in tests/unit/fixtures/. */
#include <pthread.h>

#include <otelc/otelc.h>

#include "api.h"
#include "batch.h"
#include "host_table.h"
#include "otlp_scan.h"
#include "testlib.h"

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb-c.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb-c.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb-c.h"

typedef Opentelemetry__Proto__Collector__Trace__V1__ExportTraceServiceRequest
    TraceReq;
typedef Opentelemetry__Proto__Collector__Metrics__V1__ExportMetricsServiceRequest
    MetricsReq;
typedef Opentelemetry__Proto__Collector__Logs__V1__ExportLogsServiceRequest
    LogsReq;

static otelc_batch *
new_batch(int signal)
{
    otelc_batch *b = otelc__host()->batch_new(NULL, signal);
    CHECK(b != NULL);
    return b;
}

static otelc_batch *
from_bytes(int signal, const void *p, size_t n)
{
    otelc_batch *b = NULL;
    CHECK_INT(
        otelc__host()->batch_from_otlp(NULL, signal, p, n, OTELC_COPY, &b),
        OTELC_OK);
    CHECK(b != NULL);
    return b;
}

/* The OTLP/JSON document tests/unit/fixtures/<name>, decoded. */
static otelc_batch *
fixture(int signal, const char *name)
{
    char         path[512];
    FILE        *f;
    char        *buf;
    long         n;
    otelc_batch *b = NULL;

    snprintf(path, sizeof(path), "%s/%s", OTELC_TEST_FIXTURES, name);
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open fixture %s\n", path);
        exit(1);
    }
    CHECK(fseek(f, 0, SEEK_END) == 0);
    n = ftell(f);
    CHECK(n > 0);
    rewind(f);
    buf = malloc((size_t)n);
    CHECK(buf != NULL);
    CHECK(fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    CHECK_INT(
        otelc__host()->batch_from_otlp_json(NULL, signal, buf, (size_t)n, &b),
        OTELC_OK);
    free(buf);
    CHECK(b != NULL);
    return b;
}

/* The rich requests most cases start from: every field of every message
 * the signal has, in OTLP/JSON under tests/unit/fixtures/ (what check_*
 * below expects). */
static otelc_batch *
traces_fixture(void)
{
    return fixture(OTELC_SIGNAL_TRACES, "traces.json");
}

static otelc_batch *
metrics_fixture(void)
{
    return fixture(OTELC_SIGNAL_METRICS, "metrics.json");
}

static otelc_batch *
logs_fixture(void)
{
    return fixture(OTELC_SIGNAL_LOGS, "logs.json");
}

/* Encodes b and decodes the bytes into a fresh batch. */
static otelc_batch *
round_trip(otelc_batch *b)
{
    const void *p;
    size_t      n;
    CHECK_INT(otelc_batch_to_otlp(b, &p, &n), OTELC_OK);
    return from_bytes(otelc_batch_signal(b), p, n);
}

/* round_trip() that also releases its argument. */
static otelc_batch *
reencoded(otelc_batch *b)
{
    otelc_batch *r = round_trip(b);
    otelc_batch_release(b);
    return r;
}

static int
str_is(const otelc_node *n, uint32_t field, const char *want)
{
    size_t      len;
    const char *s = otelc_node_str(n, field, &len);
    if (len != strlen(want) || memcmp(s, want, len) != 0) {
        fprintf(stderr, "field %u is \"%.*s\", expected \"%s\"\n", field,
                (int)len, s, want);
        return 0;
    }
    return 1;
}

static int
bytes_is(const otelc_node *n, uint32_t field, const void *want, size_t wlen)
{
    size_t      len;
    const char *s = otelc_node_str(n, field, &len);
    return len == wlen && memcmp(s, want, len) == 0;
}

/* Entries of a KeyValue list, which must be one. */
static size_t
attrs_len(const otelc_node *n, uint32_t field)
{
    size_t count;
    CHECK_INT(otelc_attrs_count(n, field, &count), OTELC_OK);
    return count;
}

static otelc_node *
str_value_attr(otelc_node *n, const char *key, const char *value)
{
    CHECK_INT(otelc_attrs_set_str(n, key, value), OTELC_OK);
    return n;
}

static const unsigned char TRACE_ID[16] = {1, 2,  3,  4,  5,  6,  7,  8,
                                           9, 10, 11, 12, 13, 14, 15, 16};
static const unsigned char SPAN_ID[8] = {0xa, 0xb, 0xc, 0xd, 0, 0xe, 0xf, 1};
static int                 freed_count;

static void
counting_free(void *p)
{
    freed_count++;
    free(p);
}

/* ---- every kind of AnyValue, in a KeyValue list ---- */

/* The AnyValue of key in the list field of n: written fresh (upsert;
 * NULL when that fails), or looked up (NULL when absent). */
static otelc_node *
upsert_in(otelc_node *n, uint32_t field, const char *key)
{
    otelc_node *v = NULL;
    otelc_attrs_upsert(n, field, key, &v);
    return v;
}

static otelc_node *
find_in(const otelc_node *n, uint32_t field, const char *key)
{
    otelc_node *v = NULL;
    otelc_attrs_get(n, field, key, &v);
    return v;
}

static void
put_all_values(otelc_node *n, uint32_t field)
{
    otelc_node *v, *arr, *kvl, *kv, *e;

    v = upsert_in(n, field, "s");
    CHECK_INT(otelc_node_set_str(v, OTELC_ANYVALUE_STRING_VALUE, "str"),
              OTELC_OK);
    v = upsert_in(n, field, "b");
    CHECK_INT(otelc_node_set_bool(v, OTELC_ANYVALUE_BOOL_VALUE, 1), OTELC_OK);
    v = upsert_in(n, field, "i");
    CHECK_INT(otelc_node_set_int(v, OTELC_ANYVALUE_INT_VALUE, -7), OTELC_OK);
    v = upsert_in(n, field, "d");
    CHECK_INT(otelc_node_set_double(v, OTELC_ANYVALUE_DOUBLE_VALUE, 2.5),
              OTELC_OK);
    v = upsert_in(n, field, "y");
    CHECK_INT(otelc_node_set_bytes(v, OTELC_ANYVALUE_BYTES_VALUE, "\0\1\2", 3,
                                   OTELC_COPY),
              OTELC_OK);
    v = upsert_in(n, field, "a");
    arr = otelc_node_mut_msg(v, OTELC_ANYVALUE_ARRAY_VALUE);
    CHECK(arr != NULL);
    e = otelc_node_mut_msg(arr, OTELC_ARRAYVALUE_VALUES);
    CHECK_INT(otelc_node_set_str(e, OTELC_ANYVALUE_STRING_VALUE, "x"),
              OTELC_OK);
    e = otelc_node_mut_msg(arr, OTELC_ARRAYVALUE_VALUES);
    CHECK_INT(otelc_node_set_int(e, OTELC_ANYVALUE_INT_VALUE, 9), OTELC_OK);
    v = upsert_in(n, field, "m");
    kvl = otelc_node_mut_msg(v, OTELC_ANYVALUE_KVLIST_VALUE);
    kv = otelc_node_mut_msg(kvl, OTELC_KVLIST_VALUES);
    CHECK_INT(otelc_node_set_str(kv, OTELC_KEYVALUE_KEY, "inner"), OTELC_OK);
    e = otelc_node_mut_msg(kv, OTELC_KEYVALUE_VALUE);
    CHECK_INT(otelc_node_set_bool(e, OTELC_ANYVALUE_BOOL_VALUE, 0), OTELC_OK);
    /* Setting a second member of a oneof replaces the first. */
    v = upsert_in(n, field, "r");
    CHECK_INT(otelc_node_set_str(v, OTELC_ANYVALUE_STRING_VALUE, "gone"),
              OTELC_OK);
    CHECK_INT(otelc_node_set_double(v, OTELC_ANYVALUE_DOUBLE_VALUE, -1.0),
              OTELC_OK);
}

static void
check_all_values(const otelc_node *n, uint32_t field)
{
    const otelc_host_api *A = otelc__host();
    otelc_node           *v, *arr, *kv;
    int64_t               i64;
    const void           *p;
    size_t                len;
    double                d;
    int                   b;

    CHECK_INT(otelc_node_count(n, field), 8);
    v = find_in(n, field, "s");
    CHECK(str_is(v, OTELC_ANYVALUE_STRING_VALUE, "str"));
    CHECK_INT(otelc_node_oneof_case(v, OTELC_ANYVALUE_INT_VALUE),
              OTELC_ANYVALUE_STRING_VALUE);
    /* Reading an unselected member of the oneof: not found, zero. */
    i64 = 5;
    CHECK_INT(A->node_get_int(v, OTELC_ANYVALUE_INT_VALUE, 0, &i64),
              OTELC_E_NOTFOUND);
    CHECK_INT(i64, 0);
    v = find_in(n, field, "b");
    CHECK_INT(A->node_get_bool(v, OTELC_ANYVALUE_BOOL_VALUE, 0, &b), OTELC_OK);
    CHECK_INT(b, 1);
    v = find_in(n, field, "i");
    CHECK_INT(otelc_node_int(v, OTELC_ANYVALUE_INT_VALUE), -7);
    v = find_in(n, field, "d");
    CHECK(otelc_node_double(v, OTELC_ANYVALUE_DOUBLE_VALUE) == 2.5);
    v = find_in(n, field, "y");
    CHECK_INT(A->node_get_bytes(v, OTELC_ANYVALUE_BYTES_VALUE, 0, &p, &len),
              OTELC_OK);
    CHECK(len == 3 && memcmp(p, "\0\1\2", 3) == 0);
    v = find_in(n, field, "a");
    CHECK_INT(otelc_node_oneof_case(v, OTELC_ANYVALUE_STRING_VALUE),
              OTELC_ANYVALUE_ARRAY_VALUE);
    arr = otelc_node_msg(v, OTELC_ANYVALUE_ARRAY_VALUE, 0);
    CHECK_INT(otelc_node_count(arr, OTELC_ARRAYVALUE_VALUES), 2);
    CHECK(str_is(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 0),
                 OTELC_ANYVALUE_STRING_VALUE, "x"));
    CHECK_INT(otelc_node_int(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 1),
                             OTELC_ANYVALUE_INT_VALUE),
              9);
    CHECK(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 2) == NULL);
    v = find_in(n, field, "m");
    kv = otelc_node_msg(otelc_node_msg(v, OTELC_ANYVALUE_KVLIST_VALUE, 0),
                        OTELC_KVLIST_VALUES, 0);
    CHECK(str_is(kv, OTELC_KEYVALUE_KEY, "inner"));
    v = otelc_node_msg(kv, OTELC_KEYVALUE_VALUE, 0);
    CHECK_INT(otelc_node_oneof_case(v, OTELC_ANYVALUE_BOOL_VALUE),
              OTELC_ANYVALUE_BOOL_VALUE);
    CHECK_INT(otelc_node_bool(v, OTELC_ANYVALUE_BOOL_VALUE), 0);
    v = find_in(n, field, "r");
    CHECK_INT(otelc_node_oneof_case(v, OTELC_ANYVALUE_BOOL_VALUE),
              OTELC_ANYVALUE_DOUBLE_VALUE);
    CHECK_INT(A->node_get_double(v, OTELC_ANYVALUE_DOUBLE_VALUE, 0, &d),
              OTELC_OK);
    CHECK(d == -1.0);
    CHECK(find_in(n, field, "zz") == NULL);
}

/* ---- traces ---- */

static void
check_traces(otelc_batch *b)
{
    otelc_iter  it;
    otelc_node *span, *res, *scope, *er, *ev, *link, *st, *rs, *ss;
    size_t      len;
    const char *s;

    CHECK_INT(otelc_batch_items(b), 2);
    span = otelc_spans_first(b, &it);
    CHECK(span != NULL);
    res = otelc_iter_resource(&it);
    CHECK(str_is(otelc_attrs_find(res, "service.name"),
                 OTELC_ANYVALUE_STRING_VALUE, "svc"));
    CHECK_INT(otelc_node_uint(res, OTELC_RESOURCE_DROPPED_ATTRIBUTES_COUNT), 3);
    CHECK_INT(otelc_node_count(res, OTELC_RESOURCE_ENTITY_REFS), 1);
    er = otelc_node_msg(res, OTELC_RESOURCE_ENTITY_REFS, 0);
    CHECK(str_is(er, OTELC_ENTITYREF_SCHEMA_URL, "https://e"));
    CHECK(str_is(er, OTELC_ENTITYREF_TYPE, "service"));
    CHECK_INT(otelc_node_count(er, OTELC_ENTITYREF_ID_KEYS), 2);
    {
        const void *p;
        CHECK_INT(otelc__host()->node_get_bytes(er, OTELC_ENTITYREF_ID_KEYS, 1,
                                                &p, &len),
                  OTELC_OK);
        CHECK(len == 10 && memcmp(p, "service.ns", 10) == 0);
        CHECK_INT(otelc__host()->node_get_bytes(er, OTELC_ENTITYREF_ID_KEYS, 2,
                                                &p, &len),
                  OTELC_E_RANGE);
        CHECK_INT(otelc__host()->node_get_bytes(
                      er, OTELC_ENTITYREF_DESCRIPTION_KEYS, 0, &p, &len),
                  OTELC_OK);
        CHECK(len == 4 && memcmp(p, "host", 4) == 0);
    }
    rs = it.resource_x;
    CHECK(str_is(rs, OTELC_RESOURCE_X_SCHEMA_URL, "https://s/1"));
    ss = it.scope_x;
    CHECK(str_is(ss, OTELC_SCOPE_X_SCHEMA_URL, "https://s/2"));
    scope = otelc_iter_scope(&it);
    CHECK(str_is(scope, OTELC_SCOPE_NAME, "lib"));
    CHECK(str_is(scope, OTELC_SCOPE_VERSION, "1.2"));
    CHECK_INT(otelc_node_int(otelc_attrs_find(scope, "scope.attr"),
                             OTELC_ANYVALUE_INT_VALUE),
              77);
    CHECK_INT(otelc_node_uint(scope, OTELC_SCOPE_DROPPED_ATTRIBUTES_COUNT), 1);

    s = otelc_span_name(span, &len);
    CHECK(len == 6 && memcmp(s, "GET /x", 6) == 0);
    CHECK(bytes_is(span, OTELC_SPAN_TRACE_ID, TRACE_ID, 16));
    CHECK(bytes_is(span, OTELC_SPAN_SPAN_ID, SPAN_ID, 8));
    CHECK(str_is(span, OTELC_SPAN_TRACE_STATE, "k=v"));
    CHECK(bytes_is(span, OTELC_SPAN_PARENT_SPAN_ID,
                   "\x11\x12\x13\x14\x15\x16\x17\x18", 8));
    CHECK_INT(otelc_node_int(span, OTELC_SPAN_KIND), OTELC_SPAN_KIND_SERVER);
    CHECK(otelc_node_uint(span, OTELC_SPAN_START_TIME_UNIX_NANO) ==
          UINT64_C(1700000000000000000));
    CHECK(otelc_node_uint(span, OTELC_SPAN_END_TIME_UNIX_NANO) == UINT64_MAX);
    check_all_values(span, OTELC_SPAN_ATTRIBUTES);
    CHECK_INT(otelc_node_uint(span, OTELC_SPAN_DROPPED_ATTRIBUTES_COUNT), 2);
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_EVENTS), 2);
    for (int i = 0; i < 2; i++) {
        ev = otelc_node_msg(span, OTELC_SPAN_EVENTS, (size_t)i);
        CHECK_INT(otelc_node_uint(ev, OTELC_EVENT_TIME_UNIX_NANO), 100 + i);
        CHECK(str_is(ev, OTELC_EVENT_NAME, i ? "ev1" : "ev0"));
        CHECK_INT(otelc_node_bool(otelc_attrs_find(ev, "ev.flag"),
                                  OTELC_ANYVALUE_BOOL_VALUE),
                  1);
        CHECK_INT(otelc_node_uint(ev, OTELC_EVENT_DROPPED_ATTRIBUTES_COUNT), 4);
    }
    CHECK_INT(otelc_node_uint(span, OTELC_SPAN_DROPPED_EVENTS_COUNT), 5);
    link = otelc_node_msg(span, OTELC_SPAN_LINKS, 0);
    CHECK(bytes_is(link, OTELC_LINK_TRACE_ID, TRACE_ID, 16));
    CHECK(bytes_is(link, OTELC_LINK_SPAN_ID, SPAN_ID, 8));
    CHECK(str_is(link, OTELC_LINK_TRACE_STATE, "a=b"));
    CHECK(otelc_node_double(otelc_attrs_find(link, "w"),
                            OTELC_ANYVALUE_DOUBLE_VALUE) == 0.25);
    CHECK_INT(otelc_node_uint(link, OTELC_LINK_DROPPED_ATTRIBUTES_COUNT), 6);
    CHECK_INT(otelc_node_uint(link, OTELC_LINK_FLAGS), 0x301);
    CHECK_INT(otelc_node_uint(span, OTELC_SPAN_DROPPED_LINKS_COUNT), 7);
    st = otelc_node_msg(span, OTELC_SPAN_STATUS, 0);
    CHECK(str_is(st, OTELC_STATUS_MESSAGE, "boom"));
    CHECK_INT(otelc_node_int(st, OTELC_STATUS_CODE), OTELC_STATUS_CODE_ERROR);
    CHECK_INT(otelc_node_uint(span, OTELC_SPAN_FLAGS), 0x101);

    span = otelc_spans_next(&it);
    CHECK(span != NULL);
    CHECK(str_is(span, OTELC_SPAN_NAME, "second"));
    CHECK(otelc_node_msg(span, OTELC_SPAN_STATUS, 0) == NULL);
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_STATUS), 0);
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_ATTRIBUTES), 0);
    CHECK(otelc_spans_next(&it) == NULL);
}

static void
t_traces_round_trip(void)
{
    otelc_batch *b = traces_fixture(), *b2, *b3;
    const void  *p;
    size_t       n;
    TraceReq    *req;

    check_traces(b);
    b2 = round_trip(b);
    check_traces(b2);
    /* A second generation reads the same, and its encoding is stable. */
    b3 = round_trip(b2);
    check_traces(b3);

    /* Cross-check with protobuf-c's own generated decoder. */
    CHECK_INT(otelc_batch_to_otlp(b3, &p, &n), OTELC_OK);
    req =
        opentelemetry__proto__collector__trace__v1__export_trace_service_request__unpack(
            NULL, n, p);
    CHECK(req != NULL);
    CHECK_INT(req->n_resource_spans, 1);
    CHECK_STR(req->resource_spans[0]->schema_url, "https://s/1");
    CHECK_STR(req->resource_spans[0]->resource->attributes[0]->key,
              "service.name");
    CHECK_STR(req->resource_spans[0]->resource->entity_refs[0]->id_keys[1],
              "service.ns");
    {
        Opentelemetry__Proto__Trace__V1__Span *sp =
            req->resource_spans[0]->scope_spans[0]->spans[0];
        CHECK_STR(req->resource_spans[0]->scope_spans[0]->scope->version,
                  "1.2");
        CHECK_STR(sp->name, "GET /x");
        CHECK(sp->trace_id.len == 16 &&
              memcmp(sp->trace_id.data, TRACE_ID, 16) == 0);
        CHECK_INT(
            sp->kind,
            OPENTELEMETRY__PROTO__TRACE__V1__SPAN__SPAN_KIND__SPAN_KIND_SERVER);
        CHECK(sp->end_time_unix_nano == UINT64_MAX);
        CHECK_INT(sp->n_attributes, 8);
        CHECK_STR(sp->attributes[0]->key, "s");
        CHECK_STR(sp->attributes[0]->value->string_value, "str");
        CHECK_INT(
            sp->attributes[5]->value->value_case,
            OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_ARRAY_VALUE);
        CHECK_INT(sp->attributes[5]->value->array_value->values[1]->int_value,
                  9);
        CHECK_INT(sp->n_events, 2);
        CHECK_STR(sp->events[1]->name, "ev1");
        CHECK_INT(sp->links[0]->flags, 0x301);
        CHECK_STR(sp->status->message, "boom");
        CHECK_INT(
            sp->status->code,
            OPENTELEMETRY__PROTO__TRACE__V1__STATUS__STATUS_CODE__STATUS_CODE_ERROR);
        CHECK_INT(sp->flags, 0x101);
    }
    opentelemetry__proto__collector__trace__v1__export_trace_service_request__free_unpacked(
        req, NULL);

    otelc_batch_release(b3);
    otelc_batch_release(b2);
    otelc_batch_release(b);
}

/* ---- metrics ---- */

static void
add_exemplar(otelc_node *dp, uint32_t field, int as_int)
{
    otelc_node *ex = otelc_node_mut_msg(dp, field);
    CHECK(ex != NULL);
    CHECK(otelc_attrs_find(ex, "x") == NULL);
    /* Exemplar's list is filtered_attributes, not "attributes". */
    {
        otelc_node *none = NULL;
        CHECK_INT(otelc_attrs_upsert(ex, OTELC_ATTRS, "x", &none),
                  OTELC_E_INVALID);
        CHECK(none == NULL);
    }
    CHECK_INT(otelc_node_set_str(
                  upsert_in(ex, OTELC_EXEMPLAR_FILTERED_ATTRIBUTES, "user"),
                  OTELC_ANYVALUE_STRING_VALUE, "u1"),
              OTELC_OK);
    CHECK_INT(otelc_node_set_uint(ex, OTELC_EXEMPLAR_TIME_UNIX_NANO, 55),
              OTELC_OK);
    if (as_int)
        CHECK_INT(otelc_node_set_int(ex, OTELC_EXEMPLAR_AS_INT, -3), OTELC_OK);
    else
        CHECK_INT(otelc_node_set_double(ex, OTELC_EXEMPLAR_AS_DOUBLE, 3.5),
                  OTELC_OK);
    CHECK_INT(otelc_node_set_bytes(ex, OTELC_EXEMPLAR_SPAN_ID, SPAN_ID, 8,
                                   OTELC_COPY),
              OTELC_OK);
    CHECK_INT(otelc_node_set_bytes(ex, OTELC_EXEMPLAR_TRACE_ID, TRACE_ID, 16,
                                   OTELC_COPY),
              OTELC_OK);
}

static void
check_exemplar(const otelc_node *dp, uint32_t field, int as_int)
{
    otelc_node *ex = otelc_node_msg(dp, field, 0);
    CHECK(ex != NULL);
    CHECK(str_is(find_in(ex, OTELC_EXEMPLAR_FILTERED_ATTRIBUTES, "user"),
                 OTELC_ANYVALUE_STRING_VALUE, "u1"));
    CHECK_INT(otelc_node_uint(ex, OTELC_EXEMPLAR_TIME_UNIX_NANO), 55);
    if (as_int) {
        CHECK_INT(otelc_node_oneof_case(ex, OTELC_EXEMPLAR_AS_DOUBLE),
                  OTELC_EXEMPLAR_AS_INT);
        CHECK_INT(otelc_node_int(ex, OTELC_EXEMPLAR_AS_INT), -3);
    } else {
        CHECK_INT(otelc_node_oneof_case(ex, OTELC_EXEMPLAR_AS_INT),
                  OTELC_EXEMPLAR_AS_DOUBLE);
        CHECK(otelc_node_double(ex, OTELC_EXEMPLAR_AS_DOUBLE) == 3.5);
    }
    CHECK(bytes_is(ex, OTELC_EXEMPLAR_SPAN_ID, SPAN_ID, 8));
    CHECK(bytes_is(ex, OTELC_EXEMPLAR_TRACE_ID, TRACE_ID, 16));
}

static void
check_metrics(otelc_batch *b)
{
    otelc_iter  it;
    otelc_node *m, *data, *dp, *bk, *q;
    uint32_t    which;
    double      d;

    CHECK_INT(otelc_batch_items(b), 6);
    m = otelc_metrics_first(b, &it);
    CHECK(str_is(otelc_iter_scope(&it), OTELC_SCOPE_NAME, "meter"));
    CHECK(str_is(m, OTELC_METRIC_NAME, "g"));
    CHECK(str_is(m, OTELC_METRIC_DESCRIPTION, "a gauge"));
    CHECK(str_is(m, OTELC_METRIC_UNIT, "1"));
    CHECK(str_is(find_in(m, OTELC_METRIC_METADATA, "meta"),
                 OTELC_ANYVALUE_STRING_VALUE, "m1"));
    data = otelc_metric_data(m, &which);
    CHECK_INT(which, OTELC_METRIC_GAUGE);
    CHECK_INT(otelc_node_count(data, OTELC_METRICDATA_DATA_POINTS), 2);
    dp = otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, 0);
    CHECK(str_is(otelc_attrs_find(dp, "host"), OTELC_ANYVALUE_STRING_VALUE,
                 "h1"));
    CHECK_INT(otelc_node_uint(dp, OTELC_NUMBERDP_START_TIME_UNIX_NANO), 1);
    CHECK_INT(otelc_node_uint(dp, OTELC_NUMBERDP_TIME_UNIX_NANO), 2);
    CHECK_INT(otelc_node_oneof_case(dp, OTELC_NUMBERDP_AS_INT),
              OTELC_NUMBERDP_AS_DOUBLE);
    CHECK(otelc_node_double(dp, OTELC_NUMBERDP_AS_DOUBLE) == 1.25);
    check_exemplar(dp, OTELC_NUMBERDP_EXEMPLARS, 1);
    CHECK_INT(otelc_node_uint(dp, OTELC_NUMBERDP_FLAGS), 1);
    dp = otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, 1);
    CHECK(otelc_node_int(dp, OTELC_NUMBERDP_AS_INT) == INT64_MIN);

    m = otelc_metrics_next(&it);
    CHECK(str_is(m, OTELC_METRIC_NAME, "s"));
    data = otelc_metric_data(m, &which);
    CHECK_INT(which, OTELC_METRIC_SUM);
    CHECK_INT(otelc_node_int(data, OTELC_METRICDATA_AGGREGATION_TEMPORALITY),
              OTELC_TEMPORALITY_CUMULATIVE);
    CHECK_INT(otelc_node_bool(data, OTELC_SUM_IS_MONOTONIC), 1);
    CHECK_INT(
        otelc_node_int(otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, 0),
                       OTELC_NUMBERDP_AS_INT),
        42);

    m = otelc_metrics_next(&it);
    CHECK(str_is(m, OTELC_METRIC_UNIT, "ms"));
    data = otelc_metric_data(m, &which);
    CHECK_INT(which, OTELC_METRIC_HISTOGRAM);
    CHECK_INT(otelc_node_int(data, OTELC_METRICDATA_AGGREGATION_TEMPORALITY),
              OTELC_TEMPORALITY_DELTA);
    dp = otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, 0);
    CHECK(str_is(otelc_attrs_find(dp, "route"), OTELC_ANYVALUE_STRING_VALUE,
                 "/a"));
    CHECK_INT(otelc_node_uint(dp, OTELC_HISTOGRAMDP_START_TIME_UNIX_NANO), 10);
    CHECK_INT(otelc_node_uint(dp, OTELC_HISTOGRAMDP_TIME_UNIX_NANO), 20);
    CHECK_INT(otelc_node_uint(dp, OTELC_HISTOGRAMDP_COUNT), 6);
    /* optional sum: present even though zero */
    CHECK_INT(otelc_node_count(dp, OTELC_HISTOGRAMDP_SUM), 1);
    CHECK_INT(otelc__host()->node_get_double(dp, OTELC_HISTOGRAMDP_SUM, 0, &d),
              OTELC_OK);
    CHECK(d == 0.0);
    CHECK_INT(otelc_node_count(dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS), 3);
    for (size_t i = 0; i < 3; i++) {
        uint64_t u;
        CHECK_INT(otelc__host()->node_get_uint(
                      dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS, i, &u),
                  OTELC_OK);
        CHECK_INT(u, i + 1);
    }
    CHECK_INT(otelc_node_count(dp, OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS), 2);
    CHECK_INT(otelc__host()->node_get_double(
                  dp, OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS, 1, &d),
              OTELC_OK);
    CHECK(d == 5.0);
    check_exemplar(dp, OTELC_HISTOGRAMDP_EXEMPLARS, 0);
    CHECK_INT(otelc_node_count(dp, OTELC_HISTOGRAMDP_MIN), 0);
    CHECK_INT(otelc__host()->node_get_double(dp, OTELC_HISTOGRAMDP_MIN, 0, &d),
              OTELC_E_NOTFOUND);
    CHECK_INT(otelc_node_count(dp, OTELC_HISTOGRAMDP_MAX), 1);
    CHECK(otelc_node_double(dp, OTELC_HISTOGRAMDP_MAX) == 4.5);

    m = otelc_metrics_next(&it);
    data = otelc_metric_data(m, &which);
    CHECK_INT(which, OTELC_METRIC_EXPONENTIAL_HISTOGRAM);
    CHECK_INT(otelc_node_int(data, OTELC_METRICDATA_AGGREGATION_TEMPORALITY),
              OTELC_TEMPORALITY_CUMULATIVE);
    dp = otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, 0);
    CHECK_INT(
        otelc_node_int(otelc_attrs_find(dp, "k"), OTELC_ANYVALUE_INT_VALUE), 1);
    CHECK_INT(otelc_node_uint(dp, OTELC_EXPHISTDP_START_TIME_UNIX_NANO), 3);
    CHECK_INT(otelc_node_uint(dp, OTELC_EXPHISTDP_TIME_UNIX_NANO), 4);
    CHECK_INT(otelc_node_uint(dp, OTELC_EXPHISTDP_COUNT), 6);
    CHECK(otelc_node_double(dp, OTELC_EXPHISTDP_SUM) == 12.5);
    CHECK_INT(otelc_node_int(dp, OTELC_EXPHISTDP_SCALE), -3);
    CHECK_INT(otelc_node_uint(dp, OTELC_EXPHISTDP_ZERO_COUNT), 1);
    bk = otelc_node_msg(dp, OTELC_EXPHISTDP_POSITIVE, 0);
    CHECK_INT(otelc_node_int(bk, OTELC_BUCKETS_OFFSET), -2);
    CHECK_INT(otelc_node_count(bk, OTELC_BUCKETS_BUCKET_COUNTS), 2);
    bk = otelc_node_msg(dp, OTELC_EXPHISTDP_NEGATIVE, 0);
    CHECK_INT(otelc_node_int(bk, OTELC_BUCKETS_OFFSET), 1);
    {
        uint64_t u;
        CHECK_INT(otelc__host()->node_get_uint(bk, OTELC_BUCKETS_BUCKET_COUNTS,
                                               0, &u),
                  OTELC_OK);
        CHECK_INT(u, 3);
    }
    CHECK_INT(otelc_node_uint(dp, OTELC_EXPHISTDP_FLAGS), 1);
    check_exemplar(dp, OTELC_EXPHISTDP_EXEMPLARS, 1);
    CHECK(otelc_node_double(dp, OTELC_EXPHISTDP_MIN) == -1);
    CHECK(otelc_node_double(dp, OTELC_EXPHISTDP_MAX) == 8);
    CHECK(otelc_node_double(dp, OTELC_EXPHISTDP_ZERO_THRESHOLD) == 0.5);

    m = otelc_metrics_next(&it);
    data = otelc_metric_data(m, &which);
    CHECK_INT(which, OTELC_METRIC_SUMMARY);
    dp = otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, 0);
    CHECK_INT(otelc_node_uint(dp, OTELC_SUMMARYDP_START_TIME_UNIX_NANO), 5);
    CHECK_INT(otelc_node_uint(dp, OTELC_SUMMARYDP_TIME_UNIX_NANO), 6);
    CHECK_INT(otelc_node_uint(dp, OTELC_SUMMARYDP_COUNT), 10);
    CHECK(otelc_node_double(dp, OTELC_SUMMARYDP_SUM) == 99.5);
    CHECK_INT(otelc_node_count(dp, OTELC_SUMMARYDP_QUANTILE_VALUES), 2);
    q = otelc_node_msg(dp, OTELC_SUMMARYDP_QUANTILE_VALUES, 1);
    CHECK(otelc_node_double(q, OTELC_QUANTILE_QUANTILE) == 0.99);
    CHECK(otelc_node_double(q, OTELC_QUANTILE_VALUE) == 9.9);
    CHECK(str_is(otelc_attrs_find(dp, "q"), OTELC_ANYVALUE_STRING_VALUE, "v"));
    CHECK_INT(otelc_node_uint(dp, OTELC_SUMMARYDP_FLAGS), 1);
    CHECK(otelc_metrics_next(&it) == NULL);
}

static void
t_metrics_round_trip(void)
{
    otelc_batch *b = metrics_fixture(), *b2;
    const void  *p;
    size_t       n;
    MetricsReq  *req;

    check_metrics(b);
    b2 = round_trip(b);
    check_metrics(b2);

    CHECK_INT(otelc_batch_to_otlp(b2, &p, &n), OTELC_OK);
    req =
        opentelemetry__proto__collector__metrics__v1__export_metrics_service_request__unpack(
            NULL, n, p);
    CHECK(req != NULL);
    {
        Opentelemetry__Proto__Metrics__V1__Metric **ms =
            req->resource_metrics[0]->scope_metrics[0]->metrics;
        Opentelemetry__Proto__Metrics__V1__HistogramDataPoint *h =
            ms[2]->histogram->data_points[0];
        Opentelemetry__Proto__Metrics__V1__ExponentialHistogramDataPoint *e =
            ms[3]->exponential_histogram->data_points[0];
        CHECK_INT(req->resource_metrics[0]->scope_metrics[0]->n_metrics, 5);
        CHECK_STR(ms[0]->metadata[0]->key, "meta");
        CHECK(ms[0]->gauge->data_points[0]->as_double == 1.25);
        CHECK(ms[0]->gauge->data_points[1]->as_int == INT64_MIN);
        CHECK_INT(ms[0]->gauge->data_points[0]->exemplars[0]->as_int, -3);
        CHECK_INT(ms[1]->sum->is_monotonic, 1);
        CHECK_INT(h->n_bucket_counts, 3);
        CHECK_INT(h->bucket_counts[2], 3);
        CHECK(h->explicit_bounds[1] == 5.0);
        CHECK(h->_sum_case != 0 && h->sum == 0.0);
        CHECK(h->_min_case == 0);
        CHECK(h->_max_case != 0 && h->max == 4.5);
        CHECK_INT(e->scale, -3);
        CHECK_INT(e->positive->offset, -2);
        CHECK_INT(e->negative->bucket_counts[0], 3);
        CHECK(e->zero_threshold == 0.5);
        CHECK(ms[4]->summary->data_points[0]->quantile_values[1]->value == 9.9);
    }
    opentelemetry__proto__collector__metrics__v1__export_metrics_service_request__free_unpacked(
        req, NULL);
    otelc_batch_release(b2);
    otelc_batch_release(b);
}

/* ---- logs ---- */

static void
check_logs(otelc_batch *b)
{
    otelc_iter  it;
    otelc_node *lr, *body, *kv, *arr;

    CHECK_INT(otelc_batch_items(b), 3);
    lr = otelc_logs_first(b, &it);
    CHECK(str_is(otelc_iter_scope(&it), OTELC_SCOPE_VERSION, "0"));
    CHECK_INT(otelc_node_uint(lr, OTELC_LOG_TIME_UNIX_NANO), 111);
    CHECK_INT(otelc_node_uint(lr, OTELC_LOG_OBSERVED_TIME_UNIX_NANO), 222);
    CHECK_INT(otelc_node_int(lr, OTELC_LOG_SEVERITY_NUMBER),
              OTELC_SEVERITY_WARN);
    CHECK(str_is(lr, OTELC_LOG_SEVERITY_TEXT, "WARN"));
    body = otelc_node_msg(lr, OTELC_LOG_BODY, 0);
    CHECK_INT(otelc_node_oneof_case(body, OTELC_ANYVALUE_STRING_VALUE),
              OTELC_ANYVALUE_KVLIST_VALUE);
    kv = otelc_node_msg(otelc_node_msg(body, OTELC_ANYVALUE_KVLIST_VALUE, 0),
                        OTELC_KVLIST_VALUES, 0);
    CHECK(str_is(kv, OTELC_KEYVALUE_KEY, "list"));
    arr = otelc_node_msg(otelc_node_msg(kv, OTELC_KEYVALUE_VALUE, 0),
                         OTELC_ANYVALUE_ARRAY_VALUE, 0);
    CHECK_INT(otelc_node_count(arr, OTELC_ARRAYVALUE_VALUES), 2);
    CHECK_INT(otelc_node_int(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 0),
                             OTELC_ANYVALUE_INT_VALUE),
              1);
    CHECK(str_is(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 1),
                 OTELC_ANYVALUE_STRING_VALUE, "two"));
    check_all_values(lr, OTELC_LOG_ATTRIBUTES);
    CHECK_INT(otelc_node_uint(lr, OTELC_LOG_DROPPED_ATTRIBUTES_COUNT), 8);
    CHECK_INT(otelc_node_uint(lr, OTELC_LOG_FLAGS), 1);
    CHECK(bytes_is(lr, OTELC_LOG_TRACE_ID, TRACE_ID, 16));
    CHECK(bytes_is(lr, OTELC_LOG_SPAN_ID, SPAN_ID, 8));
    CHECK(str_is(lr, OTELC_LOG_EVENT_NAME, "app.started"));
    lr = otelc_logs_next(&it);
    CHECK(str_is(otelc_node_msg(lr, OTELC_LOG_BODY, 0),
                 OTELC_ANYVALUE_STRING_VALUE, "plain text"));
    lr = otelc_logs_next(&it);
    body = otelc_node_msg(lr, OTELC_LOG_BODY, 0);
    arr = otelc_node_msg(body, OTELC_ANYVALUE_ARRAY_VALUE, 0);
    CHECK(otelc_node_double(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 0),
                            OTELC_ANYVALUE_DOUBLE_VALUE) == 0.5);
    CHECK(otelc_logs_next(&it) == NULL);
}

static void
t_logs_round_trip(void)
{
    otelc_batch *b = logs_fixture(), *b2;
    const void  *p;
    size_t       n;
    LogsReq     *req;

    check_logs(b);
    b2 = round_trip(b);
    check_logs(b2);
    CHECK_INT(otelc_batch_to_otlp(b2, &p, &n), OTELC_OK);
    req =
        opentelemetry__proto__collector__logs__v1__export_logs_service_request__unpack(
            NULL, n, p);
    CHECK(req != NULL);
    {
        Opentelemetry__Proto__Logs__V1__LogRecord **lrs =
            req->resource_logs[0]->scope_logs[0]->log_records;
        CHECK_INT(
            lrs[0]->severity_number,
            OPENTELEMETRY__PROTO__LOGS__V1__SEVERITY_NUMBER__SEVERITY_NUMBER_WARN);
        CHECK_INT(lrs[0]->observed_time_unix_nano, 222);
        CHECK_STR(lrs[0]->event_name, "app.started");
        CHECK_STR(lrs[0]->body->kvlist_value->values[0]->key, "list");
        CHECK_STR(lrs[1]->body->string_value, "plain text");
        CHECK(lrs[2]->body->array_value->values[0]->double_value == 0.5);
    }
    opentelemetry__proto__collector__logs__v1__export_logs_service_request__free_unpacked(
        req, NULL);
    otelc_batch_release(b2);
    otelc_batch_release(b);
}

/* ---- building through the node API ---- */

/* Fails, showing both as OTLP/JSON, unless the built batch encodes to the
 * very bytes of the fixture. */
static void
same_as_fixture(otelc_batch *built, const char *name)
{
    otelc_batch *want = fixture(otelc_batch_signal(built), name),
                *got = round_trip(built);
    const void *p, *q;
    size_t      n, m;

    CHECK_INT(otelc_batch_to_otlp(got, &p, &n), OTELC_OK);
    CHECK_INT(otelc_batch_to_otlp(want, &q, &m), OTELC_OK);
    if (n != m || memcmp(p, q, n) != 0) {
        CHECK_INT(otelc_batch_to_otlp_json(got, &p, &n), OTELC_OK);
        CHECK_INT(otelc_batch_to_otlp_json(want, &q, &m), OTELC_OK);
        fprintf(stderr, "built: %.*s\nfixtures/%s: %.*s\n", (int)n,
                (const char *)p, name, (int)m, (const char *)q);
        exit(1);
    }
    otelc_batch_release(got);
    otelc_batch_release(want);
}

/* What a plugin does to make telemetry: the otelc_build_* helpers and
 * every kind of setter (scalars, strings, bytes as COPY, STATIC and with a
 * destructor, repeated scalars, singular, repeated and oneof messages).
 * The result must be exactly fixtures/built_<signal>.json. */
static void
t_build_traces(void)
{
    otelc_batch *b = new_batch(OTELC_SIGNAL_TRACES);
    otelc_node  *root, *rs, *res, *er, *ss, *span, *ev, *link, *st;
    char        *owned;

    root = otelc_batch_root(b);
    CHECK(root != NULL);
    CHECK_STR(otelc_node_type(root), "opentelemetry.proto.collector.trace.v1."
                                     "ExportTraceServiceRequest");
    rs = otelc_build_resource(b);
    CHECK(rs != NULL);
    res = otelc_build_resource_attrs(rs);
    str_value_attr(res, "service.name", "svc");
    CHECK_INT(
        otelc_node_set_uint(res, OTELC_RESOURCE_DROPPED_ATTRIBUTES_COUNT, 3),
        OTELC_OK);
    er = otelc_node_mut_msg(res, OTELC_RESOURCE_ENTITY_REFS);
    CHECK_INT(otelc_node_set_str(er, OTELC_ENTITYREF_TYPE, "service"),
              OTELC_OK);
    CHECK_INT(otelc_node_add_str(er, OTELC_ENTITYREF_ID_KEYS, "service.name"),
              OTELC_OK);
    CHECK_INT(otelc_node_add_str(er, OTELC_ENTITYREF_ID_KEYS, "service.ns"),
              OTELC_OK);
    CHECK_INT(
        otelc_node_set_str(rs, OTELC_RESOURCE_X_SCHEMA_URL, "https://s/1"),
        OTELC_OK);
    ss = otelc_build_scope(rs, "lib", "1.2");
    CHECK(ss != NULL);
    CHECK_INT(otelc_attrs_set_int(otelc_node_msg(ss, OTELC_SCOPE_X_SCOPE, 0),
                                  "scope.attr", 77),
              OTELC_OK);

    span = otelc_build_span(ss, "GET /x");
    CHECK(span != NULL);
    CHECK_INT(otelc_node_set_bytes(span, OTELC_SPAN_TRACE_ID, TRACE_ID, 16,
                                   OTELC_COPY),
              OTELC_OK);
    CHECK_INT(otelc_node_set_bytes(span, OTELC_SPAN_SPAN_ID, SPAN_ID, 8,
                                   OTELC_STATIC),
              OTELC_OK);
    owned = malloc(8);
    memcpy(owned, "\x11\x12\x13\x14\x15\x16\x17\x18", 8);
    CHECK_INT(otelc_node_set_bytes(span, OTELC_SPAN_PARENT_SPAN_ID, owned, 8,
                                   counting_free),
              OTELC_OK);
    CHECK_INT(otelc_node_set_int(span, OTELC_SPAN_KIND, OTELC_SPAN_KIND_SERVER),
              OTELC_OK);
    CHECK_INT(
        otelc_node_set_uint(span, OTELC_SPAN_END_TIME_UNIX_NANO, UINT64_MAX),
        OTELC_OK);
    put_all_values(span, OTELC_ATTRS);
    ev = otelc_node_mut_msg(span, OTELC_SPAN_EVENTS);
    CHECK_INT(otelc_node_set_str(ev, OTELC_EVENT_NAME, "ev0"), OTELC_OK);
    CHECK_INT(otelc_attrs_set_bool(ev, "ev.flag", 1), OTELC_OK);
    link = otelc_node_mut_msg(span, OTELC_SPAN_LINKS);
    CHECK_INT(otelc_attrs_set_double(link, "w", 0.25), OTELC_OK);
    CHECK_INT(otelc_node_set_uint(link, OTELC_LINK_FLAGS, 0x301), OTELC_OK);
    st = otelc_node_mut_msg(span, OTELC_SPAN_STATUS);
    CHECK(st != NULL);
    /* a singular message is made once: a second call hands out the same */
    CHECK_INT(otelc_node_set_str(otelc_node_mut_msg(span, OTELC_SPAN_STATUS),
                                 OTELC_STATUS_MESSAGE, "boom"),
              OTELC_OK);
    CHECK(str_is(st, OTELC_STATUS_MESSAGE, "boom"));
    CHECK_INT(
        otelc_node_set_int(st, OTELC_STATUS_CODE, OTELC_STATUS_CODE_ERROR),
        OTELC_OK);
    CHECK(otelc_build_span(ss, "second") != NULL);

    freed_count = 0;
    same_as_fixture(b, "built_traces.json");
    CHECK_INT(freed_count, 0);
    otelc_batch_release(b); /* the parent_span_id buffer goes with b */
    CHECK_INT(freed_count, 1);
}

static void
t_build_metrics(void)
{
    otelc_batch *b = new_batch(OTELC_SIGNAL_METRICS);
    otelc_node  *ss, *m, *dp, *data, *bk, *q;

    ss = otelc_build_scope(otelc_build_resource(b), "meter", NULL);
    m = otelc_build_metric(ss, "g", "a gauge", "1");
    CHECK_INT(otelc_node_set_str(upsert_in(m, OTELC_METRIC_METADATA, "meta"),
                                 OTELC_ANYVALUE_STRING_VALUE, "m1"),
              OTELC_OK);
    dp = otelc_build_gauge_point(m);
    CHECK_INT(otelc_attrs_set_str(dp, "host", "h1"), OTELC_OK);
    CHECK_INT(otelc_node_set_double(dp, OTELC_NUMBERDP_AS_DOUBLE, 1.25),
              OTELC_OK);
    add_exemplar(dp, OTELC_NUMBERDP_EXEMPLARS, 1);
    dp = otelc_build_gauge_point(m);
    CHECK_INT(otelc_node_set_int(dp, OTELC_NUMBERDP_AS_INT, INT64_MIN),
              OTELC_OK);
    m = otelc_build_metric(ss, "s", NULL, NULL);
    dp = otelc_build_sum_point(m, OTELC_TEMPORALITY_CUMULATIVE, 1);
    CHECK_INT(otelc_node_set_int(dp, OTELC_NUMBERDP_AS_INT, 42), OTELC_OK);
    m = otelc_build_metric(ss, "h", NULL, "ms");
    dp = otelc_build_histogram_point(m, OTELC_TEMPORALITY_DELTA);
    /* optional: present even though zero; min stays absent */
    CHECK_INT(otelc_node_set_double(dp, OTELC_HISTOGRAMDP_SUM, 0.0), OTELC_OK);
    for (int i = 0; i < 3; i++)
        CHECK_INT(otelc_node_add_uint(dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS,
                                      (uint64_t)i + 1),
                  OTELC_OK);
    CHECK_INT(otelc_node_add_double(dp, OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS, 5),
              OTELC_OK);
    add_exemplar(dp, OTELC_HISTOGRAMDP_EXEMPLARS, 0);
    CHECK_INT(otelc_node_set_double(dp, OTELC_HISTOGRAMDP_MAX, 4.5), OTELC_OK);
    m = otelc_build_metric(ss, "e", NULL, NULL);
    data = otelc_node_mut_msg(m, OTELC_METRIC_EXPONENTIAL_HISTOGRAM);
    CHECK_INT(otelc_node_set_int(data, OTELC_METRICDATA_AGGREGATION_TEMPORALITY,
                                 OTELC_TEMPORALITY_CUMULATIVE),
              OTELC_OK);
    dp = otelc_node_mut_msg(data, OTELC_METRICDATA_DATA_POINTS);
    CHECK_INT(otelc_node_set_int(dp, OTELC_EXPHISTDP_SCALE, -3), OTELC_OK);
    bk = otelc_node_mut_msg(dp, OTELC_EXPHISTDP_NEGATIVE);
    CHECK_INT(otelc_node_set_int(bk, OTELC_BUCKETS_OFFSET, 1), OTELC_OK);
    CHECK_INT(otelc_node_add_uint(bk, OTELC_BUCKETS_BUCKET_COUNTS, 3),
              OTELC_OK);
    m = otelc_build_metric(ss, "q", NULL, NULL);
    data = otelc_node_mut_msg(m, OTELC_METRIC_SUMMARY);
    dp = otelc_node_mut_msg(data, OTELC_METRICDATA_DATA_POINTS);
    q = otelc_node_mut_msg(dp, OTELC_SUMMARYDP_QUANTILE_VALUES);
    CHECK_INT(otelc_node_set_double(q, OTELC_QUANTILE_QUANTILE, 0.99),
              OTELC_OK);
    CHECK_INT(otelc_node_set_double(q, OTELC_QUANTILE_VALUE, 9.9), OTELC_OK);
    same_as_fixture(b, "built_metrics.json");
    otelc_batch_release(b);
}

static void
t_build_logs(void)
{
    otelc_batch *b = new_batch(OTELC_SIGNAL_LOGS);
    otelc_node  *ss, *lr, *body, *kv, *arr;

    ss = otelc_build_scope(otelc_build_resource(b), "logger", "0");
    lr = otelc_build_log(ss);
    CHECK_INT(
        otelc_node_set_int(lr, OTELC_LOG_SEVERITY_NUMBER, OTELC_SEVERITY_WARN),
        OTELC_OK);
    body = otelc_node_mut_msg(lr, OTELC_LOG_BODY);
    kv = otelc_node_mut_msg(
        otelc_node_mut_msg(body, OTELC_ANYVALUE_KVLIST_VALUE),
        OTELC_KVLIST_VALUES);
    CHECK_INT(otelc_node_set_str(kv, OTELC_KEYVALUE_KEY, "list"), OTELC_OK);
    arr = otelc_node_mut_msg(otelc_node_mut_msg(kv, OTELC_KEYVALUE_VALUE),
                             OTELC_ANYVALUE_ARRAY_VALUE);
    CHECK_INT(
        otelc_node_set_str(otelc_node_mut_msg(arr, OTELC_ARRAYVALUE_VALUES),
                           OTELC_ANYVALUE_STRING_VALUE, "two"),
        OTELC_OK);
    CHECK_INT(otelc_node_set_bytes(lr, OTELC_LOG_TRACE_ID, TRACE_ID, 16,
                                   OTELC_STATIC),
              OTELC_OK);
    CHECK_INT(otelc_node_set_str(lr, OTELC_LOG_EVENT_NAME, "app.started"),
              OTELC_OK);
    lr = otelc_build_log(ss);
    CHECK_INT(otelc_node_set_str(otelc_node_mut_msg(lr, OTELC_LOG_BODY),
                                 OTELC_ANYVALUE_STRING_VALUE, "plain text"),
              OTELC_OK);
    same_as_fixture(b, "built_logs.json");
    otelc_batch_release(b);
}

/* ---- generic accessor errors ---- */

static void
t_accessor_errors(void)
{
    const otelc_host_api *A = otelc__host();
    otelc_batch          *b = traces_fixture();
    otelc_iter            it;
    otelc_node           *span = otelc_spans_first(b, &it), *st;
    int64_t               i64;
    uint64_t              u64;
    double                d;
    int                   bo;
    const void           *p;
    size_t                len;

    CHECK_STR(otelc_node_type(span), "opentelemetry.proto.trace.v1.Span");
    CHECK_INT(A->node_field_kind(span, OTELC_SPAN_KIND), OTELC_FIELD_INT);
    CHECK_INT(A->node_field_kind(span, OTELC_SPAN_FLAGS), OTELC_FIELD_UINT);
    CHECK_INT(A->node_field_kind(span, OTELC_SPAN_NAME), OTELC_FIELD_STRING);
    CHECK_INT(A->node_field_kind(span, OTELC_SPAN_TRACE_ID), OTELC_FIELD_BYTES);
    CHECK_INT(A->node_field_kind(span, OTELC_SPAN_EVENTS), OTELC_FIELD_MESSAGE);
    CHECK_INT(A->node_field_kind(span, 99), OTELC_FIELD_NONE);

    CHECK_INT(A->node_get_int(span, OTELC_SPAN_NAME, 0, &i64), OTELC_E_TYPE);
    CHECK_INT(A->node_get_uint(span, OTELC_SPAN_KIND, 0, &u64), OTELC_E_TYPE);
    CHECK_INT(A->node_get_double(span, OTELC_SPAN_FLAGS, 0, &d), OTELC_E_TYPE);
    CHECK_INT(A->node_get_bool(span, OTELC_SPAN_NAME, 0, &bo), OTELC_E_TYPE);
    CHECK_INT(A->node_get_bytes(span, OTELC_SPAN_KIND, 0, &p, &len),
              OTELC_E_TYPE);
    CHECK_INT(A->node_get_int(span, 99, 0, &i64), OTELC_E_NOTFOUND);
    CHECK_INT(A->node_get_int(span, OTELC_SPAN_KIND, 1, &i64), OTELC_E_RANGE);
    CHECK(A->node_get_msg(span, OTELC_SPAN_NAME, 0) == NULL);
    CHECK(A->node_get_msg(span, OTELC_SPAN_EVENTS, 2) == NULL);
    CHECK_INT(otelc_node_set_int(span, OTELC_SPAN_NAME, 1), OTELC_E_TYPE);
    CHECK_INT(otelc_node_set_str(span, OTELC_SPAN_KIND, "x"), OTELC_E_TYPE);
    CHECK_INT(otelc_node_set_int(span, 99, 1), OTELC_E_NOTFOUND);
    /* int32 enum and uint32 ranges */
    CHECK_INT(otelc_node_set_int(span, OTELC_SPAN_KIND, INT64_C(1) << 40),
              OTELC_E_RANGE);
    CHECK_INT(otelc_node_set_uint(span, OTELC_SPAN_FLAGS, UINT64_C(1) << 33),
              OTELC_E_RANGE);
    CHECK_INT(otelc_node_uint(span, OTELC_SPAN_FLAGS), 0x101);
    /* repeated fields are not "set", singular ones not "added" */
    CHECK_INT(otelc_node_set_str(span, OTELC_SPAN_EVENTS, "x"), OTELC_E_TYPE);
    CHECK_INT(otelc_node_add_int(span, OTELC_SPAN_KIND, 1), OTELC_E_TYPE);
    CHECK_INT(otelc_node_add_str(span, OTELC_SPAN_ATTRIBUTES, "x"),
              OTELC_E_TYPE);
    CHECK(otelc_node_mut_msg(span, OTELC_SPAN_NAME) == NULL);
    CHECK(otelc_node_mut_msg(span, 99) == NULL);
    /* attrs on lists that are not KeyValue lists, or on messages without */
    st = otelc_node_msg(span, OTELC_SPAN_STATUS, 0);
    CHECK(otelc_attrs_find(st, "x") == NULL);
    CHECK(upsert_in(st, OTELC_ATTRS, "x") == NULL);
    CHECK_INT(otelc_attrs_delete(st, "x"), OTELC_E_INVALID);
    CHECK(find_in(span, OTELC_SPAN_EVENTS, "x") == NULL);
    CHECK(upsert_in(span, OTELC_SPAN_NAME, "x") == NULL);
    /* oneof_case of a non-oneof field */
    CHECK_INT(otelc_node_oneof_case(span, OTELC_SPAN_NAME), 0);

    /* remove: repeated element, singular message, scalar, string */
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_EVENTS), 2);
    CHECK_INT(otelc_node_remove(span, OTELC_SPAN_EVENTS, 0), OTELC_OK);
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_EVENTS), 1);
    CHECK(str_is(otelc_node_msg(span, OTELC_SPAN_EVENTS, 0), OTELC_EVENT_NAME,
                 "ev1"));
    CHECK_INT(otelc_node_remove(span, OTELC_SPAN_EVENTS, 1), OTELC_E_RANGE);
    CHECK_INT(otelc_node_remove(span, OTELC_SPAN_STATUS, 0), OTELC_OK);
    CHECK(otelc_node_msg(span, OTELC_SPAN_STATUS, 0) == NULL);
    CHECK_INT(otelc_node_remove(span, OTELC_SPAN_KIND, 0), OTELC_OK);
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_KIND), 0);
    CHECK_INT(otelc_node_remove(span, OTELC_SPAN_TRACE_STATE, 0), OTELC_OK);
    CHECK(str_is(span, OTELC_SPAN_TRACE_STATE, ""));
    CHECK_INT(otelc_node_remove(span, OTELC_SPAN_TRACE_ID, 0), OTELC_OK);
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_TRACE_ID), 0);
    {
        /* removing a oneof member clears the case */
        otelc_node *v = otelc_attrs_find(span, "s");
        CHECK_INT(otelc_node_remove(v, OTELC_ANYVALUE_INT_VALUE, 0), OTELC_OK);
        CHECK_INT(otelc_node_oneof_case(v, OTELC_ANYVALUE_INT_VALUE),
                  OTELC_ANYVALUE_STRING_VALUE);
        CHECK_INT(otelc_node_remove(v, OTELC_ANYVALUE_STRING_VALUE, 0),
                  OTELC_OK);
        CHECK_INT(otelc_node_oneof_case(v, OTELC_ANYVALUE_INT_VALUE), 0);
    }
    {
        otelc_batch *b2 = round_trip(b);
        otelc_node  *s2 = otelc_spans_first(b2, &it);
        CHECK_INT(otelc_node_count(s2, OTELC_SPAN_EVENTS), 1);
        CHECK(otelc_node_msg(s2, OTELC_SPAN_STATUS, 0) == NULL);
        CHECK_INT(otelc_node_int(s2, OTELC_SPAN_KIND), 0);
        CHECK_INT(otelc_node_count(s2, OTELC_SPAN_TRACE_ID), 0);
        CHECK_INT(otelc_node_oneof_case(otelc_attrs_find(s2, "s"),
                                        OTELC_ANYVALUE_INT_VALUE),
                  0);
        otelc_batch_release(b2);
    }
    /* A destructor-owned buffer is freed even when the call fails. */
    freed_count = 0;
    CHECK_INT(otelc_node_set_bytes(span, OTELC_SPAN_KIND, malloc(4), 4,
                                   counting_free),
              OTELC_E_TYPE);
    CHECK_INT(freed_count, 1);
    CHECK(A->batch_new(NULL, 3) == NULL);
    otelc_batch_release(b);
}

/* ---- attributes ---- */

static void
t_attributes(void)
{
    const otelc_host_api *A = otelc__host();
    otelc_batch          *b = new_batch(OTELC_SIGNAL_TRACES);
    otelc_node           *span = otelc_build_span(
                  otelc_build_scope(otelc_build_resource(b), "x", NULL), "s");
    otelc_node *v;

    CHECK(otelc_attrs_find(span, "a") == NULL);
    CHECK_INT(otelc_attrs_set_str(span, "a", "1"), OTELC_OK);
    CHECK_INT(otelc_attrs_set_int(span, "b", 2), OTELC_OK);
    CHECK_INT(otelc_attrs_set_bool(span, "c", 1), OTELC_OK);
    CHECK_INT(attrs_len(span, OTELC_SPAN_ATTRIBUTES), 3);
    /* put on an existing key replaces the value in place */
    CHECK_INT(otelc_attrs_set_double(span, "a", 1.5), OTELC_OK);
    CHECK_INT(attrs_len(span, OTELC_SPAN_ATTRIBUTES), 3);
    v = otelc_attrs_find(span, "a");
    CHECK_INT(otelc_node_oneof_case(v, OTELC_ANYVALUE_STRING_VALUE),
              OTELC_ANYVALUE_DOUBLE_VALUE);
    {
        const char *key;
        size_t      klen;
        CHECK_INT(
            otelc_attrs_at(span, OTELC_SPAN_ATTRIBUTES, 1, &key, &klen, &v),
            OTELC_OK);
        CHECK(klen == 1 && key[0] == 'b');
        CHECK_INT(otelc_node_int(v, OTELC_ANYVALUE_INT_VALUE), 2);
    }
    /* keys compare by length, not as C strings */
    CHECK(A->attrs_get(span, OTELC_ATTRS, "ab", 1, &v) == OTELC_OK);
    CHECK(A->attrs_get(span, OTELC_ATTRS, "a", 0, &v) == OTELC_E_NOTFOUND);
    CHECK_INT(otelc_attrs_delete(span, "b"), OTELC_OK);
    CHECK_INT(otelc_attrs_delete(span, "b"), OTELC_E_NOTFOUND);
    CHECK(otelc_attrs_find(span, "b") == NULL);
    CHECK_INT(attrs_len(span, OTELC_SPAN_ATTRIBUTES), 2);
    /* explicit field number works like OTELC_ATTRS */
    CHECK(find_in(span, OTELC_SPAN_ATTRIBUTES, "c") != NULL);
    /* many attributes: growth keeps earlier entries */
    for (int i = 0; i < 100; i++) {
        char k[16];
        snprintf(k, sizeof(k), "k%d", i);
        CHECK_INT(otelc_attrs_set_int(span, k, i), OTELC_OK);
    }
    for (int i = 0; i < 100; i += 7) {
        char k[16];
        snprintf(k, sizeof(k), "k%d", i);
        CHECK_INT(
            otelc_node_int(otelc_attrs_find(span, k), OTELC_ANYVALUE_INT_VALUE),
            i);
    }
    {
        otelc_batch *b2 = round_trip(b);
        otelc_iter   it;
        otelc_node  *s2 = otelc_spans_first(b2, &it);
        CHECK_INT(attrs_len(s2, OTELC_SPAN_ATTRIBUTES), 102);
        CHECK(otelc_node_double(otelc_attrs_find(s2, "a"),
                                OTELC_ANYVALUE_DOUBLE_VALUE) == 1.5);
        CHECK_INT(otelc_node_int(otelc_attrs_find(s2, "k99"),
                                 OTELC_ANYVALUE_INT_VALUE),
                  99);
        /* delete on a decoded (not built) batch */
        CHECK_INT(otelc_attrs_delete(s2, "k5"), OTELC_OK);
        CHECK_INT(attrs_len(s2, OTELC_SPAN_ATTRIBUTES), 101);
        otelc_batch_release(b2);
    }
    otelc_batch_release(b);
}

/* ---- unknown fields ---- */

static size_t
put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static size_t
wrap(unsigned char *out, uint32_t field, const unsigned char *in, size_t n)
{
    size_t k = put_varint(out, ((uint64_t)field << 3) | 2);
    k += put_varint(out + k, n);
    memmove(out + k, in, n);
    return k + n;
}

static void
t_unknown_fields_survive(void)
{
    /* Span{name: "a", 100: 42 (varint), 101: "fut" (bytes)} */
    static const unsigned char span[] = {0x2a, 0x01, 'a',  0xa0, 0x06, 0x2a,
                                         0xaa, 0x06, 0x03, 'f',  'u',  't'};
    unsigned char              buf[256], tmp[256];
    size_t                     n;
    otelc_batch               *b;
    otelc_iter                 it;
    otelc_node                *s;
    const void                *p;
    size_t                     len;
    TraceReq                  *req;
    Opentelemetry__Proto__Trace__V1__Span *sp;

    n = wrap(tmp, 2, span, sizeof(span)); /* ScopeSpans.spans */
    n = wrap(buf, 2, tmp, n);             /* ResourceSpans.scope_spans */
    n = wrap(tmp, 1, buf, n);             /* request.resource_spans */
    b = from_bytes(OTELC_SIGNAL_TRACES, tmp, n);
    CHECK_INT(otelc_batch_items(b), 1);
    s = otelc_spans_first(b, &it);
    CHECK(str_is(s, OTELC_SPAN_NAME, "a"));
    CHECK_INT(otelc_node_set_str(s, OTELC_SPAN_NAME, "renamed"), OTELC_OK);
    CHECK_INT(otelc_attrs_set_str(s, "k", "v"), OTELC_OK);
    CHECK_INT(otelc_batch_to_otlp(b, &p, &len), OTELC_OK);
    CHECK(len > n);
    req =
        opentelemetry__proto__collector__trace__v1__export_trace_service_request__unpack(
            NULL, len, p);
    CHECK(req != NULL);
    sp = req->resource_spans[0]->scope_spans[0]->spans[0];
    CHECK_STR(sp->name, "renamed");
    CHECK_INT(sp->n_attributes, 1);
    CHECK_INT(sp->base.n_unknown_fields, 2);
    CHECK_INT(sp->base.unknown_fields[0].tag, 100);
    CHECK_INT(sp->base.unknown_fields[1].tag, 101);
    /* protobuf-c keeps a length-delimited unknown field with its length */
    CHECK(sp->base.unknown_fields[1].len == 4 &&
          memcmp(sp->base.unknown_fields[1].data,
                 "\x03"
                 "fut",
                 4) == 0);
    opentelemetry__proto__collector__trace__v1__export_trace_service_request__free_unpacked(
        req, NULL);
    /* and once more through a split/clone cycle */
    {
        otelc_batch *c = otelc_batch_clone(b), *c2;
        c2 = round_trip(c);
        CHECK_INT(otelc_batch_to_otlp(c2, &p, &len), OTELC_OK);
        CHECK(memmem(p, len, "\xa0\x06\x2a", 3) != NULL);
        CHECK(memmem(p, len,
                     "\xaa\x06\x03"
                     "fut",
                     6) != NULL);
        otelc_batch_release(c2);
        otelc_batch_release(c);
    }
    otelc_batch_release(b);
}

/* ---- clone, sharing, READONLY ---- */

static void
t_clone_for_mutating_consumer(void)
{
    otelc_batch   *orig = reencoded(traces_fixture()), *c;
    const void    *p0, *p1, *p2;
    size_t         n0, n1, n2;
    unsigned char *before;
    otelc_iter     it;
    otelc_node    *s;

    CHECK_INT(otelc_batch_to_otlp(orig, &p0, &n0), OTELC_OK);
    before = malloc(n0);
    memcpy(before, p0, n0);
    otelc_batch_retain(orig); /* fan-out: two consumers hold it */
    c = otelc_batch_clone(orig);
    CHECK(c != NULL);
    CHECK_INT(otelc_batch_items(c), 2);
    /* undecoded clone shares the immutable bytes */
    CHECK_INT(otelc_batch_segment(c, 0, &p1, &n1), OTELC_OK);
    CHECK(p1 == p0 && n1 == n0);
    s = otelc_spans_first(c, &it);
    CHECK_INT(otelc_attrs_set_str(s, "added", "yes"), OTELC_OK);
    CHECK_INT(otelc_attrs_delete(s, "s"), OTELC_OK);
    CHECK_INT(otelc_node_set_str(s, OTELC_SPAN_NAME, "changed"), OTELC_OK);
    CHECK(otelc_node_mut_msg(s, OTELC_SPAN_EVENTS) != NULL);
    CHECK_INT(otelc_batch_to_otlp(c, &p2, &n2), OTELC_OK);
    CHECK(n2 != n0 || memcmp(p2, before, n0) != 0);
    /* the original is untouched, in bytes and in its decoded tree */
    CHECK_INT(otelc_batch_to_otlp(orig, &p1, &n1), OTELC_OK);
    CHECK(n1 == n0 && memcmp(p1, before, n0) == 0);
    check_traces(orig);
    otelc_batch_release(orig);
    check_traces(orig);
    /* a clone of a modified (dirty) batch gets the new content */
    {
        otelc_batch *c2 = otelc_batch_clone(c);
        s = otelc_spans_first(c2, &it);
        CHECK(str_is(s, OTELC_SPAN_NAME, "changed"));
        CHECK(otelc_attrs_find(s, "s") == NULL);
        CHECK_INT(otelc_node_count(s, OTELC_SPAN_EVENTS), 3);
        otelc_batch_release(c2);
    }
    otelc_batch_release(c);
    otelc_batch_release(orig);
    free(before);
}

static void
t_readonly_when_shared(void)
{
    const otelc_host_api *A = otelc__host();
    otelc_batch          *b = traces_fixture(), *other, *head = NULL;
    otelc_iter            it;
    otelc_node           *s = otelc_spans_first(b, &it);

    otelc_batch_retain(b);
    CHECK_INT(otelc_node_set_str(s, OTELC_SPAN_NAME, "x"), OTELC_E_READONLY);
    CHECK_INT(otelc_node_set_int(s, OTELC_SPAN_KIND, 1), OTELC_E_READONLY);
    CHECK_INT(otelc_node_set_uint(s, OTELC_SPAN_FLAGS, 1), OTELC_E_READONLY);
    CHECK_INT(otelc_node_set_bool(otelc_attrs_find(s, "b"),
                                  OTELC_ANYVALUE_BOOL_VALUE, 0),
              OTELC_E_READONLY);
    CHECK_INT(otelc_node_set_double(otelc_attrs_find(s, "d"),
                                    OTELC_ANYVALUE_DOUBLE_VALUE, 0),
              OTELC_E_READONLY);
    CHECK(otelc_node_mut_msg(s, OTELC_SPAN_EVENTS) == NULL);
    CHECK(otelc_node_mut_msg(s, OTELC_SPAN_STATUS) == NULL);
    CHECK_INT(otelc_node_add_str(otelc_node_msg(otelc_iter_resource(&it),
                                                OTELC_RESOURCE_ENTITY_REFS, 0),
                                 OTELC_ENTITYREF_ID_KEYS, "x"),
              OTELC_E_READONLY);
    CHECK_INT(otelc_node_remove(s, OTELC_SPAN_EVENTS, 0), OTELC_E_READONLY);
    CHECK(upsert_in(s, OTELC_ATTRS, "x") == NULL);
    CHECK_INT(otelc_attrs_set_str(s, "x", "y"), OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_delete(s, "s"), OTELC_E_READONLY);
    CHECK_INT(otelc_batch_split(b, 1, &head), OTELC_E_READONLY);
    CHECK(head == NULL);
    /* append into a shared dst fails but still takes src */
    freed_count = 0;
    {
        const void  *p;
        size_t       n;
        void        *copy;
        otelc_batch *tmp = round_trip(b);
        CHECK_INT(otelc_batch_to_otlp(tmp, &p, &n), OTELC_OK);
        copy = malloc(n);
        memcpy(copy, p, n);
        otelc_batch_release(tmp);
        CHECK_INT(A->batch_from_otlp(NULL, OTELC_SIGNAL_TRACES, copy, n,
                                     counting_free, &other),
                  OTELC_OK);
    }
    CHECK_INT(otelc_batch_append(b, other), OTELC_E_READONLY);
    CHECK_INT(freed_count, 1);
    /* nothing changed; after the other holder lets go, writes work */
    check_traces(b);
    otelc_batch_release(b);
    CHECK_INT(otelc_node_set_str(s, OTELC_SPAN_NAME, "x"), OTELC_OK);
    otelc_batch_release(b);
}

/* ---- segments / pass-through ---- */

static void
t_segments_pass_through(void)
{
    const otelc_host_api *A = otelc__host();
    otelc_batch   *t1 = traces_fixture(), *t2 = traces_fixture(), *a, *b, *c;
    const void    *p1, *p2, *p, *q;
    size_t         n1, n2, n, m;
    uint64_t       dec0, enc0, cat0, dec, enc, cat;
    unsigned char *joined;

    otelc_node_set_str(otelc_spans_first(t2, &(otelc_iter){0}), OTELC_SPAN_NAME,
                       "other");
    CHECK_INT(otelc_batch_to_otlp(t1, &p1, &n1), OTELC_OK);
    CHECK_INT(otelc_batch_to_otlp(t2, &p2, &n2), OTELC_OK);

    otelc__data_stats(&dec0, &enc0, &cat0);
    CHECK_INT(
        A->batch_from_otlp(NULL, OTELC_SIGNAL_TRACES, p1, n1, OTELC_STATIC, &a),
        OTELC_OK);
    CHECK_INT(
        A->batch_from_otlp(NULL, OTELC_SIGNAL_TRACES, p2, n2, OTELC_STATIC, &b),
        OTELC_OK);
    CHECK_INT(otelc_batch_items(a), 2);
    CHECK_INT(otelc_batch_size(a), n1);
    /* one segment, unmodified: the very bytes handed in */
    CHECK_INT(otelc_batch_to_otlp(a, &p, &n), OTELC_OK);
    CHECK(p == p1 && n == n1);
    CHECK_INT(otelc_batch_append(a, b), OTELC_OK);
    CHECK_INT(otelc_batch_items(a), 4);
    CHECK_INT(otelc_batch_size(a), n1 + n2);
    CHECK_INT(otelc_batch_segments(a), 2);
    CHECK_INT(otelc_batch_segment(a, 0, &p, &n), OTELC_OK);
    CHECK(p == p1 && n == n1);
    CHECK_INT(otelc_batch_segment(a, 1, &p, &n), OTELC_OK);
    CHECK(p == p2 && n == n2);
    CHECK_INT(otelc_batch_segment(a, 2, &p, &n), OTELC_E_RANGE);
    /* clone and a whole-batch split keep sharing the segments */
    c = otelc_batch_clone(a);
    CHECK_INT(otelc_batch_segments(c), 2);
    CHECK_INT(otelc_batch_segment(c, 1, &p, &n), OTELC_OK);
    CHECK(p == p2);
    {
        otelc_batch *head = NULL;
        CHECK_INT(otelc_batch_split(c, 4, &head), OTELC_OK);
        CHECK_INT(otelc_batch_items(head), 4);
        CHECK_INT(otelc_batch_items(c), 0);
        CHECK_INT(otelc_batch_segments(head), 2);
        CHECK_INT(otelc_batch_segments(c), 0);
        otelc_batch_release(head);
        CHECK_INT(otelc_batch_split(c, 0, &head), OTELC_OK);
        CHECK_INT(otelc_batch_items(head), 0);
        otelc_batch_release(head);
    }
    otelc__data_stats(&dec, &enc, &cat);
    CHECK_INT(dec, dec0);
    CHECK_INT(enc, enc0);
    CHECK_INT(cat, cat0);
    /* contiguous form: concatenated once, cached */
    CHECK_INT(otelc_batch_to_otlp(a, &p, &n), OTELC_OK);
    CHECK_INT(n, n1 + n2);
    joined = malloc(n);
    memcpy(joined, p1, n1);
    memcpy(joined + n1, p2, n2);
    CHECK(memcmp(p, joined, n) == 0);
    CHECK_INT(otelc_batch_to_otlp(a, &q, &m), OTELC_OK);
    CHECK(q == p && m == n);
    otelc__data_stats(&dec, &enc, &cat);
    CHECK_INT(dec, dec0);
    CHECK_INT(enc, enc0);
    CHECK_INT(cat, cat0 + 1);
    /* reading decodes once; the merged tree has both requests' spans */
    {
        otelc_iter  it;
        otelc_node *s;
        int         k = 0;
        for (s = otelc_spans_first(a, &it); s; s = otelc_spans_next(&it))
            k++;
        CHECK_INT(k, 4);
        otelc_spans_first(a, &it);
        otelc__data_stats(&dec, &enc, &cat);
        CHECK_INT(dec, dec0 + 1);
        /* still not modified: bytes still the segments */
        CHECK_INT(otelc_batch_segments(a), 2);
        CHECK_INT(otelc_batch_to_otlp(a, &q, &m), OTELC_OK);
        CHECK(q == p);
        /* modified: one re-encoded segment */
        s = otelc_spans_first(a, &it);
        s = otelc_spans_next(&it);
        s = otelc_spans_next(&it);
        CHECK(str_is(s, OTELC_SPAN_NAME, "other"));
        CHECK_INT(otelc_attrs_set_int(s, "n", 1), OTELC_OK);
        CHECK_INT(otelc_batch_segments(a), 1);
        otelc__data_stats(&dec, &enc, &cat);
        CHECK_INT(enc, enc0 + 1);
        CHECK_INT(otelc_batch_to_otlp(a, &q, &m), OTELC_OK);
        CHECK(m > n);
        CHECK_INT(otelc_batch_size(a), m);
        otelc__data_stats(&dec, &enc, &cat);
        CHECK_INT(enc, enc0 + 1);
    }
    free(joined);
    otelc_batch_release(c);
    otelc_batch_release(a);
    otelc_batch_release(t1);
    otelc_batch_release(t2);
}

static void
t_dtor_and_copy_semantics(void)
{
    const otelc_host_api *A = otelc__host();
    otelc_batch          *t = logs_fixture(), *a, *c;
    const void           *p;
    size_t                n;
    unsigned char        *owned, *mine;

    CHECK_INT(otelc_batch_to_otlp(t, &p, &n), OTELC_OK);
    /* COPY: the caller's buffer may change right after */
    mine = malloc(n);
    memcpy(mine, p, n);
    CHECK_INT(
        A->batch_from_otlp(NULL, OTELC_SIGNAL_LOGS, mine, n, OTELC_COPY, &a),
        OTELC_OK);
    memset(mine, 0, n);
    check_logs(a);
    otelc_batch_release(a);
    free(mine);
    /* destructor: called once, when the last sharer is gone */
    owned = malloc(n);
    memcpy(owned, p, n);
    freed_count = 0;
    CHECK_INT(A->batch_from_otlp(NULL, OTELC_SIGNAL_LOGS, owned, n,
                                 counting_free, &a),
              OTELC_OK);
    c = otelc_batch_clone(a);
    otelc_batch_release(a);
    CHECK_INT(freed_count, 0);
    check_logs(c);
    otelc_batch_release(c);
    CHECK_INT(freed_count, 1);
    /* rejected bytes: error with detail, destructor still runs */
    owned = malloc(3);
    memcpy(owned, "\x0a\x05\x00", 3);
    a = (otelc_batch *)1;
    CHECK_INT(A->batch_from_otlp(NULL, OTELC_SIGNAL_LOGS, owned, 3,
                                 counting_free, &a),
              OTELC_E_PERMANENT);
    CHECK(a == NULL);
    CHECK_INT(freed_count, 2);
    /* empty request */
    CHECK_INT(
        A->batch_from_otlp(NULL, OTELC_SIGNAL_LOGS, "", 0, OTELC_STATIC, &a),
        OTELC_OK);
    CHECK_INT(otelc_batch_items(a), 0);
    CHECK_INT(otelc_batch_segments(a), 0);
    CHECK_INT(otelc_batch_to_otlp(a, &p, &n), OTELC_OK);
    CHECK_INT(n, 0);
    CHECK(otelc_batch_root(a) != NULL);
    otelc_batch_release(a);
    otelc_batch_release(t);
}

static otelc_batch *build_grid(int nres, int nscope, int nspan);

/* If the bytes ever fail the full decode after passing the scan (here: a
 * STATIC buffer the caller broke its promise about), the batch degrades
 * to bytes-only instead of crashing. */
static void
t_decode_failure_degrades(void)
{
    otelc_batch   *t = traces_fixture(), *b;
    const void    *p;
    size_t         n, len;
    unsigned char *buf;

    CHECK_INT(otelc_batch_to_otlp(t, &p, &n), OTELC_OK);
    buf = malloc(n);
    memcpy(buf, p, n);
    otelc_batch_release(t);
    CHECK_INT(otelc__host()->batch_from_otlp(NULL, OTELC_SIGNAL_TRACES, buf, n,
                                             OTELC_STATIC, &b),
              OTELC_OK);
    buf[1] = 0x7f; /* ResourceSpans length now points past the end */
    CHECK_INT(otelc_batch_items(b), 2);
    CHECK(otelc_batch_root(b) == NULL);
    CHECK_INT(otelc_batch_to_otlp(b, &p, &len), OTELC_OK);
    CHECK(p == buf && len == n);
    {
        otelc_batch *head = NULL;
        otelc_batch *c = otelc_batch_clone(b);
        CHECK(c != NULL);
        CHECK_INT(otelc_batch_split(c, 1, &head), OTELC_E_PERMANENT);
        CHECK(head == NULL);
        CHECK_INT(otelc_batch_append(c, reencoded(traces_fixture())), OTELC_OK);
        CHECK_INT(otelc_batch_items(c), 4);
        /* changes not yet encoded (a batch built through the node API)
         * need a tree merge, which the undecodable dst cannot do */
        CHECK_INT(otelc_batch_append(c, build_grid(1, 1, 2)),
                  OTELC_E_PERMANENT);
        otelc_batch_release(c);
    }
    otelc_batch_release(b);
    free(buf);
}

/* Deeply nested AnyValues that pass the scan decode fine. */
static void
t_deep_nesting_decodes(void)
{
    unsigned char buf[4096], tmp[4096];
    size_t        n = 0;
    otelc_batch  *b;
    otelc_iter    it;
    otelc_node   *v;
    int           depth = 0;

    tmp[n++] = 0x18; /* AnyValue{int_value: 7} */
    tmp[n++] = 0x07;
    for (int i = 0; i < (OTELC_OTLP_MAX_DEPTH - 5) / 2; i++) {
        n = wrap(buf, 1, tmp, n); /* ArrayValue.values */
        n = wrap(tmp, 5, buf, n); /* AnyValue.array_value */
    }
    n = wrap(buf, 5, tmp, n); /* LogRecord.body */
    n = wrap(tmp, 2, buf, n);
    n = wrap(buf, 2, tmp, n);
    n = wrap(tmp, 1, buf, n);
    b = from_bytes(OTELC_SIGNAL_LOGS, tmp, n);
    v = otelc_node_msg(otelc_logs_first(b, &it), OTELC_LOG_BODY, 0);
    while (otelc_node_oneof_case(v, OTELC_ANYVALUE_ARRAY_VALUE) ==
           OTELC_ANYVALUE_ARRAY_VALUE) {
        v = otelc_node_msg(otelc_node_msg(v, OTELC_ANYVALUE_ARRAY_VALUE, 0),
                           OTELC_ARRAYVALUE_VALUES, 0);
        depth++;
    }
    CHECK_INT(depth, (OTELC_OTLP_MAX_DEPTH - 5) / 2);
    CHECK_INT(otelc_node_int(v, OTELC_ANYVALUE_INT_VALUE), 7);
    otelc_batch_release(b);
}

/* ---- append and split ---- */

static otelc_batch *
build_grid(int nres, int nscope, int nspan)
{
    otelc_batch *b = new_batch(OTELC_SIGNAL_TRACES);
    for (int r = 0; r < nres; r++) {
        otelc_node *rs = otelc_build_resource(b);
        char        name[64];
        snprintf(name, sizeof(name), "r%d", r);
        otelc_attrs_set_str(otelc_build_resource_attrs(rs), "service.name",
                            name);
        for (int s = 0; s < nscope; s++) {
            otelc_node *ss;
            snprintf(name, sizeof(name), "r%ds%d", r, s);
            ss = otelc_build_scope(rs, name, NULL);
            for (int k = 0; k < nspan; k++) {
                snprintf(name, sizeof(name), "r%ds%dp%d", r, s, k);
                otelc_build_span(ss, name);
            }
        }
    }
    return b;
}

/* Spans in order as "name@resource/scope", joined by spaces. */
static void
describe(otelc_batch *b, char *out, size_t size)
{
    otelc_iter it;
    size_t     off = 0;
    out[0] = '\0';
    for (otelc_node *s = otelc_spans_first(b, &it); s;
         s = otelc_spans_next(&it)) {
        size_t      nl, rl, sl;
        const char *n = otelc_span_name(s, &nl);
        const char *r = otelc_node_str(
            otelc_attrs_find(otelc_iter_resource(&it), "service.name"),
            OTELC_ANYVALUE_STRING_VALUE, &rl);
        const char *sc =
            otelc_node_str(otelc_iter_scope(&it), OTELC_SCOPE_NAME, &sl);
        int w = snprintf(out + off, size - off, "%s%.*s@%.*s/%.*s",
                         off ? " " : "", (int)nl, n, (int)rl, r, (int)sl, sc);
        CHECK(w > 0 && (size_t)w < size - off);
        off += (size_t)w;
    }
}

static uint64_t
scanned_items(otelc_batch *b)
{
    const void *p;
    size_t      n;
    uint64_t    items = 0;
    CHECK_INT(otelc_batch_to_otlp(b, &p, &n), OTELC_OK);
    CHECK_INT(otelc__otlp_scan(otelc_batch_signal(b), p, n, &items, NULL, 0),
              OTELC_OK);
    return items;
}

static void
t_split_and_append_traces(void)
{
    static char all[4096], h[4096], t[4096], again[4096];
    for (uint64_t cut = 1; cut < 18; cut++) {
        otelc_batch *b = build_grid(3, 2, 3), *head = NULL;
        describe(b, all, sizeof(all));
        CHECK_INT(otelc_batch_items(b), 18);
        CHECK_INT(otelc_batch_split(b, cut, &head), OTELC_OK);
        CHECK_INT(otelc_batch_items(head), cut);
        CHECK_INT(otelc_batch_items(b), 18 - cut);
        CHECK_INT(scanned_items(head), cut);
        CHECK_INT(scanned_items(b), 18 - cut);
        describe(head, h, sizeof(h));
        describe(b, t, sizeof(t));
        /* head + tail is the original sequence, with every span still
         * under its own resource and scope */
        CHECK_INT(strlen(h) + 1 + strlen(t), strlen(all));
        CHECK(strncmp(all, h, strlen(h)) == 0);
        CHECK_STR(all + strlen(h) + 1, t);
        /* the halves are independent: change one, the other stays */
        {
            otelc_iter  it;
            otelc_node *res;
            otelc_spans_first(b, &it);
            res = otelc_iter_resource(&it);
            CHECK_INT(otelc_attrs_set_str(res, "service.name", "changed"),
                      OTELC_OK);
            otelc_spans_first(head, &it);
            CHECK_INT(otelc_node_set_str(otelc_iter_scope(&it),
                                         OTELC_SCOPE_NAME, "hs"),
                      OTELC_OK);
            describe(head, h, sizeof(h));
            CHECK(strstr(h, "changed") == NULL);
            describe(b, t, sizeof(t));
            CHECK(strstr(t, "/hs") == NULL);
            CHECK(strstr(t, "changed") != NULL);
        }
        /* head survives its parent */
        CHECK_INT(otelc_batch_append(head, b), OTELC_OK);
        CHECK_INT(otelc_batch_items(head), 18);
        CHECK_INT(scanned_items(head), 18);
        describe(head, again, sizeof(again));
        otelc_batch_release(head);
    }
    /* append of undecoded batches into a decoded, modified one */
    {
        otelc_batch *d = build_grid(1, 1, 2);
        otelc_batch *e = round_trip(d);
        otelc_batch *f = round_trip(d);
        CHECK_INT(otelc_batch_append(e, f), OTELC_OK); /* segments */
        CHECK_INT(otelc_batch_append(d, e), OTELC_OK); /* decode + merge */
        CHECK_INT(otelc_batch_items(d), 6);
        CHECK_INT(scanned_items(d), 6);
        describe(d, all, sizeof(all));
        CHECK_STR(all, "r0s0p0@r0/r0s0 r0s0p1@r0/r0s0 r0s0p0@r0/r0s0 "
                       "r0s0p1@r0/r0s0 r0s0p0@r0/r0s0 r0s0p1@r0/r0s0");
        /* shared src: copied, later changes in dst do not leak into it */
        e = round_trip(d);
        otelc_batch_retain(e);
        CHECK_INT(otelc_batch_append(d, e), OTELC_OK);
        CHECK_INT(otelc_batch_items(d), 12);
        {
            otelc_iter it;
            otelc_node_set_str(otelc_spans_first(d, &it), OTELC_SPAN_NAME, "z");
            for (int i = 0; i < 6; i++)
                otelc_spans_next(&it);
            otelc_node_set_str(otelc_spans_next(&it), OTELC_SPAN_NAME, "y");
            CHECK(str_is(otelc_spans_first(e, &it), OTELC_SPAN_NAME, "r0s0p0"));
        }
        CHECK_INT(otelc_batch_items(e), 6);
        CHECK_INT(otelc_batch_append(d, new_batch(OTELC_SIGNAL_LOGS)),
                  OTELC_E_INVALID);
        CHECK_INT(otelc_batch_items(d), 12);
        otelc_batch_release(e);
        otelc_batch_release(d);
    }
    /* builder batches appended to a fresh batch_new() keep pass-through */
    {
        otelc_batch *acc = new_batch(OTELC_SIGNAL_TRACES);
        otelc_batch *x = reencoded(build_grid(1, 1, 1));
        uint64_t     d0, d1;
        otelc__data_stats(&d0, NULL, NULL);
        CHECK_INT(otelc_batch_append(acc, x), OTELC_OK);
        CHECK_INT(otelc_batch_items(acc), 1);
        CHECK_INT(otelc_batch_segments(acc), 1);
        otelc__data_stats(&d1, NULL, NULL);
        CHECK_INT(d1, d0);
        otelc_batch_release(acc);
    }
}

static otelc_batch *
build_points(void)
{
    otelc_batch *b = new_batch(OTELC_SIGNAL_METRICS);
    otelc_node  *ss = otelc_build_scope(otelc_build_resource(b), "m", NULL);
    otelc_node  *m = otelc_build_metric(ss, "g", "desc", "u");
    for (int i = 0; i < 5; i++)
        otelc_node_set_int(otelc_build_gauge_point(m), OTELC_NUMBERDP_AS_INT,
                           i);
    m = otelc_build_metric(ss, "s", NULL, NULL);
    for (int i = 0; i < 3; i++)
        otelc_node_set_int(otelc_build_sum_point(m, 2, 1),
                           OTELC_NUMBERDP_AS_INT, 10 + i);
    m = otelc_build_metric(ss, "empty", NULL, NULL);
    m = otelc_build_metric(ss, "h", NULL, NULL);
    otelc_build_histogram_point(m, 1);
    return b;
}

/* "name:value,value name:..." for every metric */
static void
describe_points(otelc_batch *b, char *out, size_t size)
{
    otelc_iter it;
    size_t     off = 0;
    out[0] = '\0';
    for (otelc_node *m = otelc_metrics_first(b, &it); m;
         m = otelc_metrics_next(&it)) {
        size_t      nl;
        const char *n = otelc_metric_name(m, &nl);
        otelc_node *data = otelc_metric_data(m, NULL);
        off += (size_t)snprintf(out + off, size - off,
                                "%s%.*s:", off ? " " : "", (int)nl, n);
        for (size_t i = 0;
             i < otelc_node_count(data, OTELC_METRICDATA_DATA_POINTS); i++)
            off += (size_t)snprintf(
                out + off, size - off, "%lld,",
                (long long)otelc_node_int(
                    otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, i),
                    OTELC_NUMBERDP_AS_INT));
        CHECK(off < size);
    }
}

static void
t_split_metrics_and_logs(void)
{
    char h[512], t[512];

    {
        otelc_batch *b = build_points(), *head;
        CHECK_INT(otelc_batch_items(b), 9);
        CHECK_INT(otelc_batch_split(b, 2, &head), OTELC_OK);
        CHECK_INT(otelc_batch_items(head), 2);
        CHECK_INT(otelc_batch_items(b), 7);
        describe_points(head, h, sizeof(h));
        describe_points(b, t, sizeof(t));
        CHECK_STR(h, "g:0,1,");
        CHECK_STR(t, "g:2,3,4, s:10,11,12, empty: h:0,");
        /* the straddling metric kept its description and unit on both */
        {
            otelc_iter  it;
            otelc_node *m = otelc_metrics_first(head, &it);
            CHECK(str_is(m, OTELC_METRIC_UNIT, "u"));
            m = otelc_metrics_first(b, &it);
            CHECK(str_is(m, OTELC_METRIC_DESCRIPTION, "desc"));
        }
        otelc_batch_release(head);
        /* cut inside the sum: temporality and monotonic kept */
        CHECK_INT(otelc_batch_split(b, 4, &head), OTELC_OK);
        describe_points(head, h, sizeof(h));
        describe_points(b, t, sizeof(t));
        CHECK_STR(h, "g:2,3,4, s:10,");
        CHECK_STR(t, "s:11,12, empty: h:0,");
        {
            otelc_iter  it;
            otelc_node *m = otelc_metrics_first(b, &it);
            otelc_node *d = otelc_metric_data(m, NULL);
            CHECK_INT(otelc_node_bool(d, OTELC_SUM_IS_MONOTONIC), 1);
            CHECK_INT(
                otelc_node_int(d, OTELC_METRICDATA_AGGREGATION_TEMPORALITY), 2);
        }
        CHECK_INT(scanned_items(head), 4);
        CHECK_INT(scanned_items(b), 3);
        otelc_batch_release(head);
        /* a metric without points right at the cut stays with the tail */
        CHECK_INT(otelc_batch_split(b, 2, &head), OTELC_OK);
        describe_points(head, h, sizeof(h));
        describe_points(b, t, sizeof(t));
        CHECK_STR(h, "s:11,12,");
        CHECK_STR(t, "empty: h:0,");
        CHECK_INT(otelc_batch_items(b), 1);
        otelc_batch_release(head);
        otelc_batch_release(b);
    }
    {
        otelc_batch *b = logs_fixture(), *head;
        otelc_iter   it;
        CHECK_INT(otelc_batch_split(b, 1, &head), OTELC_OK);
        CHECK_INT(otelc_batch_items(head), 1);
        CHECK_INT(otelc_batch_items(b), 2);
        CHECK(
            str_is(otelc_node_msg(otelc_logs_first(b, &it), OTELC_LOG_BODY, 0),
                   OTELC_ANYVALUE_STRING_VALUE, "plain text"));
        CHECK(str_is(otelc_iter_scope(&it), OTELC_SCOPE_NAME, "logger"));
        otelc_logs_first(head, &it);
        CHECK(str_is(otelc_iter_scope(&it), OTELC_SCOPE_NAME, "logger"));
        CHECK_INT(otelc_batch_append(head, b), OTELC_OK);
        check_logs(head);
        otelc_batch_release(head);
    }
}

static void
t_item_counts(void)
{
    otelc_batch *b;
    otelc_iter   it;

    b = reencoded(build_grid(2, 3, 4));
    CHECK_INT(otelc_batch_items(b), 24);
    otelc_node_remove(otelc_spans_first(b, &it), 0, 0); /* no field 0 */
    CHECK_INT(otelc_batch_items(b), 24);
    CHECK_INT(otelc_node_remove(it.scope_x, OTELC_SCOPE_X_ITEMS, 0), OTELC_OK);
    CHECK_INT(otelc_batch_items(b), 23);
    CHECK_INT(otelc_node_remove(it.resource_x, OTELC_RESOURCE_X_SCOPES, 0),
              OTELC_OK);
    CHECK_INT(otelc_batch_items(b), 20);
    otelc_batch_release(b);
    b = reencoded(metrics_fixture());
    CHECK_INT(otelc_batch_items(b), 6);
    otelc_batch_release(b);
    b = reencoded(build_points());
    CHECK_INT(otelc_batch_items(b), 9);
    {
        otelc_node *m = otelc_metrics_first(b, &it);
        CHECK_INT(otelc_node_remove(m, OTELC_METRIC_GAUGE, 0), OTELC_OK);
        CHECK_INT(otelc_batch_items(b), 4);
    }
    otelc_batch_release(b);
    b = reencoded(logs_fixture());
    CHECK_INT(otelc_batch_items(b), 3);
    otelc_batch_release(b);
    b = new_batch(OTELC_SIGNAL_METRICS);
    CHECK_INT(otelc_batch_items(b), 0);
    otelc_batch_release(b);
}

struct reader_arg {
    otelc_batch *b;
    int          spans;
};

static void *
reader(void *p)
{
    struct reader_arg *ra = p;
    otelc_iter         it;
    const void        *buf;
    size_t             n;
    for (int round = 0; round < 50; round++) {
        int k = 0;
        for (otelc_node *s = otelc_spans_first(ra->b, &it); s;
             s = otelc_spans_next(&it)) {
            otelc_attrs_find(s, "service.name");
            k++;
        }
        ra->spans = k;
        if (otelc_batch_to_otlp(ra->b, &buf, &n) != OTELC_OK)
            ra->spans = -1;
        otelc_batch_items(ra->b);
    }
    otelc_batch_release(ra->b);
    return NULL;
}

/* A batch shared read-only between threads: lazy decode, concatenation
 * and node handles are safe, and the last release frees it. */
static void
t_shared_across_threads(void)
{
    otelc_batch      *b = reencoded(build_grid(2, 2, 5));
    pthread_t         th[4];
    struct reader_arg ra[4];

    CHECK_INT(otelc_batch_append(b, reencoded(build_grid(1, 1, 3))), OTELC_OK);
    for (int i = 0; i < 4; i++) {
        otelc_batch_retain(b);
        ra[i].b = b;
        CHECK_INT(pthread_create(&th[i], NULL, reader, &ra[i]), 0);
    }
    otelc_batch_release(b);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK_INT(ra[i].spans, 23);
    }
}

static const struct test_case cases[] = {
    TEST_CASE(t_traces_round_trip),
    TEST_CASE(t_metrics_round_trip),
    TEST_CASE(t_logs_round_trip),
    TEST_CASE(t_build_traces),
    TEST_CASE(t_build_metrics),
    TEST_CASE(t_build_logs),
    TEST_CASE(t_accessor_errors),
    TEST_CASE(t_attributes),
    TEST_CASE(t_unknown_fields_survive),
    TEST_CASE(t_clone_for_mutating_consumer),
    TEST_CASE(t_readonly_when_shared),
    TEST_CASE(t_segments_pass_through),
    TEST_CASE(t_dtor_and_copy_semantics),
    TEST_CASE(t_decode_failure_degrades),
    TEST_CASE(t_deep_nesting_decodes),
    TEST_CASE(t_split_and_append_traces),
    TEST_CASE(t_split_metrics_and_logs),
    TEST_CASE(t_item_counts),
    TEST_CASE(t_shared_across_threads),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
