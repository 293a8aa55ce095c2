/* Per-instance host context (struct otelc_ctx is in runtime.h). */
#ifndef OTELC__CTX_H
#define OTELC__CTX_H

#include <otelc/host.h>

/* Records detail text for the last failed host call on ctx (returned by
 * otelc_last_error()). ctx may be NULL (then the text goes to the debug
 * log). Returns `status` so callers can `return otelc__ctx_fail(...)`. */
int otelc__ctx_fail(otelc_ctx *ctx, int status, const char *fmt, ...)
    OTELC_PRINTF(3, 4);

/* The map under `key` of a component's config: *out is NULL when absent or
 * null ("all defaults"); anything but a map is a config error naming its
 * YAML path and line. */
int otelc__cfg_child_map(otelc_ctx *ctx, const otelc_config *map,
                         const char *key, const otelc_config **out);

#endif
