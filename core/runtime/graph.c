/* Graph construction and the data path between instances.
 *
 * Receivers, exporters and connectors get one instance per worker (one in
 * all for SINGLETONs); processors one per pipeline per worker, as otelcol
 * gives each pipeline its own processor instances. A singleton feeds the
 * replica of its home worker only, so each of its items is delivered
 * once. Emitting hands the batch to every downstream edge of its signal,
 * retaining once per extra edge; a consumer that mutates data and would
 * see a shared batch gets a private clone instead. */
#include "graph.h"
#include "runtime_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/data.h>

#include "batch.h"
#include "ctx.h"
#include "host_table.h"
#include "log.h"
#include "memlimit.h"

static otelc_ctx *
ctx_alloc(const struct otelc__comp_cfg *cc, const char *pipeline)
{
    otelc_ctx *ctx = calloc(1, sizeof(*ctx));

    if (ctx == NULL)
        return NULL;
    ctx->api = otelc__host();
    ctx->cc = cc;
    ctx->def = &cc->def->def;
    ctx->kind = cc->kind;
    ctx->singleton = (cc->def->def.capabilities & OTELC_CAP_SINGLETON) ||
                     cc->kind == OTELC_KIND_EXTENSION;
    if (pipeline) {
        ctx->pipeline = strdup(pipeline);
        if (asprintf(&ctx->label, "%s@%s", cc->id, pipeline) < 0)
            ctx->label = NULL;
    } else {
        ctx->label = strdup(cc->id);
    }
    ctx->tel = otelc__tel_comp(cc->kind, cc->id);
    return ctx;
}

void
otelc__ctx_free(otelc_ctx *ctx)
{
    if (ctx == NULL)
        return;
    for (int s = 0; s < OTELC_SIGNAL_COUNT; s++)
        free(ctx->next[s].v);
    free(ctx->pipeline);
    free(ctx->label);
    free(ctx->last_error);
    otelc__cfg_mem_free(&ctx->cfg_mem);
    free(ctx);
}

otelc_ctx *
otelc__ctx_new_validation(const struct otelc__comp_cfg *cc, int signals,
                          otelc__diag *d)
{
    otelc_ctx *ctx = ctx_alloc(cc, NULL);
    if (ctx) {
        ctx->signals = signals;
        ctx->diag = d;
    }
    return ctx;
}

/* ---- construction ---- */

static int
add_inst(struct otelc__runtime *rt, otelc_ctx *ctx)
{
    otelc_ctx **v = realloc(rt->all, (rt->n_all + 1) * sizeof(*v));
    if (v == NULL)
        return -1;
    rt->all = v;
    rt->all[rt->n_all++] = ctx;
    return 0;
}

/* The instance of cc for worker w (and pipeline, for processors). */
static otelc_ctx *
find_inst(struct otelc__runtime *rt, const struct otelc__comp_cfg *cc,
          struct otelc__worker *w, const char *pipeline)
{
    for (size_t i = 0; i < rt->n_all; i++) {
        otelc_ctx *c = rt->all[i];
        if (c->cc != cc)
            continue;
        if (cc->kind == OTELC_KIND_PROCESSOR &&
            strcmp(c->pipeline, pipeline) != 0)
            continue;
        if (c->singleton || c->w == w)
            return c;
    }
    return NULL;
}

static otelc_ctx *
get_inst(struct otelc__runtime *rt, const struct otelc__comp_cfg *cc,
         struct otelc__worker *w, const char *pipeline)
{
    otelc_ctx *ctx = find_inst(rt, cc, w, pipeline);

    if (ctx)
        return ctx;
    ctx = ctx_alloc(cc, cc->kind == OTELC_KIND_PROCESSOR ? pipeline : NULL);
    if (ctx == NULL)
        return NULL;
    ctx->rt = rt;
    /* Singletons are spread over the workers by a hash of their id, so
     * several of them do not all land on worker 0. */
    if (ctx->singleton) {
        unsigned h = 5381;
        for (const char *p = ctx->label; *p; p++)
            h = h * 33 + (unsigned char)*p;
        ctx->w = &rt->workers[h % (unsigned)rt->n_workers];
    } else {
        ctx->w = w;
    }
    if (add_inst(rt, ctx) != 0) {
        otelc__ctx_free(ctx);
        return NULL;
    }
    return ctx;
}

static int
add_edge(otelc_ctx *from, int signal, otelc_ctx *to)
{
    struct otelc__edges *e = &from->next[otelc_signal_index(signal)];
    otelc_ctx          **v;

    /* A singleton reached from several workers' replicas still gets one
     * edge per source instance; the same pair never twice. Its own output
     * must be delivered once: it feeds the per-worker instances of its
     * home worker only, and its batches flow through that replica. */
    if (from->singleton && !to->singleton && to->w != from->w)
        return 0;
    for (size_t i = 0; i < e->n; i++)
        if (e->v[i] == to)
            return 0;
    v = realloc(e->v, (e->n + 1) * sizeof(*v));
    if (v == NULL)
        return -1;
    e->v = v;
    e->v[e->n++] = to;
    return 0;
}

static int
wire_pipeline(struct otelc__runtime *rt, struct otelc__worker *w,
              const struct otelc__pipe_cfg *p)
{
    otelc_ctx *prev = NULL;
    int        rc = -1;

    /* Exporters of the pipeline: the fan-out at its end. */
    otelc_ctx **exps = calloc(p->n_exp, sizeof(*exps));
    if (exps == NULL)
        return -1;
    for (size_t i = 0; i < p->n_exp; i++) {
        exps[i] = get_inst(rt, p->exp[i], w, p->id);
        if (exps[i] == NULL)
            goto out;
        exps[i]->signals |= p->signal;
    }
    for (size_t i = 0; i < p->n_proc; i++) {
        otelc_ctx *proc = get_inst(rt, p->proc[i], w, p->id);
        if (proc == NULL)
            goto out;
        proc->signals |= p->signal;
        if (prev && add_edge(prev, p->signal, proc) != 0)
            goto out;
        prev = proc;
        if (i == 0) {
            /* Receivers feed the first processor. */
            for (size_t r = 0; r < p->n_recv; r++) {
                otelc_ctx *rc_ = get_inst(rt, p->recv[r], w, p->id);
                if (rc_ == NULL || add_edge(rc_, p->signal, proc) != 0)
                    goto out;
                rc_->signals |= p->signal;
            }
        }
    }
    if (prev) {
        for (size_t i = 0; i < p->n_exp; i++)
            if (add_edge(prev, p->signal, exps[i]) != 0)
                goto out;
    } else {
        for (size_t r = 0; r < p->n_recv; r++) {
            otelc_ctx *rc_ = get_inst(rt, p->recv[r], w, p->id);
            if (rc_ == NULL)
                goto out;
            rc_->signals |= p->signal;
            for (size_t i = 0; i < p->n_exp; i++)
                if (add_edge(rc_, p->signal, exps[i]) != 0)
                    goto out;
        }
    }
    rc = 0;
out:
    free(exps);
    return rc;
}

static void
compute_depths(struct otelc__runtime *rt)
{
    int changed = 1;

    for (size_t i = 0; i < rt->n_all; i++)
        rt->all[i]->depth = 0;
    /* Longest path from any source; bounded because validation forbids
     * cycles through connectors. */
    for (size_t round = 0; changed && round <= rt->n_all; round++) {
        changed = 0;
        for (size_t i = 0; i < rt->n_all; i++) {
            otelc_ctx *c = rt->all[i];
            for (int s = 0; s < OTELC_SIGNAL_COUNT; s++) {
                for (size_t j = 0; j < c->next[s].n; j++) {
                    otelc_ctx *t = c->next[s].v[j];
                    if (t->depth < c->depth + 1) {
                        t->depth = c->depth + 1;
                        changed = 1;
                    }
                }
            }
        }
    }
    rt->max_depth = 0;
    for (size_t i = 0; i < rt->n_all; i++)
        if (rt->all[i]->kind != OTELC_KIND_EXTENSION &&
            rt->all[i]->depth > rt->max_depth)
            rt->max_depth = rt->all[i]->depth;
    /* Extensions outlive every pipeline component. */
    for (size_t i = 0; i < rt->n_all; i++)
        if (rt->all[i]->kind == OTELC_KIND_EXTENSION)
            rt->all[i]->depth = rt->max_depth + 1;
    rt->max_depth++;
}

static int
home_insts(struct otelc__runtime *rt)
{
    for (size_t i = 0; i < rt->n_all; i++) {
        otelc_ctx            *c = rt->all[i];
        struct otelc__worker *w = c->w;
        otelc_ctx **v = realloc(w->insts, (w->n_insts + 1) * sizeof(*v));
        if (v == NULL)
            return -1;
        w->insts = v;
        w->insts[w->n_insts++] = c;
    }
    return 0;
}

int
otelc__graph_build(struct otelc__runtime *rt, struct otelc__service *svc,
                   int n_workers)
{
    rt->svc = svc;
    rt->n_workers = n_workers;
    rt->workers = calloc((size_t)n_workers, sizeof(*rt->workers));
    if (rt->workers == NULL)
        return -1;
    for (int i = 0; i < n_workers; i++) {
        struct otelc__worker *w = &rt->workers[i];
        w->index = i;
        w->rt = rt;
        w->loop = ev_loop_new(EVFLAG_AUTO);
        if (w->loop == NULL) {
            otelc__err("cannot create event loop for worker %d", i);
            return -1;
        }
        otelc__mpsc_init(&w->inbox);
    }
    for (int i = 0; i < n_workers; i++) {
        for (size_t p = 0; p < svc->n_pipes; p++)
            if (wire_pipeline(rt, &rt->workers[i], &svc->pipes[p]) != 0)
                return -1;
        for (size_t e = 0; e < svc->n_exts; e++)
            if (get_inst(rt, svc->exts[e], &rt->workers[i], NULL) == NULL)
                return -1;
    }
    compute_depths(rt);
    if (home_insts(rt) != 0)
        return -1;
    /* create() runs here, on the main thread: it must not touch the loop
     * (start() does that, on the worker thread). */
    for (size_t i = 0; i < rt->n_all; i++) {
        otelc_ctx *c = rt->all[i];
        int        rc = c->def->create(c, c->cc->cfg, &c->state);
        if (rc != OTELC_OK) {
            otelc__err("%s %s: create failed: %s", otelc__kind_name(c->kind),
                       c->label, otelc__ctx_reason(c, rc));
            c->state = NULL;
            return -1;
        }
        c->inst_state = OTELC__CREATED;
    }
    return 0;
}

void
otelc__graph_free(struct otelc__runtime *rt)
{
    for (size_t i = 0; i < rt->n_all; i++) {
        otelc_ctx *c = rt->all[i];
        if (c->state)
            c->def->destroy(c->state);
        c->state = NULL;
    }
    for (size_t i = 0; i < rt->n_all; i++)
        otelc__ctx_free(rt->all[i]);
    free(rt->all);
    rt->all = NULL;
    rt->n_all = 0;
    for (int i = 0; rt->workers && i < rt->n_workers; i++) {
        if (rt->workers[i].loop)
            ev_loop_destroy(rt->workers[i].loop);
        free(rt->workers[i].insts);
    }
    free(rt->workers);
    rt->workers = NULL;
}

/* ---- the data path ---- */

static int
worse(int a, int b)
{
    /* A permanent refusal anywhere wins: retrying would not help. */
    if (a == OTELC_E_PERMANENT || b == OTELC_E_PERMANENT)
        return OTELC_E_PERMANENT;
    return a != OTELC_OK ? a : b;
}

static void
count_consumed(otelc_ctx *t, int signal, uint64_t items, int rc)
{
    int ok = rc == OTELC_OK;
    switch (t->kind) {
    case OTELC_KIND_PROCESSOR:
        otelc__tel_count(t->tel, ok ? OTELC__TEL_ACCEPTED : OTELC__TEL_REFUSED,
                         signal, items);
        break;
    case OTELC_KIND_EXPORTER:
        otelc__tel_count(t->tel, ok ? OTELC__TEL_SENT : OTELC__TEL_SEND_FAILED,
                         signal, items);
        break;
    }
}

int
otelc__deliver(otelc_ctx *t, otelc_batch *b)
{
    struct otelc__worker *cur = otelc__current_worker;
    int                   signal = otelc_batch_signal(b);
    uint64_t              items;
    int                   rc;

    if (t->w != cur && t->w != NULL) {
        /* Another worker's instance (a singleton): hand over through its
         * inbox; it is counted when it is consumed there. */
        struct otelc__msg *m = calloc(1, sizeof(*m));
        if (m == NULL) {
            count_consumed(t, signal, otelc_batch_items(b), OTELC_E_NOMEM);
            otelc_batch_release(b);
            return OTELC_E_RETRYABLE;
        }
        m->type = OTELC__MSG_BATCH;
        m->target = t;
        m->batch = b;
        otelc__worker_post(t->w, m);
        return OTELC_OK;
    }
    items = otelc_batch_items(b);
    if (t->inst_state != OTELC__STARTED && t->inst_state != OTELC__STOPPING) {
        otelc__log(OTELC_LOG_ERROR, t->label,
                   "dropping %llu items: component is not running",
                   (unsigned long long)items);
        count_consumed(t, signal, items, OTELC_E_SHUTDOWN);
        otelc_batch_release(b);
        return OTELC_E_RETRYABLE;
    }
    if ((t->def->capabilities & OTELC_CAP_MUTATES_DATA) &&
        atomic_load(&b->refs) > 1) {
        otelc_batch *own = otelc_batch_clone(b);
        otelc_batch_release(b);
        if (own == NULL) {
            count_consumed(t, signal, items, OTELC_E_NOMEM);
            return OTELC_E_RETRYABLE;
        }
        b = own;
    }
    rc = t->def->consume(t->state, b);
    /* The exporter helper counts at the outcome: OK here only means queued. */
    if (!t->self_counts)
        count_consumed(t, signal, items, rc);
    return rc;
}

static int
emit_counted(otelc_ctx *from, otelc_batch *b, struct otelc__tel_comp *tel)
{
    int                  signal, rc = OTELC_OK;
    uint64_t             items;
    struct otelc__edges *e;

    if (b == NULL)
        return otelc__ctx_fail(from, OTELC_E_INVALID, "emit of NULL batch");
    signal = otelc_batch_signal(b);
    items = otelc_batch_items(b);
    e = &from->next[otelc_signal_index(signal)];
    if (from->kind == OTELC_KIND_RECEIVER && otelc__mem_would_exceed(0)) {
        /* Over the memory limit: refuse at the door, the client retries. */
        otelc_batch_release(b);
        rc = otelc__ctx_fail(from, OTELC_E_OVERLOADED,
                             "collector is over its memory limit (%lld of "
                             "%lld bytes held)",
                             (long long)otelc__mem_used(),
                             (long long)otelc__mem_limit());
    } else if (e->n == 0) {
        otelc_batch_release(b);
        rc = otelc__ctx_fail(from, OTELC_E_INVALID,
                             "no pipeline carries %s from %s",
                             otelc_signal_name(signal), from->label);
    } else {
        for (size_t i = 0; i + 1 < e->n; i++)
            otelc_batch_retain(b);
        for (size_t i = 0; i < e->n; i++)
            rc = worse(rc, otelc__deliver(e->v[i], b));
    }
    if (from->kind == OTELC_KIND_RECEIVER)
        otelc__tel_count(
            tel, rc == OTELC_OK ? OTELC__TEL_ACCEPTED : OTELC__TEL_REFUSED,
            signal, items);
    return rc;
}

int
otelc__emit(otelc_ctx *from, otelc_batch *b)
{
    return emit_counted(from, b, from->tel);
}

int
otelc__emit_transport(otelc_ctx *from, otelc_batch *b, const char *transport)
{
    struct otelc__tel_comp *tel = from->tel;

    /* Receivers use one or two transports: remember the last one rather
     * than look it up on every batch. */
    if (transport) {
        if (from->tel_transport == NULL ||
            strcmp(from->tel_transport->transport, transport) != 0)
            from->tel_transport =
                otelc__tel_comp_transport(from->kind, from->cc->id, transport);
        tel = from->tel_transport;
    }
    return emit_counted(from, b, tel);
}
