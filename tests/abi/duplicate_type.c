/* Refusal case: a processor of type `batch`, which the in-tree batch
 * plugin (processor_batch.so) also provides. Whichever of the two the
 * loader meets second is refused. */
#include "abi_case.h"

static const otelc_component_def duplicate_type_components[] = {
    ABI_CASE_PROCESSOR("batch"),
};

static const otelc_plugin duplicate_type_plugin = {
    OTELC_PLUGIN_HEADER,
    .min_host_minor = 0,
    .n_components = 1,
    .name = "otelc-abi-duplicate-type",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = duplicate_type_components,
};

OTELC_PLUGIN_DEFINE(duplicate_type_plugin)
