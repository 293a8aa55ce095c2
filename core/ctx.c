/* The otelc_host_api members bound to an instance: logging, identity,
 * typed config access, loop services, pipeline calls, self-metrics. */
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "host_api.h"
#include "log.h"
#include "runtime.h"
#include "workq.h"

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

static const char *
ctx_last_error(otelc_ctx *ctx)
{
    return ctx->last_error ? ctx->last_error : "";
}

/* ---- logging ---- */
static void
ctx_log(otelc_ctx *ctx, int level, const char *fmt, va_list ap)
{
    otelc__logv(level, ctx ? ctx->label : NULL, fmt, ap);
}

static int
ctx_log_enabled(otelc_ctx *ctx, int level)
{
    (void)ctx;
    return level >= otelc__log_level();
}

/* ---- memory ---- */
static void *
mem_alloc(size_t n)
{
    return malloc(n);
}
static void *
mem_calloc(size_t n, size_t size)
{
    return calloc(n, size);
}
static void *
mem_realloc(void *p, size_t n)
{
    return realloc(p, n);
}
static void
mem_free(void *p)
{
    free(p);
}
static char *
mem_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- identity ---- */
static const char *
ctx_id(otelc_ctx *ctx)
{
    return ctx->cc->id;
}
static const char *
ctx_type(otelc_ctx *ctx)
{
    return ctx->def->type;
}
static int
ctx_worker(otelc_ctx *ctx)
{
    return ctx->w ? ctx->w->index : 0;
}
static int
ctx_workers(otelc_ctx *ctx)
{
    /* A singleton stands for the whole collector: it is "all workers". */
    if (ctx->rt == NULL || ctx->singleton)
        return 1;
    return ctx->rt->n_workers;
}
static int
ctx_signals(otelc_ctx *ctx)
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
    static int fn(otelc_ctx *ctx, const otelc_config *map, const char *key,      \
                  deftype def, ctype *out)                                       \
    {                                                                            \
        otelc__diag tmp = {0};                                                   \
        int         rc = impl(map, key, def, out, ctx->diag ? ctx->diag : &tmp); \
        return cfg_result(ctx, rc, &tmp);                                        \
    }

CFG_GETTER(cfg_str, const char *, const char *, otelc__cfg_get_str)
CFG_GETTER(cfg_int, int64_t, int64_t, otelc__cfg_get_int)
CFG_GETTER(cfg_double, double, double, otelc__cfg_get_double)
CFG_GETTER(cfg_bool, int, int, otelc__cfg_get_bool)
CFG_GETTER(cfg_duration, int64_t, int64_t, otelc__cfg_get_duration)

static int
cfg_error(otelc_ctx *ctx, const otelc_config *node, const char *fmt, va_list ap)
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

/* ---- event loop ---- */
struct otelc_timer {
    ev_timer        w;
    struct ev_loop *loop;
    otelc_cb        cb;
    void           *arg;
};

static void
timer_fire(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_timer *t = (struct otelc_timer *)w;
    (void)loop;
    (void)revents;
    t->cb(t->arg);
}

static otelc_timer *
timer_start(otelc_ctx *ctx, uint64_t after_ns, uint64_t repeat_ns, otelc_cb cb,
            void *arg)
{
    struct otelc_timer *t;

    if (ctx->w == NULL || cb == NULL)
        return NULL;
    t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->loop = ctx->w->loop;
    t->cb = cb;
    t->arg = arg;
    ev_timer_init(&t->w, timer_fire, (double)after_ns / 1e9,
                  (double)repeat_ns / 1e9);
    /* libev measures from the loop's cached time, which is stale when a
     * timer is armed before the loop first runs or late in a long
     * callback: refresh it so a timeout never fires early. */
    ev_now_update(t->loop);
    ev_timer_start(t->loop, &t->w);
    return t;
}

static void
timer_stop(otelc_timer *t)
{
    ev_timer_stop(t->loop, &t->w);
    free(t);
}

struct otelc_io {
    ev_io           w;
    struct ev_loop *loop;
    otelc_io_cb     cb;
    void           *arg;
};

static void
io_fire(struct ev_loop *loop, ev_io *w, int revents)
{
    struct otelc_io *io = (struct otelc_io *)w;
    int              ev = 0;
    (void)loop;
    if (revents & EV_READ)
        ev |= OTELC_IO_READ;
    if (revents & EV_WRITE)
        ev |= OTELC_IO_WRITE;
    io->cb(io->arg, w->fd, ev);
}

static otelc_io *
io_start(otelc_ctx *ctx, int fd, int events, otelc_io_cb cb, void *arg)
{
    struct otelc_io *io;
    int              ev = 0;

    if (ctx->w == NULL || cb == NULL || fd < 0)
        return NULL;
    io = calloc(1, sizeof(*io));
    if (io == NULL)
        return NULL;
    if (events & OTELC_IO_READ)
        ev |= EV_READ;
    if (events & OTELC_IO_WRITE)
        ev |= EV_WRITE;
    io->loop = ctx->w->loop;
    io->cb = cb;
    io->arg = arg;
    ev_io_init(&io->w, io_fire, fd, ev);
    ev_io_start(io->loop, &io->w);
    return io;
}

static void
io_stop(otelc_io *io)
{
    ev_io_stop(io->loop, &io->w);
    free(io);
}

struct otelc_async {
    ev_async        w;
    struct ev_loop *loop;
    otelc_cb        cb;
    void           *arg;
};

static void
async_fire(struct ev_loop *loop, ev_async *w, int revents)
{
    struct otelc_async *a = (struct otelc_async *)w;
    (void)loop;
    (void)revents;
    a->cb(a->arg);
}

static otelc_async *
async_new(otelc_ctx *ctx, otelc_cb cb, void *arg)
{
    struct otelc_async *a;

    if (ctx->w == NULL || cb == NULL)
        return NULL;
    a = calloc(1, sizeof(*a));
    if (a == NULL)
        return NULL;
    a->loop = ctx->w->loop;
    a->cb = cb;
    a->arg = arg;
    ev_async_init(&a->w, async_fire);
    ev_async_start(a->loop, &a->w);
    return a;
}

static void
async_send(otelc_async *a)
{
    ev_async_send(a->loop, &a->w);
}

static void
async_free(otelc_async *a)
{
    ev_async_stop(a->loop, &a->w);
    free(a);
}

static int
work_submit(otelc_ctx *ctx, otelc_cb work, otelc_cb done, void *arg)
{
    if (ctx->rt == NULL)
        return otelc__ctx_fail(ctx, OTELC_E_STATE,
                               "work queue is not available while "
                               "validating the config");
    return otelc__workq_submit(ctx->rt->workq, ctx->w, work, done, arg);
}

/* ---- clock ---- */
static uint64_t
clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}
static uint64_t
time_unix_ns(void)
{
    return clock_ns(CLOCK_REALTIME);
}
static uint64_t
time_mono_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

/* ---- pipeline ---- */
static void
shutdown_done(otelc_ctx *ctx)
{
    struct otelc__worker *w = ctx->w;

    if (!ctx->shutdown_pending)
        return;
    ctx->shutdown_pending = 0;
    ctx->inst_state = OTELC__STOPPED;
    if (w && --w->pending == 0)
        otelc__runtime_ack(ctx->rt, 0);
}

static void
report(otelc_ctx *ctx, int report_kind, int signal, uint64_t items)
{
    otelc__tel_count(ctx->tel,
                     report_kind == OTELC_REPORT_DROPPED ? OTELC__TEL_DROPPED
                                                         : OTELC__TEL_REFUSED,
                     signal, items);
}

static int
is_shutting_down(otelc_ctx *ctx)
{
    return ctx->rt == NULL || atomic_load(&ctx->rt->shutting_down) ||
           ctx->inst_state >= OTELC__STOPPING;
}

/* ---- plugin-defined self-metrics ---- */
static otelc_metric *
metric_counter(otelc_ctx *ctx, const char *name, const char *help)
{
    return (otelc_metric *)otelc__tel_counter(ctx->tel, name, help);
}

static void
metric_add(otelc_metric *m, int64_t delta)
{
    otelc__tel_metric_add((struct otelc__tel_metric *)m, delta);
}

void
otelc__ctx_api_init(otelc_host_api *api)
{
    api->log = ctx_log;
    api->log_enabled = ctx_log_enabled;
    api->mem_alloc = mem_alloc;
    api->mem_calloc = mem_calloc;
    api->mem_realloc = mem_realloc;
    api->mem_free = mem_free;
    api->mem_strdup = mem_strdup;
    api->ctx_id = ctx_id;
    api->ctx_type = ctx_type;
    api->ctx_worker = ctx_worker;
    api->ctx_workers = ctx_workers;
    api->ctx_signals = ctx_signals;
    api->cfg_str = cfg_str;
    api->cfg_int = cfg_int;
    api->cfg_double = cfg_double;
    api->cfg_bool = cfg_bool;
    api->cfg_duration = cfg_duration;
    api->cfg_error = cfg_error;
    api->timer_start = timer_start;
    api->timer_stop = timer_stop;
    api->io_start = io_start;
    api->io_stop = io_stop;
    api->async_new = async_new;
    api->async_send = async_send;
    api->async_free = async_free;
    api->work_submit = work_submit;
    api->time_unix_ns = time_unix_ns;
    api->time_mono_ns = time_mono_ns;
    api->emit = otelc__emit;
    api->emit_transport = otelc__emit_transport;
    api->shutdown_done = shutdown_done;
    api->report = report;
    api->is_shutting_down = is_shutting_down;
    api->last_error = ctx_last_error;
    api->metric_counter = metric_counter;
    api->metric_add = metric_add;
}
