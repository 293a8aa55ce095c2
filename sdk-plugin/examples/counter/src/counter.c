/* The `counter` exporter: an example otelc exporter that counts what
 * reaches it and says so when the collector stops.
 *
 *   exporters:
 *     counter:
 *       with_attribute: tenant   # also count the items carrying this key
 *
 * At shutdown it logs one line per signal it saw, for example
 *
 *   counter: traces: 1000 items in 12 batches, 998 with tenant
 *
 * Items are spans, metric data points and log records (what
 * otelc_batch_items() counts, the same unit as otelcol's
 * otelcol_exporter_sent_* metrics).
 *
 * What it shows:
 *   - the smallest exporter: consume() looks at the batch and releases it;
 *   - OTELC_CAP_SINGLETON: one instance for the whole collector, so the
 *     totals cover every worker (the host forwards other workers' batches
 *     to it) and need no locking;
 *   - counting without decoding (otelc_batch_items() works on the OTLP
 *     bytes), and decoding only when attributes are asked for;
 *   - the smallest config schema: a one-line option table with a `.check`,
 *     read with one otelc_config_read() call in create(). The host
 *     validates the section from the table, so there is no `validate`
 *     callback. */
#include <inttypes.h>
#include <stdint.h>

#include <otelc/otelc.h>

#define COUNTER_VERSION "0.1.0"

/* The settings, as the schema below fills them in. */
struct counter_config {
    /* NULL: do not look at attributes. Host-owned: valid as long as the
     * instance, so there is nothing to copy or free. */
    const char *with_attribute;
};

struct counter {
    otelc_ctx            *ctx;
    struct counter_config cfg;
    uint64_t              batches[OTELC_SIGNAL_COUNT];
    uint64_t              items[OTELC_SIGNAL_COUNT];
    uint64_t              with[OTELC_SIGNAL_COUNT];
};

/* ---- configuration ----
 *
 * The table gives each key its type, its field in struct counter_config
 * and a line of help; the host validates the section from it before
 * create() (keys not in the table are unknown keys), and prints it as JSON
 * Schema (`otelc components --config-schema counter`) and as the README's
 * table (`--config-table counter`). A `.check` refuses what the type
 * allows but counter cannot use: an empty key. */

static int
counter_check_key(otelc_ctx *ctx, const otelc_config *node, const void *value)
{
    const char *const *key = value;

    return (*key)[0] != '\0'
               ? OTELC_OK
               : otelc_cfg_error(ctx, node,
                                 "must be a non-empty attribute key");
}

#define COUNTER_OPT(key, type, member, ...)                                    \
    OTELC_OPTION(key, type, struct counter_config, member, __VA_ARGS__)

static const otelc_option counter_options[] = {
    COUNTER_OPT("with_attribute", OTELC_OPT_STRING, with_attribute,
                .check = counter_check_key,
                .help = "also count the items (spans, log records, data "
                        "points) that carry this attribute key"),
    OTELC_OPTIONS_END};

/* ---- the work ---- */

static int
counter_has(const otelc_node *n, const char *key)
{
    otelc_node *v;
    return otelc_attrs_get(n, OTELC_ATTRS, key, &v) == OTELC_OK;
}

/* Items of the batch that carry the attribute `key`: spans and log records
 * themselves, the data points of metrics. */
static uint64_t
counter_with(otelc_batch *batch, const char *key)
{
    int        metrics = otelc_batch_signal(batch) == OTELC_SIGNAL_METRICS;
    uint64_t   n = 0;
    otelc_iter it;

    for (otelc_node *item = otelc_items_first(batch, &it); item != NULL;
         item = otelc_items_next(&it)) {
        if (metrics) {
            otelc_node *data = otelc_metric_data(item, NULL);
            size_t      points =
                otelc_node_count(data, OTELC_METRICDATA_DATA_POINTS);
            for (size_t i = 0; i < points; i++)
                n += counter_has(
                    otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, i), key);
        } else {
            n += counter_has(item, key);
        }
    }
    return n;
}

static int
counter_consume(void *state, otelc_batch *batch)
{
    struct counter *c = state;
    int             s = otelc_signal_index(otelc_batch_signal(batch));

    if (s >= 0) {
        c->batches[s]++;
        c->items[s] += otelc_batch_items(batch);
        if (c->cfg.with_attribute != NULL)
            c->with[s] += counter_with(batch, c->cfg.with_attribute);
    }
    otelc_batch_release(batch); /* consume() owns it: drop it when done */
    return OTELC_OK;
}

/* Everything arrived before shutdown (exporters stop last), so the totals
 * are final here. */
static int
counter_shutdown(void *state)
{
    static const int signals[OTELC_SIGNAL_COUNT] = {
        OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS, OTELC_SIGNAL_LOGS};
    struct counter *c = state;

    for (int s = 0; s < OTELC_SIGNAL_COUNT; s++) {
        if (c->batches[s] == 0)
            continue;
        if (c->cfg.with_attribute != NULL)
            otelc_info(c->ctx,
                       "counter: %s: %" PRIu64 " items in %" PRIu64
                       " batches, %" PRIu64 " with %s",
                       otelc_signal_name(signals[s]), c->items[s],
                       c->batches[s], c->with[s], c->cfg.with_attribute);
        else
            otelc_info(
                c->ctx, "counter: %s: %" PRIu64 " items in %" PRIu64 " batches",
                otelc_signal_name(signals[s]), c->items[s], c->batches[s]);
    }
    return OTELC_OK;
}

/* ---- lifecycle ---- */

static void counter_destroy(void *state);

static int
counter_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct counter *c = otelc_calloc(ctx, 1, sizeof(*c));
    int             rc;

    if (c == NULL)
        return OTELC_E_NOMEM;
    c->ctx = ctx;
    /* Every field of c->cfg, defaults included. A bad section is refused
     * by validation before create() is called, so a failure here is only
     * seen at run time, with the problems reported already. */
    rc = otelc_config_read(ctx, cfg, counter_options, &c->cfg);
    if (rc != OTELC_OK) {
        counter_destroy(c);
        return rc;
    }
    *state = c;
    return OTELC_OK;
}

static void
counter_destroy(void *state)
{
    struct counter *c = state;

    if (c == NULL)
        return;
    otelc_free(c->ctx, c);
}

/* ---- the plugin descriptor ---- */

static const otelc_component_def counter_components[] = {OTELC_COMPONENT(
        .kind = OTELC_KIND_EXPORTER, .type = "counter",
        .signals = OTELC_SIGNALS_ALL, .capabilities = OTELC_CAP_SINGLETON,
        .stability = OTELC_STABILITY_DEVELOPMENT,
        .description = "Counts the items it receives and logs the totals",
        .create = counter_create, .consume = counter_consume,
        .shutdown = counter_shutdown, .destroy = counter_destroy,
        OTELC_CONFIG_SCHEMA(counter_options, struct counter_config))};

/* The descriptor and the entry point otelc_plugin_v1. */
OTELC_PLUGIN("otelc-example-counter", COUNTER_VERSION, "Apache-2.0",
             counter_components)
