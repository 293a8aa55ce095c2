/* The loader's checks of a plugin descriptor, as a pure function: given
 * what otelc_plugin_v1() returned and the host's ABI minor, is the plugin
 * acceptable, and if not, the one sentence that says why and how to fix
 * it. No dlopen, no I/O: `otelc plugins check`, the loader and the unit
 * tests share it. Duplicate types are the registry's business (they
 * depend on what else is loaded). */
#ifndef OTELC__DESCRIPTOR_CHECK_H
#define OTELC__DESCRIPTOR_CHECK_H

#include <otelc/host.h>
#include <otelc/plugin.h>

/* In the order the checks run; a plugin gets the first that applies. */
enum otelc__desc_status {
    OTELC__DESC_OK = 0,
    OTELC__DESC_NULL,           /* no descriptor at all */
    OTELC__DESC_BAD_MAGIC,      /* not an otelc descriptor */
    OTELC__DESC_OTHER_MAJOR,    /* abi_major differs from the host's */
    OTELC__DESC_TRUNCATED,      /* struct_size below the 1.0 minimum */
    OTELC__DESC_HOST_TOO_OLD,   /* min_host_minor above the host's minor */
    OTELC__DESC_NO_METADATA,    /* name, version or components missing */
    OTELC__DESC_COMP_TRUNCATED, /* component struct_size below minimum */
    OTELC__DESC_BAD_COMPONENT   /* a component definition is invalid */
};

/* From OTELC__DESC_HOST_TOO_OLD on, the descriptor's own fields (name,
 * version, components) may be read, e.g. to report a refused type. */
#define OTELC__DESC_READABLE(status)                                           \
    ((status) == OTELC__DESC_OK || (status) >= OTELC__DESC_HOST_TOO_OLD)

/* Checks d against a host of ABI OTELC_ABI_MAJOR.host_minor. Returns an
 * enum otelc__desc_status; on a refusal *msg is a malloc'd sentence (NULL
 * when out of memory), on OK it is NULL. */
int otelc__descriptor_check(const otelc_plugin *d, unsigned host_minor,
                            char **msg);

/* Component types and aliases are identifiers: 1-64 of [a-z0-9_]. */
int otelc__valid_type(const char *t);

#endif
