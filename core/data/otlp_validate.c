/* Descriptor-driven wire-format validation; see otlp_validate.h. */
#include "otlp_validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <otelc/host.h>
#include <otelc/status.h>

#include "otlp_scan.h"

#include "opentelemetry/proto/logs/v1/logs.pb-c.h"
#include "opentelemetry/proto/metrics/v1/metrics.pb-c.h"
#include "opentelemetry/proto/trace/v1/trace.pb-c.h"

enum wire {
    WT_VARINT = 0,
    WT_I64 = 1,
    WT_LEN = 2,
    WT_SGROUP = 3,
    WT_EGROUP = 4,
    WT_I32 = 5,
};

/* ---- UTF-8 ---- */

size_t
otelc__utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t        len;
    unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */

    if (c < 0x80)
        return 1;
    if (c < 0xc2) /* continuation byte or overlong 2-byte lead */
        return 0;
    if (c < 0xe0) {
        len = 2;
    } else if (c < 0xf0) {
        len = 3;
        if (c == 0xe0)
            lo = 0xa0; /* overlong */
        else if (c == 0xed)
            hi = 0x9f; /* surrogates */
    } else if (c < 0xf5) {
        len = 4;
        if (c == 0xf0)
            lo = 0x90; /* overlong */
        else if (c == 0xf4)
            hi = 0x8f; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

int
otelc__utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* Telemetry strings are mostly ASCII: skip 8 bytes at a time. */
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & UINT64_C(0x8080808080808080)) == 0) {
                i += 8;
                continue;
            }
        }
        size_t k = otelc__utf8_seq(s + i, n - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

size_t
otelc__otlp_id_len(const ProtobufCFieldDescriptor *f)
{
    const char *n = f->name;
    if (f->type != PROTOBUF_C_TYPE_BYTES)
        return 0;
    /* first letter first: this runs for every bytes field received */
    if (n[0] == 't' && strcmp(n, "trace_id") == 0)
        return 16;
    if ((n[0] == 's' && strcmp(n, "span_id") == 0) ||
        (n[0] == 'p' && strcmp(n, "parent_span_id") == 0))
        return 8;
    return 0;
}

/* ---- the walk ---- */

/* One step of the path from the request down to a failure, recorded while
 * unwinding so the fast path pays nothing for it. */
struct step {
    const ProtobufCFieldDescriptor *f;
    uint32_t                        num;
    const unsigned char            *msg_start, *field_start;
};

struct walk {
    const unsigned char            *base;
    uint64_t                        items;
    char                           *err;
    size_t                          err_size;
    const ProtobufCFieldDescriptor *fail_field; /* innermost, may be NULL */
    struct step                     path[OTELC_OTLP_MAX_DEPTH + 2];
    int                             npath;
};

static const char *
wire_name(unsigned wt)
{
    static const char *const names[] = {"varint",           "fixed64",
                                        "length-delimited", "start-group",
                                        "end-group",        "fixed32"};
    return wt < 6 ? names[wt] : "invalid";
}

static int OTELC_PRINTF(4, 5)
    fail(struct walk *w, const unsigned char *at,
         const ProtobufCFieldDescriptor *f, const char *fmt, ...)
{
    w->fail_field = f;
    if (w->err != NULL && w->err_size > 0) {
        va_list ap;
        int     n;
        va_start(ap, fmt);
        n = vsnprintf(w->err, w->err_size, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < w->err_size)
            snprintf(w->err + n, w->err_size - (size_t)n, " at offset %zu",
                     (size_t)(at - w->base));
    }
    return OTELC_E_PERMANENT;
}

/* Reads a varint of at most 10 bytes that fits 64 bits; 0 on success. */
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
            return -1;
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

/* A tag or a length prefix: protobuf-c reads at most 5 bytes for these
 * (32 bits), so a longer encoding, even of a small value, would pass here
 * and then fail to decode. 0 on success, -1 when the bytes end first, -2
 * when the encoding is too long or the value does not fit 32 bits. */
static int
read_varint32(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    const unsigned char *start = *p;

    if (read_varint(p, end, out) != 0)
        return *p >= end ? -1 : -2;
    return *p - start > 5 || *out > UINT32_MAX ? -2 : 0;
}

static unsigned
wire_of(ProtobufCType t)
{
    switch (t) {
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_FIXED32:
    case PROTOBUF_C_TYPE_FLOAT:
        return WT_I32;
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return WT_I64;
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_BYTES:
    case PROTOBUF_C_TYPE_MESSAGE:
        return WT_LEN;
    default:
        return WT_VARINT;
    }
}

/* Messages whose every occurrence is one item of the batch. */
static int
is_item(const ProtobufCMessageDescriptor *d)
{
    return d == &opentelemetry__proto__trace__v1__span__descriptor ||
           d == &opentelemetry__proto__logs__v1__log_record__descriptor ||
           d ==
               &opentelemetry__proto__metrics__v1__number_data_point__descriptor ||
           d ==
               &opentelemetry__proto__metrics__v1__histogram_data_point__descriptor ||
           d ==
               &opentelemetry__proto__metrics__v1__exponential_histogram_data_point__descriptor ||
           d ==
               &opentelemetry__proto__metrics__v1__summary_data_point__descriptor;
}

/* Payload of a packed repeated scalar: whole fixed-size values or whole
 * varints. */
static int
packed_ok(unsigned wt, const unsigned char *p, const unsigned char *end)
{
    uint64_t v;
    if (wt == WT_I64)
        return (size_t)(end - p) % 8 == 0;
    if (wt == WT_I32)
        return (size_t)(end - p) % 4 == 0;
    while (p < end)
        if (read_varint(&p, end, &v) != 0)
            return 0;
    return 1;
}

static int
walk_msg(struct walk *w, const ProtobufCMessageDescriptor *d,
         const unsigned char *p, const unsigned char *end, int depth)
{
    const unsigned char *msg_start = p;

    if (depth > OTELC_OTLP_MAX_DEPTH)
        return fail(w, p, NULL, "messages nested deeper than %d levels in %s",
                    OTELC_OTLP_MAX_DEPTH, d->short_name);
    while (p < end) {
        const unsigned char            *start = p;
        const ProtobufCFieldDescriptor *f;
        uint64_t                        tag, v;
        uint32_t                        num;
        unsigned                        wt;
        int                             rc;

        if (read_varint32(&p, end, &tag) != 0)
            return fail(w, start, NULL, "malformed tag in %s", d->short_name);
        num = (uint32_t)(tag >> 3);
        wt = (unsigned)(tag & 7);
        if (num == 0 || num > 536870911u)
            return fail(w, start, NULL, "invalid field number %u in %s", num,
                        d->short_name);
        f = protobuf_c_message_descriptor_get_field(d, num);
        if (wt == WT_SGROUP || wt == WT_EGROUP)
            return fail(w, start, f, "unsupported group field %u in %s", num,
                        d->short_name);
        if (wt > WT_I32)
            return fail(w, start, f, "invalid wire type %u for field %u in %s",
                        wt, num, d->short_name);
        if (f != NULL) {
            unsigned want = wire_of(f->type);
            if (want != wt && !(wt == WT_LEN && want != WT_LEN &&
                                f->label == PROTOBUF_C_LABEL_REPEATED))
                return fail(w, start, f,
                            "wrong wire type %s for field %u in %s",
                            wire_name(wt), num, d->short_name);
        }
        switch (wt) {
        case WT_VARINT:
            if (read_varint(&p, end, &v) != 0)
                return fail(w, start, f, "truncated %s field %u in %s",
                            "varint", num, d->short_name);
            break;
        case WT_I64:
            if ((size_t)(end - p) < 8)
                return fail(w, start, f, "truncated %s field %u in %s",
                            "fixed64", num, d->short_name);
            p += 8;
            break;
        case WT_I32:
            if ((size_t)(end - p) < 4)
                return fail(w, start, f, "truncated %s field %u in %s",
                            "fixed32", num, d->short_name);
            p += 4;
            break;
        case WT_LEN:
            rc = read_varint32(&p, end, &v);
            if (rc == -2)
                return fail(w, start, f,
                            "malformed length of field %u in %s (a varint of "
                            "at most 5 bytes)",
                            num, d->short_name);
            if (rc != 0 || v > (uint64_t)(end - p))
                return fail(w, start, f, "truncated %s field %u in %s",
                            "length-delimited", num, d->short_name);
            if (f == NULL) {
                /* unknown: opaque */
            } else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
                const ProtobufCMessageDescriptor *sub = f->descriptor;
                rc = walk_msg(w, sub, p, p + v, depth + 1);
                if (rc != OTELC_OK) {
                    if (w->npath < (int)(sizeof(w->path) / sizeof(w->path[0])))
                        w->path[w->npath++] =
                            (struct step){f, num, msg_start, start};
                    return rc;
                }
                if (is_item(sub))
                    w->items++;
            } else if (f->type == PROTOBUF_C_TYPE_STRING) {
                if (!otelc__utf8_valid(p, (size_t)v))
                    return fail(w, start, f,
                                "invalid UTF-8 in string field %u in %s", num,
                                d->short_name);
            } else if (f->type == PROTOBUF_C_TYPE_BYTES) {
                size_t want = otelc__otlp_id_len(f);
                if (want != 0 && v != 0 && v != want)
                    return fail(w, start, f,
                                "invalid %s length %u (want %zu) in %s",
                                f->name, (unsigned)v, want, d->short_name);
            } else if (!packed_ok(wire_of(f->type), p, p + v)) {
                return fail(w, start, f, "malformed packed field %u in %s", num,
                            d->short_name);
            }
            p += v;
            break;
        }
    }
    return OTELC_OK;
}

/* Which occurrence of field `num` starts at `at` in a message whose bytes
 * start at `p` (the prefix was already validated). */
static unsigned
occurrence(const unsigned char *p, const unsigned char *at, uint32_t num)
{
    unsigned n = 0;
    while (p < at) {
        uint64_t tag, v = 0;
        if (read_varint(&p, at, &tag) != 0)
            break;
        if ((uint32_t)(tag >> 3) == num)
            n++;
        switch (tag & 7) {
        case WT_VARINT:
            read_varint(&p, at, &v);
            break;
        case WT_I64:
            p += 8;
            break;
        case WT_I32:
            p += 4;
            break;
        case WT_LEN:
            if (read_varint(&p, at, &v) != 0 || v > (uint64_t)(at - p))
                return n;
            p += v;
            break;
        default:
            return n;
        }
    }
    return n;
}

/* Appends " (resource_spans[0].scope_spans[0].spans[3].name)". */
static void
append_path(struct walk *w)
{
    size_t len, left;
    char  *o;

    if (w->err == NULL || w->err_size == 0 ||
        (w->npath == 0 && w->fail_field == NULL))
        return;
    len = strlen(w->err);
    o = w->err + len;
    left = w->err_size - len;
#define PUT(...)                                                               \
    do {                                                                       \
        int n_ = snprintf(o, left, __VA_ARGS__);                               \
        if (n_ < 0 || (size_t)n_ >= left)                                      \
            return;                                                            \
        o += n_;                                                               \
        left -= (size_t)n_;                                                    \
    } while (0)
    PUT(" (");
    for (int i = w->npath - 1; i >= 0; i--) {
        const struct step *s = &w->path[i];
        PUT("%s%s", i == w->npath - 1 ? "" : ".", s->f->name);
        if (s->f->label == PROTOBUF_C_LABEL_REPEATED)
            PUT("[%u]", occurrence(s->msg_start, s->field_start, s->num));
    }
    if (w->fail_field != NULL)
        PUT("%s%s", w->npath ? "." : "", w->fail_field->name);
    PUT(")");
#undef PUT
}

int
otelc__otlp_validate(const ProtobufCMessageDescriptor *desc, const void *buf,
                     size_t len, uint64_t *items, char *err, size_t err_size)
{
    struct walk w;
    int         rc;

    if (err != NULL && err_size > 0)
        err[0] = '\0';
    if (len == 0)
        return OTELC_OK;
    if (buf == NULL || desc == NULL)
        return OTELC_E_INVALID;
    w.base = buf;
    w.items = 0;
    w.err = err;
    w.err_size = err_size;
    w.fail_field = NULL;
    w.npath = 0;
    rc = walk_msg(&w, desc, w.base, w.base + len, 1);
    if (rc != OTELC_OK)
        append_path(&w);
    else if (items != NULL)
        *items += w.items;
    return rc;
}
