/* Shared parts of the purpose-built ABI test plugins: a pass-through
 * processor whose callbacks are valid, so that each case violates exactly
 * one rule of the loader and nothing else. Test code only; real plugins
 * use OTELC_PLUGIN_DEFINE() and otelc_add_plugin(). */
#ifndef OTELC_TESTS_ABI_CASE_H
#define OTELC_TESTS_ABI_CASE_H

#include <otelc/otelc.h>

static int
abi_case_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    (void)cfg;
    *state = ctx;
    return OTELC_OK;
}

static int
abi_case_consume(void *state, otelc_batch *batch)
{
    return otelc_emit((otelc_ctx *)state, batch);
}

static void
abi_case_destroy(void *state)
{
    (void)state;
}

/* A valid processor definition of the given type. */
#define ABI_CASE_PROCESSOR(type_name)                                          \
    {                                                                          \
        .struct_size = (uint32_t)sizeof(otelc_component_def),                  \
        .kind = OTELC_KIND_PROCESSOR, .type = (type_name),                     \
        .signals = OTELC_SIGNALS_ALL,                                          \
        .stability = OTELC_STABILITY_DEVELOPMENT,                              \
        .description = "otelc ABI test plugin", .create = abi_case_create,     \
        .consume = abi_case_consume, .destroy = abi_case_destroy,              \
    }

#endif
