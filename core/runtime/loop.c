/* The instance's event loop as the SDK sees it: timers, fd watchers,
 * cross-thread wakeups and the blocking-work queue, all on the loop of the
 * instance's home worker (libev underneath, never visible to plugins). */
#include "loop.h"

#include <stddef.h>
#include <stdlib.h>

#include "ctx.h"
#include "host_table.h"
#include "runtime_int.h"
#include "workq.h"

/* The handle whose libev watcher (member `w`) fired. */
#define WATCHER_OWNER(type, watcher)                                           \
    ((type *)(void *)((char *)(watcher)-offsetof(type, w)))

/* api first: every SDK handle starts so (the wrappers reach the table
 * through it); the libev watcher is found from it with WATCHER_OWNER. */
struct otelc_timer {
    const otelc_host_api *api;
    ev_timer              w;
    struct ev_loop       *loop;
    otelc_cb              cb;
    void                 *arg;
};

/* The pointer rule: NULL on failure, the reason in otelc_last_error(). */
static void *
fail_null(otelc_ctx *ctx, int status, const char *msg)
{
    otelc__ctx_fail(ctx, status, "%s", msg);
    return NULL;
}

static void *
not_running(otelc_ctx *ctx, const char *what)
{
    otelc__ctx_fail(ctx, OTELC_E_STATE,
                    "%s: no event loop yet (create() and validation run "
                    "before the instance's loop; do this in start())",
                    what);
    return NULL;
}

static void
timer_fire(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_timer *t = WATCHER_OWNER(struct otelc_timer, w);
    (void)loop;
    (void)revents;
    t->cb(t->arg);
}

otelc_timer *
otelc__timer_start(otelc_ctx *ctx, uint64_t after_ns, uint64_t repeat_ns,
                   otelc_cb cb, void *arg)
{
    struct otelc_timer *t;

    if (ctx->w == NULL)
        return not_running(ctx, "timer_start");
    if (cb == NULL)
        return fail_null(ctx, OTELC_E_INVALID, "timer_start: no callback");
    t = calloc(1, sizeof(*t));
    if (t == NULL)
        return fail_null(ctx, OTELC_E_NOMEM, "timer_start: out of memory");
    t->api = otelc__host();
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

void
otelc__timer_stop(otelc_timer *t)
{
    ev_timer_stop(t->loop, &t->w);
    free(t);
}

struct otelc_io {
    const otelc_host_api *api;
    ev_io                 w;
    struct ev_loop       *loop;
    otelc_io_cb           cb;
    void                 *arg;
};

static void
io_fire(struct ev_loop *loop, ev_io *w, int revents)
{
    struct otelc_io *io = WATCHER_OWNER(struct otelc_io, w);
    unsigned         ev = 0;
    (void)loop;
    if (revents & EV_READ)
        ev |= OTELC_IO_READ;
    if (revents & EV_WRITE)
        ev |= OTELC_IO_WRITE;
    io->cb(io->arg, w->fd, ev);
}

otelc_io *
otelc__io_start(otelc_ctx *ctx, int fd, unsigned events, otelc_io_cb cb,
                void *arg)
{
    struct otelc_io *io;
    int              ev = 0;

    if (ctx->w == NULL)
        return not_running(ctx, "io_start");
    if (cb == NULL || fd < 0)
        return fail_null(ctx, OTELC_E_INVALID,
                         cb ? "io_start: negative fd"
                            : "io_start: no callback");
    io = calloc(1, sizeof(*io));
    if (io == NULL)
        return fail_null(ctx, OTELC_E_NOMEM, "io_start: out of memory");
    io->api = otelc__host();
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

void
otelc__io_stop(otelc_io *io)
{
    ev_io_stop(io->loop, &io->w);
    free(io);
}

struct otelc_async {
    const otelc_host_api *api;
    ev_async              w;
    struct ev_loop       *loop;
    otelc_cb              cb;
    void                 *arg;
};

static void
async_fire(struct ev_loop *loop, ev_async *w, int revents)
{
    struct otelc_async *a = WATCHER_OWNER(struct otelc_async, w);
    (void)loop;
    (void)revents;
    a->cb(a->arg);
}

otelc_async *
otelc__async_new(otelc_ctx *ctx, otelc_cb cb, void *arg)
{
    struct otelc_async *a;

    if (ctx->w == NULL)
        return not_running(ctx, "async_new");
    if (cb == NULL)
        return fail_null(ctx, OTELC_E_INVALID, "async_new: no callback");
    a = calloc(1, sizeof(*a));
    if (a == NULL)
        return fail_null(ctx, OTELC_E_NOMEM, "async_new: out of memory");
    a->api = otelc__host();
    a->loop = ctx->w->loop;
    a->cb = cb;
    a->arg = arg;
    ev_async_init(&a->w, async_fire);
    ev_async_start(a->loop, &a->w);
    return a;
}

void
otelc__async_send(otelc_async *a)
{
    ev_async_send(a->loop, &a->w);
}

void
otelc__async_free(otelc_async *a)
{
    ev_async_stop(a->loop, &a->w);
    free(a);
}

int
otelc__work_submit(otelc_ctx *ctx, otelc_cb work, otelc_cb done, void *arg)
{
    int rc;

    if (ctx->rt == NULL)
        return otelc__ctx_fail(ctx, OTELC_E_STATE,
                               "work queue is not available while "
                               "validating the config");
    rc = otelc__workq_submit(ctx->rt->workq, ctx->w, work, done, arg);
    return rc == OTELC_OK ? rc
                          : otelc__ctx_fail(ctx, rc, "work_submit: %s",
                                            otelc_status_message(rc));
}
