/* The runtime end to end with in-process components on two workers:
 * fan-out to two pipelines, copy-on-write for a mutating processor, a
 * singleton exporter fed from both workers, the work queue, and the phased
 * shutdown that lets a processor flush into an exporter before the
 * exporter stops. */
#include <pthread.h>
#include <stdatomic.h>

#include <otelc/otelc.h>

#include "harness.h"
#include "testlib.h"

#define SPANS_PER_WORKER 5

static atomic_int         a_mutated, a_orig, s_orig, s_mutated, s_calls;
static atomic_int         work_ran, work_done_on_loop, exporter_stopped;
static _Atomic(pthread_t) s_thread;
static atomic_int         s_threads_differ;

struct inst {
    otelc_ctx   *ctx;
    otelc_batch *held;
    otelc_timer *timer;
    pthread_t    loop_thread;
};

static int
i_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct inst *i = otelc_calloc(ctx, 1, sizeof(*i));
    (void)cfg;
    i->ctx = ctx;
    *state = i;
    return OTELC_OK;
}

static void
i_destroy(void *state)
{
    struct inst *i = state;
    otelc_batch_release(i->held);
    otelc_free(i->ctx, i);
}

/* ---- source receiver ---- */
static void
work_fn(void *arg)
{
    (void)arg;
    atomic_fetch_add(&work_ran, 1);
}

static void
work_done(void *arg)
{
    struct inst *i = arg;
    if (pthread_equal(pthread_self(), i->loop_thread))
        atomic_fetch_add(&work_done_on_loop, 1);
}

static void
src_fire(void *arg)
{
    struct inst *i = arg;
    otelc_batch *b = otelc_batch_new(i->ctx, OTELC_SIGNAL_TRACES);
    otelc_node  *rs = otelc_build_resource(b);
    otelc_node  *ss = otelc_build_scope(rs, "test", "1");

    for (int n = 0; n < SPANS_PER_WORKER; n++) {
        otelc_node *span = otelc_build_span(ss, "s");
        otelc_attrs_set_str(span, "k", "orig");
    }
    CHECK_INT(otelc_batch_items(b), SPANS_PER_WORKER);
    CHECK_INT(otelc_emit(i->ctx, b), OTELC_OK);
    i->loop_thread = pthread_self();
    CHECK_INT(otelc_work_submit(i->ctx, work_fn, work_done, i), OTELC_OK);
}

static int
src_start(void *state)
{
    struct inst *i = state;
    i->timer = otelc_timer_start(i->ctx, 0, 0, src_fire, i);
    return i->timer ? OTELC_OK : OTELC_E_NOMEM;
}

static int
src_shutdown(void *state)
{
    struct inst *i = state;
    otelc_timer_stop(i->ctx, i->timer);
    i->timer = NULL;
    return OTELC_OK;
}

/* ---- mutating processor ---- */
static int
mut_consume(void *state, otelc_batch *b)
{
    struct inst *i = state;
    otelc_iter   it;
    for (otelc_node *s = otelc_spans_first(b, &it); s;
         s = otelc_spans_next(&it))
        CHECK_INT(otelc_attrs_set_str(s, "k", "mutated"), OTELC_OK);
    return otelc_emit(i->ctx, b);
}

/* ---- holding processor: keeps everything until shutdown ---- */
static int
hold_consume(void *state, otelc_batch *b)
{
    struct inst *i = state;
    if (i->held == NULL)
        i->held = b;
    else
        CHECK_INT(otelc_batch_append(i->held, b), OTELC_OK);
    return OTELC_OK;
}

static int
hold_shutdown(void *state)
{
    struct inst *i = state;
    otelc_batch *b = i->held;
    i->held = NULL;
    /* The exporter must still be running when a processor flushes. */
    CHECK_INT(atomic_load(&exporter_stopped), 0);
    return b ? otelc_emit(i->ctx, b) : OTELC_OK;
}

static void
count_attr(otelc_batch *b, atomic_int *orig, atomic_int *mutated)
{
    otelc_iter it;
    for (otelc_node *s = otelc_spans_first(b, &it); s;
         s = otelc_spans_next(&it)) {
        size_t      len;
        const char *v = otelc_node_str(otelc_attrs_find(s, "k"),
                                       OTELC_ANYVALUE_STRING_VALUE, &len);
        if (len == 4 && memcmp(v, "orig", 4) == 0)
            atomic_fetch_add(orig, 1);
        else if (len == 7 && memcmp(v, "mutated", 7) == 0)
            atomic_fetch_add(mutated, 1);
    }
}

static int
sink_a_consume(void *state, otelc_batch *b)
{
    (void)state;
    count_attr(b, &a_orig, &a_mutated);
    otelc_batch_release(b);
    return OTELC_OK;
}

static int
sink_s_consume(void *state, otelc_batch *b)
{
    pthread_t me = pthread_self();
    (void)state;
    if (atomic_fetch_add(&s_calls, 1) == 0)
        atomic_store(&s_thread, me);
    else if (!pthread_equal(atomic_load(&s_thread), me))
        atomic_store(&s_threads_differ, 1);
    count_attr(b, &s_orig, &s_mutated);
    otelc_batch_release(b);
    return OTELC_OK;
}

static int
sink_s_shutdown(void *state)
{
    (void)state;
    atomic_store(&exporter_stopped, 1);
    return OTELC_OK;
}

#define DEF(kind, type, caps, start, consume, shutdown)                        \
    {                                                                          \
        sizeof(otelc_component_def), kind, type, NULL, OTELC_SIGNALS_ALL,      \
            caps, OTELC_STABILITY_BETA, 0, NULL, NULL, i_create, start,        \
            consume, shutdown, i_destroy, NULL, 0, 0,                          \
        {                                                                      \
            0                                                                  \
        }                                                                      \
    }

static otelc_component_def defs[] = {
    DEF(OTELC_KIND_RECEIVER, "src", 0, src_start, NULL, src_shutdown),
    DEF(OTELC_KIND_PROCESSOR, "mut", OTELC_CAP_MUTATES_DATA, NULL, mut_consume,
        NULL),
    DEF(OTELC_KIND_PROCESSOR, "hold", 0, NULL, hold_consume, hold_shutdown),
    DEF(OTELC_KIND_EXPORTER, "sink_a", 0, NULL, sink_a_consume, NULL),
    DEF(OTELC_KIND_EXPORTER, "sink_s", OTELC_CAP_SINGLETON, NULL,
        sink_s_consume, sink_s_shutdown),
};
#define N_DEFS (sizeof(defs) / sizeof(defs[0]))

static const char config_yaml[] =
    "receivers:\n  src:\n"
    "processors:\n  mut:\n  hold:\n"
    "exporters:\n  sink_a:\n  sink_s:\n"
    "service:\n"
    "  workers: 2\n"
    "  pipelines:\n"
    "    traces/a:\n"
    "      receivers: [src]\n      processors: [mut]\n"
    "      exporters: [sink_a]\n"
    "    traces/b:\n"
    "      receivers: [src]\n      processors: [hold]\n"
    "      exporters: [sink_s]\n";

static void
t_two_workers_fanout_cow_singleton_shutdown(void)
{
    struct harness h;

    harness_start(&h, defs, N_DEFS, config_yaml);
    CHECK_INT(h.svc.workers, 2);
    usleep(300 * 1000);
    CHECK_INT(harness_stop(&h), 0);

    /* Branch a saw only its own mutation; branch b was not affected. */
    CHECK_INT(atomic_load(&a_mutated), 2 * SPANS_PER_WORKER);
    CHECK_INT(atomic_load(&a_orig), 0);
    CHECK_INT(atomic_load(&s_orig), 2 * SPANS_PER_WORKER);
    CHECK_INT(atomic_load(&s_mutated), 0);
    /* The singleton got both workers' data, on one thread. */
    CHECK(atomic_load(&s_calls) >= 1);
    CHECK_INT(atomic_load(&s_threads_differ), 0);
    CHECK_INT(atomic_load(&exporter_stopped), 1);
    /* Work ran on the pool, completion on the instance's loop. */
    CHECK_INT(atomic_load(&work_ran), 2);
    CHECK_INT(atomic_load(&work_done_on_loop), 2);

    otelc__tel_free_all();
}

static const struct test_case cases[] = {
    TEST_CASE(t_two_workers_fanout_cow_singleton_shutdown),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
