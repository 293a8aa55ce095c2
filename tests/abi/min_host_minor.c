/* Refusal case: the plugin needs a host one minor version newer than this
 * one (it would call host API members appended later). Its descriptor is
 * readable, so the loader remembers its type, `abi_min_host_minor`. */
#include "abi_case.h"

static const otelc_component_def min_host_minor_components[] = {
    ABI_CASE_PROCESSOR("abi_min_host_minor"),
};

static const otelc_plugin min_host_minor_plugin = {
    .magic = OTELC_PLUGIN_MAGIC,
    .abi_major = OTELC_ABI_MAJOR,
    .abi_minor = OTELC_ABI_MINOR + 1,
    .struct_size = (uint32_t)sizeof(otelc_plugin),
    .min_host_minor = OTELC_ABI_MINOR + 1,
    .n_components = 1,
    .name = "otelc-abi-min-host-minor",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = min_host_minor_components,
};

OTELC_PLUGIN_DEFINE(min_host_minor_plugin)
