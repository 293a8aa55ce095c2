/* Refusal case: the descriptor is fine but its component definitions
 * claim a struct_size that ends before `destroy`, smaller than
 * OTELC_COMPONENT_MIN_SIZE. The array itself is laid out with the real
 * sizeof, so nothing is read out of bounds whatever the loader does.
 * Type: `abi_truncated_component`. */
#include "abi_case.h"

#define SHORT_SIZE ((uint32_t)offsetof(otelc_component_def, destroy))

_Static_assert(offsetof(otelc_component_def, destroy) <
                   OTELC_COMPONENT_MIN_SIZE,
               "the case must be below the minimum size");

static const otelc_component_def truncated_component_components[] = {
    {
        .struct_size = SHORT_SIZE,
        .kind = OTELC_KIND_PROCESSOR,
        .type = "abi_truncated_component",
        .signals = OTELC_SIGNALS_ALL,
        .stability = OTELC_STABILITY_DEVELOPMENT,
        .create = abi_case_create,
        .consume = abi_case_consume,
        .destroy = abi_case_destroy,
    },
};

static const otelc_plugin truncated_component_plugin = {
    OTELC_PLUGIN_HEADER,
    .min_host_minor = 0,
    .n_components = 1,
    .name = "otelc-abi-truncated-component",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = truncated_component_components,
};

OTELC_PLUGIN_DEFINE(truncated_component_plugin)
