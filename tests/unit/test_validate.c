/* Strict OTLP protobuf validation (otlp_validate.c): a table of valid and
 * invalid hand-built requests, each invalid one with the message it must
 * produce, run on heap copies of exactly their size (ASan catches any read
 * past the end). */
#include <otelc/otelc.h>

#include "api.h"
#include "batch.h"
#include "host_table.h"
#include "otlp_validate.h"
#include "pbwrite.h"
#include "testlib.h"

/* ExportTraceServiceRequest{resource_spans{scope_spans{spans...}}} */
static void
wrap_spans(struct pbbuf *out, const struct pbbuf *spans, size_t nspans)
{
    struct pbbuf ss = {0}, rs = {0};
    for (size_t i = 0; i < nspans; i++)
        put_msg(&ss, 2, &spans[i]);
    put_msg(&rs, 2, &ss);
    out->n = 0;
    put_msg(out, 1, &rs);
}

static void
good_span(struct pbbuf *s, const char *name)
{
    static const unsigned char tid[16] = {1, 2,  3,  4,  5,  6,  7,  8,
                                          9, 10, 11, 12, 13, 14, 15, 16};
    s->n = 0;
    put_len(s, 1, tid, 16);
    put_len(s, 2, tid, 8);
    put_str(s, 5, name);
    put_tag(s, 6, 0);
    put_varint(s, 2);
    put_fixed64(s, 7, 1000);
    put_fixed64(s, 8, 2000);
}

static int
validate(int signal, const struct pbbuf *b, uint64_t *items, char *err,
         size_t errsz)
{
    unsigned char *copy = malloc(b->n ? b->n : 1);
    int            rc;
    CHECK(copy != NULL);
    memcpy(copy, b->d, b->n);
    *items = 0;
    rc = otelc__otlp_validate(otelc__request_descriptor(signal), copy, b->n,
                              items, err, errsz);
    free(copy);
    return rc;
}

static void
t_utf8(void)
{
    static const struct {
        const char *s;
        int         ok;
    } cases[] = {
        {"", 1},
        {"plain ascii text, longer than eight bytes", 1},
        {"caf\xc3\xa9", 1},
        {"\xe2\x98\x83 snowman", 1},
        {"\xf0\x9f\x98\x80", 1},
        {"\xf4\x8f\xbf\xbf", 1}, /* U+10FFFF */
        {"\xed\x9f\xbf", 1},     /* U+D7FF */
        {"\xc0\xaf", 0},         /* overlong '/' */
        {"\xe0\x80\xaf", 0},     /* overlong */
        {"\xf0\x80\x80\xaf", 0}, /* overlong */
        {"\xed\xa0\x80", 0},     /* surrogate U+D800 */
        {"\xf4\x90\x80\x80", 0}, /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 0},
        {"abc\x80", 0},      /* lone continuation */
        {"abcdefgh\xc3", 0}, /* truncated after a fast-path block */
        {"\xe2\x98", 0},     /* truncated */
        {"\xe2\x28\xa1", 0}, /* bad continuation */
        {"\xff", 0},
    };
    for (size_t i = 0; i < TEST_COUNT(cases); i++) {
        if (otelc__utf8_valid((const unsigned char *)cases[i].s,
                              strlen(cases[i].s)) != cases[i].ok) {
            fprintf(stderr, "utf8 case %zu\n", i);
            CHECK(0);
        }
    }
}

static void
t_valid_requests(void)
{
    struct pbbuf spans[3], req = {0}, kv = {0}, av = {0};
    char         err[256];
    uint64_t     items;

    good_span(&spans[0], "a");
    good_span(&spans[1], "caf\xc3\xa9");
    good_span(&spans[2], "");
    /* unknown field 100 in a Span, in every wire type: skipped */
    put_tag(&spans[0], 100, 0);
    put_varint(&spans[0], 12345);
    put_str(&spans[1], 100, "\xff not checked: unknown field");
    put_fixed64(&spans[2], 100, 7);
    put_tag(&spans[2], 101, 5);
    for (int i = 0; i < 4; i++)
        put_byte(&spans[2], 0);
    /* an attribute with a nested array value */
    put_str(&av, 1, "x");
    put_str(&kv, 1, "key");
    put_msg(&kv, 2, &av);
    put_msg(&spans[0], 9, &kv);
    wrap_spans(&req, spans, 3);
    CHECK_INT(validate(OTELC_SIGNAL_TRACES, &req, &items, err, sizeof(err)),
              OTELC_OK);
    CHECK_INT(items, 3);

    /* through the host: accepted, counted */
    {
        otelc_batch *b = NULL;
        CHECK_INT(otelc__host()->batch_from_otlp(NULL, OTELC_SIGNAL_TRACES,
                                                 req.d, req.n, OTELC_COPY, &b),
                  OTELC_OK);
        CHECK_INT(otelc_batch_items(b), 3);
        otelc_batch_release(b);
    }
}

static void
t_packed_and_unpacked(void)
{
    /* HistogramDataPoint.bucket_counts (fixed64, 6) and explicit_bounds
     * (double, 7): packed or one element per tag, both valid. */
    struct pbbuf  dp = {0}, h = {0}, m = {0}, sm = {0}, rm = {0}, req = {0};
    unsigned char eight[16] = {0};
    char          err[256];
    uint64_t      items;

    put_len(&dp, 6, eight, 16);
    put_fixed64(&dp, 6, 3);
    put_fixed64(&dp, 7, 0);
    put_len(&dp, 7, eight, 8);
    put_msg(&h, 1, &dp);
    put_msg(&h, 1, &dp);
    put_str(&m, 1, "hist");
    put_msg(&m, 9, &h);
    put_msg(&sm, 2, &m);
    put_msg(&rm, 2, &sm);
    put_msg(&req, 1, &rm);
    CHECK_INT(validate(OTELC_SIGNAL_METRICS, &req, &items, err, sizeof(err)),
              OTELC_OK);
    CHECK_INT(items, 2);

    /* ExponentialHistogram buckets bucket_counts (uint64 varint, 2) packed
     * with a truncated varint inside */
    {
        struct pbbuf bk = {0}, edp = {0}, eh = {0}, m2 = {0}, sm2 = {0},
                     rm2 = {0}, req2 = {0};
        unsigned char bad[] = {0x01, 0x80};
        put_len(&bk, 2, bad, sizeof(bad));
        put_msg(&edp, 8, &bk);
        put_msg(&eh, 1, &edp);
        put_msg(&m2, 10, &eh);
        put_msg(&sm2, 2, &m2);
        put_msg(&rm2, 2, &sm2);
        put_msg(&req2, 1, &rm2);
        CHECK_INT(
            validate(OTELC_SIGNAL_METRICS, &req2, &items, err, sizeof(err)),
            OTELC_E_PERMANENT);
        CHECK_CONTAINS(err, "malformed packed field 2 in Buckets");
        CHECK_CONTAINS(err, "exponential_histogram.data_points[0]"
                            ".positive.bucket_counts)");
    }
}

/* Builds the invalid case `which` into req; returns the signal. */
static int
build_bad(int which, struct pbbuf *req)
{
    struct pbbuf spans[2], kv = {0}, av = {0};
    good_span(&spans[0], "ok");
    good_span(&spans[1], "ok");
    req->n = 0;
    switch (which) {
    case 0: /* invalid UTF-8 in the second span's name */
        good_span(&spans[1], "bad \xc3\x28");
        break;
    case 1: /* surrogate in an attribute key */
        put_str(&kv, 1, "\xed\xa0\x80");
        put_msg(&spans[0], 9, &kv);
        break;
    case 2: /* invalid UTF-8 in an AnyValue string */
        put_str(&av, 1, "\xf8\x88\x80\x80\x80");
        put_str(&kv, 1, "k");
        put_msg(&kv, 2, &av);
        put_msg(&spans[0], 9, &kv);
        break;
    case 3: /* span name as varint */
        spans[1].n = 0;
        put_tag(&spans[1], 5, 0);
        put_varint(&spans[1], 1);
        break;
    case 4: /* start time as varint instead of fixed64 */
        put_tag(&spans[0], 7, 0);
        put_varint(&spans[0], 1);
        break;
    case 5: /* group in a span */
        put_tag(&spans[0], 100, 3);
        put_tag(&spans[0], 100, 4);
        break;
    case 6: /* length past the end of the span */
        put_tag(&spans[1], 5, 2);
        put_varint(&spans[1], 50);
        put_byte(&spans[1], 'x');
        break;
    case 7: { /* truncated request */
        wrap_spans(req, spans, 2);
        req->n -= 3;
        return OTELC_SIGNAL_TRACES;
    }
    case 8: /* wire type 7 */
        put_tag(&spans[0], 3, 7);
        break;
    case 9: /* kind: truncated varint at the end of the span */
        put_tag(&spans[1], 6, 0);
        put_byte(&spans[1], 0x80);
        break;
    case 10: { /* invalid UTF-8 in a log body */
        struct pbbuf lr = {0}, sl = {0}, rl = {0};
        put_str(&av, 1, "\xc0\x80");
        put_msg(&lr, 5, &av);
        put_msg(&sl, 2, &lr);
        put_msg(&rl, 2, &sl);
        put_msg(req, 1, &rl);
        return OTELC_SIGNAL_LOGS;
    }
    case 11: { /* metric name with invalid UTF-8 */
        struct pbbuf m = {0}, sm = {0}, rm = {0};
        put_str(&m, 1, "\xff");
        put_msg(&sm, 2, &m);
        put_msg(&rm, 2, &sm);
        put_msg(req, 1, &rm);
        return OTELC_SIGNAL_METRICS;
    }
    case 12: { /* deeply nested AnyValue in an attribute */
        struct pbbuf *v = calloc(1, sizeof(*v)), *w = calloc(1, sizeof(*w));
        CHECK(v && w);
        put_str(v, 1, "leaf");
        for (int i = 0; i < 120; i++) { /* AnyValue{array{values: v}} */
            w->n = 0;
            put_msg(w, 1, v); /* ArrayValue */
            v->n = 0;
            put_msg(v, 5, w); /* AnyValue.array_value */
            if (v->n > 3000)
                break;
        }
        put_str(&kv, 1, "deep");
        put_msg(&kv, 2, v);
        put_msg(&spans[0], 9, &kv);
        free(v);
        free(w);
        break;
    }
    case 13: /* scope name invalid UTF-8 (path without the spans) */
    {
        struct pbbuf sc = {0}, ss = {0}, good = {0}, rs = {0};
        put_str(&sc, 1, "\x80");
        put_msg(&ss, 1, &sc);
        put_msg(&good, 2, &spans[0]);
        put_msg(&rs, 2, &good);
        put_msg(&rs, 2, &ss);
        put_msg(req, 1, &rs);
        return OTELC_SIGNAL_TRACES;
    }
    case 14: /* event name invalid in the 2nd event of span 0 */
    {
        struct pbbuf ev1 = {0}, ev2 = {0};
        put_str(&ev1, 2, "fine");
        put_str(&ev2, 2, "\xe0\x80\x80");
        put_msg(&spans[0], 11, &ev1);
        put_msg(&spans[0], 11, &ev2);
        break;
    }
    case 15: /* a 3-byte trace id in the second span */
        spans[1].n = 0;
        put_len(&spans[1], 1, "abc", 3);
        break;
    case 16: { /* a 16-byte span id in a log record */
        struct pbbuf lr = {0}, sl = {0}, rl = {0};
        put_len(&lr, 10, "0123456789abcdef", 16);
        put_msg(&sl, 2, &lr);
        put_msg(&rl, 2, &sl);
        put_msg(req, 1, &rl);
        return OTELC_SIGNAL_LOGS;
    }
    case 17: /* an empty unknown field whose length 0 takes 7 bytes:
              * protobuf-c reads at most 5, so it would not decode */
        put_tag(&spans[0], 100, 2);
        for (int i = 0; i < 6; i++)
            put_byte(&spans[0], 0x80);
        put_byte(&spans[0], 0x00);
        break;
    }
    wrap_spans(req, spans, 2);
    return OTELC_SIGNAL_TRACES;
}

static void
t_invalid_table(void)
{
    static const char *const want[] = {
        "invalid UTF-8 in string field 5 in Span at offset 88 "
        "(resource_spans[0].scope_spans[0].spans[1].name)",
        "invalid UTF-8 in string field 1 in KeyValue at offset 60 "
        "(resource_spans[0].scope_spans[0].spans[0].attributes[0].key)",
        "invalid UTF-8 in string field 1 in AnyValue",
        "wrong wire type varint for field 5 in Span",
        "wrong wire type varint for field 7 in Span",
        "unsupported group field 100 in Span",
        "truncated length-delimited field 5 in Span",
        "truncated length-delimited field 1 in ExportTraceServiceRequest",
        "invalid wire type 7 for field 3 in Span",
        "truncated varint field 6 in Span",
        "invalid UTF-8 in string field 1 in AnyValue at offset 8 "
        "(resource_logs[0].scope_logs[0].log_records[0].body.string_value)",
        "invalid UTF-8 in string field 1 in Metric",
        "nested deeper than 100 levels",
        "(resource_spans[0].scope_spans[1].scope.name)",
        "(resource_spans[0].scope_spans[0].spans[0].events[1].name)",
        "invalid trace_id length 3 (want 16) in Span at offset 60 "
        "(resource_spans[0].scope_spans[0].spans[1].trace_id)",
        "invalid span_id length 16 (want 8) in LogRecord",
        "malformed length of field 100 in Span",
    };
    for (size_t i = 0; i < TEST_COUNT(want); i++) {
        struct pbbuf req;
        char         err[512];
        uint64_t     items;
        int          sig = build_bad((int)i, &req), rc;
        rc = validate(sig, &req, &items, err, sizeof(err));
        if (rc != OTELC_E_PERMANENT || strstr(err, want[i]) == NULL) {
            fprintf(stderr, "case %zu: rc %d, \"%s\"\n  want \"%s\"\n", i, rc,
                    err, want[i]);
            CHECK(0);
        }
    }
}

static void
t_host_rejects(void)
{
    struct pbbuf req;
    otelc_batch *b = (otelc_batch *)1;
    build_bad(0, &req);
    CHECK_INT(otelc__host()->batch_from_otlp(NULL, OTELC_SIGNAL_TRACES, req.d,
                                             req.n, OTELC_COPY, &b),
              OTELC_E_PERMANENT);
    CHECK(b == NULL);
}

static void
t_small_error_buffers(void)
{
    /* Every size of error buffer: truncated text, never an overflow. */
    struct pbbuf req;
    build_bad(14, &req);
    for (size_t sz = 0; sz < 200; sz++) {
        char    *err = malloc(sz ? sz : 1);
        uint64_t items;
        CHECK(err != NULL);
        CHECK_INT(
            otelc__otlp_validate(otelc__request_descriptor(OTELC_SIGNAL_TRACES),
                                 req.d, req.n, &items, sz ? err : NULL, sz),
            OTELC_E_PERMANENT);
        if (sz > 0)
            CHECK(strlen(err) < sz);
        free(err);
    }
}

static const struct test_case cases[] = {
    TEST_CASE(t_utf8),
    TEST_CASE(t_valid_requests),
    TEST_CASE(t_packed_and_unpacked),
    TEST_CASE(t_invalid_table),
    TEST_CASE(t_host_rejects),
    TEST_CASE(t_small_error_buffers),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
