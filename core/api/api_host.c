/* Members of otelc/host.h that no lower layer owns: memory and the clock.
 * (Everything bound to an instance is the runtime's, core/runtime/ctx.c.) */
#include "api.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void *
otelc__api_mem_alloc(size_t n)
{
    return malloc(n);
}

void *
otelc__api_mem_calloc(size_t n, size_t size)
{
    return calloc(n, size);
}

void *
otelc__api_mem_realloc(void *p, size_t n)
{
    return realloc(p, n);
}

void
otelc__api_mem_free(void *p)
{
    free(p);
}

char *
otelc__api_mem_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static uint64_t
clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

uint64_t
otelc__api_time_unix_ns(void)
{
    return clock_ns(CLOCK_REALTIME);
}

uint64_t
otelc__api_time_mono_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}
