/* google.rpc.Status, read without protobuf-c: the code and message of an
 * error body, and the RetryInfo delay inside grpc-status-details-bin. Both
 * the gRPC client and the OTLP response reader (otlp_response.c) use it. */
#include "rpc_status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

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
