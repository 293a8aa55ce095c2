/* Refusal case: a plugin built against a future SDK with ABI major 2.
 * Type: `abi_newer_major`. */
#include "abi_case.h"

static const otelc_component_def newer_major_components[] = {
    ABI_CASE_PROCESSOR("abi_newer_major"),
};

static const otelc_plugin newer_major_plugin = {
    .magic = OTELC_PLUGIN_MAGIC,
    .abi_major = OTELC_ABI_MAJOR + 1,
    .abi_minor = 0,
    .struct_size = (uint32_t)sizeof(otelc_plugin),
    .min_host_minor = 0,
    .n_components = 1,
    .name = "otelc-abi-newer-major",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = newer_major_components,
};

OTELC_PLUGIN_DEFINE(newer_major_plugin)
