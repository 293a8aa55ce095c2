/* The exporter helper's settings (otelcol's timeout, retry_on_failure and
 * sending_queue): their reader and their schema, which otelc validate,
 * the JSON Schema and the README tables use. */
#include "exporter_config.h"

#include <string.h>

#include <otelc/config.h>

#include "ctx.h"
#include "diag.h"
#include "log.h"

/* Keys otelcol has that otelc does not implement yet: an error rather than
 * silently different behaviour. */
static int
unsupported(otelc_ctx *ctx, const otelc_config *map, const char *key,
            const char *what)
{
    const otelc_config *n = otelc_cfg_child(map, key);

    if (n == NULL || otelc_cfg_kind(n) == OTELC_CFG_NULL)
        return OTELC_OK;
    otelc_cfg_mark_used(n);
    return otelc_cfg_error(ctx, n, "%s", what);
}

static int
read_retry(otelc_ctx *ctx, const otelc_config *cfg, struct otelc__exph_cfg *c)
{
    struct otelc__retry_cfg *r = &c->retry;
    const otelc_config      *m;
    int                      bad = 0;

    otelc__retry_defaults(r);
    if (otelc__cfg_child_map(ctx, cfg, "retry_on_failure", &m) != OTELC_OK)
        return OTELC_E_CONFIG;
    bad |= otelc_cfg_bool(ctx, m, "enabled", r->enabled, &r->enabled);
    bad |= otelc_cfg_duration(ctx, m, "initial_interval",
                              r->initial_interval_ns, &r->initial_interval_ns);
    bad |= otelc_cfg_double(ctx, m, "randomization_factor",
                            r->randomization_factor, &r->randomization_factor);
    bad |=
        otelc_cfg_double(ctx, m, "multiplier", r->multiplier, &r->multiplier);
    bad |= otelc_cfg_duration(ctx, m, "max_interval", r->max_interval_ns,
                              &r->max_interval_ns);
    bad |= otelc_cfg_duration(ctx, m, "max_elapsed_time", r->max_elapsed_ns,
                              &r->max_elapsed_ns);
    /* !(x >= 0) also rejects NaN. */
    if (!(r->randomization_factor >= 0 && r->randomization_factor <= 1))
        bad |= otelc_cfg_error(ctx, otelc_cfg_child(m, "randomization_factor"),
                               "randomization_factor must be "
                               "within [0, 1]");
    if (!(r->multiplier > 0) || r->multiplier > 1e9)
        bad |= otelc_cfg_error(ctx, otelc_cfg_child(m, "multiplier"),
                               "multiplier must be > 0");
    return bad ? OTELC_E_CONFIG : OTELC_OK;
}

static int
read_queue(otelc_ctx *ctx, const otelc_config *cfg, struct otelc__exph_cfg *c)
{
    const otelc_config *m;
    const char         *sizer = "requests";
    int                 blocking = 0, wait = 0, bad = 0;

    c->queue_enabled = 1;
    c->num_consumers = 10;
    c->queue_size = 1000;
    c->block_on_overflow = 0;
    if (otelc__cfg_child_map(ctx, cfg, "sending_queue", &m) != OTELC_OK)
        return OTELC_E_CONFIG;
    bad |= otelc_cfg_bool(ctx, m, "enabled", 1, &c->queue_enabled);
    bad |= otelc_cfg_int(ctx, m, "num_consumers", 10, &c->num_consumers);
    bad |= otelc_cfg_int(ctx, m, "queue_size", 1000, &c->queue_size);
    bad |=
        otelc_cfg_bool(ctx, m, "block_on_overflow", 0, &c->block_on_overflow);
    /* `blocking` is otelcol's deprecated name of block_on_overflow. */
    bad |= otelc_cfg_bool(ctx, m, "blocking", 0, &blocking);
    bad |= otelc_cfg_bool(ctx, m, "wait_for_result", 0, &wait);
    bad |= otelc_cfg_str(ctx, m, "sizer", "requests", &sizer);
    bad |= unsupported(ctx, m, "storage",
                       "persistent queues are not "
                       "supported yet");
    bad |= unsupported(ctx, m, "batch",
                       "batching in the exporter is not "
                       "supported yet (use the batch processor)");
    /* Values that failed to read are their defaults: check the rest too,
     * so every problem is reported in one round. */
    c->block_on_overflow |= blocking;
    if (sizer && strcmp(sizer, "requests") != 0)
        bad |= otelc_cfg_error(ctx, otelc_cfg_child(m, "sizer"),
                               "sizer \"%s\" is not supported "
                               "yet (only \"requests\")",
                               sizer);
    if (wait)
        bad |= otelc_cfg_error(ctx, otelc_cfg_child(m, "wait_for_result"),
                               "wait_for_result: true is not "
                               "supported yet");
    /* Consumers also bound the in-flight sends without a queue. */
    if (c->num_consumers <= 0 || c->num_consumers > 100000)
        bad |= otelc_cfg_error(ctx, otelc_cfg_child(m, "num_consumers"),
                               "num_consumers must be between "
                               "1 and 100000");
    if (c->queue_enabled && (c->queue_size <= 0 || c->queue_size > 100000000))
        bad |= otelc_cfg_error(ctx, otelc_cfg_child(m, "queue_size"),
                               "queue_size must be between 1 "
                               "and 100000000");
    if (!bad && c->queue_enabled && c->block_on_overflow) {
        const char *why =
            "sending_queue.block_on_overflow: true behaves as false: the "
            "event loop cannot block, so a full queue refuses data "
            "(the receiver answers 503/UNAVAILABLE)";
        if (otelc__ctx_diag(ctx))
            otelc__diag_warn(otelc__ctx_diag(ctx),
                             otelc_cfg_child(m, "block_on_overflow"), "%s",
                             why);
        else if (otelc__ctx_replica(ctx) <= 0)
            otelc__log(OTELC_LOG_WARN, otelc__ctx_label(ctx), "%s", why);
    }
    return bad ? OTELC_E_CONFIG : OTELC_OK;
}

int
otelc__exph_read_cfg(otelc_ctx *ctx, const otelc_config *cfg,
                     struct otelc__exph_cfg *c)
{
    int rc = OTELC_OK;

    if (otelc_cfg_duration(ctx, cfg, "timeout", INT64_C(5000000000),
                           &c->timeout_ns) != OTELC_OK)
        rc = OTELC_E_CONFIG;
    /* Read both sections even after an error: one round of fixes. */
    if (read_retry(ctx, cfg, c) != OTELC_OK)
        rc = OTELC_E_CONFIG;
    if (read_queue(ctx, cfg, c) != OTELC_OK)
        rc = OTELC_E_CONFIG;
    return rc;
}

/* ---- the schema of these settings (otelc/config.h) ----
 *
 * What `otelc validate`, JSON Schema and the README tables know about
 * read_cfg()'s keys; test_schema.c checks that read_cfg reads exactly
 * these. Semantic checks (what is not supported yet) stay in read_cfg. */
#define K(key, type, ...) OTELC_OPTION_NOFIELD(key, type, __VA_ARGS__)

static const otelc_option retry_options[] = {
    K("enabled", OTELC_OPT_BOOL, .def = "true", .help = "retry failed sends"),
    K("initial_interval", OTELC_OPT_DURATION, .def = "5s",
      .help = "wait before the first retry"),
    K("randomization_factor", OTELC_OPT_DOUBLE, .def = "0.5", .min = "0",
      .max = "1", .help = "jitter of each wait"),
    K("multiplier", OTELC_OPT_DOUBLE, .def = "1.5",
      .help = "growth of the wait per retry (> 0)"),
    K("max_interval", OTELC_OPT_DURATION, .def = "30s",
      .help = "longest wait between retries"),
    K("max_elapsed_time", OTELC_OPT_DURATION, .def = "5m",
      .help = "give up after this long (0: never)"),
    OTELC_OPTIONS_END};

static const otelc_option queue_options[] = {
    K("enabled", OTELC_OPT_BOOL, .def = "true",
      .help = "queue batches in memory before sending"),
    K("num_consumers", OTELC_OPT_INT, .def = "10", .min = "1", .max = "100000",
      .help = "concurrent sends, over all workers"),
    K("queue_size", OTELC_OPT_INT, .def = "1000",
      .help = "batches the queue holds, over all workers (1..100000000)"),
    K("block_on_overflow", OTELC_OPT_BOOL, .def = "false",
      .help = "accepted; a full queue refuses data (the event loop cannot "
              "block)"),
    K("blocking", OTELC_OPT_BOOL, .flags = OTELC_OPT_DEPRECATED,
      .help = "use block_on_overflow"),
    K("wait_for_result", OTELC_OPT_BOOL, .def = "false",
      .help = "only false is supported"),
    K("sizer", OTELC_OPT_ENUM, .def = "requests",
      .values = (const char *const[]){"requests", "items", "bytes", NULL},
      .help = "what queue_size counts (only requests is supported)"),
    K("storage", OTELC_OPT_NODE,
      .help = "persistent queue storage (not supported yet)"),
    K("batch", OTELC_OPT_NODE,
      .help = "batching in the exporter (not supported yet: use the batch "
              "processor)"),
    OTELC_OPTIONS_END};

const otelc_option otelc__exporter_helper_options[] = {
    K("timeout", OTELC_OPT_DURATION, .def = "5s",
      .help = "time limit of one send attempt (0: none)"),
    K("retry_on_failure", OTELC_OPT_SECTION, .sub = retry_options,
      .help = "retries with exponential backoff"),
    K("sending_queue", OTELC_OPT_SECTION, .sub = queue_options,
      .help = "in-memory sending queue"),
    OTELC_OPTIONS_END};
#undef K
