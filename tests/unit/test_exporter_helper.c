/* The exporter helper inside a real runtime: a receiver emits batches into
 * an exporter built on otelc/exporter.h whose send() follows a script
 * (fail first, permanent, never answer, Retry-After, partial success).
 * Checks delivery exactly once, what is counted where, backpressure to the
 * receiver, the consumer limit, shutdown draining and the deadline, and
 * config errors with their YAML path. */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include <otelc/exporter.h>
#include <otelc/otelc.h>

#include "harness.h"
#include "send_queue.h"
#include "testlib.h"

#define MAX_BATCHES     64
#define SPANS_PER_BATCH 3

enum mode {
    M_OK,               /* every attempt succeeds */
    M_FAIL_FIRST,       /* the first g_fail_first attempts are RETRYABLE */
    M_PERMANENT,        /* every attempt is PERMANENT */
    M_HOLD,             /* never answers (until destroy cancels) */
    M_TIMEOUT_FIRST,    /* the first attempt never answers in time */
    M_RETRY_AFTER,      /* the first attempt asks for Retry-After 300ms */
    M_ALWAYS_RETRYABLE, /* never succeeds */
    M_PARTIAL           /* OK with one span rejected */
};

/* The script and what the exporter saw; each case runs in its own
 * process, so plain globals are per case. */
static int        g_mode;
static int        g_fail_first;
static int        g_complete_ms; /* answer after this long; 0: at once */
static int        g_emit_batches;
static atomic_int g_emit_rc[MAX_BATCHES];
static atomic_int g_emitted;
static atomic_int g_attempts;
static atomic_int g_inflight, g_max_inflight;
static atomic_int g_delivered[MAX_BATCHES];
static atomic_int g_delivered_total;
static atomic_int g_late_answers;      /* M_TIMEOUT_FIRST's late answer given */
static atomic_int g_ref_fired;         /* M_RETRY_AFTER's reference timer */
static atomic_int g_retry_saw_ref;     /* ... had fired by the retry */
static int        g_free_helper_first; /* destroy order of a careless plugin */
static int        g_workers = 1;
static int        g_destroy_status = OTELC_E_RETRYABLE; /* held, at destroy */

/* ---- receiver: emits g_emit_batches batches of 3 spans named "b<i>" ---- */
struct src {
    otelc_ctx *ctx;
};

static int
src_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct src *s = otelc_calloc(ctx, 1, sizeof(*s));
    (void)cfg;
    s->ctx = ctx;
    *state = s;
    return OTELC_OK;
}

static int
src_start(void *state)
{
    struct src *s = state;

    /* Emitting from start() puts everything into the exporter before any
     * shutdown can begin (exporters start first). */
    for (int i = 0; i < g_emit_batches; i++) {
        otelc_batch *b = otelc_batch_new(s->ctx, OTELC_SIGNAL_TRACES);
        otelc_node  *ss = otelc_build_scope(otelc_build_resource(b), "t", "1");
        char         name[16];
        snprintf(name, sizeof(name), "b%d", i);
        for (int n = 0; n < SPANS_PER_BATCH; n++)
            otelc_build_span(ss, name);
        atomic_store(&g_emit_rc[i], otelc_emit(s->ctx, b));
        atomic_fetch_add(&g_emitted, 1);
    }
    return OTELC_OK;
}

static void
src_destroy(void *state)
{
    struct src *s = state;
    otelc_free(s->ctx, s);
}

/* ---- exporter on the helper ---- */
struct held {
    otelc_export_attempt *exp;
    struct held          *next;
};

struct exp {
    otelc_ctx      *ctx;
    otelc_exporter *helper;
    struct held    *held; /* attempts the "server" has not answered */
    otelc_timer    *late;
    otelc_timer    *ref;
};

struct pending {
    struct exp           *me;
    otelc_export_attempt *exp;
    otelc_batch          *batch;
    int                   status;
    int64_t               retry_after_ns;
    otelc_timer          *timer;
};

static void
record_delivery(otelc_batch *b)
{
    otelc_iter  it;
    otelc_node *span = otelc_spans_first(b, &it);
    size_t      len = 0;
    const char *name = otelc_span_name(span, &len);
    char        buf[16] = {0};

    CHECK(name != NULL && len > 1 && len < sizeof(buf));
    memcpy(buf, name, len);
    atomic_fetch_add(&g_delivered[atoi(buf + 1)], 1);
    atomic_fetch_add(&g_delivered_total, 1);
}

static void
answer(otelc_export_attempt *exp, otelc_batch *batch, int status, int64_t ra)
{
    atomic_fetch_sub(&g_inflight, 1);
    if (status == OTELC_OK)
        record_delivery(batch);
    if (g_mode == M_PARTIAL)
        otelc_attempt_partial(exp, 1, "one span was invalid");
    otelc_attempt_done(exp, status, ra, status == OTELC_OK ? NULL : "scripted");
}

static void
pending_fire(void *arg)
{
    struct pending *p = arg;
    otelc_timer_stop(p->timer);
    answer(p->exp, p->batch, p->status, p->retry_after_ns);
    otelc_free(p->me->ctx, p);
}

static void
hold(struct exp *me, otelc_export_attempt *exp)
{
    struct held *h = otelc_calloc(me->ctx, 1, sizeof(*h));
    h->exp = exp;
    h->next = me->held;
    me->held = h;
}

static void answer_held(struct exp *me, int status);

static void
late_ok(void *arg)
{
    struct exp *me = arg;
    otelc_timer_stop(me->late);
    me->late = NULL;
    answer_held(me, OTELC_OK);
    atomic_fetch_add(&g_late_answers, 1);
}

/* Started with the attempt that asks for Retry-After 300ms, on the same
 * loop as the helper's retry timer: libev runs timers in deadline order,
 * so this one (150ms) goes first exactly when the retry waited for the
 * Retry-After rather than its 10ms backoff. */
static void
ref_fire(void *arg)
{
    struct exp *me = arg;
    otelc_timer_stop(me->ref);
    me->ref = NULL;
    atomic_store(&g_ref_fired, 1);
}

static void
exp_send(void *arg, otelc_export_attempt *exp, otelc_batch *batch)
{
    struct exp *me = arg;
    int         n = atomic_fetch_add(&g_attempts, 1) + 1;
    int         in = atomic_fetch_add(&g_inflight, 1) + 1;
    int         status = OTELC_OK;
    int64_t     ra = -1;

    while (in > atomic_load(&g_max_inflight))
        atomic_store(&g_max_inflight, in);
    switch (g_mode) {
    case M_FAIL_FIRST:
        status = n <= g_fail_first ? OTELC_E_RETRYABLE : OTELC_OK;
        break;
    case M_PERMANENT:
        status = OTELC_E_PERMANENT;
        break;
    case M_HOLD:
        hold(me, exp);
        return;
    case M_TIMEOUT_FIRST:
        if (n == 1) {
            /* The answer comes, but long after the 50ms timeout. */
            hold(me, exp);
            me->late =
                otelc_timer_start(me->ctx, OTELC_MS(150), 0, late_ok, me);
            return;
        }
        break;
    case M_RETRY_AFTER:
        if (n == 1) {
            status = OTELC_E_RETRYABLE;
            ra = 300 * 1000000;
            me->ref =
                otelc_timer_start(me->ctx, OTELC_MS(150), 0, ref_fire, me);
            CHECK(me->ref != NULL);
        } else if (n == 2) {
            atomic_store(&g_retry_saw_ref, atomic_load(&g_ref_fired));
        }
        break;
    case M_ALWAYS_RETRYABLE:
        status = OTELC_E_RETRYABLE;
        break;
    }
    if (g_complete_ms == 0) {
        answer(exp, batch, status, ra);
    } else {
        struct pending *p = otelc_calloc(me->ctx, 1, sizeof(*p));
        p->me = me;
        p->exp = exp;
        p->batch = batch;
        p->status = status;
        p->retry_after_ns = ra;
        p->timer = otelc_timer_start(me->ctx, OTELC_MS(g_complete_ms), 0,
                                     pending_fire, p);
        CHECK(p->timer != NULL);
    }
}

/* Answers held attempts now (what a transport does when it is torn down,
 * or a late server reply). */
static void
answer_held(struct exp *me, int status)
{
    while (me->held) {
        struct held *h = me->held;
        me->held = h->next;
        atomic_fetch_sub(&g_inflight, 1);
        otelc_attempt_done(h->exp, status, -1, "late");
        otelc_free(me->ctx, h);
    }
}

static int
exp_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct exp *me = otelc_calloc(ctx, 1, sizeof(*me));
    int         rc;

    me->ctx = ctx;
    rc = otelc_exporter_new(ctx, cfg, exp_send, me, &me->helper);
    if (rc != OTELC_OK) {
        otelc_free(ctx, me);
        return rc;
    }
    *state = me;
    return OTELC_OK;
}

static int
exp_consume(void *state, otelc_batch *b)
{
    struct exp *me = state;
    return otelc_exporter_consume(me->helper, b);
}

static int
exp_shutdown(void *state)
{
    struct exp *me = state;
    return otelc_exporter_shutdown(me->helper);
}

static void
exp_destroy(void *state)
{
    struct exp *me = state;
    /* The transport goes first, failing what it still holds. */
    otelc_timer_stop(me->late);
    otelc_timer_stop(me->ref);
    if (g_free_helper_first) {
        /* Handles outlive the helper until their (now ignored) answer. */
        otelc_exporter_free(me->helper);
        answer_held(me, g_destroy_status);
    } else {
        answer_held(me, g_destroy_status);
        otelc_exporter_free(me->helper);
    }
    otelc_free(me->ctx, me);
}

#define DEF(kind, type, create, start, consume, shutdown, destroy)             \
    {                                                                          \
        sizeof(otelc_component_def), kind, type, NULL, OTELC_SIGNALS_ALL, 0,   \
            OTELC_STABILITY_BETA, 0, NULL, NULL, create, start, consume,       \
            shutdown, destroy, NULL, 0, 0,                                     \
        {                                                                      \
            0                                                                  \
        }                                                                      \
    }

static otelc_component_def defs[] = {
    DEF(OTELC_KIND_RECEIVER, "src", src_create, src_start, NULL, NULL,
        src_destroy),
    DEF(OTELC_KIND_EXPORTER, "exp", exp_create, NULL, exp_consume, exp_shutdown,
        exp_destroy),
};
#define N_DEFS (sizeof(defs) / sizeof(defs[0]))

/* ---- harness ---- */
static struct harness R;
static int            g_started; /* R runs (else it was only validated) */

/* The config with the exporter settings `exp_yaml` (indented under
 * exporters.exp); returns a static buffer. */
static const char *
config(const char *exp_yaml, const char *service_extra)
{
    static char yaml[2048];

    snprintf(yaml, sizeof(yaml),
             "receivers:\n  src:\n"
             "exporters:\n  exp:\n%s"
             "service:\n"
             "  workers: %d\n%s"
             "  pipelines:\n"
             "    traces:\n"
             "      receivers: [src]\n"
             "      exporters: [exp]\n",
             exp_yaml, g_workers, service_extra ? service_extra : "");
    return yaml;
}

/* Validates the config; returns the number of errors (text in R.diag). */
static size_t
build(const char *exp_yaml, const char *service_extra)
{
    harness_registry(&R, defs, N_DEFS);
    g_started = 0;
    return harness_validate(&R, config(exp_yaml, service_extra));
}

static void
start(const char *exp_yaml, const char *service_extra)
{
    harness_start(&R, defs, N_DEFS, config(exp_yaml, service_extra));
    g_started = 1;
}

/* Stops the runtime (with the configured shutdown_timeout) and frees it;
 * returns otelc__runtime_stop's result. */
static int
stop(void)
{
    g_started = 0;
    return harness_stop(&R);
}

/* Frees a config that was only validated, and the telemetry. */
static void
cleanup(void)
{
    if (!g_started)
        harness_free(&R);
    otelc__tel_free_all();
}

static struct otelc__tel_comp *
tel_exp(void)
{
    return otelc__tel_comp(OTELC_KIND_EXPORTER, "exp");
}

static uint64_t
exp_count(int what)
{
    return otelc__tel_get(tel_exp(), what, OTELC_SIGNAL_TRACES);
}

/* Waits until *v reaches want, which it must not pass. */
static void
wait_for(atomic_int *v, int want)
{
    WAIT_UNTIL(atomic_load(v) >= want, 20, "a counter to reach its target");
    CHECK_INT(atomic_load(v), want);
}

static void
wait_count(int what, uint64_t want)
{
    WAIT_UNTIL(exp_count(what) >= want, 20,
               "a self-metric to reach its target");
    CHECK_INT(exp_count(what), want);
}

/* Sends the collector's log (stderr) to a file, for checking messages. */
static char log_path[64];

static void
capture_log(void)
{
    int fd;
    snprintf(log_path, sizeof(log_path), "/tmp/otelc-eh-%d.log", (int)getpid());
    fd = open(log_path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    CHECK(fd >= 0);
    fflush(stderr);
    dup2(fd, 2);
    close(fd);
}

static char *
read_log(void)
{
    static char buf[65536];
    FILE       *f = fopen(log_path, "r");
    size_t      n;
    CHECK(f != NULL);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(log_path);
    return buf;
}

static char *
metrics_text(void)
{
    static char buf[16384];
    FILE       *f = fmemopen(buf, sizeof(buf) - 1, "w");
    CHECK(f != NULL);
    otelc__tel_write(f);
    fclose(f);
    return buf;
}

#define FAST_RETRY                                                             \
    "    retry_on_failure:\n"                                                  \
    "      initial_interval: 10ms\n"                                           \
    "      max_interval: 40ms\n"

/* ---- cases ---- */

static void
t_retries_deliver_everything_exactly_once(void)
{
    g_mode = M_FAIL_FIRST;
    g_fail_first = 7;
    g_complete_ms = 5;
    g_emit_batches = 20;
    start(FAST_RETRY "    sending_queue:\n"
                     "      num_consumers: 4\n"
                     "      queue_size: 100\n",
          NULL);
    wait_for(&g_delivered_total, 20);
    wait_count(OTELC__TEL_SENT, 20 * SPANS_PER_BATCH);
    CHECK_INT(stop(), 0);
    for (int i = 0; i < 20; i++) {
        CHECK_INT(atomic_load(&g_emit_rc[i]), OTELC_OK);
        CHECK_INT(atomic_load(&g_delivered[i]), 1);
    }
    CHECK_INT(atomic_load(&g_attempts), 20 + 7);
    CHECK_INT(exp_count(OTELC__TEL_SENT), 20 * SPANS_PER_BATCH);
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 0);
    CHECK_INT(exp_count(OTELC__TEL_ENQUEUE_FAILED), 0);
    /* 20 batches queued at once: exactly num_consumers sends at a time. */
    CHECK_INT(atomic_load(&g_max_inflight), 4);
    CHECK_INT(otelc__tel_gauge_get(tel_exp(), OTELC__TEL_QUEUE_SIZE), 0);
    cleanup();
}

static void
t_permanent_failure_counted_not_retried(void)
{
    g_mode = M_PERMANENT;
    g_emit_batches = 5;
    start(FAST_RETRY, NULL);
    wait_count(OTELC__TEL_SEND_FAILED, 5 * SPANS_PER_BATCH);
    /* A retry would be waiting for its backoff, and shutdown runs waiting
     * retries at once (see t_shutdown_deadline_counts_and_logs_the_rest):
     * it would show in the attempts. */
    CHECK_INT(stop(), 0);
    CHECK_INT(atomic_load(&g_attempts), 5);
    CHECK_INT(exp_count(OTELC__TEL_SENT), 0);
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 5 * SPANS_PER_BATCH);
    /* The receiver was not refused: the exporter accepted (queued) them. */
    for (int i = 0; i < 5; i++)
        CHECK_INT(atomic_load(&g_emit_rc[i]), OTELC_OK);
    cleanup();
}

static void
t_timeout_retries_and_ignores_late_answer(void)
{
    g_mode = M_TIMEOUT_FIRST;
    g_emit_batches = 1;
    start(FAST_RETRY "    timeout: 50ms\n", NULL);
    wait_count(OTELC__TEL_SENT, SPANS_PER_BATCH);
    CHECK_INT(atomic_load(&g_attempts), 2);
    /* The first attempt's OK arrives (at 150ms) after its timeout: it must
     * not count the batch a second time. */
    wait_for(&g_late_answers, 1);
    CHECK_INT(stop(), 0);
    CHECK_INT(exp_count(OTELC__TEL_SENT), SPANS_PER_BATCH);
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 0);
    CHECK_INT(atomic_load(&g_attempts), 2);
    cleanup();
}

static void
t_retry_after_is_honoured(void)
{
    g_mode = M_RETRY_AFTER;
    g_emit_batches = 1;
    start(FAST_RETRY, NULL);
    wait_count(OTELC__TEL_SENT, SPANS_PER_BATCH);
    CHECK_INT(stop(), 0);
    CHECK_INT(atomic_load(&g_attempts), 2);
    /* The retry waited for the Retry-After: the backoff alone would have
     * retried after ~10ms, before the 150ms reference timer. */
    CHECK_INT(atomic_load(&g_retry_saw_ref), 1);
    cleanup();
}

static void
t_queue_full_refuses_with_retryable(void)
{
    char *m;

    capture_log();
    g_mode = M_HOLD;
    g_emit_batches = 6;
    start(FAST_RETRY "    sending_queue:\n"
                     "      num_consumers: 1\n"
                     "      queue_size: 3\n",
          "  shutdown_timeout: 200ms\n");
    wait_for(&g_emitted, 6);
    /* One batch is being sent, three wait, two do not fit. */
    for (int i = 0; i < 4; i++)
        CHECK_INT(atomic_load(&g_emit_rc[i]), OTELC_OK);
    CHECK_INT(atomic_load(&g_emit_rc[4]), OTELC_E_RETRYABLE);
    CHECK_INT(atomic_load(&g_emit_rc[5]), OTELC_E_RETRYABLE);
    CHECK_INT(exp_count(OTELC__TEL_ENQUEUE_FAILED), 2 * SPANS_PER_BATCH);
    CHECK_INT(otelc__tel_get(otelc__tel_comp(OTELC_KIND_RECEIVER, "src"),
                             OTELC__TEL_REFUSED, OTELC_SIGNAL_TRACES),
              2 * SPANS_PER_BATCH);
    CHECK_INT(otelc__tel_gauge_get(tel_exp(), OTELC__TEL_QUEUE_SIZE), 3);
    CHECK_INT(otelc__tel_gauge_get(tel_exp(), OTELC__TEL_QUEUE_CAPACITY), 3);
    m = metrics_text();
    CHECK_CONTAINS(m, "# TYPE otelcol_exporter_queue_size gauge\n"
                      "otelcol_exporter_queue_size{exporter=\"exp\"} 3\n");
    CHECK_CONTAINS(m, "otelcol_exporter_queue_capacity{exporter=\"exp\"} 3\n");
    CHECK_CONTAINS(m, "otelcol_exporter_enqueue_failed_spans{exporter="
                      "\"exp\"} 6\n");
    CHECK_CONTAINS(m, "otelcol_exporter_sent_spans{exporter=\"exp\"} 0\n");
    /* The server never answers: at the deadline all four are failures. */
    CHECK(stop() != 0);
    CHECK_INT(exp_count(OTELC__TEL_SENT), 0);
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 4 * SPANS_PER_BATCH);
    CHECK_INT(otelc__tel_gauge_get(tel_exp(), OTELC__TEL_QUEUE_SIZE), 0);
    CHECK_INT(otelc__tel_gauge_get(tel_exp(), OTELC__TEL_QUEUE_CAPACITY), 0);
    CHECK_CONTAINS(read_log(), "spans dropped at shutdown");
    cleanup();
}

static void
t_queue_disabled_limits_sends_in_flight(void)
{
    g_mode = M_HOLD;
    g_emit_batches = 4;
    start(FAST_RETRY "    sending_queue:\n"
                     "      enabled: false\n"
                     "      num_consumers: 2\n",
          "  shutdown_timeout: 100ms\n");
    wait_for(&g_emitted, 4);
    CHECK_INT(atomic_load(&g_emit_rc[0]), OTELC_OK);
    CHECK_INT(atomic_load(&g_emit_rc[1]), OTELC_OK);
    CHECK_INT(atomic_load(&g_emit_rc[2]), OTELC_E_RETRYABLE);
    CHECK_INT(atomic_load(&g_emit_rc[3]), OTELC_E_RETRYABLE);
    CHECK_INT(atomic_load(&g_max_inflight), 2);
    CHECK_INT(exp_count(OTELC__TEL_ENQUEUE_FAILED), 2 * SPANS_PER_BATCH);
    /* No queue, no queue gauges. */
    CHECK(strstr(metrics_text(), "otelcol_exporter_queue_size") == NULL);
    stop();
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 2 * SPANS_PER_BATCH);
    cleanup();
}

static void
t_handles_outlive_a_helper_freed_first(void)
{
    g_mode = M_HOLD;
    g_free_helper_first = 1;
    g_emit_batches = 3;
    start(FAST_RETRY "    sending_queue:\n"
                     "      num_consumers: 2\n",
          "  shutdown_timeout: 100ms\n");
    wait_for(&g_attempts, 2);
    stop();
    /* Two in flight, one queued: all counted once; ASan checks the late
     * answers touched nothing freed and nothing leaked. */
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 3 * SPANS_PER_BATCH);
    CHECK_INT(exp_count(OTELC__TEL_SENT), 0);
    cleanup();
}

/* The server answers only while the transport is torn down, after the
 * deadline: the outcome still counts (once), and nothing is acknowledged
 * to a runtime that stopped waiting. */
static void
t_answers_during_destroy_are_counted(void)
{
    g_mode = M_HOLD;
    g_destroy_status = OTELC_OK;
    g_emit_batches = 1;
    start(FAST_RETRY, "  shutdown_timeout: 100ms\n");
    wait_for(&g_attempts, 1);
    CHECK(stop() != 0);
    CHECK_INT(exp_count(OTELC__TEL_SENT), SPANS_PER_BATCH);
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 0);
    cleanup();
}

static void
t_replicas_share_the_configured_sizes(void)
{
    g_mode = M_OK;
    g_workers = 2;
    g_emit_batches = 2; /* per worker */
    start(FAST_RETRY "    sending_queue:\n"
                     "      queue_size: 5\n",
          NULL);
    wait_count(OTELC__TEL_SENT, 2 * 2 * SPANS_PER_BATCH);
    /* ceil(5 / 2) = 3 batches per replica. */
    CHECK_INT(otelc__tel_gauge_get(tel_exp(), OTELC__TEL_QUEUE_CAPACITY), 6);
    CHECK_INT(stop(), 0);
    CHECK_INT(otelc__tel_gauge_get(tel_exp(), OTELC__TEL_QUEUE_CAPACITY), 0);
    CHECK_INT(exp_count(OTELC__TEL_SENT), 2 * 2 * SPANS_PER_BATCH);
    cleanup();
}

static void
t_shutdown_drains_the_queue(void)
{
    g_mode = M_OK;
    g_complete_ms = 20;
    g_emit_batches = 30;
    start(FAST_RETRY "    sending_queue:\n"
                     "      num_consumers: 2\n",
          "  shutdown_timeout: 10s\n");
    /* Stop at once: 30 batches at 2 x 20ms are still queued. */
    CHECK_INT(stop(), 0);
    CHECK_INT(atomic_load(&g_delivered_total), 30);
    for (int i = 0; i < 30; i++)
        CHECK_INT(atomic_load(&g_delivered[i]), 1);
    CHECK_INT(exp_count(OTELC__TEL_SENT), 30 * SPANS_PER_BATCH);
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 0);
    cleanup();
}

static void
t_shutdown_deadline_counts_and_logs_the_rest(void)
{
    char *log;

    capture_log();
    g_mode = M_ALWAYS_RETRYABLE;
    g_emit_batches = 5;
    start("    retry_on_failure:\n"
          "      initial_interval: 50ms\n"
          "      max_elapsed_time: 0\n"
          "    sending_queue:\n"
          "      num_consumers: 1\n",
          "  shutdown_timeout: 300ms\n");
    wait_for(&g_attempts, 2);
    stop();
    CHECK_INT(exp_count(OTELC__TEL_SENT), 0);
    CHECK_INT(exp_count(OTELC__TEL_SEND_FAILED), 5 * SPANS_PER_BATCH);
    log = read_log();
    CHECK_CONTAINS(log, "spans dropped at shutdown");
    /* Retried during shutdown rather than sleeping through it. */
    CHECK(atomic_load(&g_attempts) >= 3);
    cleanup();
}

static void
t_partial_success_counts_rejected_as_failed(void)
{
    g_mode = M_PARTIAL;
    g_emit_batches = 2;
    start(FAST_RETRY, NULL);
    wait_count(OTELC__TEL_SEND_FAILED, 2);
    wait_count(OTELC__TEL_SENT, 2 * (SPANS_PER_BATCH - 1));
    CHECK_INT(stop(), 0);
    CHECK_INT(atomic_load(&g_attempts), 2);
    cleanup();
}

static void
t_config_errors_name_the_yaml_path(void)
{
    const char *all;
    char        buf[8192] = "";

    /* bogus comes first: a reader by hand is not blamed for keys after
     * an error in the same map (they may be unread because it stopped). */
    CHECK(build("    retry_on_failure:\n"
                "      bogus: 1\n"
                "      multiplier: 0\n"
                "      randomization_factor: 2\n"
                "    sending_queue:\n"
                "      queue_size: 0\n"
                "      storage: file_storage\n"
                "      sizer: items\n"
                "    timeout: soon\n",
                NULL) != 0);
    for (size_t i = 0; i < otelc__diag_count(&R.diag); i++) {
        strncat(buf, otelc__diag_text(&R.diag, i),
                sizeof(buf) - strlen(buf) - 2);
        strcat(buf, "\n");
    }
    all = buf;
    CHECK_CONTAINS(all, "test.yaml:7:7: exporters.exp.retry_on_failure."
                        "multiplier: multiplier must be > 0");
    CHECK_CONTAINS(all, "test.yaml:8:7: exporters.exp.retry_on_failure."
                        "randomization_factor: randomization_factor must be "
                        "within [0, 1]");
    CHECK_CONTAINS(all, "test.yaml:6:7: exporters.exp.retry_on_failure.bogus: "
                        "unknown key");
    CHECK_CONTAINS(all, "test.yaml:10:7: exporters.exp.sending_queue."
                        "queue_size: queue_size must be between 1");
    CHECK_CONTAINS(all, "test.yaml:11:7: exporters.exp.sending_queue.storage: "
                        "persistent queues are not supported yet");
    CHECK_CONTAINS(all, "test.yaml:12:7: exporters.exp.sending_queue.sizer: "
                        "sizer \"items\" is not supported yet");
    CHECK_CONTAINS(all, "test.yaml:13:5: exporters.exp.timeout:");
    cleanup();

    /* otelcol's keys with valid values are all accepted. */
    CHECK_INT(build("    timeout: 2s\n"
                    "    retry_on_failure:\n"
                    "      enabled: true\n"
                    "      initial_interval: 1s\n"
                    "      randomization_factor: 0.1\n"
                    "      multiplier: 2\n"
                    "      max_interval: 10s\n"
                    "      max_elapsed_time: 0\n"
                    "    sending_queue:\n"
                    "      enabled: true\n"
                    "      num_consumers: 3\n"
                    "      queue_size: 10\n"
                    "      block_on_overflow: false\n"
                    "      sizer: requests\n",
                    NULL),
              0);
    cleanup();
}

/* The memory queue directly: FIFO across growth and wrap-around, full at
 * its capacity, closed refuses pushes but still drains. */
static void
t_memory_queue_fifo_grow_full_close(void)
{
    struct otelc__send_queue *q = otelc__send_queue_memory_new(150);
    uintptr_t                 next_in = 1, next_out = 1;
    uint64_t                  ticket, last_ticket = 0;

#define FAKE(i) ((otelc_batch *)(void *)((i)*16))
    CHECK(q != NULL);
    CHECK_INT(q->ops->capacity(q), 150);
    /* Interleave so the ring wraps before and after it grows. */
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 40; i++)
            CHECK_INT(q->ops->push(q, FAKE(next_in++)), OTELC_OK);
        for (int i = 0; i < 15; i++) {
            CHECK(q->ops->pop(q, &ticket) == FAKE(next_out++));
            CHECK(ticket >= last_ticket);
            last_ticket = ticket;
            q->ops->ack(q, ticket);
        }
    }
    CHECK_INT(q->ops->size(q), 75);
    while (q->ops->size(q) < 150)
        CHECK_INT(q->ops->push(q, FAKE(next_in++)), OTELC_OK);
    CHECK_INT(q->ops->push(q, FAKE(next_in)), OTELC_E_RETRYABLE);
    q->ops->close(q);
    CHECK_INT(q->ops->push(q, FAKE(next_in)), OTELC_E_SHUTDOWN);
    while (q->ops->size(q) > 0)
        CHECK(q->ops->pop(q, NULL) == FAKE(next_out++));
    CHECK(q->ops->pop(q, NULL) == NULL);
    CHECK_INT(next_out, next_in);
    q->ops->destroy(q);
#undef FAKE
}

static const struct test_case cases[] = {
    TEST_CASE(t_memory_queue_fifo_grow_full_close),
    TEST_CASE(t_retries_deliver_everything_exactly_once),
    TEST_CASE(t_permanent_failure_counted_not_retried),
    TEST_CASE(t_timeout_retries_and_ignores_late_answer),
    TEST_CASE(t_retry_after_is_honoured),
    TEST_CASE(t_queue_full_refuses_with_retryable),
    TEST_CASE(t_queue_disabled_limits_sends_in_flight),
    TEST_CASE(t_handles_outlive_a_helper_freed_first),
    TEST_CASE(t_answers_during_destroy_are_counted),
    TEST_CASE(t_replicas_share_the_configured_sizes),
    TEST_CASE(t_shutdown_drains_the_queue),
    TEST_CASE(t_shutdown_deadline_counts_and_logs_the_rest),
    TEST_CASE(t_partial_success_counts_rejected_as_failed),
    TEST_CASE(t_config_errors_name_the_yaml_path),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
