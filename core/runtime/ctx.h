/* The instance context as the layers above the runtime see it.
 *
 * struct otelc_ctx itself is private to core/runtime (runtime_int.h); the
 * net, export and api layers use these functions instead. Every function
 * here runs on the instance's home loop unless it says otherwise. */
#ifndef OTELC__CTX_H
#define OTELC__CTX_H

#include <stdarg.h>
#include <stdint.h>

#include <otelc/host.h>

#include "diag.h"

struct ev_loop;
struct otelc__tel_comp;

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

/* ---- the host.h members bound to an instance (see otelc/host.h) ---- */
const char *otelc__ctx_last_error(otelc_ctx *ctx);
void otelc__ctx_log(otelc_ctx *ctx, int level, const char *fmt, va_list ap);
int  otelc__ctx_log_enabled(otelc_ctx *ctx, int level);
const char *otelc__ctx_id(otelc_ctx *ctx);
const char *otelc__ctx_type(otelc_ctx *ctx);
int         otelc__ctx_worker(otelc_ctx *ctx);
int         otelc__ctx_workers(otelc_ctx *ctx);
int         otelc__ctx_signals(otelc_ctx *ctx);
int otelc__ctx_cfg_str(otelc_ctx *ctx, const otelc_config *map, const char *key,
                       const char *def, const char **out);
int otelc__ctx_cfg_int(otelc_ctx *ctx, const otelc_config *map, const char *key,
                       int64_t def, int64_t *out);
int otelc__ctx_cfg_double(otelc_ctx *ctx, const otelc_config *map,
                          const char *key, double def, double *out);
int otelc__ctx_cfg_bool(otelc_ctx *ctx, const otelc_config *map,
                        const char *key, int def, int *out);
int otelc__ctx_cfg_duration(otelc_ctx *ctx, const otelc_config *map,
                            const char *key, int64_t def, int64_t *out);
int otelc__ctx_cfg_error(otelc_ctx *ctx, const otelc_config *node,
                         const char *fmt, va_list ap);
/* The config_read member (otelc_config_read): the schema reader with the
 * instance's report (validation) or log, and the instance's memory. */
int           otelc__ctx_config_read(otelc_ctx *ctx, const otelc_config *map,
                                     const struct otelc_option *options,
                                     size_t option_size, void *dst);
void          otelc__ctx_shutdown_done(otelc_ctx *ctx);
void          otelc__ctx_report(otelc_ctx *ctx, int report_kind, int signal,
                                uint64_t items);
int           otelc__ctx_is_shutting_down(otelc_ctx *ctx);
otelc_metric *otelc__ctx_metric_counter(otelc_ctx *ctx, const char *name,
                                        const char *help);
void          otelc__ctx_metric_add(otelc_metric *m, int64_t delta);

/* ---- accessors for the layers above ---- */
/* The home worker's loop; NULL for a validation context. */
struct ev_loop *otelc__ctx_loop(otelc_ctx *ctx);
/* True for a running instance, false for one created only to validate. */
int otelc__ctx_live(otelc_ctx *ctx);
/* True when the calling thread is running ctx's home loop. Any thread. */
int otelc__ctx_on_own_loop(otelc_ctx *ctx);
/* Which of the component's per-worker replicas ctx is: 0 for the first
 * one and for a singleton (say things once from there), -1 for a
 * validation context. */
int                     otelc__ctx_replica(otelc_ctx *ctx);
const char             *otelc__ctx_label(otelc_ctx *ctx); /* "batch/x@traces" */
struct otelc__tel_comp *otelc__ctx_tel(otelc_ctx *ctx);
/* The validation report while validating, else NULL. */
otelc__diag *otelc__ctx_diag(otelc_ctx *ctx);
/* service.shutdown_timeout, or 0 when not running. */
int64_t otelc__ctx_shutdown_timeout_ns(otelc_ctx *ctx);
/* The instance counts its own sent/failed items (the exporter helper). */
void otelc__ctx_set_self_counts(otelc_ctx *ctx);

#endif
