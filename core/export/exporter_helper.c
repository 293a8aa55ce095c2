/* The exporter helper's state machine: queue, consumers, attempts with a
 * timeout, retries with backoff, shutdown drain, and the self-metrics of
 * each outcome (see exporter_helper.h for the decisions). */
#include "exporter_helper.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <otelc/config.h>
#include <otelc/data.h>

#include "ctx.h"
#include "host_table.h"
#include "log.h"
#include "telemetry.h"

#include "backoff.h"
#include "exporter_config.h"
#include "send_queue.h"

/* One batch on its way: from the first attempt to its final outcome. While
 * it exists it holds one of the exporter's consumer slots. */
struct exph_req {
    struct otelc_exporter       *e;
    otelc_batch                 *batch;
    int                          signal;
    uint64_t                     items;
    int                          queued; /* came from the queue: ack it */
    uint64_t                     ticket;
    unsigned                     attempts;
    struct otelc__backoff        bo;
    otelc_timer                 *retry_timer;
    uint64_t                     retry_at_ns;
    struct otelc_export_attempt *attempt; /* in flight, or NULL */
    struct exph_req             *prev, *next;
};

/* One attempt, handed to the plugin's send(). */
struct otelc_export_attempt {
    const otelc_host_api  *api;   /* first: the SDK reaches the table here */
    struct otelc_exporter *e;     /* NULL once the helper is gone */
    struct exph_req       *req;   /* NULL once timed out or abandoned */
    otelc_batch           *batch; /* own reference, for the plugin's use */
    otelc_timer           *timer;
    int64_t                timeout_ns;
    uint64_t               rejected;
    struct otelc_export_attempt *prev, *next;
};

struct otelc_exporter {
    const otelc_host_api        *api; /* first: every SDK handle starts so */
    otelc_ctx                   *ctx;
    otelc__send_fn               send;
    void                        *arg;
    struct otelc__exph_cfg       cfg;
    struct otelc__send_queue    *q;     /* NULL: queue disabled */
    size_t                       slots; /* consumers of this replica */
    size_t                       active;
    struct exph_req             *reqs;
    struct otelc_export_attempt *handles; /* outstanding attempts */
    otelc_timer                 *pump_timer;
    int                          pumping;
    int                          live; /* a running instance, not validation */
    int                          stopping;
    int                          shutdown_pending;
    uint64_t                     deadline_ns;
    uint64_t                     seq;
    int64_t                      capacity_reported;
    uint64_t                     refused_unlogged;
    uint64_t                     refused_logged_ns;
};

#define NS_PER_MS INT64_C(1000000)
/* Shutdown retries never wait less than this, so a batch that keeps failing
 * does not spin. */
#define SHUTDOWN_MIN_DELAY_NS (10 * NS_PER_MS)
/* Without a known shutdown deadline, retries during shutdown wait at most
 * this long. */
#define SHUTDOWN_FALLBACK_NS (INT64_C(1000) * NS_PER_MS)

static const char *
noun(int signal)
{
    static const char *const nouns[OTELC_SIGNAL_COUNT] = {
        "spans", "metric points", "log records"};
    int si = otelc_signal_index(signal);

    return si < 0 ? "items" : nouns[si];
}

static uint64_t
now_ns(void)
{
    return otelc__host()->time_mono_ns();
}

static void
count(struct otelc_exporter *e, int what, int signal, uint64_t items)
{
    if (e->live)
        otelc__tel_count(otelc__ctx_tel(e->ctx), what, signal, items);
}

static void
gauge(struct otelc_exporter *e, int which, int64_t delta)
{
    if (e->live)
        otelc__tel_gauge_add(otelc__ctx_tel(e->ctx), which, delta);
}

static size_t
per_replica(int64_t total, int workers)
{
    if (workers < 1)
        workers = 1;
    return (size_t)((total + workers - 1) / workers);
}

int
otelc__exporter_new(otelc_ctx *ctx, const otelc_config *cfg,
                    otelc__send_fn send, void *arg, otelc_exporter **out)
{
    struct otelc_exporter *e;
    int                    workers;

    if (out == NULL || send == NULL)
        return otelc__ctx_fail(ctx, OTELC_E_INVALID,
                               "exporter_new needs a send function");
    *out = NULL;
    e = calloc(1, sizeof(*e));
    if (e == NULL)
        return otelc__ctx_fail(ctx, OTELC_E_NOMEM,
                               "exporter_new: out of memory");
    e->api = otelc__host();
    e->ctx = ctx;
    e->send = send;
    e->arg = arg;
    if (otelc__exph_read_cfg(ctx, cfg, &e->cfg) != OTELC_OK) {
        free(e);
        return otelc__ctx_fail(ctx, OTELC_E_CONFIG,
                               "invalid exporter helper settings");
    }
    workers = otelc__ctx_workers(ctx);
    e->slots = per_replica(e->cfg.num_consumers, workers);
    e->live = otelc__ctx_live(ctx);
    if (e->cfg.queue_enabled) {
        e->q = otelc__send_queue_memory_new(
            per_replica(e->cfg.queue_size, workers));
        if (e->q == NULL) {
            free(e);
            return otelc__ctx_fail(ctx, OTELC_E_NOMEM,
                                   "exporter_new: out of memory");
        }
        e->capacity_reported = (int64_t)e->q->ops->capacity(e->q);
        gauge(e, OTELC__TEL_QUEUE_CAPACITY, e->capacity_reported);
        gauge(e, OTELC__TEL_QUEUE_SIZE, 0);
    }
    if (e->live)
        otelc__ctx_set_self_counts(ctx);
    *out = e;
    return OTELC_OK;
}

/* ---- the life of a batch ---- */

static void pump(struct otelc_exporter *e);
static void start_attempt(struct exph_req *r);

static void
pump_cb(void *arg)
{
    struct otelc_exporter *e = arg;
    otelc_timer           *t = e->pump_timer;

    e->pump_timer = NULL;
    otelc_timer_stop(t);
    pump(e);
}

/* New sends never start from inside export_done(): the plugin may be in
 * the middle of its own callback (or tearing its transport down), so the
 * next batch goes out on the next loop iteration. */
static void
schedule_pump(struct otelc_exporter *e)
{
    if (e->pump_timer || e->q == NULL || e->q->ops->size(e->q) == 0 ||
        e->active >= e->slots)
        return;
    e->pump_timer = otelc_timer_start(e->ctx, 0, 0, pump_cb, e);
}

static void
check_idle(struct otelc_exporter *e)
{
    if (!e->shutdown_pending || e->active > 0 ||
        (e->q && e->q->ops->size(e->q) > 0))
        return;
    /* Only from our own loop: once the host gave up waiting, the last
     * answers come from destroy() on the main thread, after the
     * acknowledgement machinery shutdown_done() uses is gone. */
    if (!otelc__ctx_on_own_loop(e->ctx))
        return;
    e->shutdown_pending = 0;
    otelc_timer_stop(e->pump_timer);
    e->pump_timer = NULL;
    otelc_shutdown_done(e->ctx);
}

static struct exph_req *
req_new(struct otelc_exporter *e, otelc_batch *b, int queued, uint64_t ticket)
{
    struct exph_req *r = calloc(1, sizeof(*r));

    if (r == NULL)
        return NULL;
    r->e = e;
    r->batch = b;
    r->signal = otelc_batch_signal(b);
    r->items = otelc_batch_items(b);
    r->queued = queued;
    r->ticket = ticket;
    r->next = e->reqs;
    if (e->reqs)
        e->reqs->prev = r;
    e->reqs = r;
    e->active++;
    return r;
}

/* Releases everything of r; the outcome has been counted. */
static void
req_unlink_free(struct exph_req *r)
{
    struct otelc_exporter *e = r->e;

    if (r->prev)
        r->prev->next = r->next;
    else
        e->reqs = r->next;
    if (r->next)
        r->next->prev = r->prev;
    otelc_timer_stop(r->retry_timer);
    if (r->attempt)
        r->attempt->req = NULL;
    if (r->queued)
        e->q->ops->ack(e->q, r->ticket);
    otelc_batch_release(r->batch);
    free(r);
    e->active--;
}

static void
finish(struct exph_req *r)
{
    struct otelc_exporter *e = r->e;

    req_unlink_free(r);
    schedule_pump(e);
    check_idle(e);
}

static void
give_up(struct exph_req *r, const char *why, const char *message)
{
    struct otelc_exporter *e = r->e;

    count(e, OTELC__TEL_SEND_FAILED, r->signal, r->items);
    otelc__log(OTELC_LOG_ERROR, otelc__ctx_label(e->ctx),
               "exporting failed, dropping %" PRIu64 " %s after %u "
               "attempt%s: %s%s%s",
               r->items, noun(r->signal), r->attempts,
               r->attempts == 1 ? "" : "s", why, message ? ": " : "",
               message ? message : "");
    finish(r);
}

static void
retry_cb(void *arg)
{
    struct exph_req *r = arg;
    otelc_timer     *t = r->retry_timer;

    r->retry_timer = NULL;
    otelc_timer_stop(t);
    start_attempt(r);
}

/* During shutdown a retry waits at most a quarter of the time left, so the
 * batch is tried several more times before the deadline instead of
 * sleeping through it. Nothing is given up early: what is still unsent when
 * the host destroys the exporter is counted there. Past the estimated
 * deadline (which is never earlier than the host's), the host evidently
 * waits longer than service.shutdown_timeout: back off normally. */
static int64_t
shutdown_delay(struct otelc_exporter *e, uint64_t now, int64_t delay)
{
    int64_t cap;

    if (now >= e->deadline_ns)
        return delay;
    cap = (int64_t)(e->deadline_ns - now) / 4;
    if (cap < SHUTDOWN_MIN_DELAY_NS)
        cap = SHUTDOWN_MIN_DELAY_NS;
    return delay < cap ? delay : cap;
}

static void
arm_retry(struct exph_req *r, uint64_t now, int64_t delay)
{
    struct otelc_exporter *e = r->e;

    r->retry_at_ns = now + (uint64_t)delay;
    r->retry_timer = otelc_timer_start(e->ctx, (uint64_t)delay, 0, retry_cb, r);
    if (r->retry_timer == NULL)
        give_up(r, "cannot schedule a retry", NULL);
}

static void
outcome(struct exph_req *r, int status, int64_t retry_after_ns,
        const char *message, uint64_t rejected)
{
    struct otelc_exporter *e = r->e;
    uint64_t               now;
    int64_t                delay;

    if (status == OTELC_OK) {
        if (rejected > r->items)
            rejected = r->items;
        count(e, OTELC__TEL_SENT, r->signal, r->items - rejected);
        count(e, OTELC__TEL_SEND_FAILED, r->signal, rejected);
        finish(r);
        return;
    }
    if (!otelc_status_is_retryable(status)) {
        give_up(r, "not retryable", message);
        return;
    }
    if (!e->cfg.retry.enabled) {
        give_up(r, "retry_on_failure is disabled", message);
        return;
    }
    now = now_ns();
    delay = otelc__backoff_next(&r->bo, now, retry_after_ns);
    if (delay < 0) {
        give_up(r, "no more retries left (retry_on_failure.max_elapsed_time)",
                message);
        return;
    }
    if (e->stopping)
        delay = shutdown_delay(e, now, delay);
    otelc__log(OTELC_LOG_INFO, otelc__ctx_label(e->ctx),
               "exporting failed, will retry %" PRIu64 " %s in %" PRId64
               "ms: %s",
               r->items, noun(r->signal), delay / NS_PER_MS,
               message ? message : otelc_status_message(status));
    arm_retry(r, now, delay);
}

static void
handle_unlink(struct otelc_exporter *e, struct otelc_export_attempt *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        e->handles = x->next;
    if (x->next)
        x->next->prev = x->prev;
    x->prev = x->next = NULL;
}

static void
timeout_cb(void *arg)
{
    struct otelc_export_attempt *x = arg;
    struct exph_req             *r = x->req;
    otelc_timer                 *t = x->timer;
    char                         msg[96];

    x->timer = NULL;
    otelc_timer_stop(t);
    if (r == NULL)
        return;
    /* The plugin keeps the handle until it calls done; the batch moves on
     * (retried or given up) without waiting for it. */
    x->req = NULL;
    r->attempt = NULL;
    snprintf(msg, sizeof(msg), "no response within timeout (%" PRId64 "ms)",
             x->timeout_ns / NS_PER_MS);
    outcome(r, OTELC_E_TIMEOUT, -1, msg, 0);
}

static void
start_attempt(struct exph_req *r)
{
    struct otelc_exporter       *e = r->e;
    struct otelc_export_attempt *x;

    if (r->attempts == 0)
        otelc__backoff_init(&r->bo, &e->cfg.retry, now_ns(), ++e->seq);
    r->attempts++;
    x = calloc(1, sizeof(*x));
    if (x == NULL) {
        outcome(r, OTELC_E_RETRYABLE, -1, "out of memory", 0);
        return;
    }
    x->api = otelc__host();
    x->e = e;
    x->req = r;
    x->batch = r->batch;
    otelc_batch_retain(x->batch);
    x->timeout_ns = e->cfg.timeout_ns;
    x->next = e->handles;
    if (e->handles)
        e->handles->prev = x;
    e->handles = x;
    r->attempt = x;
    if (x->timeout_ns > 0)
        x->timer = otelc_timer_start(e->ctx, (uint64_t)x->timeout_ns, 0,
                                     timeout_cb, x);
    /* send() may call export_done() before it returns, which can free both
     * x and r: neither is touched afterwards. */
    e->send(e->arg, x, x->batch);
}

static void
pump(struct otelc_exporter *e)
{
    if (e->pumping || e->q == NULL)
        return;
    e->pumping = 1;
    while (e->active < e->slots) {
        uint64_t         ticket = 0;
        otelc_batch     *b = e->q->ops->pop(e->q, &ticket);
        struct exph_req *r;

        if (b == NULL)
            break;
        gauge(e, OTELC__TEL_QUEUE_SIZE, -1);
        r = req_new(e, b, 1, ticket);
        if (r == NULL) {
            /* Out of memory with the batch already taken off the queue:
             * counted, never silently lost. */
            uint64_t items = otelc_batch_items(b);
            int      signal = otelc_batch_signal(b);
            count(e, OTELC__TEL_SEND_FAILED, signal, items);
            otelc__log(OTELC_LOG_ERROR, otelc__ctx_label(e->ctx),
                       "out of memory, dropping %" PRIu64 " %s", items,
                       noun(signal));
            e->q->ops->ack(e->q, ticket);
            otelc_batch_release(b);
            continue;
        }
        start_attempt(r);
    }
    e->pumping = 0;
    check_idle(e);
}

/* ---- the API ---- */

static int
refuse(struct otelc_exporter *e, otelc_batch *b, const char *why)
{
    uint64_t items = otelc_batch_items(b);
    int      signal = otelc_batch_signal(b);
    uint64_t now = now_ns();

    count(e, OTELC__TEL_ENQUEUE_FAILED, signal, items);
    otelc_batch_release(b);
    /* Under sustained overload every batch is refused: one line a second
     * says so without flooding the log. */
    e->refused_unlogged += items;
    if (e->refused_logged_ns == 0 ||
        now - e->refused_logged_ns >= UINT64_C(1000000000)) {
        otelc__log(OTELC_LOG_WARN, otelc__ctx_label(e->ctx),
                   "refusing data (%" PRIu64 " items since the last "
                   "message): %s",
                   e->refused_unlogged, why);
        e->refused_unlogged = 0;
        e->refused_logged_ns = now;
    }
    return OTELC_E_RETRYABLE;
}

int
otelc__exporter_consume(otelc_exporter *e, otelc_batch *b)
{
    struct exph_req *r;
    int              rc;

    if (b == NULL)
        return OTELC_E_INVALID;
    if (e->stopping)
        return refuse(e, b, "the exporter is shutting down");
    if (e->q == NULL) {
        if (e->active >= e->slots)
            return refuse(e, b,
                          "all sending_queue.num_consumers are busy "
                          "(sending queue disabled)");
        r = req_new(e, b, 0, 0);
        if (r == NULL)
            return refuse(e, b, "out of memory");
        start_attempt(r);
        return OTELC_OK;
    }
    rc = e->q->ops->push(e->q, b);
    if (rc != OTELC_OK)
        return refuse(e, b,
                      rc == OTELC_E_RETRYABLE ? "sending queue is full"
                                              : "sending queue is closed");
    gauge(e, OTELC__TEL_QUEUE_SIZE, 1);
    pump(e);
    return OTELC_OK;
}

int
otelc__exporter_shutdown(otelc_exporter *e)
{
    uint64_t now = now_ns();
    int64_t  window = SHUTDOWN_FALLBACK_NS;

    if (e->stopping)
        return e->shutdown_pending ? OTELC_PENDING : OTELC_OK;
    e->stopping = 1;
    if (e->q)
        e->q->ops->close(e->q);
    if (otelc__ctx_shutdown_timeout_ns(e->ctx) > 0)
        window = otelc__ctx_shutdown_timeout_ns(e->ctx);
    e->deadline_ns = now + (uint64_t)window;
    /* Retries already waiting are pulled in to fit the deadline. */
    for (struct exph_req *r = e->reqs, *next; r; r = next) {
        int64_t left, d;
        next = r->next;
        if (r->retry_timer == NULL)
            continue;
        left = r->retry_at_ns > now ? (int64_t)(r->retry_at_ns - now) : 0;
        d = shutdown_delay(e, now, left);
        if (d < left) {
            otelc_timer_stop(r->retry_timer);
            r->retry_timer = NULL;
            arm_retry(r, now, d);
        }
    }
    if (e->active == 0 && (e->q == NULL || e->q->ops->size(e->q) == 0))
        return OTELC_OK;
    e->shutdown_pending = 1;
    schedule_pump(e);
    return OTELC_PENDING;
}

void
otelc__exporter_free(otelc_exporter *e)
{
    uint64_t dropped[OTELC_SIGNAL_COUNT] = {0};
    size_t   batches = 0;

    if (e == NULL)
        return;
    otelc_timer_stop(e->pump_timer);
    e->pump_timer = NULL;
    while (e->reqs) {
        struct exph_req *r = e->reqs;
        dropped[otelc_signal_index(r->signal)] += r->items;
        count(e, OTELC__TEL_SEND_FAILED, r->signal, r->items);
        batches++;
        req_unlink_free(r);
    }
    if (e->q) {
        otelc_batch *b;
        while ((b = e->q->ops->pop(e->q, NULL)) != NULL) {
            uint64_t items = otelc_batch_items(b);
            int      signal = otelc_batch_signal(b);
            gauge(e, OTELC__TEL_QUEUE_SIZE, -1);
            dropped[otelc_signal_index(signal)] += items;
            count(e, OTELC__TEL_SEND_FAILED, signal, items);
            batches++;
            otelc_batch_release(b);
        }
        gauge(e, OTELC__TEL_QUEUE_CAPACITY, -e->capacity_reported);
        e->q->ops->destroy(e->q);
    }
    /* Attempts the plugin has not completed: their handles outlive the
     * helper until the plugin's done call (see exporter_helper.h). */
    while (e->handles) {
        struct otelc_export_attempt *x = e->handles;
        handle_unlink(e, x);
        otelc_timer_stop(x->timer);
        x->timer = NULL;
        x->e = NULL;
        x->req = NULL;
    }
    if (batches) {
        static const int sigs[OTELC_SIGNAL_COUNT] = {
            OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS, OTELC_SIGNAL_LOGS};
        for (int s = 0; s < OTELC_SIGNAL_COUNT; s++)
            if (dropped[s])
                otelc__log(OTELC_LOG_ERROR, otelc__ctx_label(e->ctx),
                           "%" PRIu64 " %s dropped at shutdown (not sent "
                           "before the deadline; %zu batch%s queued or "
                           "retrying in all)",
                           dropped[s], noun(sigs[s]), batches,
                           batches == 1 ? "" : "es");
    }
    free(e);
}

void
otelc__attempt_done(otelc_export_attempt *x, int status, int64_t retry_after_ns,
                    const char *message)
{
    struct otelc_exporter *e = x->e;
    struct exph_req       *r = x->req;
    uint64_t               rejected = x->rejected;

    if (e) {
        otelc_timer_stop(x->timer);
        handle_unlink(e, x);
    }
    otelc_batch_release(x->batch);
    free(x);
    if (e == NULL || r == NULL)
        return; /* helper gone, or the attempt already timed out */
    r->attempt = NULL;
    outcome(r, status, retry_after_ns, message, rejected);
}

int64_t
otelc__attempt_timeout_ns(otelc_export_attempt *x)
{
    return x->timeout_ns;
}

void
otelc__attempt_partial(otelc_export_attempt *x, uint64_t rejected,
                       const char *message)
{
    if (x->e == NULL || x->req == NULL)
        return;
    x->rejected += rejected;
    otelc__log(OTELC_LOG_WARN, otelc__ctx_label(x->e->ctx),
               "partial success: the server rejected %" PRIu64 " of %" PRIu64
               " %s%s%s",
               rejected, x->req->items, noun(x->req->signal),
               message && *message ? ": " : "", message ? message : "");
}
