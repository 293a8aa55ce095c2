/* The runtime end to end with in-process components on two workers:
 * fan-out to two pipelines, copy-on-write for a mutating processor, a
 * singleton exporter fed from both workers, the work queue, and the phased
 * shutdown that lets a processor flush into an exporter before the
 * exporter stops. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <otelc/otelc.h>

#include "harness.h"
#include "testlib.h"

#define SPANS_PER_WORKER 5

static atomic_int a_mutated, a_orig, s_orig, s_mutated, s_calls;
static atomic_int work_ran, work_done_calls, work_done_on_loop,
    exporter_stopped;
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
    atomic_fetch_add(&work_done_calls, 1);
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
    otelc_timer_stop(i->timer);
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
    /* Each worker's source has emitted and its work has come back. */
    WAIT_UNTIL(atomic_load(&work_done_calls) == 2, 20,
               "both sources to emit and finish their work");
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

/* ---- singletons as sources: their output reaches the exporters once ---- */

#define SINGLETON_SPANS 7

static atomic_int c_direct, c_via_proc, c_after_sproc, c_sproc_in;
static atomic_int ssrc_fired;

static void
ssrc_fire(void *arg)
{
    struct inst *i = arg;
    otelc_batch *b = otelc_batch_new(i->ctx, OTELC_SIGNAL_TRACES);
    otelc_node  *ss = otelc_build_scope(otelc_build_resource(b), "test", "1");

    for (int n = 0; n < SINGLETON_SPANS; n++)
        otelc_build_span(ss, "s");
    CHECK_INT(otelc_emit(i->ctx, b), OTELC_OK);
    atomic_fetch_add(&ssrc_fired, 1);
}

static int
ssrc_start(void *state)
{
    struct inst *i = state;
    i->timer = otelc_timer_start(i->ctx, 0, 0, ssrc_fire, i);
    return i->timer ? OTELC_OK : OTELC_E_NOMEM;
}

static int
pass_consume(void *state, otelc_batch *b)
{
    struct inst *i = state;
    return otelc_emit(i->ctx, b);
}

static int
sproc_consume(void *state, otelc_batch *b)
{
    struct inst *i = state;
    atomic_fetch_add(&c_sproc_in, (int)otelc_batch_items(b));
    return otelc_emit(i->ctx, b);
}

static void
count_into(otelc_batch *b, atomic_int *c)
{
    atomic_fetch_add(c, (int)otelc_batch_items(b));
    otelc_batch_release(b);
}

static int
c_direct_consume(void *state, otelc_batch *b)
{
    (void)state;
    count_into(b, &c_direct);
    return OTELC_OK;
}

static int
c_via_proc_consume(void *state, otelc_batch *b)
{
    (void)state;
    count_into(b, &c_via_proc);
    return OTELC_OK;
}

static int
c_after_sproc_consume(void *state, otelc_batch *b)
{
    (void)state;
    count_into(b, &c_after_sproc);
    return OTELC_OK;
}

static otelc_component_def singleton_defs[] = {
    DEF(OTELC_KIND_RECEIVER, "ssrc", OTELC_CAP_SINGLETON, ssrc_start, NULL,
        src_shutdown),
    DEF(OTELC_KIND_RECEIVER, "src", 0, src_start, NULL, src_shutdown),
    DEF(OTELC_KIND_PROCESSOR, "pass", 0, NULL, pass_consume, NULL),
    DEF(OTELC_KIND_PROCESSOR, "sproc", OTELC_CAP_SINGLETON, NULL, sproc_consume,
        NULL),
    DEF(OTELC_KIND_EXPORTER, "c_direct", 0, NULL, c_direct_consume, NULL),
    DEF(OTELC_KIND_EXPORTER, "c_via_proc", 0, NULL, c_via_proc_consume, NULL),
    DEF(OTELC_KIND_EXPORTER, "c_after_sproc", 0, NULL, c_after_sproc_consume,
        NULL),
};

static const char singleton_yaml[] =
    "receivers:\n  ssrc:\n  src:\n"
    "processors:\n  pass:\n  sproc:\n"
    "exporters:\n  c_direct:\n  c_via_proc:\n  c_after_sproc:\n"
    "service:\n"
    "  workers: 2\n"
    "  pipelines:\n"
    "    traces/direct:\n"
    "      receivers: [ssrc]\n      exporters: [c_direct]\n"
    "    traces/via_proc:\n"
    "      receivers: [ssrc]\n      processors: [pass]\n"
    "      exporters: [c_via_proc]\n"
    "    traces/sproc:\n"
    "      receivers: [src]\n      processors: [sproc, pass]\n"
    "      exporters: [c_after_sproc]\n";

static void
t_singleton_output_reaches_exporters_once(void)
{
    struct harness h;

    harness_start(&h, singleton_defs, TEST_COUNT(singleton_defs),
                  singleton_yaml);
    /* Every source has emitted; stopping delivers what is on its way. */
    WAIT_UNTIL(atomic_load(&ssrc_fired) == 1 &&
                   atomic_load(&work_done_calls) == 2,
               20, "the singleton and both workers' sources to emit");
    CHECK_INT(harness_stop(&h), 0);

    /* A singleton receiver's items, with and without processors between. */
    CHECK_INT(atomic_load(&c_direct), SINGLETON_SPANS);
    CHECK_INT(atomic_load(&c_via_proc), SINGLETON_SPANS);
    /* A singleton processor gets every worker's data once and passes each
     * item on once. */
    CHECK_INT(atomic_load(&c_sproc_in), 2 * SPANS_PER_WORKER);
    CHECK_INT(atomic_load(&c_after_sproc), 2 * SPANS_PER_WORKER);

    otelc__tel_free_all();
}

/* ---- every handle reaches the table through itself ---- */
static atomic_int h_create_null, h_create_detail, h_io_fired, h_async_fired;
static atomic_int h_done;

struct hinst {
    otelc_ctx    *ctx;
    otelc_io     *io;
    otelc_async  *async;
    otelc_metric *metric;
    int           fds[2];
};

static void
h_io_cb(void *arg, int fd, unsigned events)
{
    struct hinst *i = arg;
    char          c;

    if ((events & OTELC_IO_READ) && read(fd, &c, 1) == 1)
        atomic_store(&h_io_fired, 1);
    /* Stopped from its own callback, with the handle alone. */
    otelc_io_stop(i->io);
    i->io = NULL;
}

static void
h_async_cb(void *arg)
{
    struct hinst *i = arg;
    atomic_store(&h_async_fired, 1);
    otelc_metric_add(i->metric, 2);
    atomic_store(&h_done, 1);
}

static int
h_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct hinst *i = otelc_calloc(ctx, 1, sizeof(*i));
    otelc_timer  *t;

    (void)cfg;
    i->ctx = ctx;
    i->fds[0] = i->fds[1] = -1;
    /* The pointer rule: no loop before start(), so NULL, with the reason
     * in otelc_last_error(). */
    t = otelc_timer_start(ctx, 0, 0, h_async_cb, i);
    if (t == NULL)
        atomic_store(&h_create_null, 1);
    if (strstr(otelc_last_error(ctx), "timer_start") != NULL)
        atomic_store(&h_create_detail, 1);
    otelc_timer_stop(t);
    *state = i;
    return OTELC_OK;
}

static int
h_start(void *state)
{
    struct hinst *i = state;

    i->metric = otelc_metric_counter(i->ctx, "otelc_test_handles", "test");
    i->async = otelc_async_new(i->ctx, h_async_cb, i);
    if (i->metric == NULL || i->async == NULL || pipe(i->fds) != 0)
        return OTELC_E_NOMEM;
    i->io = otelc_io_start(i->ctx, i->fds[0], OTELC_IO_READ, h_io_cb, i);
    if (i->io == NULL || write(i->fds[1], "x", 1) != 1)
        return OTELC_E_IO;
    otelc_metric_add(i->metric, 1);
    otelc_async_send(i->async);
    return OTELC_OK;
}

static int
h_shutdown(void *state)
{
    struct hinst *i = state;
    otelc_io_stop(i->io);
    i->io = NULL;
    otelc_async_free(i->async);
    i->async = NULL;
    return OTELC_OK;
}

static void
h_destroy(void *state)
{
    struct hinst *i = state;
    if (i->fds[0] >= 0) {
        close(i->fds[0]);
        close(i->fds[1]);
    }
    otelc_free(i->ctx, i);
}

static void
t_handles_reach_the_table(void)
{
    static const otelc_component_def hdefs[] = {
        {.struct_size = sizeof(otelc_component_def),
         .kind = OTELC_KIND_RECEIVER,
         .type = "handles",
         .signals = OTELC_SIGNALS_ALL,
         .stability = OTELC_STABILITY_BETA,
         .create = h_create,
         .start = h_start,
         .shutdown = h_shutdown,
         .destroy = h_destroy},
        HARNESS_NOP_EXPORTER,
    };
    struct harness h;

    harness_start(&h, hdefs, 2,
                  "receivers:\n  handles:\n"
                  "exporters:\n  nop:\n"
                  "service:\n  workers: 1\n  pipelines:\n"
                  "    traces:\n      receivers: [handles]\n"
                  "      exporters: [nop]\n");
    WAIT_UNTIL(atomic_load(&h_done) && atomic_load(&h_io_fired), 20,
               "the handles instance ran its io and async callbacks");
    CHECK_INT(harness_stop(&h), 0);
    CHECK_INT(atomic_load(&h_create_null), 1);
    CHECK_INT(atomic_load(&h_create_detail), 1);
    CHECK_INT(atomic_load(&h_io_fired), 1);
    CHECK_INT(atomic_load(&h_async_fired), 1);
    otelc__tel_free_all();
}

static const struct test_case cases[] = {
    TEST_CASE(t_singleton_output_reaches_exporters_once),
    TEST_CASE(t_two_workers_fanout_cow_singleton_shutdown),
    TEST_CASE(t_handles_reach_the_table),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
