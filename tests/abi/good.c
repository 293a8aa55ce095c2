/* Control case: a minimal valid plugin built from the current headers. Its
 * `abi_probe` processor passes every batch through unchanged. If this one
 * is refused, the other cases prove nothing. */
#include "abi_case.h"

static const otelc_component_def probe_components[] = {
    ABI_CASE_PROCESSOR("abi_probe"),
};

static const otelc_plugin probe_plugin = {
    OTELC_PLUGIN_HEADER,
    .min_host_minor = 0,
    .n_components = 1,
    .name = "otelc-abi-probe",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = probe_components,
};

OTELC_PLUGIN_DEFINE(probe_plugin)
