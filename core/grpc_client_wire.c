/* Pure encoding helpers of the gRPC client: the grpc-timeout header,
 * grpc-message percent-decoding, the RetryInfo inside
 * grpc-status-details-bin, and the HTTP/2 → gRPC status mappings. No
 * state and no I/O, so they are unit-tested directly. */
#include "grpc_client.h"

#include "base64.h"
#include "compress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
otelc__grpc_timeout_str(int64_t ns, char buf[16])
{
    /* Finest unit first: the value is exact when it fits in 8 digits. */
    static const struct {
        int64_t div;
        char    unit;
    } units[] = {{1, 'n'},
                 {1000, 'u'},
                 {1000000, 'm'},
                 {INT64_C(1000000000), 'S'},
                 {INT64_C(60000000000), 'M'},
                 {INT64_C(3600000000000), 'H'}};
    if (ns < 1)
        ns = 1;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        int64_t v = (ns + units[i].div - 1) / units[i].div;
        if (v <= 99999999) {
            /* The mask is a no-op (v < 2^27) that shows gcc's
             * -Wformat-truncation the value fits. */
            snprintf(buf, 16, "%u%c", (unsigned)(v & 0x7ffffff), units[i].unit);
            return;
        }
    }
    snprintf(buf, 16, "99999999H");
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *
otelc__grpc_percent_decode(const char *s)
{
    size_t len = strlen(s), o = 0;
    char  *out = malloc(len + 1);

    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len &&
            (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
            (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            out[o++] = (char)(hi << 4 | lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

/* ---- a minimal protobuf reader: just enough for Status/Any/Duration ---- */

struct pb {
    const uint8_t *p, *end;
};

static int
pb_varint(struct pb *b, uint64_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        uint8_t byte;
        if (b->p >= b->end)
            return -1;
        byte = *b->p++;
        r |= (uint64_t)(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

/* Next field: number, wire type, and for length-delimited fields the
 * payload; other wire types are skipped over. */
static int
pb_next(struct pb *b, uint32_t *field, int *wt, struct pb *sub, uint64_t *val)
{
    uint64_t key, len;

    if (pb_varint(b, &key) < 0)
        return -1;
    *field = (uint32_t)(key >> 3);
    *wt = (int)(key & 7);
    switch (*wt) {
    case 0:
        return pb_varint(b, val);
    case 1:
        if (b->end - b->p < 8)
            return -1;
        b->p += 8;
        return 0;
    case 2:
        if (pb_varint(b, &len) < 0 || len > (uint64_t)(b->end - b->p))
            return -1;
        sub->p = b->p;
        sub->end = b->p + len;
        b->p += len;
        return 0;
    case 5:
        if (b->end - b->p < 4)
            return -1;
        b->p += 4;
        return 0;
    default:
        return -1;
    }
}

static int64_t
duration_ns(struct pb d)
{
    int64_t   secs = 0, nanos = 0;
    uint32_t  f;
    int       wt;
    uint64_t  v = 0;
    struct pb sub;

    while (d.p < d.end) {
        if (pb_next(&d, &f, &wt, &sub, &v) < 0)
            return -1;
        if (f == 1 && wt == 0)
            secs = (int64_t)v;
        else if (f == 2 && wt == 0)
            nanos = (int32_t)(uint32_t)v;
    }
    if (secs < 0 || nanos < 0 || secs > INT64_C(9000000000))
        return -1;
    return secs * INT64_C(1000000000) + nanos;
}

static int64_t
any_retry_ns(struct pb any)
{
    static const char want[] = "google.rpc.RetryInfo";
    struct pb         type = {0}, value = {0}, sub;
    uint32_t          f;
    int               wt, have_type = 0, have_value = 0;
    uint64_t          v;
    size_t            tlen, wlen = sizeof(want) - 1;

    while (any.p < any.end) {
        if (pb_next(&any, &f, &wt, &sub, &v) < 0)
            return -1;
        if (f == 1 && wt == 2) {
            type = sub;
            have_type = 1;
        } else if (f == 2 && wt == 2) {
            value = sub;
            have_value = 1;
        }
    }
    if (!have_type || !have_value)
        return -1;
    /* type_url is "<prefix>/google.rpc.RetryInfo"; the prefix varies. */
    tlen = (size_t)(type.end - type.p);
    if (tlen < wlen + 1 || type.p[tlen - wlen - 1] != '/' ||
        memcmp(type.p + tlen - wlen, want, wlen) != 0)
        return -1;
    while (value.p < value.end) {
        if (pb_next(&value, &f, &wt, &sub, &v) < 0)
            return -1;
        if (f == 1 && wt == 2)
            return duration_ns(sub);
    }
    return -1;
}

int64_t
otelc__grpc_details_retry_ns(const char *b64, size_t len)
{
    uint8_t  *bin = malloc(OTELC__B64_DECODED_MAX(len));
    long      n;
    int64_t   result = -1;
    struct pb st;

    if (bin == NULL)
        return -1;
    /* gRPC sends -bin values unpadded; padding is tolerated. */
    n = otelc__b64_decode(b64, len, bin);
    if (n < 0)
        goto out;
    st.p = bin;
    st.end = bin + n;
    while (st.p < st.end) {
        struct pb sub;
        uint32_t  f;
        int       wt;
        uint64_t  v;
        if (pb_next(&st, &f, &wt, &sub, &v) < 0)
            break;
        if (f == 3 && wt == 2) { /* Status.details: repeated Any */
            result = any_retry_ns(sub);
            if (result >= 0)
                break;
        }
    }
out:
    free(bin);
    return result;
}

int
otelc__rpc_status_decode(const void *buf, size_t len, int *code,
                         const char **msg, size_t *msg_len)
{
    struct pb st = {(const uint8_t *)buf, (const uint8_t *)buf + len};

    *code = 0;
    *msg = NULL;
    *msg_len = 0;
    while (st.p < st.end) {
        struct pb sub;
        uint32_t  f;
        int       wt;
        uint64_t  v;
        if (pb_next(&st, &f, &wt, &sub, &v) < 0)
            return -1;
        if (f == 1 && wt == 0) {
            *code = (int)v;
        } else if (f == 2 && wt == 2) {
            *msg = (const char *)sub.p;
            *msg_len = (size_t)(sub.end - sub.p);
        }
    }
    return 0;
}

int
otelc__grpc_codec(int compress_algo)
{
    return compress_algo == OTELC__COMPRESS_SNAPPY
               ? OTELC__COMPRESS_SNAPPY_FRAMED
               : compress_algo;
}

int
otelc__grpc_from_http(int http_status)
{
    switch (http_status) {
    case 400:
        return OTELC__GRPC_INTERNAL;
    case 401:
        return OTELC__GRPC_UNAUTHENTICATED;
    case 403:
        return OTELC__GRPC_PERMISSION_DENIED;
    case 404:
        return OTELC__GRPC_UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
        return OTELC__GRPC_UNAVAILABLE;
    default:
        return OTELC__GRPC_UNKNOWN;
    }
}

int
otelc__grpc_from_h2_error(uint32_t h2_error)
{
    switch (h2_error) {
    case 0x7: /* REFUSED_STREAM: never processed, safe to retry */
        return OTELC__GRPC_UNAVAILABLE;
    case 0x8: /* CANCEL */
        return OTELC__GRPC_CANCELLED;
    case 0xb: /* ENHANCE_YOUR_CALM */
        return OTELC__GRPC_RESOURCE_EXHAUSTED;
    case 0xc: /* INADEQUATE_SECURITY */
        return OTELC__GRPC_PERMISSION_DENIED;
    default:
        return OTELC__GRPC_INTERNAL;
    }
}
