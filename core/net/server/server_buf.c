/* The server's growable byte buffers (struct otelc__srv_buf): socket
 * input and output, header fields, bodies, responses. */
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
otelc__srv_buf_add(struct otelc__srv_buf *b, const void *d, size_t n)
{
    if (n == 0)
        return 0;
    if (b->off && b->off == b->len)
        b->off = b->len = 0;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char  *p;
        /* Reclaim consumed space before growing. */
        if (b->off) {
            memmove(b->p, b->p + b->off, b->len - b->off);
            b->len -= b->off;
            b->off = 0;
        }
        while (cap < b->len + n)
            cap *= 2;
        if (cap != b->cap) {
            p = realloc(b->p, cap);
            if (p == NULL)
                return -1;
            b->p = p;
            b->cap = cap;
        }
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
    return 0;
}

int
otelc__srv_buf_add_max(struct otelc__srv_buf *b, const void *d, size_t n,
                       size_t max)
{
    if (b->off == 0 && b->len + n > b->cap && b->len + n <= max) {
        /* Grow by doubling, but never past what the limit allows. */
        size_t cap = b->cap ? b->cap * 2 : 4096;
        char  *p;
        if (cap < b->len + n)
            cap = b->len + n;
        if (cap > max)
            cap = max;
        p = realloc(b->p, cap);
        if (p == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    return otelc__srv_buf_add(b, d, n);
}

int
otelc__srv_buf_printf(struct otelc__srv_buf *b, const char *fmt, ...)
{
    char    tmp[512], *big = NULL;
    va_list ap;
    int     n, rc;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof(tmp))
        return otelc__srv_buf_add(b, tmp, (size_t)n);
    va_start(ap, fmt);
    n = vasprintf(&big, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    rc = otelc__srv_buf_add(b, big, (size_t)n);
    free(big);
    return rc;
}

void
otelc__srv_buf_consume(struct otelc__srv_buf *b, size_t n)
{
    b->off += n;
    if (b->off >= b->len)
        b->off = b->len = 0;
}

void
otelc__srv_buf_free(struct otelc__srv_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}
