/* Refusal case: a valid descriptor, but the entry point is exported under
 * the wrong name (otelc_plugin_entry, as if written by hand), so the shared
 * object does not export otelc_plugin_v1. Its component type would have been
 * `abi_no_entry`. */
#include "abi_case.h"

static const otelc_component_def no_entry_components[] = {
    ABI_CASE_PROCESSOR("abi_no_entry"),
};

static const otelc_plugin no_entry_plugin = {
    OTELC_PLUGIN_HEADER,
    .min_host_minor = 0,
    .n_components = 1,
    .name = "otelc-abi-no-entry",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = no_entry_components,
};

OTELC_EXPORT const otelc_plugin *otelc_plugin_entry(void);

const otelc_plugin *
otelc_plugin_entry(void)
{
    return &no_entry_plugin;
}
