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
 *   - configuration read in one function (counter_read_config), used by
 *     both validate and create. */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include <otelc/otelc.h>

#define COUNTER_VERSION "0.1.0"

struct counter_config {
    const char *with_attribute; /* NULL: do not look at attributes */
};

struct counter {
    otelc_ctx *ctx;
    char      *with_attribute; /* own copy, or NULL */
    uint64_t   batches[OTELC_SIGNAL_COUNT];
    uint64_t   items[OTELC_SIGNAL_COUNT];
    uint64_t   with[OTELC_SIGNAL_COUNT];
};

/* ---- configuration ---- */

static int
counter_read_config(otelc_ctx *ctx, const otelc_config *cfg,
                    struct counter_config *c)
{
    if (otelc_cfg_str(ctx, cfg, "with_attribute", NULL, &c->with_attribute) !=
        OTELC_OK)
        return OTELC_E_CONFIG;
    if (c->with_attribute != NULL && c->with_attribute[0] == '\0')
        return otelc_cfg_error(ctx, otelc_cfg_child(cfg, "with_attribute"),
                               "with_attribute must be a non-empty key");
    return OTELC_OK;
}

static int
counter_validate(otelc_ctx *ctx, const otelc_config *cfg)
{
    struct counter_config c;
    return counter_read_config(ctx, cfg, &c);
}

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
        if (c->with_attribute != NULL)
            c->with[s] += counter_with(batch, c->with_attribute);
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
        if (c->with_attribute != NULL)
            otelc_info(c->ctx,
                       "counter: %s: %" PRIu64 " items in %" PRIu64
                       " batches, %" PRIu64 " with %s",
                       otelc_signal_name(signals[s]), c->items[s],
                       c->batches[s], c->with[s], c->with_attribute);
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
    struct counter_config conf;
    struct counter       *c;
    int                   rc = counter_read_config(ctx, cfg, &conf);

    if (rc != OTELC_OK)
        return rc;
    c = otelc_calloc(ctx, 1, sizeof(*c));
    if (c == NULL)
        return OTELC_E_NOMEM;
    c->ctx = ctx;
    /* Config strings live as long as the instance; a copy keeps this
     * independent of that rule. */
    if (conf.with_attribute != NULL &&
        (c->with_attribute = otelc_strdup(ctx, conf.with_attribute)) == NULL) {
        counter_destroy(c);
        return OTELC_E_NOMEM;
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
    otelc_free(c->ctx, c->with_attribute);
    otelc_free(c->ctx, c);
}

/* ---- the plugin descriptor ---- */

static const otelc_component_def counter_components[] = {{
    .struct_size = sizeof(otelc_component_def),
    .kind = OTELC_KIND_EXPORTER,
    .type = "counter",
    .signals = OTELC_SIGNALS_ALL,
    .capabilities = OTELC_CAP_SINGLETON,
    .stability = OTELC_STABILITY_DEVELOPMENT,
    .description = "Counts the items it receives and logs the totals",
    .validate = counter_validate,
    .create = counter_create,
    .consume = counter_consume,
    .shutdown = counter_shutdown,
    .destroy = counter_destroy,
}};

static const otelc_plugin counter_plugin = {
    OTELC_PLUGIN_HEADER,
    .min_host_minor = 0,
    .n_components = sizeof(counter_components) / sizeof(counter_components[0]),
    .name = "otelc-example-counter",
    .version = COUNTER_VERSION,
    .license = "Apache-2.0",
    .components = counter_components,
};

OTELC_PLUGIN_DEFINE(counter_plugin)
