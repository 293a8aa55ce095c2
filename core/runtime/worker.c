/* Worker threads and the main thread's coordination of them. */
#include "worker.h"
#include "runtime_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <otelc/data.h>

#include "log.h"
#include "workq.h"

_Thread_local struct otelc__worker *otelc__current_worker;

void
otelc__worker_post(struct otelc__worker *w, struct otelc__msg *m)
{
    otelc__mpsc_push(&w->inbox, &m->node);
    ev_async_send(w->loop, &w->wake);
}

void
otelc__runtime_ack(struct otelc__runtime *rt, int failed)
{
    pthread_mutex_lock(&rt->mu);
    rt->acks++;
    if (failed)
        rt->failures++;
    pthread_cond_broadcast(&rt->cv);
    pthread_mutex_unlock(&rt->mu);
}

/* Waits until `want` acks arrived or the deadline passed; returns the
 * number still missing. */
static int
wait_acks(struct otelc__runtime *rt, int want, const struct timespec *dl)
{
    int missing;

    pthread_mutex_lock(&rt->mu);
    while (rt->acks < want) {
        if (pthread_cond_timedwait(&rt->cv, &rt->mu, dl) == ETIMEDOUT)
            break;
    }
    missing = want - rt->acks;
    pthread_mutex_unlock(&rt->mu);
    return missing > 0 ? missing : 0;
}

static void
reset_acks(struct otelc__runtime *rt)
{
    pthread_mutex_lock(&rt->mu);
    rt->acks = 0;
    rt->failures = 0;
    pthread_mutex_unlock(&rt->mu);
}

static void
shutdown_depth(struct otelc__worker *w, int depth)
{
    /* The extra count keeps synchronous shutdowns from acking early. */
    w->pending = 1;
    w->phase_depth = depth;
    for (size_t i = 0; i < w->n_insts; i++) {
        otelc_ctx *c = w->insts[i];
        int        rc = OTELC_OK;
        if (c->depth != depth || c->inst_state != OTELC__STARTED)
            continue;
        c->inst_state = OTELC__STOPPING;
        if (c->def->shutdown)
            rc = c->def->shutdown(c->state);
        if (rc == OTELC_PENDING) {
            c->shutdown_pending = 1;
            w->pending++;
            continue;
        }
        if (rc != OTELC_OK)
            otelc__log(OTELC_LOG_ERROR, c->label, "shutdown failed: %s",
                       otelc__ctx_reason(c, rc));
        c->inst_state = OTELC__STOPPED;
    }
    if (--w->pending == 0)
        otelc__runtime_ack(w->rt, 0);
}

static void
handle_msg(struct otelc__worker *w, struct otelc__msg *m)
{
    switch (m->type) {
    case OTELC__MSG_BATCH:
        otelc__deliver(m->target, m->batch);
        break;
    case OTELC__MSG_CALL:
        m->fn(m->arg);
        break;
    case OTELC__MSG_SHUTDOWN:
        shutdown_depth(w, m->depth);
        break;
    case OTELC__MSG_STOP:
        ev_break(w->loop, EVBREAK_ALL);
        break;
    }
    free(m);
}

static void
wake_cb(struct ev_loop *loop, ev_async *a, int revents)
{
    struct otelc__worker    *w = ev_userdata(loop);
    struct otelc__mpsc_node *n;
    (void)a;
    (void)revents;
    while ((n = otelc__mpsc_pop(&w->inbox)) != NULL)
        handle_msg(w, (struct otelc__msg *)(void *)n);
}

static int
by_depth_desc(const void *a, const void *b)
{
    const otelc_ctx *x = *(otelc_ctx *const *)a, *y = *(otelc_ctx *const *)b;
    return y->depth - x->depth;
}

/* Logs a start failure unless another replica of the same component
 * already logged the same one. Any worker thread. */
static void
report_start_failure(struct otelc__runtime *rt, otelc_ctx *c, int rc)
{
    char *key = NULL;
    int   seen = 0;

    if (asprintf(&key, "%s\n%s", c->label, otelc__ctx_reason(c, rc)) < 0)
        key = NULL;
    pthread_mutex_lock(&rt->mu);
    for (size_t i = 0; key && i < rt->n_start_errors; i++)
        seen |= strcmp(rt->start_errors[i], key) == 0;
    if (key && !seen) {
        char **v =
            realloc(rt->start_errors, (rt->n_start_errors + 1) * sizeof(*v));
        if (v) {
            rt->start_errors = v;
            rt->start_errors[rt->n_start_errors++] = key;
            key = NULL;
        }
    }
    pthread_mutex_unlock(&rt->mu);
    free(key);
    if (!seen)
        otelc__log(OTELC_LOG_ERROR, c->label, "start failed: %s",
                   otelc__ctx_reason(c, rc));
}

static void *
worker_main(void *arg)
{
    struct otelc__worker *w = arg;
    otelc_ctx           **order;
    int                   failed = 0;

    otelc__current_worker = w;
    /* Downstream first, so nothing is emitted into a component that has
     * not started yet. */
    order = malloc((w->n_insts + 1) * sizeof(*order));
    if (order == NULL) {
        otelc__runtime_ack(w->rt, 1);
        return NULL;
    }
    memcpy(order, w->insts, w->n_insts * sizeof(*order));
    qsort(order, w->n_insts, sizeof(*order), by_depth_desc);
    for (size_t i = 0; i < w->n_insts && !failed; i++) {
        otelc_ctx *c = order[i];
        int        rc = c->def->start ? c->def->start(c->state) : OTELC_OK;
        if (rc != OTELC_OK) {
            report_start_failure(w->rt, c, rc);
            failed = 1;
            break;
        }
        c->inst_state = OTELC__STARTED;
    }
    free(order);
    w->started = 1;
    otelc__runtime_ack(w->rt, failed);
    ev_run(w->loop, 0);
    return NULL;
}

static struct timespec
deadline_in(int64_t ns)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(ns / 1000000000);
    ts.tv_nsec += (long)(ns % 1000000000);
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    return ts;
}

int
otelc__runtime_start(struct otelc__runtime *rt)
{
    pthread_condattr_t attr;
    struct timespec    dl;
    int                failures;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&rt->mu, NULL);
    pthread_cond_init(&rt->cv, &attr);
    pthread_condattr_destroy(&attr);
    rt->workq = otelc__workq_new(2);
    reset_acks(rt);
    for (int i = 0; i < rt->n_workers; i++) {
        struct otelc__worker *w = &rt->workers[i];
        ev_set_userdata(w->loop, w);
        ev_async_init(&w->wake, wake_cb);
        ev_async_start(w->loop, &w->wake);
        /* The inbox watcher must not keep a finished loop alive on its own;
         * the loop ends only on MSG_STOP anyway. */
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            otelc__err("cannot start worker thread %d", i);
            rt->n_workers = i;
            return -1;
        }
    }
    dl = deadline_in(INT64_C(60) * 1000000000);
    wait_acks(rt, rt->n_workers, &dl);
    pthread_mutex_lock(&rt->mu);
    failures = rt->failures;
    pthread_mutex_unlock(&rt->mu);
    return failures ? -1 : 0;
}

int
otelc__runtime_stop(struct otelc__runtime *rt, int64_t timeout_ns)
{
    struct timespec dl = deadline_in(timeout_ns);
    int             late = 0;

    atomic_store(&rt->shutting_down, 1);
    for (int d = 0; d <= rt->max_depth; d++) {
        int missing;
        reset_acks(rt);
        for (int i = 0; i < rt->n_workers; i++) {
            struct otelc__msg *m = calloc(1, sizeof(*m));
            if (m == NULL)
                continue;
            m->type = OTELC__MSG_SHUTDOWN;
            m->depth = d;
            otelc__worker_post(&rt->workers[i], m);
        }
        missing = wait_acks(rt, rt->n_workers, &dl);
        if (missing) {
            otelc__err("shutdown deadline exceeded: %d worker(s) still "
                       "draining components at depth %d; shutting down "
                       "the rest without waiting",
                       missing, d);
            late = 1;
        }
    }
    /* Blocking jobs finish and post their completions before the loops
     * are told to stop, so no completion is left behind. */
    otelc__workq_free(rt->workq);
    rt->workq = NULL;
    for (int i = 0; i < rt->n_workers; i++) {
        struct otelc__msg *m = calloc(1, sizeof(*m));
        if (m) {
            m->type = OTELC__MSG_STOP;
            otelc__worker_post(&rt->workers[i], m);
        }
    }
    for (int i = 0; i < rt->n_workers; i++)
        pthread_join(rt->workers[i].thread, NULL);
    /* Whatever is still queued was accepted by nobody: count it. */
    for (int i = 0; i < rt->n_workers; i++) {
        struct otelc__worker    *w = &rt->workers[i];
        struct otelc__mpsc_node *n;
        otelc__current_worker = w;
        while ((n = otelc__mpsc_pop(&w->inbox)) != NULL) {
            struct otelc__msg *m = (struct otelc__msg *)(void *)n;
            if (m->type == OTELC__MSG_BATCH)
                otelc__deliver(m->target, m->batch);
            free(m);
        }
        otelc__current_worker = NULL;
    }
    for (size_t i = 0; i < rt->n_start_errors; i++)
        free(rt->start_errors[i]);
    free(rt->start_errors);
    rt->start_errors = NULL;
    rt->n_start_errors = 0;
    pthread_mutex_destroy(&rt->mu);
    pthread_cond_destroy(&rt->cv);
    return late ? -1 : 0;
}
