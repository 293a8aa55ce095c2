/* The instance context (otelc_ctx): detail of failed calls, logging,
 * identity, typed config access, pipeline calls, self-metrics, and the
 * accessors the layers above the runtime use instead of its internals. */
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "runtime_int.h"
#include "schema.h"

int
otelc__ctx_fail(otelc_ctx *ctx, int status, const char *fmt, ...)
{
    va_list ap;
    char   *msg = NULL;

    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (ctx) {
        free(ctx->last_error);
        ctx->last_error = msg;
    } else {
        otelc__debug("%s", msg ? msg : otelc_status_message(status));
        free(msg);
    }
    return status;
}

const char *
otelc__ctx_reason(otelc_ctx *ctx, int rc)
{
    /* The detail already says what failed ("cannot listen on ..."); the
     * status's generic text in front of it would only be noise. */
    return ctx->last_error && ctx->last_error[0] ? ctx->last_error
                                                 : otelc_status_message(rc);
}

const char *
otelc__ctx_last_error(otelc_ctx *ctx)
{
    return ctx->last_error ? ctx->last_error : "";
}

/* ---- logging ---- */
void
otelc__ctx_log(otelc_ctx *ctx, int level, const char *fmt, va_list ap)
{
    otelc__logv(level, ctx ? ctx->label : NULL, fmt, ap);
}

int
otelc__ctx_log_enabled(otelc_ctx *ctx, int level)
{
    (void)ctx;
    return level >= otelc__log_level();
}

/* ---- identity ---- */
const char *
otelc__ctx_id(otelc_ctx *ctx)
{
    return ctx->cc->id;
}
const char *
otelc__ctx_type(otelc_ctx *ctx)
{
    return ctx->def->type;
}
int
otelc__ctx_worker(otelc_ctx *ctx)
{
    return ctx->w ? ctx->w->index : 0;
}
int
otelc__ctx_workers(otelc_ctx *ctx)
{
    /* A singleton stands for the whole collector: it is "all workers". */
    if (ctx->rt == NULL || ctx->singleton)
        return 1;
    return ctx->rt->n_workers;
}
int
otelc__ctx_signals(otelc_ctx *ctx)
{
    return ctx->signals;
}

/* ---- typed config access: errors go to the validation report, or to the
 * log when an instance is created at run time ---- */
static int
cfg_result(otelc_ctx *ctx, int rc, otelc__diag *tmp)
{
    if (ctx->diag == NULL && otelc__diag_errors(tmp)) {
        for (size_t i = 0; i < otelc__diag_count(tmp); i++)
            otelc__log(OTELC_LOG_ERROR, ctx->label, "%s",
                       otelc__diag_text(tmp, i));
    }
    otelc__diag_free(tmp);
    return rc;
}

#define CFG_GETTER(fn, ctype, deftype, impl)                                     \
    int fn(otelc_ctx *ctx, const otelc_config *map, const char *key,             \
           deftype def, ctype *out)                                              \
    {                                                                            \
        otelc__diag tmp = {0};                                                   \
        int         rc = impl(map, key, def, out, ctx->diag ? ctx->diag : &tmp); \
        return cfg_result(ctx, rc, &tmp);                                        \
    }

CFG_GETTER(otelc__ctx_cfg_str, const char *, const char *, otelc__cfg_get_str)
CFG_GETTER(otelc__ctx_cfg_int, int64_t, int64_t, otelc__cfg_get_int)
CFG_GETTER(otelc__ctx_cfg_double, double, double, otelc__cfg_get_double)
CFG_GETTER(otelc__ctx_cfg_bool, int, int, otelc__cfg_get_bool)
CFG_GETTER(otelc__ctx_cfg_duration, int64_t, int64_t, otelc__cfg_get_duration)

int
otelc__ctx_cfg_error(otelc_ctx *ctx, const otelc_config *node, const char *fmt,
                     va_list ap)
{
    otelc__diag tmp = {0};
    char       *msg = NULL;

    if (vasprintf(&msg, fmt, ap) < 0)
        return OTELC_E_NOMEM;
    otelc__diag_error(ctx->diag ? ctx->diag : &tmp,
                      node ? node : ctx->cc->where, "%s", msg);
    free(msg);
    cfg_result(ctx, OTELC_E_CONFIG, &tmp);
    return OTELC_E_CONFIG;
}

int
otelc__ctx_config_read(otelc_ctx *ctx, const otelc_config *map,
                       const struct otelc_option *options, size_t option_size,
                       void *dst)
{
    otelc__diag tmp = {0};
    int         rc;

    if (options == NULL || dst == NULL)
        return otelc__ctx_fail(ctx, OTELC_E_INVALID,
                               "otelc_config_read: no options or no struct");
    /* Validation has read this section once already (schema_ok() in
     * service.c) and reported its warnings: a second read adds errors
     * only. A running instance only logs what went wrong. */
    rc = otelc__schema_read(ctx, map, options, option_size, dst, &ctx->cfg_mem,
                            ctx->cc ? ctx->cc->where : NULL,
                            ctx->diag && !ctx->schema_checked ? ctx->diag
                                                              : &tmp);
    if (ctx->diag && ctx->schema_checked && otelc__diag_errors(&tmp)) {
        otelc__diag_move(ctx->diag, &tmp);
        return rc;
    }
    return cfg_result(ctx, rc, &tmp);
}

int
otelc__cfg_child_map(otelc_ctx *ctx, const otelc_config *map, const char *key,
                     const otelc_config **out)
{
    const otelc_config *n = otelc__cfg_get(map, key);

    *out = NULL;
    if (n == NULL || n->kind == OTELC_CFG_NULL)
        return OTELC_OK;
    if (n->kind != OTELC_CFG_MAP)
        return otelc_cfg_error(ctx, n, "expected a map");
    *out = n;
    return OTELC_OK;
}

/* ---- pipeline ---- */
void
otelc__ctx_shutdown_done(otelc_ctx *ctx)
{
    struct otelc__worker *w = ctx->w;

    if (!ctx->shutdown_pending)
        return;
    ctx->shutdown_pending = 0;
    ctx->inst_state = OTELC__STOPPED;
    if (w && --w->pending == 0)
        otelc__runtime_ack(ctx->rt, 0);
}

void
otelc__ctx_report(otelc_ctx *ctx, int report_kind, int signal, uint64_t items)
{
    otelc__tel_count(ctx->tel,
                     report_kind == OTELC_REPORT_DROPPED ? OTELC__TEL_DROPPED
                                                         : OTELC__TEL_REFUSED,
                     signal, items);
}

int
otelc__ctx_is_shutting_down(otelc_ctx *ctx)
{
    return ctx->rt == NULL || atomic_load(&ctx->rt->shutting_down) ||
           ctx->inst_state >= OTELC__STOPPING;
}

/* ---- plugin-defined self-metrics ---- */
otelc_metric *
otelc__ctx_metric_counter(otelc_ctx *ctx, const char *name, const char *help)
{
    otelc_metric *m;

    if (name == NULL || name[0] == '\0') {
        otelc__ctx_fail(ctx, OTELC_E_INVALID, "metric_counter: no name");
        return NULL;
    }
    if (ctx->tel == NULL) {
        otelc__ctx_fail(ctx, OTELC_E_STATE,
                        "metric_counter: \"%s\": no self-telemetry while "
                        "validating the config",
                        name);
        return NULL;
    }
    m = (otelc_metric *)otelc__tel_counter(ctx->tel, name, help);
    if (m == NULL)
        otelc__ctx_fail(ctx, OTELC_E_NOMEM, "metric_counter: out of memory");
    return m;
}

void
otelc__ctx_metric_add(otelc_metric *m, int64_t delta)
{
    otelc__tel_metric_add((struct otelc__tel_metric *)m, delta);
}

/* ---- accessors for the layers above (net, export, api) ---- */

struct ev_loop *
otelc__ctx_loop(otelc_ctx *ctx)
{
    return ctx->w ? ctx->w->loop : NULL;
}

int
otelc__ctx_live(otelc_ctx *ctx)
{
    return ctx->rt != NULL;
}

int
otelc__ctx_on_own_loop(otelc_ctx *ctx)
{
    return otelc__current_worker == ctx->w;
}

int
otelc__ctx_replica(otelc_ctx *ctx)
{
    if (ctx->w == NULL)
        return -1;
    return ctx->singleton ? 0 : ctx->w->index;
}

const char *
otelc__ctx_label(otelc_ctx *ctx)
{
    return ctx->label;
}

struct otelc__tel_comp *
otelc__ctx_tel(otelc_ctx *ctx)
{
    return ctx->tel;
}

otelc__diag *
otelc__ctx_diag(otelc_ctx *ctx)
{
    return ctx->diag;
}

int64_t
otelc__ctx_shutdown_timeout_ns(otelc_ctx *ctx)
{
    return ctx->rt && ctx->rt->svc ? ctx->rt->svc->shutdown_timeout_ns : 0;
}

void
otelc__ctx_set_self_counts(otelc_ctx *ctx)
{
    ctx->self_counts = 1;
}
