/* Shallow OTLP wire scanner: counts of valid requests, and rejection of
 * malformed ones with a message, never reading out of bounds (run under
 * ASan: every input lives in a heap block of exactly its size). */
#include <otelc/otelc.h>

#include "otlp_scan.h"
#include "pbwrite.h"
#include "testlib.h"

/* Scans a heap copy of exactly len bytes. */
static int
scan(int signal, const void *p, size_t len, uint64_t *items, char *err,
     size_t errsz)
{
    unsigned char *copy = malloc(len ? len : 1);
    int            rc;
    CHECK(copy != NULL);
    memcpy(copy, p, len);
    *items = 0;
    rc = otelc__otlp_scan(signal, copy, len, items, err, errsz);
    free(copy);
    return rc;
}

/* 2 resources; spans 3 + 1 in the first (two scopes), 2 in the second. */
static void
make_traces(struct pbbuf *out)
{
    struct pbbuf span = {0}, ss = {0}, ss2 = {0}, rs = {0}, rs2 = {0},
                 res = {0}, scope = {0};
    memset(out, 0, sizeof(*out));
    put_str(&span, 5, "op");
    put_fixed64(&span, 7, 1);
    put_fixed64(&span, 8, 2);
    put_tag(&span, 6, 0);
    put_varint(&span, 2);
    put_fixed32(&span, 16, 0x101);
    put_tag(&span, 100, 0); /* unknown future field */
    put_varint(&span, 42);
    {
        struct pbbuf kv = {0}, v = {0};
        put_str(&v, 1, "svc");
        put_str(&kv, 1, "service.name");
        put_msg(&kv, 2, &v);
        put_msg(&res, 1, &kv);
    }
    put_str(&scope, 1, "lib");
    put_msg(&ss, 1, &scope);
    for (int i = 0; i < 3; i++)
        put_msg(&ss, 2, &span);
    put_str(&ss, 3, "https://schema");
    put_msg(&ss2, 2, &span);
    put_msg(&rs, 1, &res);
    put_msg(&rs, 2, &ss);
    put_msg(&rs, 2, &ss2);
    put_tag(&rs, 77, 2); /* unknown LEN field */
    put_varint(&rs, 0);
    put_msg(&ss2, 2, &span);
    put_msg(&rs2, 2, &ss2);
    put_msg(out, 1, &rs);
    put_msg(out, 1, &rs2);
}

static void
make_metrics(struct pbbuf *out)
{
    struct pbbuf dp = {0}, hdp = {0}, edp = {0}, sdp = {0}, data = {0}, m = {0},
                 sm = {0}, rm = {0};
    memset(out, 0, sizeof(*out));
    put_fixed64(&dp, 3, 5);
    put_fixed64(&dp, 4, 0x3ff0000000000000ull);
    put_fixed64(&hdp, 4, 3);
    put_tag(&hdp, 6, 2); /* packed bucket_counts */
    put_varint(&hdp, 16);
    for (int i = 0; i < 16; i++)
        put_byte(&hdp, 0);
    put_fixed64(&hdp, 7, 0); /* unpacked explicit_bounds */
    put_tag(&edp, 6, 0);
    put_varint(&edp, 3);
    put_fixed64(&sdp, 4, 1);

#define METRIC(field, point, npoints, extra)                                   \
    do {                                                                       \
        memset(&data, 0, sizeof(data));                                        \
        memset(&m, 0, sizeof(m));                                              \
        for (int i = 0; i < (npoints); i++)                                    \
            put_msg(&data, 1, &(point));                                       \
        extra;                                                                 \
        put_str(&m, 1, "metric");                                              \
        put_msg(&m, field, &data);                                             \
        put_msg(&sm, 2, &m);                                                   \
    } while (0)
    METRIC(5, dp, 2, (void)0);
    METRIC(7, dp, 3, (put_tag(&data, 2, 0), put_varint(&data, 2)));
    METRIC(9, hdp, 1, (put_tag(&data, 2, 0), put_varint(&data, 1)));
    METRIC(10, edp, 2, (void)0);
    METRIC(11, sdp, 1, (void)0);
#undef METRIC
    memset(&m, 0, sizeof(m));
    put_str(&m, 1, "no data");
    put_msg(&sm, 2, &m);
    put_msg(&rm, 2, &sm);
    put_msg(out, 1, &rm);
}

static void
make_logs(struct pbbuf *out)
{
    struct pbbuf lr = {0}, body = {0}, sl = {0}, rl = {0};
    memset(out, 0, sizeof(*out));
    put_fixed64(&lr, 1, 10);
    put_tag(&lr, 2, 0);
    put_varint(&lr, 9);
    put_str(&body, 1, "hello");
    put_msg(&lr, 5, &body);
    put_fixed32(&lr, 8, 1);
    put_fixed64(&lr, 11, 11);
    put_str(&lr, 12, "event");
    for (int i = 0; i < 4; i++)
        put_msg(&sl, 2, &lr);
    put_msg(&rl, 2, &sl);
    put_msg(out, 1, &rl);
}

static void
t_valid_counts(void)
{
    struct pbbuf b;
    uint64_t     items;
    char         err[200];

    make_traces(&b);
    CHECK_INT(scan(OTELC_SIGNAL_TRACES, b.d, b.n, &items, err, sizeof(err)),
              OTELC_OK);
    CHECK_INT(items, 6);
    make_metrics(&b);
    CHECK_INT(scan(OTELC_SIGNAL_METRICS, b.d, b.n, &items, err, sizeof(err)),
              OTELC_OK);
    CHECK_INT(items, 9);
    make_logs(&b);
    CHECK_INT(scan(OTELC_SIGNAL_LOGS, b.d, b.n, &items, err, sizeof(err)),
              OTELC_OK);
    CHECK_INT(items, 4);
    /* Empty request, and concatenated requests (their merge). */
    CHECK_INT(scan(OTELC_SIGNAL_LOGS, "", 0, &items, err, sizeof(err)),
              OTELC_OK);
    CHECK_INT(items, 0);
    {
        struct pbbuf two = {0};
        make_logs(&b);
        put_raw(&two, b.d, b.n);
        put_raw(&two, b.d, b.n);
        CHECK_INT(
            scan(OTELC_SIGNAL_LOGS, two.d, two.n, &items, err, sizeof(err)),
            OTELC_OK);
        CHECK_INT(items, 8);
    }
    /* Counts accumulate into *items. */
    items = 5;
    make_logs(&b);
    CHECK_INT(otelc__otlp_scan(OTELC_SIGNAL_LOGS, b.d, b.n, &items, NULL, 0),
              OTELC_OK);
    CHECK_INT(items, 9);
    CHECK_INT(otelc__otlp_scan(3, b.d, b.n, &items, err, sizeof(err)),
              OTELC_E_INVALID);
}

struct bad {
    const char   *name;
    int           signal;
    unsigned char bytes[64];
    size_t        len;
    const char   *msg;
};

static void
t_malformed_table(void)
{
    static const struct bad cases[] = {
        {"truncated tag varint", 1, {0x80}, 1, "malformed tag in Export"},
        {"truncated length varint",
         1,
         {0x0a, 0x80},
         2,
         "truncated length-delimited field 1 in ExportTraceServiceRequest at "
         "offset 0"},
        {"length past end",
         1,
         {0x0a, 0x05, 0x00},
         3,
         "truncated length-delimited field 1"},
        {"huge length",
         2,
         {0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
         11,
         "malformed length of field 1 in ExportMetricsServiceRequest"},
        {"wrong wire type for ResourceSpans",
         1,
         {0x08, 0x01},
         2,
         "wrong wire type varint for field 1 in ExportTraceServiceRequest"},
        {"start group", 1, {0x0b, 0x0c}, 2, "unsupported group field 1"},
        {"end group", 4, {0x0c}, 1, "unsupported group field 1"},
        {"wire type 6", 1, {0x0e}, 1, "invalid wire type 6"},
        {"wire type 7 unknown field",
         2,
         {0xff, 0x01},
         2,
         "invalid wire type 7"},
        {"field number zero", 1, {0x02, 0x00}, 2, "invalid field number 0"},
        {"tag over 32 bits",
         1,
         {0xff, 0xff, 0xff, 0xff, 0x7f},
         5,
         "malformed tag"},
        {"11-byte varint",
         1,
         {0x78, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0x01},
         12,
         "truncated varint field 15"},
        {"truncated fixed32 of unknown field",
         4,
         {0x9d, 0x06, 0x01, 0x02},
         4,
         "truncated fixed32 field 99 in ExportLogsServiceRequest at offset 0"},
        /* root{1: ResourceSpans{2: ScopeSpans{2: Span{7: 3 bytes}}}} */
        {"nested truncated fixed64 in Span",
         1,
         {0x0a, 0x08, 0x12, 0x06, 0x12, 0x04, 0x39, 0x01, 0x02, 0x03},
         10,
         "truncated fixed64 field 7 in Span at offset 6"},
        /* ScopeSpans claims a Span longer than itself */
        {"nested length past parent",
         1,
         {0x0a, 0x06, 0x12, 0x04, 0x12, 0x05, 0x2a, 0x00, 0x00},
         9,
         "truncated length-delimited field 2 in ScopeSpans at offset 4"},
        {"span name as varint",
         1,
         {0x0a, 0x06, 0x12, 0x04, 0x12, 0x02, 0x28, 0x01},
         8,
         "wrong wire type varint for field 5 in Span at offset 6"},
        {"resource as fixed64",
         1,
         {0x0a, 0x09, 0x09, 0, 0, 0, 0, 0, 0, 0, 0},
         11,
         "wrong wire type fixed64 for field 1 in ResourceSpans at offset 2"},
        /* root{1: RM{2: SM{2: Metric{5: Gauge{1: NumberDataPoint{3: bad}}}}}}
         */
        {"gauge point truncated",
         2,
         {0x0a, 0x0a, 0x12, 0x08, 0x12, 0x06, 0x2a, 0x04, 0x0a, 0x02, 0x19,
          0x00},
         12,
         "truncated fixed64 field 3 in NumberDataPoint at offset 10"},
        {"gauge as fixed64",
         2,
         {0x0a, 0x0d, 0x12, 0x0b, 0x12, 0x09, 0x29, 0, 0, 0, 0, 0, 0, 0, 0},
         15,
         "wrong wire type fixed64 for field 5 in Metric"},
        {"histogram bucket_counts as varint",
         2,
         {0x0a, 0x0a, 0x12, 0x08, 0x12, 0x06, 0x4a, 0x04, 0x0a, 0x02, 0x30,
          0x01},
         12,
         "wrong wire type varint for field 6 in HistogramDataPoint"},
        {"log flags as varint",
         4,
         {0x0a, 0x06, 0x12, 0x04, 0x12, 0x02, 0x40, 0x01},
         8,
         "wrong wire type varint for field 8 in LogRecord"},
        /* Span{9: KeyValue{1: key as varint}} */
        {"attribute key as varint",
         1,
         {0x0a, 0x08, 0x12, 0x06, 0x12, 0x04, 0x4a, 0x02, 0x08, 0x01},
         10,
         "wrong wire type varint for field 1 in KeyValue at offset 8"},
        /* LogRecord{5: AnyValue{5: ArrayValue{1: truncated}}} */
        {"log body nested truncation",
         4,
         {0x0a, 0x0c, 0x12, 0x0a, 0x12, 0x08, 0x2a, 0x06, 0x2a, 0x04, 0x0a,
          0x05, 0x00, 0x00},
         14,
         "truncated length-delimited field 1 in ArrayValue at offset 10"},
        {"packed bucket_counts not a multiple of 8",
         2,
         {0x0a, 0x0c, 0x12, 0x0a, 0x12, 0x08, 0x4a, 0x06, 0x0a, 0x04, 0x32,
          0x02, 0x00, 0x00},
         14,
         "malformed packed field 6 in HistogramDataPoint"},
        {"log scope truncated",
         4,
         {0x0a, 0x04, 0x12, 0x02, 0x0a, 0x01},
         6,
         "truncated length-delimited field 1 in ScopeLogs"},
    };
    for (size_t i = 0; i < TEST_COUNT(cases); i++) {
        uint64_t items = 0;
        char     err[200];
        int rc = scan(cases[i].signal, cases[i].bytes, cases[i].len, &items,
                      err, sizeof(err));
        if (rc != OTELC_E_PERMANENT || strstr(err, cases[i].msg) == NULL) {
            fprintf(stderr, "case \"%s\": rc %d, message \"%s\"\n",
                    cases[i].name, rc, err);
            CHECK(0);
        }
        CHECK(strstr(err, " at offset ") != NULL);
    }
}

/* A tiny message buffer must not be overrun by the error text. */
static void
t_small_error_buffer(void)
{
    char     err[8];
    uint64_t items;
    memset(err, 'x', sizeof(err));
    CHECK_INT(scan(1, "\x0a\x05", 2, &items, err, sizeof(err)),
              OTELC_E_PERMANENT);
    CHECK(memchr(err, '\0', sizeof(err)) != NULL);
    CHECK_INT(scan(1, "\x0a\x05", 2, &items, NULL, 0), OTELC_E_PERMANENT);
}

static uint32_t
rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Every prefix and many random corruptions of valid requests: the scan
 * either accepts or rejects with a message, and never crashes. */
static void
t_mutations_never_crash(void)
{
    struct pbbuf b;
    uint32_t     seed = 12345;
    void (*makers[3])(struct pbbuf *) = {make_traces, make_metrics, make_logs};
    int signals[3] = {OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS,
                      OTELC_SIGNAL_LOGS};

    for (int k = 0; k < 3; k++) {
        uint64_t items;
        char     err[200];
        makers[k](&b);
        for (size_t cut = 0; cut <= b.n; cut++) {
            int rc = scan(signals[k], b.d, cut, &items, err, sizeof(err));
            CHECK(rc == OTELC_OK || rc == OTELC_E_PERMANENT);
            if (rc != OTELC_OK)
                CHECK(err[0] != '\0');
            if (cut == 0 || cut == b.n)
                CHECK_INT(rc, OTELC_OK);
        }
        for (int iter = 0; iter < 20000; iter++) {
            struct pbbuf m = b;
            int          nflips = 1 + (int)(rnd(&seed) % 4);
            for (int f = 0; f < nflips; f++)
                m.d[rnd(&seed) % m.n] = (unsigned char)rnd(&seed);
            m.n = rnd(&seed) % 8 ? m.n : rnd(&seed) % (m.n + 1);
            int rc = scan(signals[k], m.d, m.n, &items, err, sizeof(err));
            CHECK(rc == OTELC_OK || rc == OTELC_E_PERMANENT);
        }
    }
}

/* A log body of AnyValue arrays nested `levels` deep. */
static unsigned char *
nested_body(size_t levels, size_t *len)
{
    size_t         cap = levels * 16 + 64, n = 0;
    unsigned char *b = calloc(1, cap), *t = calloc(1, cap);
    /* innermost AnyValue{int_value: 1} */
    b[n++] = 0x18;
    b[n++] = 0x01;
    for (size_t i = 0; i < levels; i++) {
        /* AnyValue{5: ArrayValue{1: inner}} */
        for (int k = 0; k < 2; k++) {
            struct pbbuf hdr = {0};
            put_tag(&hdr, k == 0 ? 1 : 5, 2);
            put_varint(&hdr, n);
            memcpy(t, hdr.d, hdr.n);
            memcpy(t + hdr.n, b, n);
            n += hdr.n;
            memcpy(b, t, n);
        }
    }
    /* LogRecord{5: body} in ScopeLogs, ResourceLogs, request */
    for (int k = 0; k < 4; k++) {
        static const uint32_t fields[] = {5, 2, 2, 1};
        struct pbbuf          hdr = {0};
        put_tag(&hdr, fields[k], 2);
        put_varint(&hdr, n);
        memcpy(t, hdr.d, hdr.n);
        memcpy(t + hdr.n, b, n);
        n += hdr.n;
        memcpy(b, t, n);
    }
    free(t);
    *len = n;
    return b;
}

/* AnyValue nests without bound and protobuf-c decodes by recursion: the
 * scan refuses what would overflow the stack of a later lazy decode. */
static void
t_nesting_limit(void)
{
    char           err[200];
    uint64_t       items;
    size_t         len;
    unsigned char *b;

    /* request, ResourceLogs, ScopeLogs, LogRecord, then two messages per
     * level plus the innermost AnyValue */
    b = nested_body((OTELC_OTLP_MAX_DEPTH - 5) / 2, &len);
    CHECK_INT(scan(OTELC_SIGNAL_LOGS, b, len, &items, err, sizeof(err)),
              OTELC_OK);
    CHECK_INT(items, 1);
    free(b);
    b = nested_body(OTELC_OTLP_MAX_DEPTH / 2, &len);
    CHECK_INT(scan(OTELC_SIGNAL_LOGS, b, len, &items, err, sizeof(err)),
              OTELC_E_PERMANENT);
    CHECK_CONTAINS(err, "nested deeper than 100 levels");
    free(b);
    b = nested_body(5000, &len);
    CHECK_INT(scan(OTELC_SIGNAL_LOGS, b, len, &items, err, sizeof(err)),
              OTELC_E_PERMANENT);
    free(b);
}

static const struct test_case cases[] = {
    TEST_CASE(t_valid_counts),       TEST_CASE(t_malformed_table),
    TEST_CASE(t_small_error_buffer), TEST_CASE(t_mutations_never_crash),
    TEST_CASE(t_nesting_limit),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
