/* OTLP/JSON codec: round trips of requests filling every field of every
 * OTLP message, spec-style documents checked through the node API, the
 * accepted spellings (names, integers, enums), and a table of bad inputs
 * with the error each must produce. */
#include <math.h>

#include <otelc/otelc.h>

#include "api.h"
#include "arena.h"
#include "batch.h"
#include "host_table.h"
#include "otlp_json.h"
#include "otlp_validate.h"
#include "testlib.h"

/* ---- a request with every field set, generated from descriptors ---- */

static unsigned fill_seed;

static void fill_msg(otelc_arena *a, ProtobufCMessage *m, int depth);

static void
fill_value(otelc_arena *a, const ProtobufCFieldDescriptor *f, void *dst,
           int depth)
{
    unsigned s = ++fill_seed;
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        *(int32_t *)dst = s % 3 ? (int32_t)s : -(int32_t)s * 1000;
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        *(uint32_t *)dst = s % 3 ? s : UINT32_MAX - s;
        break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        *(int64_t *)dst =
            s % 2 ? -(int64_t)s * INT64_C(1000000007) : INT64_MIN + s;
        break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        *(uint64_t *)dst = s % 2 ? UINT64_MAX - s : UINT64_C(1544712660) * s;
        break;
    case PROTOBUF_C_TYPE_FLOAT:
        *(float *)dst = (float)s / 3.0f;
        break;
    case PROTOBUF_C_TYPE_DOUBLE: {
        static const double odd[] = {0.1,  -2.5e-300, 1.7976931348623157e308,
                                     -0.0, 3.0,       1e21};
        *(double *)dst = s % 7 == 0    ? NAN
                         : s % 11 == 0 ? -INFINITY
                                       : odd[s % 6] * (double)(s % 5 + 1);
        break;
    }
    case PROTOBUF_C_TYPE_BOOL:
        *(protobuf_c_boolean *)dst = 1;
        break;
    case PROTOBUF_C_TYPE_ENUM: {
        const ProtobufCEnumDescriptor *e = f->descriptor;
        *(int *)dst = e->values[s % e->n_values].value
                          ? e->values[s % e->n_values].value
                          : 1;
        break;
    }
    case PROTOBUF_C_TYPE_STRING: {
        char buf[64];
        snprintf(buf, sizeof(buf),
                 "s%u \"q\" \\ \n\t\x01 caf\xc3\xa9 \xe2\x98\x83 /", s);
        *(char **)dst = otelc__arena_strndup(a, buf, strlen(buf));
        break;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        ProtobufCBinaryData *b = dst;
        size_t               n = otelc__otlp_id_len(f);
        if (n == 0)
            n = 1 + s % 5; /* every base64 padding */
        b->len = n;
        b->data = otelc__arena_alloc(a, n);
        for (size_t i = 0; i < n; i++)
            b->data[i] = (uint8_t)(s * 37 + i * 251);
        break;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        ProtobufCMessage *m = otelc__msg_new(a, f->descriptor);
        fill_msg(a, m, depth + 1);
        *(ProtobufCMessage **)dst = m;
        break;
    }
    }
}

static void
fill_msg(otelc_arena *a, ProtobufCMessage *m, int depth)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    char                             *base = (char *)m;

    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type == PROTOBUF_C_TYPE_MESSAGE && depth >= 7)
            continue;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            /* one member per oneof, rotating over the members */
            uint32_t *c = (uint32_t *)(base + f->quantifier_offset);
            unsigned  n = 0, pick;
            if (*c != 0)
                continue;
            for (unsigned j = i; j < d->n_fields; j++)
                if (d->fields[j].quantifier_offset == f->quantifier_offset)
                    n++;
            pick = ++fill_seed % n;
            for (unsigned j = i; j < d->n_fields; j++) {
                const ProtobufCFieldDescriptor *g = &d->fields[j];
                if (g->quantifier_offset != f->quantifier_offset ||
                    (g->type == PROTOBUF_C_TYPE_MESSAGE && depth >= 7))
                    continue;
                if (pick-- == 0 || j == d->n_fields - 1) {
                    fill_value(a, g, base + g->offset, depth);
                    *c = g->id;
                    break;
                }
            }
            continue;
        }
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = 2, esize = otelc__elem_size(f);
            char  *arr = otelc__arena_zalloc(a, n * esize);
            for (size_t j = 0; j < n; j++)
                fill_value(a, f, arr + j * esize, depth);
            *otelc__rep_count(m, f) = n;
            *otelc__rep_array(m, f) = arr;
            continue;
        }
        fill_value(a, f, base + f->offset, depth);
    }
}

static const otelc_host_api *
api(void)
{
    return otelc__host();
}

static otelc_batch *
from_json(int signal, const char *json)
{
    otelc_batch *b = NULL;
    if (api()->batch_from_otlp_json(NULL, signal, json, strlen(json), &b) !=
        OTELC_OK) {
        /* the detail, which a NULL ctx sends to the debug log */
        otelc_arena      *a = otelc__arena_new();
        ProtobufCMessage *m;
        char              err[512] = "";
        otelc__json_decode(otelc__request_descriptor(signal), json,
                           strlen(json), a, &m, err, sizeof(err));
        fprintf(stderr, "rejected: %s\n", err);
        CHECK(0);
    }
    CHECK(b != NULL);
    return b;
}

/* protobuf bytes of a JSON document (malloc'd) */
static unsigned char *
json_to_pb(int signal, const char *json, size_t *len)
{
    otelc_batch   *b = from_json(signal, json);
    const void    *p;
    unsigned char *copy;
    CHECK_INT(otelc_batch_to_otlp(b, &p, len), OTELC_OK);
    copy = malloc(*len + 1);
    memcpy(copy, p, *len);
    otelc_batch_release(b);
    return copy;
}

static void
same_pb(int signal, const char *a, const char *b)
{
    size_t         na, nb;
    unsigned char *pa = json_to_pb(signal, a, &na);
    unsigned char *pb = json_to_pb(signal, b, &nb);
    if (na != nb || memcmp(pa, pb, na) != 0) {
        fprintf(stderr, "different bytes for\n  %s\n  %s\n", a, b);
        CHECK(0);
    }
    free(pa);
    free(pb);
}

static void
round_trip_full(int signal)
{
    otelc_arena      *a = otelc__arena_new();
    ProtobufCMessage *req =
        otelc__msg_new(a, otelc__request_descriptor(signal));
    size_t       n;
    uint8_t     *pb;
    otelc_batch *b = NULL, *b2;
    const void  *json, *json2, *pb2;
    size_t       jlen, jlen2, pblen2;
    char        *jcopy;

    fill_msg(a, req, 0);
    n = protobuf_c_message_get_packed_size(req);
    pb = malloc(n);
    protobuf_c_message_pack(req, pb);
    otelc__arena_release(a);

    CHECK_INT(api()->batch_from_otlp(NULL, signal, pb, n, free, &b), OTELC_OK);
    CHECK_INT(otelc_batch_to_otlp_json(b, &json, &jlen), OTELC_OK);
    CHECK(strlen(json) == jlen);
    /* canonical form: hex ids, int64 as strings, no snake_case */
    CHECK(strstr(json, "_") == NULL || strstr(json, "\"time_unix") == NULL);

    jcopy = strndup(json, jlen);
    b2 = from_json(signal, jcopy);
    CHECK_INT(otelc_batch_items(b2), otelc_batch_items(b));
    {
        const void *p1;
        size_t      l1;
        CHECK_INT(otelc_batch_to_otlp(b, &p1, &l1), OTELC_OK);
        CHECK_INT(otelc_batch_to_otlp(b2, &pb2, &pblen2), OTELC_OK);
        if (l1 != pblen2 || memcmp(p1, pb2, l1) != 0) {
            size_t at = 0;
            while (at < l1 &&
                   ((const uint8_t *)p1)[at] == ((const uint8_t *)pb2)[at])
                at++;
            fprintf(stderr, "round trip differs (%zu vs %zu bytes) at %zu\n",
                    l1, pblen2, at);
            CHECK(0);
        }
    }
    /* JSON -> batch -> JSON is the identity on canonical JSON */
    CHECK_INT(otelc_batch_to_otlp_json(b2, &json2, &jlen2), OTELC_OK);
    CHECK_INT(jlen2, jlen);
    CHECK(memcmp(json2, jcopy, jlen) == 0);
    free(jcopy);
    otelc_batch_release(b);
    otelc_batch_release(b2);
}

static void
t_round_trip_traces(void)
{
    round_trip_full(OTELC_SIGNAL_TRACES);
}

static void
t_round_trip_metrics(void)
{
    /* several seeds: oneofs rotate through every data kind */
    for (int i = 0; i < 6; i++)
        round_trip_full(OTELC_SIGNAL_METRICS);
}

static void
t_round_trip_logs(void)
{
    round_trip_full(OTELC_SIGNAL_LOGS);
}

/* ---- documents in the style of the OTLP specification's examples ---- */

static const char trace_doc[] =
    "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service."
    "name\",\"value\":{\"stringValue\":\"my.service\"}}]},\"scopeSpans\":[{"
    "\"scope\":{\"name\":\"my.library\",\"version\":\"1.0.0\",\"attributes\":"
    "[{\"key\":\"my.scope.attribute\",\"value\":{\"stringValue\":\"some scope "
    "attribute\"}}]},\"spans\":[{\"traceId\":"
    "\"5B8EFFF798038103D269B633813FC60C\",\"spanId\":\"EEE19B7EC3C1B174\","
    "\"parentSpanId\":\"EEE19B7EC3C1B173\",\"name\":\"I'm a server span\","
    "\"startTimeUnixNano\":\"1544712660000000000\",\"endTimeUnixNano\":"
    "\"1544712661000000000\",\"kind\":2,\"attributes\":[{\"key\":\"my.span."
    "attr\",\"value\":{\"stringValue\":\"some value\"}},{\"key\":\"n\","
    "\"value\":{\"intValue\":\"-42\"}},{\"key\":\"b\",\"value\":{"
    "\"bytesValue\":\"aGVsbG8=\"}}],\"status\":{\"code\":2,\"message\":"
    "\"boom\"}}]}]}]}";

static void
t_trace_doc(void)
{
    static const unsigned char tid[16] = {0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03,
                                          0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33,
                                          0x81, 0x3f, 0xc6, 0x0c};
    static const unsigned char sid[8] = {0xee, 0xe1, 0x9b, 0x7e,
                                         0xc3, 0xc1, 0xb1, 0x74};
    otelc_batch               *b = from_json(OTELC_SIGNAL_TRACES, trace_doc);
    otelc_node *root = otelc_batch_root(b), *rs, *ss, *span, *kv, *v;
    size_t      len;
    const char *s;

    CHECK_INT(otelc_batch_items(b), 1);
    rs = otelc_node_msg(root, 1, 0);
    kv = otelc_node_msg(otelc_node_msg(rs, 1, 0), 1, 0);
    CHECK_STR(otelc_node_str(kv, 1, &len), "service.name");
    CHECK_STR(otelc_node_str(otelc_node_msg(kv, 2, 0), 1, &len), "my.service");
    ss = otelc_node_msg(rs, 2, 0);
    CHECK_STR(otelc_node_str(otelc_node_msg(ss, 1, 0), 2, &len), "1.0.0");
    span = otelc_node_msg(ss, 2, 0);
    s = otelc_node_str(span, OTELC_SPAN_TRACE_ID, &len);
    CHECK(len == 16 && memcmp(s, tid, 16) == 0);
    s = otelc_node_str(span, OTELC_SPAN_SPAN_ID, &len);
    CHECK(len == 8 && memcmp(s, sid, 8) == 0);
    s = otelc_node_str(span, OTELC_SPAN_PARENT_SPAN_ID, &len);
    CHECK(len == 8 && s[7] == (char)0x73);
    CHECK_STR(otelc_node_str(span, OTELC_SPAN_NAME, &len), "I'm a server span");
    CHECK_INT(otelc_node_int(span, OTELC_SPAN_KIND), 2);
    CHECK(otelc_node_uint(span, OTELC_SPAN_START_TIME_UNIX_NANO) ==
          UINT64_C(1544712660000000000));
    CHECK_INT(otelc_node_count(span, OTELC_SPAN_ATTRIBUTES), 3);
    v = otelc_node_msg(otelc_node_msg(span, OTELC_SPAN_ATTRIBUTES, 1), 2, 0);
    CHECK_INT(otelc_node_int(v, 3), -42);
    v = otelc_node_msg(otelc_node_msg(span, OTELC_SPAN_ATTRIBUTES, 2), 2, 0);
    s = otelc_node_str(v, 7, &len);
    CHECK(len == 5 && memcmp(s, "hello", 5) == 0);
    CHECK_INT(otelc_node_int(otelc_node_msg(span, 15, 0), 3), 2);
    otelc_batch_release(b);
}

static const char metrics_doc[] =
    "{\"resourceMetrics\":[{\"resource\":{},\"scopeMetrics\":[{\"metrics\":[{"
    "\"name\":\"my.counter\",\"unit\":\"1\",\"description\":\"I am a "
    "Counter\",\"sum\":{\"aggregationTemporality\":1,\"isMonotonic\":true,"
    "\"dataPoints\":[{\"asInt\":\"5\",\"startTimeUnixNano\":"
    "\"1544712660300000000\",\"timeUnixNano\":\"1544712660300000000\"},{"
    "\"asDouble\":2.5,\"timeUnixNano\":1544712660300000000}]}},{\"name\":"
    "\"my.histogram\",\"histogram\":{\"aggregationTemporality\":2,"
    "\"dataPoints\":[{\"count\":\"3\",\"sum\":6,\"bucketCounts\":[\"1\",2],"
    "\"explicitBounds\":[1,\"Infinity\"],\"min\":0,\"max\":\"NaN\"}]}}]}]}]}";

static void
t_metrics_doc(void)
{
    otelc_batch *b = from_json(OTELC_SIGNAL_METRICS, metrics_doc);
    otelc_node  *sm =
        otelc_node_msg(otelc_node_msg(otelc_batch_root(b), 1, 0), 2, 0);
    otelc_node *m = otelc_node_msg(sm, 2, 0), *sum, *dp, *h;
    size_t      len;
    uint64_t    u;
    double      d;

    CHECK_INT(otelc_batch_items(b), 3);
    CHECK_STR(otelc_node_str(m, 1, &len), "my.counter");
    sum = otelc_node_msg(m, 7, 0);
    CHECK(sum != NULL);
    CHECK_INT(otelc_node_int(sum, 2), 1);
    CHECK_INT(otelc_node_bool(sum, 3), 1);
    dp = otelc_node_msg(sum, 1, 0);
    CHECK_INT(otelc_node_int(dp, 6), 5);
    CHECK(otelc_node_uint(dp, 3) == UINT64_C(1544712660300000000));
    dp = otelc_node_msg(sum, 1, 1);
    CHECK(otelc_node_double(dp, 4) == 2.5);
    CHECK(otelc_node_uint(dp, 3) == UINT64_C(1544712660300000000));
    h = otelc_node_msg(otelc_node_msg(otelc_node_msg(sm, 2, 1), 9, 0), 1, 0);
    CHECK_INT(otelc_node_uint(h, 4), 3);
    CHECK(otelc_node_double(h, 5) == 6.0);
    CHECK_INT(otelc_node_count(h, 6), 2);
    CHECK_INT(otelc_node_uint_at(h, 6, 1, &u), 0);
    CHECK_INT(u, 2);
    CHECK_INT(otelc_node_double_at(h, 7, 1, &d), 0);
    CHECK(isinf(d) && d > 0);
    CHECK(isnan(otelc_node_double(h, 12)));
    otelc_batch_release(b);
}

static const char logs_doc[] =
    "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service."
    "name\",\"value\":{\"stringValue\":\"svc\"}}]},\"scopeLogs\":[{\"scope\":"
    "{\"name\":\"my.library\"},\"logRecords\":[{\"timeUnixNano\":"
    "\"1544712660300000000\",\"observedTimeUnixNano\":\"1544712660300000000\","
    "\"severityNumber\":10,\"severityText\":\"Information\",\"traceId\":"
    "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
    "\"body\":{\"stringValue\":\"Example log record \\u00e9\\ud83d\\ude00\"},"
    "\"attributes\":[{\"key\":\"a\",\"value\":{\"boolValue\":true}},{\"key\":"
    "\"arr\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"x\"},{"
    "\"doubleValue\":1.5}]}}},{\"key\":\"map\",\"value\":{\"kvlistValue\":{"
    "\"values\":[{\"key\":\"k\",\"value\":{\"intValue\":7}}]}}}]}]}]}]}";

static void
t_logs_doc(void)
{
    otelc_batch *b = from_json(OTELC_SIGNAL_LOGS, logs_doc);
    otelc_node  *lr = otelc_node_msg(
         otelc_node_msg(otelc_node_msg(otelc_batch_root(b), 1, 0), 2, 0), 2, 0);
    otelc_node *v;
    size_t      len;

    CHECK_INT(otelc_batch_items(b), 1);
    CHECK_INT(otelc_node_int(lr, 2), 10);
    CHECK_STR(otelc_node_str(lr, 3, &len), "Information");
    CHECK_STR(otelc_node_str(otelc_node_msg(lr, 5, 0), 1, &len),
              "Example log record \xc3\xa9\xf0\x9f\x98\x80");
    CHECK_INT(otelc_node_str(lr, 9, &len)[0], 0x5b);
    CHECK_INT(len, 16);
    v = otelc_node_msg(otelc_node_msg(lr, 6, 1), 2, 0);
    v = otelc_node_msg(otelc_node_msg(v, 5, 0), 1, 1);
    CHECK(otelc_node_double(v, 4) == 1.5);
    v = otelc_node_msg(otelc_node_msg(lr, 6, 2), 2, 0);
    v = otelc_node_msg(otelc_node_msg(v, 6, 0), 1, 0);
    CHECK_STR(otelc_node_str(v, 1, &len), "k");
    CHECK_INT(otelc_node_int(otelc_node_msg(v, 2, 0), 3), 7);
    otelc_batch_release(b);
}

/* ---- accepted spellings ---- */

static void
t_spellings(void)
{
    /* snake_case names */
    same_pb(OTELC_SIGNAL_TRACES,
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
            "\"5b8efff798038103d269b633813fc60c\",\"parentSpanId\":"
            "\"eee19b7ec3c1b173\",\"startTimeUnixNano\":\"5\","
            "\"droppedAttributesCount\":3}]}]}]}",
            "{\"resource_spans\":[{\"scope_spans\":[{\"spans\":[{\"trace_id\":"
            "\"5b8efff798038103d269b633813fc60c\",\"parent_span_id\":"
            "\"EEE19B7EC3C1B173\",\"start_time_unix_nano\":\"5\","
            "\"dropped_attributes_count\":3}]}]}]}");
    /* int64 as number or string; 32-bit ints as string; 1e3 notation */
    same_pb(
        OTELC_SIGNAL_TRACES,
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
        "\"startTimeUnixNano\":\"18446744073709551615\",\"endTimeUnixNano\":"
        "\"1000\",\"droppedEventsCount\":7,\"attributes\":[{\"key\":\"i\","
        "\"value\":{\"intValue\":\"-9223372036854775808\"}}]}]}]}]}",
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
        "\"startTimeUnixNano\":18446744073709551615,\"endTimeUnixNano\":"
        "1e3,\"droppedEventsCount\":\"7\",\"attributes\":[{\"key\":\"i\","
        "\"value\":{\"intValue\":-9223372036854775808}}]}]}]}]}");
    /* enums by number and by name */
    same_pb(OTELC_SIGNAL_TRACES,
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":2,"
            "\"status\":{\"code\":2}}]}]}]}",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":"
            "\"SPAN_KIND_SERVER\",\"status\":{\"code\":\"STATUS_CODE_ERROR\"}}]"
            "}]}]}");
    same_pb(OTELC_SIGNAL_LOGS,
            "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{"
            "\"severityNumber\":17}]}]}]}",
            "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{"
            "\"severityNumber\":\"SEVERITY_NUMBER_ERROR\"}]}]}]}");
    /* unknown fields ignored at every level, null is absent, base64 in
     * both alphabets with or without padding */
    same_pb(
        OTELC_SIGNAL_LOGS,
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{"
        "\"bytesValue\":\"+/+/\"}},{\"body\":{\"bytesValue\":\"aGk=\"}}]}]}"
        "]}",
        "{\"future\":1,\"resourceLogs\":[{\"x\":[1,{\"y\":null}],"
        "\"resource\":null,\"scopeLogs\":[{\"scope\":null,\"logRecords\":[{"
        "\"body\":{\"bytesValue\":\"-_-_\",\"shape\":\"round\"}},{\"body\":"
        "{\"bytesValue\":\"aGk\"},\"traceId\":\"\",\"newField\":{\"a\":[]}}]"
        "}]}]}");
    /* an empty document is an empty request */
    same_pb(OTELC_SIGNAL_METRICS, "{}", " { \"resourceMetrics\" : [ ] } \n");
}

static void
t_json_cache(void)
{
    otelc_batch *b = from_json(OTELC_SIGNAL_TRACES, trace_doc);
    const void  *j1, *j2;
    size_t       l1, l2;
    otelc_node  *span;

    CHECK_INT(otelc_batch_to_otlp_json(b, &j1, &l1), OTELC_OK);
    CHECK_INT(otelc_batch_to_otlp_json(b, &j2, &l2), OTELC_OK);
    CHECK(j1 == j2 && l1 == l2);
    CHECK(strstr(j1, "\"traceId\":\"5b8efff798038103d269b633813fc60c\"") !=
          NULL);
    CHECK(strstr(j1, "\"startTimeUnixNano\":\"1544712660000000000\"") != NULL);
    CHECK(strstr(j1, "\"kind\":2") != NULL);
    CHECK(strstr(j1, "\"droppedAttributesCount\"") == NULL); /* default */
    span = otelc_node_msg(
        otelc_node_msg(otelc_node_msg(otelc_batch_root(b), 1, 0), 2, 0), 2, 0);
    CHECK_INT(otelc_node_set_int(span, OTELC_SPAN_KIND, 3), OTELC_OK);
    CHECK_INT(otelc_batch_to_otlp_json(b, &j2, &l2), OTELC_OK);
    CHECK(strstr(j2, "\"kind\":3") != NULL);
    otelc_batch_release(b);
}

/* ---- errors ---- */

static char *
nested(int levels)
{
    size_t n = 200 + (size_t)levels * 64;
    char  *s = malloc(n), *p = s;
    p += sprintf(p, "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{"
                    "\"body\":");
    for (int i = 0; i < levels; i++)
        p += sprintf(p, "{\"arrayValue\":{\"values\":[");
    p += sprintf(p, "{\"intValue\":1}");
    for (int i = 0; i < levels; i++)
        p += sprintf(p, "]}}");
    sprintf(p, "}]}]}]}");
    return s;
}

static void
t_bad_inputs(void)
{
#define SPAN(x)                                                                \
    "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{}," x "]}]}]}"
#define T      OTELC_SIGNAL_TRACES
#define M      OTELC_SIGNAL_METRICS
#define L      OTELC_SIGNAL_LOGS
#define LOG(x) "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[" x "]}]}]}"
    static const struct {
        int         signal;
        const char *json, *want;
    } cases[] = {
        {T, SPAN("{\"traceId\":\"zz8efff798038103d269b633813fc60c\"}"),
         "resourceSpans[0].scopeSpans[0].spans[1].traceId: invalid hex"},
        {T, SPAN("{\"traceId\":\"5b8efff798038103d269b633813fc60\"}"),
         "traceId: invalid hex (odd length)"},
        {T, SPAN("{\"spanId\":\"5b8efff798038103d269b633813fc60c\"}"),
         "spans[1].spanId: invalid hex id length 16 bytes, want 8"},
        {T, SPAN("{\"parent_span_id\":\"eee19b7ec3c1b1\"}"),
         "parent_span_id: invalid hex id length 7 bytes, want 8"},
        {T, SPAN("{\"traceId\":123}"), "traceId: expected a string, got int"},
        {T, "{\"resourceSpans\":{}}",
         "resourceSpans: expected an array, got object"},
        {T, "{\"resourceSpans\":[\"x\"]}",
         "resourceSpans[0]: expected an object, got string"},
        {T, "{\"resourceSpans\":[null]}", "resourceSpans[0]: null in an array"},
        {T, SPAN("{\"name\":5}"), "spans[1].name: expected a string, got int"},
        {T, SPAN("{\"name\":[\"a\"]}"), "name: expected a string, got array"},
        {T, SPAN("{\"kind\":true}"), "kind: expected an integer, got boolean"},
        {T, SPAN("{\"kind\":\"SPAN_KIND_NOPE\"}"),
         "kind: unknown enum value \"SPAN_KIND_NOPE\""},
        {T, SPAN("{\"startTimeUnixNano\":\"12x\"}"),
         "startTimeUnixNano: \"12x\" is not an integer"},
        {T, SPAN("{\"startTimeUnixNano\":\"-1\"}"),
         "startTimeUnixNano: integer out of range"},
        {T, SPAN("{\"startTimeUnixNano\":\"18446744073709551616\"}"),
         "not an integer in range"},
        {T, SPAN("{\"startTimeUnixNano\":1.5}"), "1.5 is not an integer"},
        {T, SPAN("{\"droppedAttributesCount\":4294967296}"),
         "droppedAttributesCount: integer out of range"},
        {T, SPAN("{\"attributes\":[{\"key\":\"k\",\"value\":[]}]}"),
         "attributes[0].value: expected an object, got array"},
        {T,
         SPAN("{\"attributes\":[{\"key\":\"k\",\"value\":{\"boolValue\":"
              "\"true\"}}]}"),
         "value.boolValue: expected true or false, got string"},
        {T,
         SPAN("{\"attributes\":[{\"key\":\"k\",\"value\":{\"doubleValue\":"
              "\"fast\"}}]}"),
         "doubleValue: \"fast\" is not a number"},
        {T,
         SPAN("{\"attributes\":[{\"value\":{\"stringValue\":\"a\","
              "\"intValue\":1}}]}"),
         "intValue: more than one field of a oneof is set"},
        {T, SPAN("{\"name\":\"a\\u0000b\"}"), "name: string contains NUL"},
        {T, "{\"resourceSpans\":[", "invalid JSON: unexpected end of input"},
        {T, "{\"resourceSpans\":]}", "invalid JSON at offset"},
        {T, "{\"a\":1,}", "invalid JSON at offset"},
        {T, "{} {}", "invalid JSON at offset 3"},
        {T, "[]", "(root): expected an object, got array"},
        {T, "null", "(root): expected an object, got null"},
        {T, "", "invalid JSON"},
        {T, "{\"name\":\"\xff\"}", "invalid JSON"},
        {L, LOG("{\"body\":{\"bytesValue\":\"a===\"}}"), "invalid base64"},
        {L, LOG("{\"body\":{\"bytesValue\":\"a\"}}"),
         "logRecords[0].body.bytesValue: invalid base64"},
        {L, LOG("{\"body\":{\"bytesValue\":\"ab*d\"}}"), "invalid base64"},
        {L, LOG("{\"body\":{\"bytesValue\":\"ab=d\"}}"), "invalid base64"},
        {L, LOG("{\"body\":{\"bytesValue\":\"abc==\"}}"), "invalid base64"},
        {L, LOG("{\"severityNumber\":\"10x\"}"),
         "severityNumber: unknown enum value"},
        {M,
         "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{"
         "\"sum\":{\"isMonotonic\":1}}]}]}]}",
         "metrics[0].sum.isMonotonic: expected true or false, got int"},
        {M,
         "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{"
         "\"gauge\":{},\"sum\":{}}]}]}]}",
         "sum: more than one field of a oneof is set"},
        {M,
         "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{"
         "\"histogram\":{\"dataPoints\":[{\"bucketCounts\":[1,\"x\"]}]}}]}]"
         "}]}",
         "dataPoints[0].bucketCounts[1]: \"x\" is not an integer"},
    };
#undef SPAN
#undef T
#undef M
#undef L
#undef LOG
    for (size_t i = 0; i < TEST_COUNT(cases); i++) {
        otelc_arena      *a = otelc__arena_new();
        ProtobufCMessage *m;
        char              err[512];
        int rc = otelc__json_decode(otelc__request_descriptor(cases[i].signal),
                                    cases[i].json, strlen(cases[i].json), a, &m,
                                    err, sizeof(err));
        if (rc != OTELC_E_PERMANENT || strstr(err, cases[i].want) == NULL) {
            fprintf(stderr, "case %zu %s\n  rc %d \"%s\"\n  want \"%s\"\n", i,
                    cases[i].json, rc, err, cases[i].want);
            CHECK(0);
        }
        otelc__arena_release(a);
    }
}

static void
t_depth(void)
{
    /* 40 AnyValue levels pass (85 protobuf messages deep); 70 exceed the
     * JSON nesting limit */
    char        *ok = nested(40), *deep = nested(70);
    otelc_batch *b = from_json(OTELC_SIGNAL_LOGS, ok);
    otelc_batch *bad = NULL;
    CHECK_INT(otelc_batch_items(b), 1);
    otelc_batch_release(b);
    CHECK_INT(api()->batch_from_otlp_json(NULL, OTELC_SIGNAL_LOGS, deep,
                                          strlen(deep), &bad),
              OTELC_E_PERMANENT);
    CHECK(bad == NULL);
    {
        otelc_arena      *a = otelc__arena_new();
        ProtobufCMessage *m;
        char              err[256];
        CHECK_INT(
            otelc__json_decode(otelc__request_descriptor(OTELC_SIGNAL_LOGS),
                               deep, strlen(deep), a, &m, err, sizeof(err)),
            OTELC_E_PERMANENT);
        CHECK_CONTAINS(err, "too deep");
        otelc__arena_release(a);
    }
    free(ok);
    free(deep);
}

static void
t_host_errors(void)
{
    otelc_batch *b = (otelc_batch *)1;
    CHECK_INT(api()->batch_from_otlp_json(NULL, 99, "{}", 2, &b),
              OTELC_E_INVALID);
    CHECK(b == NULL);
    CHECK_INT(api()->batch_from_otlp_json(NULL, OTELC_SIGNAL_LOGS, "{", 1, &b),
              OTELC_E_PERMANENT);
    CHECK(b == NULL);
}

static const struct test_case cases[] = {
    TEST_CASE(t_round_trip_traces), TEST_CASE(t_round_trip_metrics),
    TEST_CASE(t_round_trip_logs),   TEST_CASE(t_trace_doc),
    TEST_CASE(t_metrics_doc),       TEST_CASE(t_logs_doc),
    TEST_CASE(t_spellings),         TEST_CASE(t_json_cache),
    TEST_CASE(t_bad_inputs),        TEST_CASE(t_depth),
    TEST_CASE(t_host_errors),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
