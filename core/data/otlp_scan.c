/* Validation and item counting of OTLP requests; see otlp_scan.h. The
 * walk itself is the schema-driven validator (otlp_validate.c), so the
 * receive path is a single pass over the bytes. */
#include "otlp_scan.h"

#include <stdio.h>

#include <otelc/host.h>
#include <otelc/status.h>

#include "batch.h"
#include "otlp_validate.h"

int
otelc__otlp_scan(int signal, const void *buf, size_t len, uint64_t *items,
                 char *err, size_t err_size)
{
    const ProtobufCMessageDescriptor *desc = otelc__request_descriptor(signal);

    if (desc == NULL) {
        if (err != NULL && err_size > 0)
            snprintf(err, err_size, "unknown signal %d", signal);
        return OTELC_E_INVALID;
    }
    return otelc__otlp_validate(desc, buf, len, items, err, err_size);
}
