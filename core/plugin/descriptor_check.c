/* See descriptor_check.h. The messages are the loader's (and `otelc
 * plugins check`'s) user interface: each names what is wrong, both ABI
 * versions where they matter, and the fix. */
#include "descriptor_check.h"
#include "strfmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Component types are identifiers: they end up in config keys and metric
 * labels. */
int
otelc__valid_type(const char *t)
{
    if (t == NULL || !*t || strlen(t) > 64)
        return 0;
    for (const char *p = t; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return 0;
    }
    return 1;
}

/* Why one component definition is unusable, or NULL. Only the first
 * `stride` bytes of it are the plugin's; the rest reads as zero. */
static const char *
component_problem(const otelc_component_def *src, uint32_t stride)
{
    otelc_component_def def;

    memset(&def, 0, sizeof(def));
    memcpy(&def, src, stride < sizeof(def) ? stride : sizeof(def));
    if (def.struct_size != stride)
        return "component definitions have different struct_size values";
    if (def.kind < OTELC_KIND_RECEIVER || def.kind > OTELC_KIND_CONNECTOR)
        return "unknown component kind";
    if (!otelc__valid_type(def.type))
        return "component type must be 1-64 characters of [a-z0-9_]";
    if (def.kind != OTELC_KIND_EXTENSION &&
        (def.signals == 0 || (def.signals & ~OTELC_SIGNALS_ALL)))
        return "component declares no valid signals";
    if (def.create == NULL || def.destroy == NULL)
        return "component lacks create or destroy";
    if ((def.kind == OTELC_KIND_PROCESSOR || def.kind == OTELC_KIND_EXPORTER ||
         def.kind == OTELC_KIND_CONNECTOR) &&
        def.consume == NULL)
        return "component lacks consume";
    for (const char *const *a = def.aliases; a && *a; a++)
        if (!otelc__valid_type(*a))
            return "alias must be 1-64 characters of [a-z0-9_]";
    return NULL;
}

int
otelc__descriptor_check(const otelc_plugin *d, unsigned host_minor, char **msg)
{
    const char *base;
    uint32_t    stride;

    *msg = NULL;
    if (d == NULL) {
        *msg = otelc__strfmt("%s() returned no descriptor",
                             OTELC_PLUGIN_ENTRY_SYMBOL);
        return OTELC__DESC_NULL;
    }
    /* magic and the three fields after it are frozen forever */
    if (d->magic != OTELC_PLUGIN_MAGIC) {
        *msg = otelc__strfmt("bad descriptor magic 0x%016llx (expected "
                             "0x%016llx): not an otelc plugin descriptor or "
                             "a corrupt file; fix: rebuild the plugin with "
                             "OTELC_PLUGIN_HEADER from the otelc SDK",
                             (unsigned long long)d->magic,
                             (unsigned long long)OTELC_PLUGIN_MAGIC);
        return OTELC__DESC_BAD_MAGIC;
    }
    if (d->abi_major != OTELC_ABI_MAJOR) {
        *msg = otelc__strfmt("plugin ABI %u.%u, host ABI %d.%u: major "
                             "versions differ; fix: %s",
                             d->abi_major, d->abi_minor, OTELC_ABI_MAJOR,
                             host_minor,
                             d->abi_major > OTELC_ABI_MAJOR
                                 ? "upgrade otelc or rebuild the plugin "
                                   "against this otelc's SDK"
                                 : "rebuild the plugin against this otelc's "
                                   "SDK");
        return OTELC__DESC_OTHER_MAJOR;
    }
    if (d->struct_size < OTELC_PLUGIN_MIN_SIZE) {
        *msg = otelc__strfmt("descriptor truncated: struct_size %u is "
                             "smaller than the %zu bytes ABI %d.0 requires "
                             "(plugin ABI %u.%u, host ABI %d.%u); fix: "
                             "rebuild the plugin against the otelc SDK",
                             d->struct_size, (size_t)OTELC_PLUGIN_MIN_SIZE,
                             OTELC_ABI_MAJOR, d->abi_major, d->abi_minor,
                             OTELC_ABI_MAJOR, host_minor);
        return OTELC__DESC_TRUNCATED;
    }
    if (d->min_host_minor > host_minor) {
        *msg = otelc__strfmt("needs host ABI %u.%u or newer, this host is "
                             "%d.%u (plugin built with %u.%u); fix: upgrade "
                             "otelc, or rebuild the plugin with a lower "
                             "min_host_minor",
                             d->abi_major, d->min_host_minor, OTELC_ABI_MAJOR,
                             host_minor, d->abi_major, d->abi_minor);
        return OTELC__DESC_HOST_TOO_OLD;
    }
    if (d->name == NULL || !*d->name || d->version == NULL || !*d->version ||
        d->components == NULL || d->n_components == 0) {
        *msg = otelc__strfmt("descriptor lacks %s",
                             (d->name == NULL || !*d->name) ? "a name"
                             : (d->version == NULL || !*d->version)
                                 ? "a version"
                                 : "components");
        return OTELC__DESC_NO_METADATA;
    }
    /* Definitions are laid out with the plugin's own
     * sizeof(otelc_component_def), which the first one's struct_size
     * tells. */
    base = (const char *)d->components;
    stride = d->components[0].struct_size;
    if (stride < OTELC_COMPONENT_MIN_SIZE) {
        *msg = otelc__strfmt("component definition truncated: struct_size %u "
                             "is smaller than the %zu bytes ABI %d.0 "
                             "requires; fix: rebuild the plugin against the "
                             "otelc SDK %d.%u",
                             stride, (size_t)OTELC_COMPONENT_MIN_SIZE,
                             OTELC_ABI_MAJOR, OTELC_ABI_MAJOR, host_minor);
        return OTELC__DESC_COMP_TRUNCATED;
    }
    for (size_t i = 0; i < d->n_components; i++) {
        const otelc_component_def *src =
            (const otelc_component_def *)(const void *)(base + i * stride);
        const char *why = component_problem(src, stride);
        if (why) {
            /* src->type lies within the 1.0 minimum, so it is readable. */
            *msg = otelc__strfmt("component #%zu (%s): %s", i,
                                 src->type ? src->type : "?", why);
            return OTELC__DESC_BAD_COMPONENT;
        }
    }
    return OTELC__DESC_OK;
}
