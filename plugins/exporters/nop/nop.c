/* The `nop` exporter (otelcol's nopexporter): accepts every batch and
 * drops it. For benchmarks and for pipelines that only need a sink. */
#include <otelc/otelc.h>

static int
nop_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    (void)cfg;
    /* No settings: any key is reported as unknown by the host. */
    *state = ctx;
    return OTELC_OK;
}

static int
nop_consume(void *state, otelc_batch *batch)
{
    (void)state;
    otelc_batch_release(batch);
    return OTELC_OK;
}

static void
nop_destroy(void *state)
{
    (void)state;
}

static const otelc_component_def nop_components[] = {{
    .struct_size = sizeof(otelc_component_def),
    .kind = OTELC_KIND_EXPORTER,
    .type = "nop",
    .signals = OTELC_SIGNALS_ALL,
    .stability = OTELC_STABILITY_BETA,
    .description = "drops everything it receives",
    .create = nop_create,
    .consume = nop_consume,
    .destroy = nop_destroy,
}};

static const otelc_plugin nop_plugin = {
    OTELC_PLUGIN_HEADER,          .min_host_minor = 0, .n_components = 1,
    .name = "otelc-nop",          .version = "0.1.0",  .license = "Apache-2.0",
    .components = nop_components,
};

OTELC_PLUGIN_DEFINE(nop_plugin)
