/* A growable text buffer for building the exporter's output, allocated
 * through the host so it counts against the collector's memory. */
#ifndef DBG_SBUF_H
#define DBG_SBUF_H

#include <stddef.h>

#include <otelc/host.h>

typedef struct dbg_sbuf {
    otelc_ctx *ctx;
    char      *data; /* NUL-terminated when len > 0 */
    size_t     len, cap;
    int        oom; /* an append failed: the text is incomplete */
} dbg_sbuf;

void dbg_sbuf_init(dbg_sbuf *sb, otelc_ctx *ctx);
void dbg_sbuf_free(dbg_sbuf *sb);
void dbg_sbuf_reset(dbg_sbuf *sb);
void dbg_sbuf_put(dbg_sbuf *sb, const char *s, size_t n);
void dbg_sbuf_puts(dbg_sbuf *sb, const char *s);
void dbg_sbuf_printf(dbg_sbuf *sb, const char *fmt, ...) OTELC_PRINTF(2, 3);

#endif
