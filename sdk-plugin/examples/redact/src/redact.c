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
 * and every metric data point. A rename whose new
 * key already exists overwrites it, like otelcol's attributes processor's
 * `upsert` from_attribute followed by `delete`.
 *
 * What it shows:
 *   - OTELC_CAP_MUTATES_DATA: the host hands consume() a batch of its own
 *     (cloning on fan-out), so it may change the batch and emit it;
 *   - walking a batch level by level: resources, scopes, items, and the
 *     data points of every metric type;
 *   - otelc_attrs_iter with otelc_attrs_delete_current() and
 *     otelc_attrs_rename(), with OTELC_ATTRS naming "the attributes" of
 *     every message alike;
 *   - configuration read in one function (redact_read_config), used by
 *     both validate and create. */
#include <stdint.h>
#include <string.h>

#include <otelc/otelc.h>

#define REDACT_VERSION "0.1.0"

struct redact_rename {
    char *from, *to;
};

struct redact {
    otelc_ctx            *ctx;
    char                **del; /* keys to delete */
    size_t                ndel;
    struct redact_rename *ren;
    size_t                nren;
    int                   resource;
    otelc_metric         *changed; /* attributes deleted or renamed */
};

static void redact_destroy(void *state);

/* ---- configuration ---- */

/* Reads the config into r, or only checks it when r is NULL (validate).
 * Every key is read even after an error so that all problems are reported
 * in one run. */
static int
redact_read_config(otelc_ctx *ctx, const otelc_config *cfg, struct redact *r)
{
    const otelc_config *del = otelc_cfg_child(cfg, "delete");
    const otelc_config *ren = otelc_cfg_child(cfg, "rename");
    int                 rc = OTELC_OK, resource;

    if (otelc_cfg_bool(ctx, cfg, "resource", 1, &resource) != OTELC_OK)
        rc = OTELC_E_CONFIG;
    if (r)
        r->resource = resource;

    if (del != NULL && otelc_cfg_kind(del) != OTELC_CFG_SEQ) {
        rc = otelc_cfg_error(ctx, del, "delete must be a list of keys");
        del = NULL;
    }
    if (r && del && otelc_cfg_len(del) > 0) {
        r->del = otelc_calloc(ctx, otelc_cfg_len(del), sizeof(*r->del));
        if (r->del == NULL)
            return OTELC_E_NOMEM;
    }
    for (size_t i = 0; del && i < otelc_cfg_len(del); i++) {
        const otelc_config *item = otelc_cfg_item(del, i);
        const char         *key = otelc_cfg_scalar(item);
        if (key == NULL || key[0] == '\0') {
            rc = otelc_cfg_error(ctx, item, "delete: keys must be strings");
            continue;
        }
        if (r && (r->del[r->ndel++] = otelc_strdup(ctx, key)) == NULL)
            return OTELC_E_NOMEM;
    }

    if (ren != NULL && otelc_cfg_kind(ren) != OTELC_CFG_MAP) {
        rc = otelc_cfg_error(ctx, ren, "rename must map old keys to new keys");
        ren = NULL;
    }
    if (r && ren && otelc_cfg_len(ren) > 0) {
        r->ren = otelc_calloc(ctx, otelc_cfg_len(ren), sizeof(*r->ren));
        if (r->ren == NULL)
            return OTELC_E_NOMEM;
    }
    for (size_t i = 0; ren && i < otelc_cfg_len(ren); i++) {
        const char         *from = otelc_cfg_key(ren, i);
        const otelc_config *item = otelc_cfg_child(ren, from);
        const char         *to = otelc_cfg_scalar(item);
        if (to == NULL || to[0] == '\0') {
            rc = otelc_cfg_error(ctx, item,
                                 "rename: the new key of %s must "
                                 "be a string",
                                 from);
            continue;
        }
        if (r) {
            struct redact_rename *e = &r->ren[r->nren++];
            if ((e->from = otelc_strdup(ctx, from)) == NULL ||
                (e->to = otelc_strdup(ctx, to)) == NULL)
                return OTELC_E_NOMEM;
        }
    }
    return rc == OTELC_OK ? OTELC_OK : OTELC_E_CONFIG;
}

static int
redact_validate(otelc_ctx *ctx, const otelc_config *cfg)
{
    return redact_read_config(ctx, cfg, NULL);
}

/* ---- the work ---- */

static int
redact_deletes(const struct redact *r, const char *key, size_t len)
{
    for (size_t i = 0; i < r->ndel; i++)
        if (strlen(r->del[i]) == len && memcmp(r->del[i], key, len) == 0)
            return 1;
    return 0;
}

/* Redacts the attributes of one message; how many were changed. */
static uint64_t
redact_node(const struct redact *r, otelc_node *n)
{
    otelc_attrs_iter it;
    const char      *key;
    size_t           len;
    uint64_t         changed = 0;

    if (n == NULL)
        return 0;
    if (r->ndel > 0 && otelc_attrs_iter_init(&it, n, OTELC_ATTRS) == OTELC_OK)
        while (otelc_attrs_next(&it, &key, &len, NULL))
            if (redact_deletes(r, key, len) &&
                otelc_attrs_delete_current(&it) == OTELC_OK)
                changed++;
    for (size_t i = 0; i < r->nren; i++)
        if (otelc_attrs_rename(n, OTELC_ATTRS, r->ren[i].from, r->ren[i].to,
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
        if (r->resource)
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

static int
redact_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct redact *r = otelc_calloc(ctx, 1, sizeof(*r));
    int            rc;

    if (r == NULL)
        return OTELC_E_NOMEM;
    r->ctx = ctx;
    rc = redact_read_config(ctx, cfg, r);
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
    for (size_t i = 0; i < r->ndel; i++)
        otelc_free(r->ctx, r->del[i]);
    for (size_t i = 0; i < r->nren; i++) {
        otelc_free(r->ctx, r->ren[i].from);
        otelc_free(r->ctx, r->ren[i].to);
    }
    otelc_free(r->ctx, r->del);
    otelc_free(r->ctx, r->ren);
    otelc_free(r->ctx, r);
}

/* ---- the plugin descriptor ---- */

static const otelc_component_def redact_components[] = {{
    .struct_size = sizeof(otelc_component_def),
    .kind = OTELC_KIND_PROCESSOR,
    .type = "redact",
    .signals = OTELC_SIGNALS_ALL,
    .capabilities = OTELC_CAP_MUTATES_DATA,
    .stability = OTELC_STABILITY_DEVELOPMENT,
    .description = "Deletes and renames attributes",
    .validate = redact_validate,
    .create = redact_create,
    .consume = redact_consume,
    .destroy = redact_destroy,
}};

static const otelc_plugin redact_plugin = {
    OTELC_PLUGIN_HEADER,
    .min_host_minor = 0,
    .n_components = sizeof(redact_components) / sizeof(redact_components[0]),
    .name = "otelc-example-redact",
    .version = REDACT_VERSION,
    .license = "Apache-2.0",
    .components = redact_components,
};

OTELC_PLUGIN_DEFINE(redact_plugin)
