/* Refusal case: the descriptor claims a struct_size smaller than
 * OTELC_PLUGIN_MIN_SIZE, as a descriptor from a hypothetical older layout
 * that ended before `components` would. Type: `abi_truncated`. */
#include "abi_case.h"

static const otelc_component_def truncated_components[] = {
    ABI_CASE_PROCESSOR("abi_truncated"),
};

static const otelc_plugin truncated_plugin = {
    .magic = OTELC_PLUGIN_MAGIC,
    .abi_major = OTELC_ABI_MAJOR,
    .abi_minor = OTELC_ABI_MINOR,
    .struct_size = (uint32_t)offsetof(otelc_plugin, components),
    .min_host_minor = 0,
    .n_components = 1,
    .name = "otelc-abi-truncated",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = truncated_components,
};

_Static_assert(offsetof(otelc_plugin, components) < OTELC_PLUGIN_MIN_SIZE,
               "the case must be below the minimum size");

OTELC_PLUGIN_DEFINE(truncated_plugin)
