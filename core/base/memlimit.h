/* Global accounting of the telemetry bytes the collector holds (batch
 * segments, wherever they are queued), against service.memory_limit_mib.
 * Over the limit, receivers refuse new data with OTELC_E_OVERLOADED (gRPC
 * RESOURCE_EXHAUSTED / HTTP 429) instead of allocating it. */
#ifndef OTELC__MEMLIMIT_H
#define OTELC__MEMLIMIT_H

#include <stddef.h>
#include <stdint.h>

void    otelc__mem_charge(size_t bytes);
void    otelc__mem_uncharge(size_t bytes);
int64_t otelc__mem_used(void);
/* 0 disables the limit. */
void    otelc__mem_set_limit(int64_t bytes);
int64_t otelc__mem_limit(void);
/* True when holding `extra` more bytes would exceed the limit. */
int otelc__mem_would_exceed(size_t extra);

#endif
