/* Attribute (KeyValue list) helpers of the SDK, as an attribute processor
 * uses them: the one rule for the list argument, rename, deep copy and
 * iteration with delete, on every kind of message that has attributes, and
 * their refusal on a shared batch. */
#include <otelc/otelc.h>

#include "batch.h"
#include "host_table.h"
#include "testlib.h"

/* ---- messages with attributes, reached by a path from the request ---- */

struct kind {
    const char *name;
    int         signal;
    uint32_t    path[6]; /* field numbers from the root, 0-terminated */
};

#define RES   OTELC_REQUEST_RESOURCES
#define SC    OTELC_RESOURCE_X_SCOPES
#define ITEMS OTELC_SCOPE_X_ITEMS
#define DPS   OTELC_METRICDATA_DATA_POINTS

static const struct kind KINDS[] = {
    {"resource", OTELC_SIGNAL_TRACES, {RES, OTELC_RESOURCE_X_RESOURCE}},
    {"scope", OTELC_SIGNAL_TRACES, {RES, SC, OTELC_SCOPE_X_SCOPE}},
    {"span", OTELC_SIGNAL_TRACES, {RES, SC, ITEMS}},
    {"span event", OTELC_SIGNAL_TRACES, {RES, SC, ITEMS, OTELC_SPAN_EVENTS}},
    {"log record", OTELC_SIGNAL_LOGS, {RES, SC, ITEMS}},
    {"gauge point",
     OTELC_SIGNAL_METRICS,
     {RES, SC, ITEMS, OTELC_METRIC_GAUGE, DPS}},
    {"sum point",
     OTELC_SIGNAL_METRICS,
     {RES, SC, ITEMS, OTELC_METRIC_SUM, DPS}},
    {"histogram point",
     OTELC_SIGNAL_METRICS,
     {RES, SC, ITEMS, OTELC_METRIC_HISTOGRAM, DPS}},
    {"exponential histogram point",
     OTELC_SIGNAL_METRICS,
     {RES, SC, ITEMS, OTELC_METRIC_EXPONENTIAL_HISTOGRAM, DPS}},
    {"summary point",
     OTELC_SIGNAL_METRICS,
     {RES, SC, ITEMS, OTELC_METRIC_SUMMARY, DPS}},
};

static otelc_batch *
new_batch(int signal)
{
    otelc_batch *b = otelc__host()->batch_new(NULL, signal);
    CHECK(b != NULL);
    return b;
}

/* Creates the message of kind k in a fresh batch *b. */
static otelc_node *
build(const struct kind *k, otelc_batch **b)
{
    otelc_node *n;

    *b = new_batch(k->signal);
    n = otelc_batch_root(*b);
    for (size_t i = 0; i < 6 && k->path[i]; i++) {
        n = otelc_node_mut_msg(n, k->path[i]);
        CHECK(n != NULL);
    }
    return n;
}

/* The message of kind k in b (first element at every step). */
static otelc_node *
get(const struct kind *k, otelc_batch *b)
{
    otelc_node *n = otelc_batch_root(b);
    for (size_t i = 0; i < 6 && k->path[i]; i++)
        n = otelc_node_msg(n, k->path[i], 0);
    CHECK(n != NULL);
    return n;
}

/* Encodes b and decodes the bytes into a fresh batch; releases b. */
static otelc_batch *
reencoded(otelc_batch *b)
{
    const void  *p;
    size_t       len;
    otelc_batch *r = NULL;
    CHECK_INT(otelc_batch_to_otlp(b, &p, &len), OTELC_OK);
    CHECK_INT(otelc__host()->batch_from_otlp(NULL, otelc_batch_signal(b), p,
                                             len, OTELC_COPY, &r),
              OTELC_OK);
    otelc_batch_release(b);
    return r;
}

static size_t
count_of(const otelc_node *n)
{
    size_t c;
    CHECK_INT(otelc_attrs_count(n, OTELC_ATTRS, &c), OTELC_OK);
    return c;
}

/* "k1=v1,k2=v2": the keys in order with their string (or int) values. */
static const char *
listing(const otelc_node *n, uint32_t field, char *buf, size_t cap)
{
    otelc_attrs_iter it;
    const char      *k;
    size_t           kl, used = 0;
    otelc_node      *v;

    buf[0] = '\0';
    CHECK_INT(otelc_attrs_iter_init(&it, n, field), OTELC_OK);
    while (otelc_attrs_next(&it, &k, &kl, &v)) {
        size_t      vl;
        const char *s = otelc_node_str(v, OTELC_ANYVALUE_STRING_VALUE, &vl);
        int         w;
        if (otelc_node_oneof_case(v, OTELC_ANYVALUE_STRING_VALUE) ==
            OTELC_ANYVALUE_INT_VALUE)
            w = snprintf(
                buf + used, cap - used, "%s%.*s=%lld", used ? "," : "", (int)kl,
                k, (long long)otelc_node_int(v, OTELC_ANYVALUE_INT_VALUE));
        else
            w = snprintf(buf + used, cap - used, "%s%.*s=%.*s", used ? "," : "",
                         (int)kl, k, (int)vl, s);
        CHECK(w > 0 && (size_t)w < cap - used);
        used += (size_t)w;
    }
    return buf;
}

#define CHECK_LIST(n, want)                                                    \
    do {                                                                       \
        char _buf[512];                                                        \
        CHECK_STR(listing((n), OTELC_ATTRS, _buf, sizeof(_buf)), (want));      \
    } while (0)

/* ---- the list argument: one rule ---- */

static void
t_field_rule(void)
{
    otelc_batch *b = new_batch(OTELC_SIGNAL_TRACES);
    otelc_node  *span = otelc_build_span(
         otelc_build_scope(otelc_build_resource(b), "x", NULL), "s");
    otelc_node           *v, *st;
    const char           *k;
    size_t                c, kl;
    otelc_attrs_iter      it;
    static const uint32_t wrong[] = {OTELC_SPAN_NAME, OTELC_SPAN_EVENTS,
                                     OTELC_SPAN_STATUS, 99};

    CHECK_INT(otelc_attrs_set_str(span, "a", "1"), OTELC_OK);
    CHECK_INT(otelc_attrs_set_int(span, "b", 2), OTELC_OK);
    CHECK(otelc_node_mut_msg(span, OTELC_SPAN_EVENTS) != NULL);

    /* The regression: OTELC_ATTRS counted nothing, while find/set took it. */
    CHECK_INT(otelc_attrs_count(span, OTELC_ATTRS, &c), OTELC_OK);
    CHECK_INT(c, 2);
    CHECK_INT(otelc_attrs_count(span, OTELC_SPAN_ATTRIBUTES, &c), OTELC_OK);
    CHECK_INT(c, 2);
    CHECK_INT(otelc_attrs_at(span, OTELC_ATTRS, 1, &k, &kl, &v), OTELC_OK);
    CHECK(kl == 1 && k[0] == 'b');
    CHECK_INT(otelc_node_int(v, OTELC_ANYVALUE_INT_VALUE), 2);
    CHECK_INT(otelc_attrs_at(span, OTELC_ATTRS, 2, &k, &kl, &v), OTELC_E_RANGE);
    CHECK(v == NULL && kl == 0);
    CHECK_INT(otelc_attrs_get(span, OTELC_ATTRS, "a", &v), OTELC_OK);
    CHECK(v != NULL);
    CHECK_INT(otelc_attrs_get(span, OTELC_SPAN_ATTRIBUTES, "zz", &v),
              OTELC_E_NOTFOUND);
    /* node calls resolve OTELC_ATTRS to the same list */
    CHECK_INT(otelc_node_count(span, OTELC_ATTRS), 2);
    CHECK(otelc_node_msg(span, OTELC_ATTRS, 1) != NULL);
    CHECK_INT(otelc__host()->node_field_kind(span, OTELC_ATTRS),
              OTELC_FIELD_MESSAGE);

    /* A wrong field is an error everywhere, never an empty list. */
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        uint32_t f = wrong[i];
        c = 7;
        CHECK_INT(otelc_attrs_count(span, f, &c), OTELC_E_INVALID);
        CHECK_INT(c, 0);
        CHECK_INT(otelc_attrs_at(span, f, 0, &k, &kl, &v), OTELC_E_INVALID);
        CHECK(v == NULL);
        CHECK_INT(otelc_attrs_get(span, f, "a", &v), OTELC_E_INVALID);
        CHECK_INT(otelc_attrs_upsert(span, f, "a", &v), OTELC_E_INVALID);
        CHECK(v == NULL);
        CHECK_INT(otelc__host()->attrs_delete(span, f, "a", 1),
                  OTELC_E_INVALID);
        CHECK_INT(otelc__host()->attrs_remove_at(span, f, 0), OTELC_E_INVALID);
        CHECK_INT(otelc_attrs_rename(span, f, "a", "z", OTELC_ATTRS_UPSERT),
                  OTELC_E_INVALID);
        CHECK_INT(otelc_attrs_copy(span, f, "z", span, OTELC_ATTRS, "a",
                                   OTELC_ATTRS_UPSERT),
                  OTELC_E_INVALID);
        CHECK_INT(otelc_attrs_copy(span, OTELC_ATTRS, "z", span, f, "a",
                                   OTELC_ATTRS_UPSERT),
                  OTELC_E_INVALID);
        CHECK_INT(otelc_attrs_iter_init(&it, span, f), OTELC_E_INVALID);
        CHECK_INT(otelc_attrs_next(&it, &k, &kl, &v), 0);
        CHECK_INT(otelc_attrs_delete_current(&it), OTELC_E_STATE);
    }
    /* nothing of that touched the list */
    CHECK_LIST(span, "a=1,b=2");

    /* A message without "attributes": OTELC_ATTRS is invalid there, and
     * the short forms say so (set_* used to report READONLY). */
    st = otelc_node_mut_msg(span, OTELC_SPAN_STATUS);
    CHECK(st != NULL);
    CHECK_INT(otelc_attrs_count(st, OTELC_ATTRS, &c), OTELC_E_INVALID);
    CHECK_INT(otelc_attrs_set_str(st, "x", "y"), OTELC_E_INVALID);
    CHECK_INT(otelc_attrs_set_int(st, "x", 1), OTELC_E_INVALID);
    CHECK_INT(otelc_attrs_delete(st, "x"), OTELC_E_INVALID);
    CHECK(otelc_attrs_find(st, "x") == NULL);
    CHECK_INT(otelc_attrs_count(NULL, OTELC_ATTRS, &c), OTELC_E_INVALID);
    CHECK_INT(otelc_attrs_get(NULL, OTELC_ATTRS, "a", &v), OTELC_E_INVALID);
    /* a bad mode */
    CHECK_INT(otelc_attrs_rename(span, OTELC_ATTRS, "a", "z", 3),
              OTELC_E_INVALID);
    CHECK_INT(
        otelc_attrs_copy(span, OTELC_ATTRS, "z", span, OTELC_ATTRS, "a", -1),
        OTELC_E_INVALID);
    otelc_batch_release(b);

    /* KeyValue lists not named "attributes" take their number. */
    b = new_batch(OTELC_SIGNAL_METRICS);
    {
        otelc_node *m = otelc_build_metric(
            otelc_build_scope(otelc_build_resource(b), "x", NULL), "m", NULL,
            NULL);
        otelc_node *ex, *kvl;
        CHECK_INT(otelc_attrs_count(m, OTELC_ATTRS, &c), OTELC_E_INVALID);
        CHECK_INT(otelc_attrs_upsert(m, OTELC_METRIC_METADATA, "meta", &v),
                  OTELC_OK);
        CHECK_INT(otelc_node_set_str(v, OTELC_ANYVALUE_STRING_VALUE, "1"),
                  OTELC_OK);
        CHECK_INT(otelc_attrs_count(m, OTELC_METRIC_METADATA, &c), OTELC_OK);
        CHECK_INT(c, 1);
        ex = otelc_node_mut_msg(otelc_build_gauge_point(m),
                                OTELC_NUMBERDP_EXEMPLARS);
        CHECK_INT(
            otelc_attrs_upsert(ex, OTELC_EXEMPLAR_FILTERED_ATTRIBUTES, "u", &v),
            OTELC_OK);
        CHECK_INT(otelc_attrs_count(ex, OTELC_EXEMPLAR_FILTERED_ATTRIBUTES, &c),
                  OTELC_OK);
        CHECK_INT(c, 1);
        CHECK_INT(otelc_attrs_upsert(m, OTELC_METRIC_METADATA, "map", &v),
                  OTELC_OK);
        kvl = otelc_node_mut_msg(v, OTELC_ANYVALUE_KVLIST_VALUE);
        CHECK_INT(otelc_attrs_upsert(kvl, OTELC_KVLIST_VALUES, "in", &v),
                  OTELC_OK);
        CHECK_INT(otelc_attrs_count(kvl, OTELC_KVLIST_VALUES, &c), OTELC_OK);
        CHECK_INT(c, 1);
        CHECK_INT(otelc_attrs_count(kvl, OTELC_ATTRS, &c), OTELC_E_INVALID);
    }
    otelc_batch_release(b);
}

/* ---- rename ---- */

static void
rename_on(const struct kind *k)
{
    otelc_batch *b;
    otelc_node  *n = build(k, &b);

    CHECK_INT(otelc_attrs_set_str(n, "a", "1"), OTELC_OK);
    CHECK_INT(otelc_attrs_set_str(n, "b", "2"), OTELC_OK);
    CHECK_INT(otelc_attrs_set_str(n, "c", "3"), OTELC_OK);
    /* absent target: renamed in place, value kept */
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "a", "x", OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_LIST(n, "x=1,b=2,c=3");
    /* missing source, and from == to: nothing changes */
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "a", "y", OTELC_ATTRS_UPSERT),
              OTELC_E_NOTFOUND);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "b", "b", OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_LIST(n, "x=1,b=2,c=3");
    /* existing target, UPSERT: it takes the value in its own place */
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "c", "x", OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_LIST(n, "x=3,b=2");
    /* existing target, INSERT: it keeps its value, the source goes */
    CHECK_INT(otelc_attrs_set_str(n, "d", "4"), OTELC_OK);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "d", "b", OTELC_ATTRS_INSERT),
              OTELC_OK);
    CHECK_LIST(n, "x=3,b=2");
    /* INSERT onto an absent target renames */
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "b", "e", OTELC_ATTRS_INSERT),
              OTELC_OK);
    CHECK_LIST(n, "x=3,e=2");
    /* UPDATE: existing target takes the value; absent one is not made */
    CHECK_INT(otelc_attrs_set_int(n, "f", 6), OTELC_OK);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "f", "x", OTELC_ATTRS_UPDATE),
              OTELC_OK);
    CHECK_LIST(n, "x=6,e=2");
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "e", "g", OTELC_ATTRS_UPDATE),
              OTELC_OK);
    CHECK_LIST(n, "x=6");
    /* the result is what goes on the wire */
    CHECK_INT(otelc_attrs_set_str(n, "h", "8"), OTELC_OK);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "h", "renamed.key",
                                 OTELC_ATTRS_UPSERT),
              OTELC_OK);
    b = reencoded(b);
    CHECK_LIST(get(k, b), "x=6,renamed.key=8");
    otelc_batch_release(b);
}

static void
t_rename(void)
{
    for (size_t i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++)
        rename_on(&KINDS[i]);
}

/* ---- deep copy ---- */

/* Sets key to {"s": s, "arr": [7, "seven"], "raw": bytes} on n. */
static void
put_map(otelc_node *n, const char *key, const char *s)
{
    otelc_node *v, *kvl, *arr, *e;

    CHECK_INT(otelc_attrs_upsert(n, OTELC_ATTRS, key, &v), OTELC_OK);
    kvl = otelc_node_mut_msg(v, OTELC_ANYVALUE_KVLIST_VALUE);
    CHECK(kvl != NULL);
    CHECK_INT(otelc_attrs_upsert(kvl, OTELC_KVLIST_VALUES, "s", &v), OTELC_OK);
    CHECK_INT(otelc_node_set_str(v, OTELC_ANYVALUE_STRING_VALUE, s), OTELC_OK);
    CHECK_INT(otelc_attrs_upsert(kvl, OTELC_KVLIST_VALUES, "arr", &v),
              OTELC_OK);
    arr = otelc_node_mut_msg(v, OTELC_ANYVALUE_ARRAY_VALUE);
    e = otelc_node_mut_msg(arr, OTELC_ARRAYVALUE_VALUES);
    CHECK_INT(otelc_node_set_int(e, OTELC_ANYVALUE_INT_VALUE, 7), OTELC_OK);
    e = otelc_node_mut_msg(arr, OTELC_ARRAYVALUE_VALUES);
    CHECK_INT(otelc_node_set_str(e, OTELC_ANYVALUE_STRING_VALUE, "seven"),
              OTELC_OK);
    CHECK_INT(otelc_attrs_upsert(kvl, OTELC_KVLIST_VALUES, "raw", &v),
              OTELC_OK);
    CHECK_INT(otelc_node_set_bytes(v, OTELC_ANYVALUE_BYTES_VALUE, "\0\1\2", 3,
                                   OTELC_COPY),
              OTELC_OK);
}

/* Checks key is the map of put_map() with "s" = s. */
static void
check_map(const otelc_node *n, const char *key, const char *s)
{
    otelc_node *v, *kvl, *arr;
    size_t      len;
    const char *p;

    CHECK_INT(otelc_attrs_get(n, OTELC_ATTRS, key, &v), OTELC_OK);
    kvl = otelc_node_msg(v, OTELC_ANYVALUE_KVLIST_VALUE, 0);
    CHECK(kvl != NULL);
    CHECK_INT(otelc_attrs_get(kvl, OTELC_KVLIST_VALUES, "s", &v), OTELC_OK);
    p = otelc_node_str(v, OTELC_ANYVALUE_STRING_VALUE, &len);
    CHECK(len == strlen(s) && memcmp(p, s, len) == 0);
    CHECK_INT(otelc_attrs_get(kvl, OTELC_KVLIST_VALUES, "arr", &v), OTELC_OK);
    arr = otelc_node_msg(v, OTELC_ANYVALUE_ARRAY_VALUE, 0);
    CHECK_INT(otelc_node_count(arr, OTELC_ARRAYVALUE_VALUES), 2);
    CHECK_INT(otelc_node_int(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 0),
                             OTELC_ANYVALUE_INT_VALUE),
              7);
    p = otelc_node_str(otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, 1),
                       OTELC_ANYVALUE_STRING_VALUE, &len);
    CHECK(len == 5 && memcmp(p, "seven", 5) == 0);
    CHECK_INT(otelc_attrs_get(kvl, OTELC_KVLIST_VALUES, "raw", &v), OTELC_OK);
    p = otelc_node_str(v, OTELC_ANYVALUE_BYTES_VALUE, &len);
    CHECK(len == 3 && memcmp(p, "\0\1\2", 3) == 0);
}

static void
copy_on(const struct kind *k)
{
    otelc_batch *b, *other;
    otelc_node  *n = build(k, &b), *o, *v;

    put_map(n, "m", "orig");
    CHECK_INT(otelc_attrs_set_str(n, "a", "1"), OTELC_OK);
    /* a map with an array and bytes, copied deep */
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "m2", n, OTELC_ATTRS, "m",
                               OTELC_ATTRS_UPSERT),
              OTELC_OK);
    check_map(n, "m2", "orig");
    /* changing the source's nested value leaves the copy alone */
    CHECK_INT(otelc_attrs_get(n, OTELC_ATTRS, "m", &v), OTELC_OK);
    CHECK_INT(
        otelc_attrs_upsert(otelc_node_msg(v, OTELC_ANYVALUE_KVLIST_VALUE, 0),
                           OTELC_KVLIST_VALUES, "s", &v),
        OTELC_OK);
    CHECK_INT(otelc_node_set_str(v, OTELC_ANYVALUE_STRING_VALUE, "changed"),
              OTELC_OK);
    check_map(n, "m", "changed");
    check_map(n, "m2", "orig");
    /* modes: INSERT keeps an existing target, UPDATE makes no new one,
     * UPSERT replaces in place; a missing source changes nothing */
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "a", n, OTELC_ATTRS, "m",
                               OTELC_ATTRS_INSERT),
              OTELC_OK);
    CHECK(otelc_node_oneof_case(otelc_attrs_find(n, "a"),
                                OTELC_ANYVALUE_STRING_VALUE) ==
          OTELC_ANYVALUE_STRING_VALUE);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "new", n, OTELC_ATTRS, "a",
                               OTELC_ATTRS_UPDATE),
              OTELC_OK);
    CHECK(otelc_attrs_find(n, "new") == NULL);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "m2", n, OTELC_ATTRS, "a",
                               OTELC_ATTRS_UPDATE),
              OTELC_OK);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "a2", n, OTELC_ATTRS, "a",
                               OTELC_ATTRS_INSERT),
              OTELC_OK);
    CHECK_LIST(n, "m=,a=1,m2=1,a2=1");
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "z", n, OTELC_ATTRS, "nope",
                               OTELC_ATTRS_UPSERT),
              OTELC_E_NOTFOUND);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "a", n, OTELC_ATTRS, "a",
                               OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_INT(count_of(n), 4);

    /* from another batch that dies before the copy is read */
    o = build(&KINDS[0], &other);
    put_map(o, "res.map", "from-other");
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "m3", o, OTELC_ATTRS, "res.map",
                               OTELC_ATTRS_UPSERT),
              OTELC_OK);
    otelc_batch_release(other);
    check_map(n, "m3", "from-other");

    b = reencoded(b);
    n = get(k, b);
    check_map(n, "m", "changed");
    check_map(n, "m3", "from-other");
    CHECK_STR(otelc_node_str(otelc_attrs_find(n, "m2"),
                             OTELC_ANYVALUE_STRING_VALUE, NULL),
              "1");
    otelc_batch_release(b);
}

static void
t_copy(void)
{
    for (size_t i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++)
        copy_on(&KINDS[i]);
}

/* A resource attribute copied onto a span of the same batch. */
static void
t_copy_resource_to_span(void)
{
    otelc_batch *b = new_batch(OTELC_SIGNAL_TRACES);
    otelc_node  *rx = otelc_build_resource(b);
    otelc_node  *res = otelc_build_resource_attrs(rx);
    otelc_node  *span = otelc_build_span(otelc_build_scope(rx, "x", NULL), "s");
    otelc_iter   it;

    CHECK_INT(otelc_attrs_set_str(res, "service.name", "shop"), OTELC_OK);
    CHECK_INT(otelc_attrs_copy(span, OTELC_SPAN_ATTRIBUTES, "svc", res,
                               OTELC_RESOURCE_ATTRIBUTES, "service.name",
                               OTELC_ATTRS_UPSERT),
              OTELC_OK);
    b = reencoded(b);
    span = otelc_spans_first(b, &it);
    CHECK_LIST(span, "svc=shop");
    CHECK_LIST(otelc_iter_resource(&it), "service.name=shop");
    otelc_batch_release(b);
}

/* ---- iteration with delete ---- */

static void
iter_on(const struct kind *k)
{
    otelc_batch     *b;
    otelc_node      *n = build(k, &b), *v;
    otelc_attrs_iter it;
    const char      *key;
    size_t           kl, seen = 0;

    /* an empty list is walked without a step */
    CHECK_INT(otelc_attrs_iter_init(&it, n, OTELC_ATTRS), OTELC_OK);
    CHECK_INT(otelc_attrs_delete_current(&it), OTELC_E_STATE);
    CHECK_INT(otelc_attrs_next(&it, &key, &kl, &v), 0);
    for (int i = 0; i < 10; i++) {
        char kk[8];
        snprintf(kk, sizeof(kk), "k%d", i);
        CHECK_INT(otelc_attrs_set_int(n, kk, i), OTELC_OK);
    }
    /* delete every even value, and both ends */
    CHECK_INT(otelc_attrs_iter_init(&it, n, OTELC_ATTRS), OTELC_OK);
    while (otelc_attrs_next(&it, &key, &kl, &v)) {
        int64_t i = otelc_node_int(v, OTELC_ANYVALUE_INT_VALUE);
        CHECK(kl == 2 && key[0] == 'k' && key[1] == '0' + i);
        seen++;
        if (i % 2 == 0 || i == 9) {
            CHECK_INT(otelc_attrs_delete_current(&it), OTELC_OK);
            CHECK_INT(otelc_attrs_delete_current(&it), OTELC_E_STATE);
        }
    }
    CHECK_INT(seen, 10);
    CHECK_INT(otelc_attrs_delete_current(&it), OTELC_E_STATE);
    CHECK_LIST(n, "k1=1,k3=3,k5=5,k7=7");
    /* appending during the walk: the new entry is visited too; setting a
     * value in place is safe */
    seen = 0;
    CHECK_INT(otelc_attrs_iter_init(&it, n, OTELC_ATTRS), OTELC_OK);
    while (otelc_attrs_next(&it, &key, &kl, NULL)) {
        seen++;
        if (seen == 1) {
            CHECK_INT(otelc_attrs_set_int(n, "added", 0), OTELC_OK);
            CHECK_INT(otelc_attrs_set_int(n, "k1", 11), OTELC_OK);
        }
    }
    CHECK_INT(seen, 5);
    /* delete all */
    CHECK_INT(otelc_attrs_iter_init(&it, n, OTELC_ATTRS), OTELC_OK);
    while (otelc_attrs_next(&it, NULL, NULL, NULL))
        CHECK_INT(otelc_attrs_delete_current(&it), OTELC_OK);
    CHECK_INT(count_of(n), 0);
    CHECK_INT(otelc_attrs_set_int(n, "last", 1), OTELC_OK);
    b = reencoded(b);
    CHECK_LIST(get(k, b), "last=1");
    otelc_batch_release(b);
}

static void
t_iter_delete(void)
{
    for (size_t i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++)
        iter_on(&KINDS[i]);
}

/* ---- shared batches ---- */

static void
readonly_on(const struct kind *k)
{
    otelc_batch     *b, *mine;
    otelc_node      *n = build(k, &b), *v, *m;
    otelc_attrs_iter it;

    CHECK_INT(otelc_attrs_set_str(n, "a", "1"), OTELC_OK);
    CHECK_INT(otelc_attrs_set_str(n, "b", "2"), OTELC_OK);
    otelc_batch_retain(b); /* as on fan-out: two holders */
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "a", "x", OTELC_ATTRS_UPSERT),
              OTELC_E_READONLY);
    /* refused whether or not it would change anything */
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "no", "x", OTELC_ATTRS_UPSERT),
              OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "c", n, OTELC_ATTRS, "a",
                               OTELC_ATTRS_UPSERT),
              OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "a", n, OTELC_ATTRS, "b",
                               OTELC_ATTRS_INSERT),
              OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_upsert(n, OTELC_ATTRS, "c", &v), OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_set_str(n, "c", "3"), OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_delete(n, "a"), OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_delete(n, "no"), OTELC_E_READONLY);
    CHECK_INT(otelc_attrs_iter_init(&it, n, OTELC_ATTRS), OTELC_OK);
    CHECK_INT(otelc_attrs_next(&it, NULL, NULL, NULL), 1);
    CHECK_INT(otelc_attrs_delete_current(&it), OTELC_E_READONLY);
    /* the walk goes on after a refused delete */
    CHECK_INT(otelc_attrs_next(&it, NULL, NULL, NULL), 1);
    CHECK_INT(otelc_attrs_next(&it, NULL, NULL, NULL), 0);
    CHECK_LIST(n, "a=1,b=2");
    /* a shared batch is a fine source for a copy into a batch of one's own */
    m = build(k, &mine);
    CHECK_INT(otelc_attrs_copy(m, OTELC_ATTRS, "from.shared", n, OTELC_ATTRS,
                               "b", OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_LIST(m, "from.shared=2");
    otelc_batch_release(mine);
    /* once the other holder lets go, the same calls work */
    otelc_batch_release(b);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "a", "x", OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_LIST(n, "x=1,b=2");
    otelc_batch_release(b);
}

static void
t_readonly_when_shared(void)
{
    for (size_t i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++)
        readonly_on(&KINDS[i]);
}

/* Calls that change nothing leave a decoded batch clean: its original
 * bytes are forwarded without a re-encode. */
static void
t_no_change_keeps_bytes(void)
{
    otelc_batch     *b;
    otelc_node      *n = build(&KINDS[2], &b);
    otelc_attrs_iter it;

    CHECK_INT(otelc_attrs_set_str(n, "a", "1"), OTELC_OK);
    b = reencoded(b);
    n = get(&KINDS[2], b);
    CHECK(!b->dirty);
    CHECK_INT(otelc_attrs_delete(n, "no"), OTELC_E_NOTFOUND);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "no", "x", OTELC_ATTRS_UPSERT),
              OTELC_E_NOTFOUND);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "a", "a", OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "a", n, OTELC_ATTRS, "a",
                               OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK_INT(otelc_attrs_copy(n, OTELC_ATTRS, "new", n, OTELC_ATTRS, "a",
                               OTELC_ATTRS_UPDATE),
              OTELC_OK);
    CHECK_INT(otelc_attrs_iter_init(&it, n, OTELC_ATTRS), OTELC_OK);
    while (otelc_attrs_next(&it, NULL, NULL, NULL))
        ;
    CHECK(!b->dirty);
    CHECK_INT(otelc_attrs_rename(n, OTELC_ATTRS, "a", "b", OTELC_ATTRS_UPSERT),
              OTELC_OK);
    CHECK(b->dirty);
    otelc_batch_release(b);
}

static const struct test_case cases[] = {
    TEST_CASE(t_field_rule),
    TEST_CASE(t_rename),
    TEST_CASE(t_copy),
    TEST_CASE(t_copy_resource_to_span),
    TEST_CASE(t_iter_delete),
    TEST_CASE(t_readonly_when_shared),
    TEST_CASE(t_no_change_keeps_bytes),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
