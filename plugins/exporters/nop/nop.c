/* The `nop` exporter (otelcol's nopexporter): accepts every batch and
 * drops it. For benchmarks and for pipelines that only need a sink. */
#include <otelc/otelc.h>

static int
nop_consume(void *state, otelc_batch *batch)
{
    (void)state;
    otelc_batch_release(batch);
    return OTELC_OK;
}

static const otelc_component_def nop_components[] = {
    OTELC_COMPONENT(.kind = OTELC_KIND_EXPORTER, .type = "nop",
                    .signals = OTELC_SIGNALS_ALL,
                    .stability = OTELC_STABILITY_BETA,
                    .description = "drops everything it receives",
                    .create = otelc_create_stateless, .consume = nop_consume,
                    .destroy = otelc_destroy_stateless, OTELC_CONFIG_NONE)};

OTELC_PLUGIN("otelc-nop", "0.1.0", "Apache-2.0", nop_components)
