/* Hand-written encodings of the otlp receiver (see wire.h). */
#include "wire.h"

#include <stdio.h>
#include <string.h>

#include <otelc/otlp_fields.h>
#include <otelc/plugin.h>

/* ---- text ---- */

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t        len;
    unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0)
            lo = 0xa0; /* no overlong forms */
        else if (c == 0xed)
            hi = 0x9f; /* no UTF-16 surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f; /* nothing above U+10FFFF */
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

void
wire_clean_text(char *out, const char *msg)
{
    const unsigned char *s = (const unsigned char *)(msg ? msg : "");
    size_t               n = strlen((const char *)s), o = 0;

    while (n > 0) {
        size_t k = utf8_seq(s, n);
        if (k == 0 || (k == 1 && (s[0] < 0x20 || s[0] == 0x7f))) {
            if (o + 1 > WIRE_MAX_MESSAGE)
                break;
            /* Keep tabs and newlines readable as spaces. */
            out[o++] = (k == 1 && (s[0] == '\n' || s[0] == '\t')) ? ' ' : '?';
            s++;
            n--;
            continue;
        }
        if (o + k > WIRE_MAX_MESSAGE)
            break;
        memcpy(out + o, s, k);
        o += k;
        s += k;
        n -= k;
    }
    out[o] = '\0';
}

/* ---- output ---- */

static void
put(struct wbuf *b, const void *d, size_t n)
{
    /* Callers bound their input (WIRE_MAX_MESSAGE), so this cannot cut;
     * the check only keeps the buffer safe if that ever changes. */
    if (n > sizeof(b->p) - b->len)
        n = sizeof(b->p) - b->len;
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void
put_str(struct wbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void
put_varint(struct wbuf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t        n = 0;

    do {
        tmp[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            tmp[n] |= 0x80;
        n++;
    } while (v);
    put(b, tmp, n);
}

static size_t
varint_size(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

/* A JSON string literal of already cleaned text (see wire_clean_text):
 * only quotes and backslashes need escaping. */
static void
put_json_str(struct wbuf *b, const char *s)
{
    put(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            put(b, "\\", 1);
        put(b, s, 1);
    }
    put(b, "\"", 1);
}

/* ---- Export*ServiceResponse ---- */

void
wire_response_pb(struct wbuf *b, uint64_t rejected, const char *message)
{
    char   text[WIRE_MAX_MESSAGE + 1];
    size_t tlen, inner = 0;

    wire_clean_text(text, message);
    tlen = strlen(text);
    if (rejected == 0 && tlen == 0)
        return; /* the empty message: zero bytes */
    /* ExportTracePartialSuccess (and its metrics/logs twins):
     * int64 rejected_* = 1; string error_message = 2. */
    if (rejected > 0)
        inner += 1 + varint_size(rejected);
    if (tlen > 0)
        inner += 1 + varint_size(tlen) + tlen;
    put(b, "\x0a", 1); /* partial_success = 1, length-delimited */
    put_varint(b, inner);
    if (rejected > 0) {
        put(b, "\x08", 1);
        put_varint(b, rejected);
    }
    if (tlen > 0) {
        put(b, "\x12", 1);
        put_varint(b, tlen);
        put(b, text, tlen);
    }
}

void
wire_response_json(struct wbuf *b, int signal, uint64_t rejected,
                   const char *message)
{
    char                     text[WIRE_MAX_MESSAGE + 1];
    char                     num[32];
    static const char *const keys[OTELC_SIGNAL_COUNT] = {
        "rejectedSpans", "rejectedDataPoints", "rejectedLogRecords"};
    int         si = otelc_signal_index(signal);
    const char *key = keys[si < 0 ? OTELC_SIGNAL_COUNT - 1 : si];

    wire_clean_text(text, message);
    if (rejected == 0 && text[0] == '\0') {
        put_str(b, "{}");
        return;
    }
    put_str(b, "{\"partialSuccess\":{");
    if (rejected > 0) {
        /* proto3 JSON writes int64 as a string. */
        snprintf(num, sizeof(num), "%llu", (unsigned long long)rejected);
        put_json_str(b, key);
        put_str(b, ":");
        put_json_str(b, num);
        if (text[0])
            put_str(b, ",");
    }
    if (text[0]) {
        put_str(b, "\"errorMessage\":");
        put_json_str(b, text);
    }
    put_str(b, "}}");
}

/* ---- google.rpc.Status ---- */

void
wire_status_pb(struct wbuf *b, int code, const char *message)
{
    char   text[WIRE_MAX_MESSAGE + 1];
    size_t tlen;

    wire_clean_text(text, message);
    tlen = strlen(text);
    if (code != 0) {
        put(b, "\x08", 1);
        /* int32: negative values would be sign-extended to 64 bits; gRPC
         * codes are never negative. */
        put_varint(b, (uint64_t)(uint32_t)code);
    }
    if (tlen > 0) {
        put(b, "\x12", 1);
        put_varint(b, tlen);
        put(b, text, tlen);
    }
}

void
wire_status_json(struct wbuf *b, int code, const char *message)
{
    char text[WIRE_MAX_MESSAGE + 1];
    char num[16];

    wire_clean_text(text, message);
    snprintf(num, sizeof(num), "%d", code);
    put_str(b, "{\"code\":");
    put_str(b, num);
    put_str(b, ",\"message\":");
    put_json_str(b, text);
    put_str(b, "}");
}

/* ---- id length scan ---- */

struct rd {
    const unsigned char *p, *end;
};

static int
rd_varint(struct rd *r, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64 && r->p < r->end; shift += 7) {
        unsigned char c = *r->p++;
        x |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return 1;
        }
    }
    return 0;
}

/* Next field of the message in r: its number, and for length-delimited
 * fields its contents in *val. Returns 0 at the end or on bytes it cannot
 * walk (which the host would have refused already). */
static int
rd_field(struct rd *r, uint32_t *field, int *wt, struct rd *val)
{
    uint64_t key, n;

    if (r->p >= r->end || !rd_varint(r, &key))
        return 0;
    *field = (uint32_t)(key >> 3);
    *wt = (int)(key & 7);
    switch (*wt) {
    case 0:
        return rd_varint(r, &n);
    case 1:
        n = 8;
        break;
    case 5:
        n = 4;
        break;
    case 2:
        if (!rd_varint(r, &n))
            return 0;
        break;
    default:
        return 0; /* groups are not part of OTLP */
    }
    if (n > (uint64_t)(r->end - r->p))
        return 0;
    val->p = r->p;
    val->end = r->p + n;
    r->p += n;
    return 1;
}

int
wire_id_ok(const void *id, size_t len, size_t want, int required)
{
    const unsigned char *p = id;

    if (len == 0)
        return !required;
    if (len != want)
        return 0;
    if (!required)
        return 1;
    /* The specification calls an all-zero id invalid, like an empty one. */
    for (size_t i = 0; i < len; i++)
        if (p[i] != 0)
            return 1;
    return 0;
}

/* One span (traces) or log record: whether its ids are acceptable. The
 * last occurrence of a field is the one that counts (protobuf merges
 * singular fields that way), so the decision is made at the end. */
static int
item_has_bad_ids(struct rd item, int traces)
{
    uint32_t f_trace = traces ? OTELC_SPAN_TRACE_ID : OTELC_LOG_TRACE_ID;
    uint32_t f_span = traces ? OTELC_SPAN_SPAN_ID : OTELC_LOG_SPAN_ID;
    uint32_t f_parent = traces ? OTELC_SPAN_PARENT_SPAN_ID : 0;
    const unsigned char *tid = NULL, *sid = NULL, *pid = NULL;
    size_t               tlen = 0, slen = 0, plen = 0;
    struct rd            v;
    uint32_t             f;
    int                  wt;

    while (rd_field(&item, &f, &wt, &v)) {
        if (wt != 2)
            continue;
        if (f == f_trace) {
            tid = v.p;
            tlen = (size_t)(v.end - v.p);
        } else if (f == f_span) {
            sid = v.p;
            slen = (size_t)(v.end - v.p);
        } else if (f_parent && f == f_parent) {
            pid = v.p;
            plen = (size_t)(v.end - v.p);
        }
    }
    return !wire_id_ok(tid, tlen, 16, traces) ||
           !wire_id_ok(sid, slen, 8, traces) || !wire_id_ok(pid, plen, 8, 0);
}

int
wire_has_bad_ids(int signal, const void *buf, size_t len)
{
    struct rd req = {buf, (const unsigned char *)buf + len};
    struct rd rx, sx, item;
    uint32_t  f;
    int       wt, traces = signal == OTELC_SIGNAL_TRACES;

    if (!traces && signal != OTELC_SIGNAL_LOGS)
        return 0;
    /* request.resource_* -> scope_* -> spans / log_records */
    while (rd_field(&req, &f, &wt, &rx)) {
        if (f != OTELC_REQUEST_RESOURCES || wt != 2)
            continue;
        while (rd_field(&rx, &f, &wt, &sx)) {
            if (f != OTELC_RESOURCE_X_SCOPES || wt != 2)
                continue;
            struct rd s = sx;
            while (rd_field(&s, &f, &wt, &item)) {
                if (f == OTELC_SCOPE_X_ITEMS && wt == 2 &&
                    item_has_bad_ids(item, traces))
                    return 1;
            }
        }
    }
    return 0;
}
