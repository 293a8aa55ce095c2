/* Request bodies: Content-Encoding (gzip, deflate, zstd) for HTTP, and
 * gRPC's length-prefixed message with grpc-encoding. Decompression never
 * produces (or allocates) more than the server's limit: a zip bomb is
 * answered 413 / RESOURCE_EXHAUSTED after at most `max` bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "server.h"

enum { DEC_OK = 0, DEC_TOO_BIG, DEC_CORRUPT, DEC_NOMEM };

/* Grows out toward max (+1 so "over the limit" is detectable). */
static int
grow(struct otelc__srv_buf *out, uint64_t max)
{
    size_t cap = out->cap ? out->cap * 2 : 64 * 1024;
    char  *p;
    if ((uint64_t)cap > max + 1)
        cap = (size_t)max + 1;
    if (cap <= out->cap)
        return DEC_TOO_BIG;
    p = realloc(out->p, cap);
    if (p == NULL)
        return DEC_NOMEM;
    out->p = p;
    out->cap = cap;
    return DEC_OK;
}

/* windowBits: 15+16 gzip, 15 zlib, -15 raw deflate. */
static int
inflate_to(const char *in, size_t inlen, int wbits, uint64_t max,
           struct otelc__srv_buf *out)
{
    z_stream z;
    int      rc, res = DEC_OK;

    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, wbits) != Z_OK)
        return DEC_NOMEM;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)inlen;
    for (;;) {
        if (out->len == out->cap && (res = grow(out, max)) != DEC_OK)
            break;
        z.next_out = (Bytef *)out->p + out->len;
        z.avail_out = (uInt)(out->cap - out->len);
        rc = inflate(&z, Z_NO_FLUSH);
        out->len = out->cap - z.avail_out;
        if (out->len > max) {
            res = DEC_TOO_BIG;
            break;
        }
        if (rc == Z_STREAM_END) {
            /* Concatenated gzip members are one body (RFC 1952). */
            if (z.avail_in > 0 && wbits > 15) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            res = DEC_CORRUPT; /* truncated */
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            res = rc == Z_MEM_ERROR ? DEC_NOMEM : DEC_CORRUPT;
            break;
        }
    }
    inflateEnd(&z);
    return res;
}

static int
zstd_to(const char *in, size_t inlen, uint64_t max, struct otelc__srv_buf *out)
{
    ZSTD_DCtx    *d = ZSTD_createDCtx();
    ZSTD_inBuffer ib = {in, inlen, 0};
    int           res = DEC_OK, wlog = 10;
    size_t        rc = 1;

    if (d == NULL)
        return DEC_NOMEM;
    /* The window is memory too: no bigger than the limit needs. */
    while (wlog < 27 && ((uint64_t)1 << wlog) < max)
        wlog++;
    ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, wlog);
    while (ib.pos < ib.size || rc != 0) {
        ZSTD_outBuffer ob;
        if (out->len == out->cap && (res = grow(out, max)) != DEC_OK)
            break;
        ob.dst = out->p;
        ob.size = out->cap;
        ob.pos = out->len;
        rc = ZSTD_decompressStream(d, &ob, &ib);
        out->len = ob.pos;
        if (ZSTD_isError(rc)) {
            res = ZSTD_getErrorCode(rc) ==
                          ZSTD_error_frameParameter_windowTooLarge
                      ? DEC_TOO_BIG
                      : DEC_CORRUPT;
            break;
        }
        if (out->len > max) {
            res = DEC_TOO_BIG;
            break;
        }
        if (ib.pos == ib.size && rc != 0 && ob.pos < ob.size) {
            res = DEC_CORRUPT; /* truncated frame */
            break;
        }
    }
    ZSTD_freeDCtx(d);
    return res;
}

/* Known encodings: 0 identity, 1 gzip, 2 deflate, 3 zstd; -1 unknown. */
static int
encoding(const char *v)
{
    if (v == NULL || *v == '\0' || strcasecmp(v, "identity") == 0)
        return 0;
    if (strcasecmp(v, "gzip") == 0 || strcasecmp(v, "x-gzip") == 0)
        return 1;
    if (strcasecmp(v, "deflate") == 0 || strcasecmp(v, "zlib") == 0)
        return 2;
    if (strcasecmp(v, "zstd") == 0)
        return 3;
    return -1;
}

static int
decompress(int enc, const char *in, size_t n, uint64_t max,
           struct otelc__srv_buf *out)
{
    int rc;
    switch (enc) {
    case 1:
        return inflate_to(in, n, 15 + 16, max, out);
    case 2:
        /* "deflate" is zlib-wrapped per RFC 9110, but raw deflate is what
         * some clients send: try that when the zlib header is wrong. */
        rc = inflate_to(in, n, 15, max, out);
        if (rc == DEC_CORRUPT) {
            out->len = 0;
            rc = inflate_to(in, n, -15, max, out);
        }
        return rc;
    case 3:
        return zstd_to(in, n, max, out);
    default:
        return DEC_CORRUPT;
    }
}

static void
replace_body(struct otelc_request *r, struct otelc__srv_buf *out)
{
    otelc__srv_buf_free(&r->body);
    r->body = *out;
}

int
otelc__srv_body_decode_http(struct otelc_request *r, char *msg, size_t msglen)
{
    const char           *ce = otelc__srv_req_hdr(r, "content-encoding");
    int                   enc = encoding(ce), rc;
    struct otelc__srv_buf out = {0};

    if (enc < 0) {
        /* otelcol's confighttp answers 400 here. */
        snprintf(msg, msglen, "unsupported Content-Encoding: %s", ce);
        return 400;
    }
    if (enc == 0 || r->body.len == 0)
        return 0;
    rc = decompress(enc, r->body.p + r->body.off, r->body.len - r->body.off,
                    r->srv->set.max_body, &out);
    if (rc != DEC_OK) {
        otelc__srv_buf_free(&out);
        if (rc == DEC_TOO_BIG) {
            snprintf(msg, msglen,
                     "request body too large after decompression "
                     "(limit %llu bytes)",
                     (unsigned long long)r->srv->set.max_body);
            return 413;
        }
        if (rc == DEC_NOMEM) {
            snprintf(msg, msglen, "out of memory");
            return 500;
        }
        snprintf(msg, msglen, "invalid %s data in request body", ce);
        return 400;
    }
    replace_body(r, &out);
    return 0;
}

int
otelc__srv_body_decode_grpc(struct otelc_request *r, char *msg, size_t msglen)
{
    const char           *ge = otelc__srv_req_hdr(r, "grpc-encoding");
    const uint8_t        *p = (const uint8_t *)r->body.p;
    size_t                have = r->body.len;
    uint64_t              mlen, max = r->srv->set.max_body;
    int                   enc = encoding(ge), rc;
    struct otelc__srv_buf out = {0};

    if (enc < 0) {
        snprintf(msg, msglen,
                 "grpc: Decompressor is not installed for grpc-encoding "
                 "\"%s\"",
                 ge);
        return OTELC_GRPC_UNIMPLEMENTED;
    }
    if (have < 5) {
        snprintf(msg, msglen,
                 have ? "grpc: the client sent a partial message prefix"
                      : "grpc: expected one request message, got none");
        return OTELC_GRPC_INTERNAL;
    }
    mlen = ((uint64_t)p[1] << 24) | ((uint64_t)p[2] << 16) |
           ((uint64_t)p[3] << 8) | p[4];
    if (mlen > max) {
        snprintf(msg, msglen,
                 "grpc: received message larger than max (%llu vs. %llu)",
                 (unsigned long long)mlen, (unsigned long long)max);
        return OTELC_GRPC_RESOURCE_EXHAUSTED;
    }
    if (have < 5 + mlen) {
        snprintf(msg, msglen,
                 "grpc: the client sent a truncated message (%llu of %llu "
                 "bytes)",
                 (unsigned long long)(have - 5), (unsigned long long)mlen);
        return OTELC_GRPC_INTERNAL;
    }
    if (have > 5 + mlen) {
        snprintf(msg, msglen, "grpc: a unary call got more than one message");
        return OTELC_GRPC_INTERNAL;
    }
    if (p[0] > 1) {
        snprintf(msg, msglen, "grpc: received unexpected payload format %u",
                 p[0]);
        return OTELC_GRPC_INTERNAL;
    }
    if (p[0] == 0) {
        r->body.off = 5;
        return OTELC_GRPC_OK;
    }
    if (enc == 0) {
        snprintf(msg, msglen,
                 "grpc: compressed flag set with identity or empty encoding");
        return OTELC_GRPC_INTERNAL;
    }
    rc = decompress(enc, (const char *)p + 5, (size_t)mlen, max, &out);
    if (rc != DEC_OK) {
        otelc__srv_buf_free(&out);
        if (rc == DEC_TOO_BIG) {
            snprintf(msg, msglen,
                     "grpc: received message after decompression larger "
                     "than max (limit %llu)",
                     (unsigned long long)max);
            return OTELC_GRPC_RESOURCE_EXHAUSTED;
        }
        snprintf(msg, msglen, "grpc: failed to decompress the message");
        return OTELC_GRPC_INTERNAL;
    }
    replace_body(r, &out);
    return OTELC_GRPC_OK;
}

/* "1S", "200m", ...: at most 8 digits and a unit (gRPC over HTTP/2). */
int
otelc__srv_grpc_timeout(const char *v, double *secs)
{
    size_t n = v ? strlen(v) : 0;
    double x = 0;
    if (n < 2 || n > 9)
        return -1;
    for (size_t i = 0; i + 1 < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    switch (v[n - 1]) {
    case 'H':
        x *= 3600;
        break;
    case 'M':
        x *= 60;
        break;
    case 'S':
        break;
    case 'm':
        x /= 1e3;
        break;
    case 'u':
        x /= 1e6;
        break;
    case 'n':
        x /= 1e9;
        break;
    default:
        return -1;
    }
    *secs = x;
    return 0;
}
