/* The `redact` processor: an example otelc processor that deletes and
 * renames attributes.
 *
 *   processors:
 *     redact:
 *       delete: [password, http.request.header.authorization]
 *       rename: {user.email: user.id_hash, db.statement: db.query.text}
 *       resource: true     # also the resource's attributes (default true)
 *
 * It applies to the attributes of the resource (unless `resource: false`),
 * the instrumentation scope, every span and span event, every log record
 * and every metric data point. A rename whose new key already exists
 * overwrites it, like otelcol's attributes processor's `upsert`
 * from_attribute followed by `delete`.
 *
 * What it shows:
 *   - OTELC_CAP_MUTATES_DATA: the host hands consume() a batch of its own
 *     (cloning on fan-out), so it may change the batch and emit it;
 *   - walking a batch level by level: resources, scopes, items, and the
 *     data points of every metric type;
 *   - otelc_attrs_iter with otelc_attrs_delete_current() and
 *     otelc_attrs_rename(), with OTELC_ATTRS naming "the attributes" of
 *     every message alike;
 *   - a declarative config schema: one option table with a list
 *     (STRING_LIST), a map (STRING_MAP) and a bool, `.check` validators
 *     for what the types cannot say, and one otelc_config_read() call in
 *     create(). The host validates the section from the table, so there
 *     is no `validate` callback. */
#include <stdint.h>
#include <string.h>

#include <otelc/otelc.h>

#define REDACT_VERSION "0.1.0"

/* The settings, as the schema below fills them in. The lists and their
 * strings are host-owned and live as long as the instance. */
struct redact_config {
    otelc_cfg_strings del;      /* keys to delete */
    otelc_cfg_pairs   ren;      /* old key -> new key, in config order */
    int               resource; /* also the resource's attributes */
};

struct redact {
    otelc_ctx           *ctx;
    struct redact_config cfg;
    otelc_metric        *changed; /* attributes deleted or renamed */
};

/* ---- configuration ----
 *
 * One table describes every key: its type, its field in struct
 * redact_config, its default (as YAML text) and a line of help. The host
 * uses it to validate the section before create() (every problem at once,
 * with file, line and column; keys not in the table are unknown keys), to
 * print it as JSON Schema (`otelc components --config-schema redact`) and
 * as the README's table (`--config-table redact`). The types check that
 * `delete` is a list of strings and `rename` a map of strings; the
 * `.check` functions refuse what the types allow but redact cannot use:
 * empty keys. */

/* `delete`: every key is non-empty. */
static int
redact_check_delete(otelc_ctx *ctx, const otelc_config *node, const void *value)
{
    const otelc_cfg_strings *del = value;
    int                      rc = OTELC_OK;

    for (size_t i = 0; i < del->n; i++)
        if (del->v[i][0] == '\0')
            rc = otelc_cfg_error(ctx, otelc_cfg_item(node, i),
                                 "an attribute key must be non-empty");
    return rc;
}

/* `rename`: every new key is non-empty (a null value reads as ""). The
 * map form is `old: new`; otelcol's list form `[{name: old, value: new}]`
 * has the same pairs, item by item. */
static int
redact_check_rename(otelc_ctx *ctx, const otelc_config *node, const void *value)
{
    const otelc_cfg_pairs *ren = value;
    int                    rc = OTELC_OK;

    for (size_t i = 0; i < ren->n; i++) {
        const otelc_config *at;
        if (ren->v[i].value[0] != '\0')
            continue;
        if (otelc_cfg_kind(node) == OTELC_CFG_MAP)
            at = otelc_cfg_child(node, ren->v[i].key);
        else if ((at = otelc_cfg_item(node, i)) != NULL &&
                 otelc_cfg_child(at, "value") != NULL)
            at = otelc_cfg_child(at, "value");
        rc = otelc_cfg_error(ctx, at ? at : node,
                             "the new key of %s must be non-empty",
                             ren->v[i].key);
    }
    return rc;
}

#define REDACT_OPT(key, type, member, ...)                                     \
    OTELC_OPTION(key, type, struct redact_config, member, __VA_ARGS__)

static const otelc_option redact_options[] = {
    REDACT_OPT("delete", OTELC_OPT_STRING_LIST, del,
               .check = redact_check_delete,
               .help = "attribute keys to delete (exact match)"),
    REDACT_OPT("rename", OTELC_OPT_STRING_MAP, ren,
               .check = redact_check_rename,
               .help = "`old: new` pairs; the value is kept, an existing "
                       "`new` is overwritten"),
    REDACT_OPT("resource", OTELC_OPT_BOOL, resource, .def = "true",
               .help = "also redact the resource's attributes"),
    OTELC_OPTIONS_END};

/* ---- the work ---- */

static int
redact_deletes(const struct redact *r, const char *key, size_t len)
{
    const otelc_cfg_strings *del = &r->cfg.del;

    for (size_t i = 0; i < del->n; i++)
        if (strlen(del->v[i]) == len && memcmp(del->v[i], key, len) == 0)
            return 1;
    return 0;
}

/* Redacts the attributes of one message; how many were changed. */
static uint64_t
redact_node(const struct redact *r, otelc_node *n)
{
    otelc_attrs_iter       it;
    const char            *key;
    size_t                 len;
    uint64_t               changed = 0;
    const otelc_cfg_pairs *ren = &r->cfg.ren;

    if (n == NULL)
        return 0;
    if (r->cfg.del.n > 0 &&
        otelc_attrs_iter_init(&it, n, OTELC_ATTRS) == OTELC_OK)
        while (otelc_attrs_next(&it, &key, &len, NULL))
            if (redact_deletes(r, key, len) &&
                otelc_attrs_delete_current(&it) == OTELC_OK)
                changed++;
    for (size_t i = 0; i < ren->n; i++)
        if (otelc_attrs_rename(n, OTELC_ATTRS, ren->v[i].key, ren->v[i].value,
                               OTELC_ATTRS_UPSERT) == OTELC_OK)
            changed++;
    return changed;
}

/* Every data point of a metric, whatever its type: the field numbers of
 * data points are the same in Gauge, Sum, Histogram, ExponentialHistogram
 * and Summary. */
static uint64_t
redact_metric(const struct redact *r, otelc_node *metric)
{
    otelc_node *data = otelc_metric_data(metric, NULL);
    uint64_t    changed = 0;
    size_t      n = otelc_node_count(data, OTELC_METRICDATA_DATA_POINTS);

    for (size_t i = 0; i < n; i++)
        changed += redact_node(
            r, otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, i));
    return changed;
}

static uint64_t
redact_span(const struct redact *r, otelc_node *span)
{
    uint64_t changed = redact_node(r, span);
    size_t   n = otelc_node_count(span, OTELC_SPAN_EVENTS);

    for (size_t i = 0; i < n; i++)
        changed += redact_node(r, otelc_node_msg(span, OTELC_SPAN_EVENTS, i));
    return changed;
}

/* Every item of a ScopeSpans / ScopeMetrics / ScopeLogs. */
static uint64_t
redact_items(const struct redact *r, int signal, otelc_node *scope_x)
{
    size_t   n = otelc_node_count(scope_x, OTELC_SCOPE_X_ITEMS);
    uint64_t changed = 0;

    for (size_t i = 0; i < n; i++) {
        otelc_node *item = otelc_node_msg(scope_x, OTELC_SCOPE_X_ITEMS, i);
        if (signal == OTELC_SIGNAL_TRACES)
            changed += redact_span(r, item);
        else if (signal == OTELC_SIGNAL_METRICS)
            changed += redact_metric(r, item);
        else
            changed += redact_node(r, item); /* a log record */
    }
    return changed;
}

/* Walks the request level by level (rather than with otelc_items_first)
 * so that each resource and scope is seen once. */
static int
redact_consume(void *state, otelc_batch *batch)
{
    struct redact *r = state;
    int            signal = otelc_batch_signal(batch);
    otelc_node    *root = otelc_batch_root(batch), *rx, *sx;
    uint64_t       changed = 0;

    for (size_t i = 0;
         (rx = otelc_node_msg(root, OTELC_REQUEST_RESOURCES, i)) != NULL; i++) {
        if (r->cfg.resource)
            changed += redact_node(
                r, otelc_node_msg(rx, OTELC_RESOURCE_X_RESOURCE, 0));
        for (size_t j = 0;
             (sx = otelc_node_msg(rx, OTELC_RESOURCE_X_SCOPES, j)) != NULL;
             j++) {
            changed +=
                redact_node(r, otelc_node_msg(sx, OTELC_SCOPE_X_SCOPE, 0));
            changed += redact_items(r, signal, sx);
        }
    }
    otelc_metric_add(r->changed, (int64_t)changed);
    return otelc_emit(r->ctx, batch); /* takes the batch, even on failure */
}

/* ---- lifecycle ---- */

static void redact_destroy(void *state);

static int
redact_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct redact *r = otelc_calloc(ctx, 1, sizeof(*r));
    int            rc;

    if (r == NULL)
        return OTELC_E_NOMEM;
    r->ctx = ctx;
    /* Every field of r->cfg, defaults included. A bad section is refused
     * by validation before create() is called, so a failure here is only
     * seen at run time, with the problems reported already. */
    rc = otelc_config_read(ctx, cfg, redact_options, &r->cfg);
    if (rc != OTELC_OK) {
        redact_destroy(r); /* a failed create frees what it made */
        return rc;
    }
    r->changed =
        otelc_metric_counter(ctx, "otelc_redact_changed_attributes",
                             "Attributes deleted or renamed by redact");
    *state = r;
    return OTELC_OK;
}

static void
redact_destroy(void *state)
{
    struct redact *r = state;

    if (r == NULL)
        return;
    /* The config lists are the host's: nothing to free but r. */
    otelc_free(r->ctx, r);
}

/* ---- the plugin descriptor ---- */

static const otelc_component_def redact_components[] = {
    OTELC_COMPONENT(.kind = OTELC_KIND_PROCESSOR, .type = "redact",
                    .signals = OTELC_SIGNALS_ALL,
                    .capabilities = OTELC_CAP_MUTATES_DATA,
                    .stability = OTELC_STABILITY_DEVELOPMENT,
                    .description = "Deletes and renames attributes",
                    .create = redact_create, .consume = redact_consume,
                    .destroy = redact_destroy,
                    OTELC_CONFIG_SCHEMA(redact_options, struct redact_config))};

/* The descriptor and the entry point otelc_plugin_v1. */
OTELC_PLUGIN("otelc-example-redact", REDACT_VERSION, "Apache-2.0",
             redact_components)
