/* Refusal case: the magic is OTELC_PLUGIN_MAGIC with its bytes swapped, as
 * a descriptor written on the wrong-endian machine or by a tool that got
 * the layout wrong would have it. Type: `abi_bad_magic`. */
#include "abi_case.h"

#define SWAPPED_MAGIC UINT64_C(0x4f54434c50475631)

static const otelc_component_def bad_magic_components[] = {
    ABI_CASE_PROCESSOR("abi_bad_magic"),
};

static const otelc_plugin bad_magic_plugin = {
    .magic = SWAPPED_MAGIC,
    .abi_major = OTELC_ABI_MAJOR,
    .abi_minor = OTELC_ABI_MINOR,
    .struct_size = (uint32_t)sizeof(otelc_plugin),
    .min_host_minor = 0,
    .n_components = 1,
    .name = "otelc-abi-bad-magic",
    .version = "1.0.0",
    .license = "Apache-2.0",
    .components = bad_magic_components,
};

OTELC_PLUGIN_DEFINE(bad_magic_plugin)
