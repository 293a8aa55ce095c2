/* The exporter helper's settings, read from an exporter's section
 * (exporter_config.c) for the helper's state machine (exporter_helper.c). */
#ifndef OTELC__EXPORTER_CONFIG_H
#define OTELC__EXPORTER_CONFIG_H

#include <stdint.h>

#include <otelc/host.h>

#include "backoff.h"

struct otelc__exph_cfg {
    int64_t                 timeout_ns;
    struct otelc__retry_cfg retry;
    int                     queue_enabled;
    int64_t                 num_consumers;
    int64_t                 queue_size;
    int                     block_on_overflow;
};

/* Reads timeout, retry_on_failure and sending_queue of `cfg` into *c,
 * reporting every problem (not only the first) through ctx.
 * OTELC_OK or OTELC_E_CONFIG. */
int otelc__exph_read_cfg(otelc_ctx *ctx, const otelc_config *cfg,
                         struct otelc__exph_cfg *c);

#endif
