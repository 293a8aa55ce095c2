/* Growable text buffer (see sbuf.h). */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
dbg_sbuf_init(dbg_sbuf *sb, otelc_ctx *ctx)
{
    memset(sb, 0, sizeof(*sb));
    sb->ctx = ctx;
}

void
dbg_sbuf_free(dbg_sbuf *sb)
{
    otelc_free(sb->ctx, sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

/* Keeps the allocation: the exporter reuses one buffer for every batch. */
void
dbg_sbuf_reset(dbg_sbuf *sb)
{
    sb->len = 0;
    sb->oom = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

/* Makes room for `extra` more bytes plus the terminating NUL. */
static int
sbuf_reserve(dbg_sbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    size_t cap = sb->cap ? sb->cap : 256;
    char  *p;

    if (sb->oom)
        return 0;
    if (need <= sb->cap)
        return 1;
    while (cap < need)
        cap *= 2;
    p = otelc_realloc(sb->ctx, sb->data, cap);
    if (p == NULL) {
        sb->oom = 1;
        return 0;
    }
    sb->data = p;
    sb->cap = cap;
    return 1;
}

void
dbg_sbuf_put(dbg_sbuf *sb, const char *s, size_t n)
{
    if (!sbuf_reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void
dbg_sbuf_puts(dbg_sbuf *sb, const char *s)
{
    dbg_sbuf_put(sb, s, strlen(s));
}

void
dbg_sbuf_printf(dbg_sbuf *sb, const char *fmt, ...)
{
    va_list ap;
    int     n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !sbuf_reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}
