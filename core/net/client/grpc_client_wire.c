/* Pure encoding helpers of the gRPC client: the grpc-timeout header,
 * grpc-message percent-decoding, the RetryInfo inside
 * grpc-status-details-bin, and the HTTP/2 → gRPC status mappings. No
 * state and no I/O, so they are unit-tested directly. */
#include "grpc_client.h"

#include "compress.h"
#include "rpc_status.h"

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
        return OTELC_GRPC_INTERNAL;
    case 401:
        return OTELC_GRPC_UNAUTHENTICATED;
    case 403:
        return OTELC_GRPC_PERMISSION_DENIED;
    case 404:
        return OTELC_GRPC_UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
        return OTELC_GRPC_UNAVAILABLE;
    default:
        return OTELC_GRPC_UNKNOWN;
    }
}

int
otelc__grpc_from_h2_error(uint32_t h2_error)
{
    switch (h2_error) {
    case 0x7: /* REFUSED_STREAM: never processed, safe to retry */
        return OTELC_GRPC_UNAVAILABLE;
    case 0x8: /* CANCEL */
        return OTELC_GRPC_CANCELLED;
    case 0xb: /* ENHANCE_YOUR_CALM */
        return OTELC_GRPC_RESOURCE_EXHAUSTED;
    case 0xc: /* INADEQUATE_SECURITY */
        return OTELC_GRPC_PERMISSION_DENIED;
    default:
        return OTELC_GRPC_INTERNAL;
    }
}
