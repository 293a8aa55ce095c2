/* Per-instance host context (struct otelc_ctx is in runtime.h). */
#ifndef OTELC__CTX_H
#define OTELC__CTX_H

#include <otelc/host.h>

/* Records detail text for the last failed host call on ctx (returned by
 * otelc_last_error()). ctx may be NULL (then the text goes to the debug
 * log). Returns `status` so callers can `return otelc__ctx_fail(...)`. */
int otelc__ctx_fail(otelc_ctx *ctx, int status, const char *fmt, ...)
    OTELC_PRINTF(3, 4);

#endif
