/* The `generator` receiver: synthetic traces, metrics and logs at a steady
 * rate, for demos, tests and benchmarks.
 *
 * This file is also the SDK's template plugin, so it shows the whole life
 * of a receiver: a declarative config schema read with one call,
 * create/start/shutdown/destroy, a timer on the instance's worker loop,
 * building batches with the data.h builders, and otelc_emit().
 *
 * Every worker runs its own generator instance (shared-nothing replicas),
 * so the configured `rate` and `count` are totals split across workers.
 * Each item carries `gen.seq` = worker << 40 | n, unique across workers,
 * which lets tests prove nothing was lost or duplicated downstream. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <otelc/otelc.h>

#define GEN_VERSION      "0.1.0"
#define GEN_SCOPE        "otelc/generator"
#define GEN_WORKER_SHIFT 40
#define NS_PER_S         UINT64_C(1000000000)

/* Index of each signal in the per-signal arrays below. */
/* Per-signal tables are indexed in otelc_signal_index() order. */
enum { GEN_TRACES, GEN_METRICS, GEN_LOGS };
static const int gen_signal_bit[OTELC_SIGNAL_COUNT] = {
    OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS, OTELC_SIGNAL_LOGS};

/* The settings, as the schema below fills them in. */
struct gen_config {
    int64_t     rate;         /* items per second per signal, all workers */
    int64_t     interval_ns;  /* tick */
    int64_t     count;        /* total items per signal, 0 = unlimited */
    int64_t     attributes;   /* extra string attributes per item */
    const char *service_name; /* host-owned: valid while the instance is */
};

/* ---- configuration ----
 *
 * One table describes every key: its type, where it goes in struct
 * gen_config, its default and bounds (as YAML text), and a line of help.
 * The host uses it to validate the section (`otelc validate` never calls
 * create() for a bad section, and reports every bad key at once, with its
 * file, line and column), to print it as JSON Schema (`otelc components
 * --config-schema generator`) and as the README's table
 * (`--config-table generator`). Keys not in the table are unknown keys.
 * Checks that involve several keys belong in create(). */
#define GEN_OPT(key, type, member, ...)                                        \
    OTELC_OPTION(key, type, struct gen_config, member, __VA_ARGS__)

static const otelc_option gen_options[] = {
    GEN_OPT("rate", OTELC_OPT_INT, rate, .def = "10", .min = "1",
            .help = "items per second per signal, all workers together"),
    GEN_OPT("interval", OTELC_OPT_DURATION, interval_ns, .def = "100ms",
            .min = "1ms",
            .help = "timer tick; each tick emits one batch per signal"),
    GEN_OPT("count", OTELC_OPT_INT, count, .def = "0", .min = "0",
            .help = "stop after this many items per signal (0: never)"),
    GEN_OPT("attributes", OTELC_OPT_INT, attributes, .def = "3", .min = "0",
            .max = "128",
            .help = "extra string attributes gen.attr.<i> per item"),
    GEN_OPT("service_name", OTELC_OPT_STRING, service_name,
            .def = "otelc-generator",
            .help = "resource attribute service.name"),
    OTELC_OPTIONS_END};

struct generator {
    otelc_ctx        *ctx;
    struct gen_config cfg;
    int               worker;
    int               signals; /* OTELC_SIGNAL_* mask to produce */
    uint64_t          rate;    /* this instance's share of cfg.rate */
    uint64_t          limit;   /* this instance's share of cfg.count */
    int               limited; /* cfg.count != 0 */
    uint64_t          seed;    /* makes trace ids differ between runs */
    uint64_t          start_mono_ns;
    uint64_t          start_unix_ns;
    uint64_t          emitted[OTELC_SIGNAL_COUNT];
    otelc_timer      *timer;
};

/* This worker's part of a total spread over all workers: an equal share,
 * and the remainder on worker 0, so the parts add up to exactly `total`. */
static uint64_t
gen_share(uint64_t total, int workers, int worker)
{
    uint64_t n = workers > 0 ? (uint64_t)workers : 1;
    return total / n + (worker == 0 ? total % n : 0);
}

/* ---- identifiers ---- */

/* splitmix64's finalizer: a cheap bijective scrambler, so distinct inputs
 * give distinct, random-looking outputs. */
static uint64_t
gen_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

static void
gen_put_be64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

/* Trace id: run seed + sequence, so it is unique and never all zero (the
 * sequence half is seq + 1). Span id: scrambled sequence, never zero. The
 * span and the log with the same seq share ids, so logs point at spans. */
static void
gen_ids(const struct generator *g, uint64_t seq, unsigned char trace_id[16],
        unsigned char span_id[8])
{
    uint64_t sid = gen_mix64(g->seed ^ seq);
    gen_put_be64(trace_id, g->seed);
    gen_put_be64(trace_id + 8, seq + 1);
    gen_put_be64(span_id, sid != 0 ? sid : 1);
}

/* ---- building items ---- */

/* The attributes every item carries. */
static int
gen_item_attrs(const struct generator *g, otelc_node *n, uint64_t index,
               uint64_t seq)
{
    char key[32], val[48];
    int  rc = 0;

    rc |= otelc_attrs_set_int(n, "gen.index", (int64_t)index);
    rc |= otelc_attrs_set_int(n, "gen.worker", g->worker);
    rc |= otelc_attrs_set_int(n, "gen.seq", (int64_t)seq);
    for (int64_t i = 0; i < g->cfg.attributes; i++) {
        snprintf(key, sizeof(key), "gen.attr.%d", (int)i);
        snprintf(val, sizeof(val), "value-%d-%d", (int)i, (int)(index % 100));
        rc |= otelc_attrs_set_str(n, key, val);
    }
    return rc;
}

static int
gen_span(struct generator *g, otelc_node *scope_x, uint64_t n, uint64_t seq,
         uint64_t now)
{
    unsigned char trace_id[16], span_id[8];
    char          name[48];
    uint64_t      duration = OTELC_MS(1) + (n % 1000) * 1000;
    otelc_node   *span, *event, *status;
    int           rc = 0;

    snprintf(name, sizeof(name), "generated-span-%llu", (unsigned long long)n);
    span = otelc_build_span(scope_x, name);
    if (span == NULL)
        return OTELC_E_NOMEM;
    gen_ids(g, seq, trace_id, span_id);
    rc |= otelc_node_set_bytes(span, OTELC_SPAN_TRACE_ID, trace_id, 16,
                               OTELC_COPY);
    rc |=
        otelc_node_set_bytes(span, OTELC_SPAN_SPAN_ID, span_id, 8, OTELC_COPY);
    rc |= otelc_node_set_int(span, OTELC_SPAN_KIND,
                             OTELC_SPAN_KIND_INTERNAL + (int64_t)(n % 5));
    rc |= otelc_node_set_uint(span, OTELC_SPAN_START_TIME_UNIX_NANO,
                              now - duration);
    rc |= otelc_node_set_uint(span, OTELC_SPAN_END_TIME_UNIX_NANO, now);
    rc |= gen_item_attrs(g, span, n, seq);

    event = otelc_node_mut_msg(span, OTELC_SPAN_EVENTS);
    if (event == NULL)
        return OTELC_E_NOMEM;
    rc |= otelc_node_set_str(event, OTELC_EVENT_NAME, "generated-event");
    rc |= otelc_node_set_uint(event, OTELC_EVENT_TIME_UNIX_NANO,
                              now - duration / 2);
    rc |= otelc_attrs_set_int(event, "gen.seq", (int64_t)seq);

    /* Every tenth span failed, so error paths downstream get exercised. */
    status = otelc_node_mut_msg(span, OTELC_SPAN_STATUS);
    if (status == NULL)
        return OTELC_E_NOMEM;
    if (n % 10 == 9) {
        rc |= otelc_node_set_int(status, OTELC_STATUS_CODE,
                                 OTELC_STATUS_CODE_ERROR);
        rc |=
            otelc_node_set_str(status, OTELC_STATUS_MESSAGE, "generated error");
    } else {
        rc |=
            otelc_node_set_int(status, OTELC_STATUS_CODE, OTELC_STATUS_CODE_OK);
    }
    return rc ? OTELC_E_NOMEM : OTELC_OK;
}

/* Metric items rotate through a cumulative monotonic sum, a gauge and a
 * histogram, each with exactly one data point: `count` metrics are then
 * `count` metrics and `count` data points, whichever a consumer counts. */
static int
gen_metric(struct generator *g, otelc_node *scope_x, uint64_t n, uint64_t seq,
           uint64_t now)
{
    static const double bounds[] = {1.0, 10.0, 100.0};
    otelc_node         *metric, *dp;
    int                 rc = 0;

    switch (n % 3) {
    case 0:
        metric = otelc_build_metric(scope_x, "generator.items",
                                    "Items generated so far", "{item}");
        dp = metric ? otelc_build_sum_point(metric,
                                            OTELC_TEMPORALITY_CUMULATIVE, 1)
                    : NULL;
        if (dp == NULL)
            return OTELC_E_NOMEM;
        rc |= otelc_node_set_int(dp, OTELC_NUMBERDP_AS_INT, (int64_t)n + 1);
        rc |= otelc_node_set_uint(dp, OTELC_NUMBERDP_START_TIME_UNIX_NANO,
                                  g->start_unix_ns);
        rc |= otelc_node_set_uint(dp, OTELC_NUMBERDP_TIME_UNIX_NANO, now);
        break;
    case 1:
        metric = otelc_build_metric(scope_x, "generator.gauge",
                                    "A sawtooth between 0 and 9.9", "1");
        dp = metric ? otelc_build_gauge_point(metric) : NULL;
        if (dp == NULL)
            return OTELC_E_NOMEM;
        rc |= otelc_node_set_double(dp, OTELC_NUMBERDP_AS_DOUBLE,
                                    (double)(n % 100) / 10.0);
        rc |= otelc_node_set_uint(dp, OTELC_NUMBERDP_TIME_UNIX_NANO, now);
        break;
    default:
        metric = otelc_build_metric(scope_x, "generator.latency",
                                    "Synthetic latencies", "ms");
        dp = metric
                 ? otelc_build_histogram_point(metric, OTELC_TEMPORALITY_DELTA)
                 : NULL;
        if (dp == NULL)
            return OTELC_E_NOMEM;
        /* Four observations, one per bucket: 0.5, 5, 50, 500 (+ n % 10). */
        rc |= otelc_node_set_uint(dp, OTELC_HISTOGRAMDP_COUNT, 4);
        rc |= otelc_node_set_double(dp, OTELC_HISTOGRAMDP_SUM,
                                    555.5 + 4.0 * (double)(n % 10));
        rc |= otelc_node_set_double(dp, OTELC_HISTOGRAMDP_MIN,
                                    0.5 + (double)(n % 10));
        rc |= otelc_node_set_double(dp, OTELC_HISTOGRAMDP_MAX,
                                    500.0 + (double)(n % 10));
        for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++)
            rc |= otelc_node_add_double(dp, OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS,
                                        bounds[i]);
        for (int i = 0; i < 4; i++)
            rc |= otelc_node_add_uint(dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS, 1);
        rc |= otelc_node_set_uint(dp, OTELC_HISTOGRAMDP_START_TIME_UNIX_NANO,
                                  now - (uint64_t)g->cfg.interval_ns);
        rc |= otelc_node_set_uint(dp, OTELC_HISTOGRAMDP_TIME_UNIX_NANO, now);
        break;
    }
    rc |= gen_item_attrs(g, dp, n, seq);
    return rc ? OTELC_E_NOMEM : OTELC_OK;
}

static int
gen_log(struct generator *g, otelc_node *scope_x, uint64_t n, uint64_t seq,
        uint64_t now)
{
    unsigned char trace_id[16], span_id[8];
    char          body[48];
    otelc_node   *log = otelc_build_log(scope_x);
    otelc_node   *value;
    int           rc = 0;

    if (log == NULL)
        return OTELC_E_NOMEM;
    rc |= otelc_node_set_uint(log, OTELC_LOG_TIME_UNIX_NANO, now);
    rc |= otelc_node_set_uint(log, OTELC_LOG_OBSERVED_TIME_UNIX_NANO, now);
    rc |=
        otelc_node_set_int(log, OTELC_LOG_SEVERITY_NUMBER, OTELC_SEVERITY_INFO);
    rc |= otelc_node_set_str(log, OTELC_LOG_SEVERITY_TEXT, "INFO");
    value = otelc_node_mut_msg(log, OTELC_LOG_BODY);
    if (value == NULL)
        return OTELC_E_NOMEM;
    snprintf(body, sizeof(body), "generated log %llu", (unsigned long long)n);
    rc |= otelc_node_set_str(value, OTELC_ANYVALUE_STRING_VALUE, body);
    gen_ids(g, seq, trace_id, span_id);
    rc |=
        otelc_node_set_bytes(log, OTELC_LOG_TRACE_ID, trace_id, 16, OTELC_COPY);
    rc |= otelc_node_set_bytes(log, OTELC_LOG_SPAN_ID, span_id, 8, OTELC_COPY);
    rc |= otelc_node_set_uint(log, OTELC_LOG_FLAGS, 1); /* sampled */
    rc |= gen_item_attrs(g, log, n, seq);
    return rc ? OTELC_E_NOMEM : OTELC_OK;
}

typedef int (*gen_item_fn)(struct generator *g, otelc_node *scope_x, uint64_t n,
                           uint64_t seq, uint64_t now);
static const gen_item_fn gen_item[OTELC_SIGNAL_COUNT] = {gen_span, gen_metric,
                                                         gen_log};

/* Builds one batch (one resource, one scope) of `items` items of signal
 * `s` and emits it. */
static void
gen_emit(struct generator *g, int s, uint64_t items)
{
    otelc_ctx   *ctx = g->ctx;
    otelc_batch *b = otelc_batch_new(ctx, gen_signal_bit[s]);
    otelc_node  *rx, *scope_x;
    uint64_t     now = otelc_time_unix_ns(ctx);
    int          rc;

    if (b == NULL) {
        otelc_warn(ctx, "cannot allocate a batch: %s", otelc_last_error(ctx));
        return;
    }
    rx = otelc_build_resource(b);
    if (rx == NULL ||
        otelc_attrs_set_str(otelc_build_resource_attrs(rx), "service.name",
                            g->cfg.service_name) != OTELC_OK ||
        (scope_x = otelc_build_scope(rx, GEN_SCOPE, GEN_VERSION)) == NULL)
        goto fail;
    for (uint64_t i = 0; i < items; i++) {
        uint64_t n = g->emitted[s] + i;
        uint64_t seq = ((uint64_t)g->worker << GEN_WORKER_SHIFT) | n;
        if (gen_item[s](g, scope_x, n, seq, now) != OTELC_OK)
            goto fail;
    }
    /* Counted as generated whatever emit says: a refusal is counted by the
     * host, and resending would break the "exactly count" promise. */
    g->emitted[s] += items;
    rc = otelc_emit(ctx, b); /* takes b, even on failure */
    if (rc != OTELC_OK)
        otelc_debug(ctx, "pipeline refused %llu items: %s",
                    (unsigned long long)items, otelc_status_message(rc));
    return;
fail:
    otelc_warn(ctx, "cannot build generated telemetry: %s",
               otelc_last_error(ctx));
    otelc_batch_release(b);
}

/* Items that should exist by now at `rate` per second. Split so that
 * rate * elapsed cannot overflow for any run shorter than centuries. */
static uint64_t
gen_due(uint64_t rate, uint64_t elapsed_ns)
{
    return rate * (elapsed_ns / NS_PER_S) +
           rate * (elapsed_ns % NS_PER_S) / NS_PER_S;
}

static void
gen_tick(void *arg)
{
    struct generator *g = arg;
    uint64_t          due =
        gen_due(g->rate, otelc_time_mono_ns(g->ctx) - g->start_mono_ns);
    int active = 0;

    for (int s = 0; s < OTELC_SIGNAL_COUNT; s++) {
        uint64_t want;

        if (!(g->signals & gen_signal_bit[s]))
            continue;
        want = due > g->emitted[s] ? due - g->emitted[s] : 0;
        /* After a stall, catch up at most one second's worth per tick
         * rather than emitting one giant batch. */
        if (want > g->rate)
            want = g->rate;
        if (g->limited && want > g->limit - g->emitted[s])
            want = g->limit - g->emitted[s];
        if (want > 0)
            gen_emit(g, s, want);
        if (!g->limited || g->emitted[s] < g->limit)
            active = 1;
    }
    if (!active) {
        otelc_debug(g->ctx, "generated all %llu items per signal",
                    (unsigned long long)g->limit);
        otelc_timer_stop(g->timer);
        g->timer = NULL;
    }
}

/* ---- lifecycle ---- */

static void gen_destroy(void *state);

static int
gen_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct generator *g = otelc_calloc(ctx, 1, sizeof(*g));
    int               workers = otelc_ctx_workers(ctx);
    int               rc;

    if (g == NULL)
        return OTELC_E_NOMEM;
    g->ctx = ctx;
    /* Every field of g->cfg, defaults included; on failure the problems
     * are reported already (validation stops before create() for them,
     * so this is only reached at run time with a config that passed). */
    rc = otelc_config_read(ctx, cfg, gen_options, &g->cfg);
    if (rc != OTELC_OK) {
        gen_destroy(g);
        return rc;
    }
    g->worker = otelc_ctx_worker(ctx);
    g->signals = otelc_ctx_signals(ctx);
    g->rate = gen_share((uint64_t)g->cfg.rate, workers, g->worker);
    g->limited = g->cfg.count > 0;
    g->limit = gen_share((uint64_t)g->cfg.count, workers, g->worker);
    *state = g;
    return OTELC_OK;
}

static int
gen_start(void *state)
{
    struct generator *g = state;
    otelc_ctx        *ctx = g->ctx;

    g->start_mono_ns = otelc_time_mono_ns(ctx);
    g->start_unix_ns = otelc_time_unix_ns(ctx);
    g->seed = gen_mix64(g->start_unix_ns ^ ((uint64_t)g->worker << 56));
    /* A worker whose share is zero (rate or count smaller than the number
     * of workers) has nothing to do. */
    if (g->rate == 0 || (g->limited && g->limit == 0) || g->signals == 0)
        return OTELC_OK;
    g->timer = otelc_timer_start(ctx, (uint64_t)g->cfg.interval_ns,
                                 (uint64_t)g->cfg.interval_ns, gen_tick, g);
    if (g->timer == NULL) {
        otelc_error(ctx, "cannot start the generator timer: %s",
                    otelc_last_error(ctx));
        return OTELC_E_NOMEM;
    }
    return OTELC_OK;
}

/* Nothing is held between ticks, so stopping the timer is all it takes. */
static int
gen_shutdown(void *state)
{
    struct generator *g = state;

    otelc_timer_stop(g->timer);
    g->timer = NULL;
    return OTELC_OK;
}

static void
gen_destroy(void *state)
{
    struct generator *g = state;

    if (g == NULL)
        return;
    otelc_timer_stop(g->timer);
    otelc_free(g->ctx, g);
}

/* ---- the plugin descriptor ---- */

static const otelc_component_def gen_components[] = {OTELC_COMPONENT(
        .kind = OTELC_KIND_RECEIVER, .type = "generator",
        .signals = OTELC_SIGNALS_ALL, .stability = OTELC_STABILITY_DEVELOPMENT,
        .description =
            "Synthetic traces, metrics and logs at a configured rate",
        .create = gen_create, .start = gen_start, .shutdown = gen_shutdown,
        .destroy = gen_destroy,
        OTELC_CONFIG_SCHEMA(gen_options, struct gen_config))};

/* The descriptor and the entry point otelc_plugin_v1. */
OTELC_PLUGIN("otelc-generator", GEN_VERSION, "Apache-2.0", gen_components)
