/* Relaxed atomics: the limit is a soft threshold checked before accepting
 * a request, so an exact cross-thread order is not needed. */
#include "memlimit.h"

#include <stdatomic.h>

static _Atomic int64_t mem_used;
static _Atomic int64_t mem_limit;

void
otelc__mem_charge(size_t bytes)
{
    atomic_fetch_add_explicit(&mem_used, (int64_t)bytes, memory_order_relaxed);
}

void
otelc__mem_uncharge(size_t bytes)
{
    atomic_fetch_sub_explicit(&mem_used, (int64_t)bytes, memory_order_relaxed);
}

int64_t
otelc__mem_used(void)
{
    return atomic_load_explicit(&mem_used, memory_order_relaxed);
}

void
otelc__mem_set_limit(int64_t bytes)
{
    atomic_store_explicit(&mem_limit, bytes > 0 ? bytes : 0,
                          memory_order_relaxed);
}

int64_t
otelc__mem_limit(void)
{
    return atomic_load_explicit(&mem_limit, memory_order_relaxed);
}

int
otelc__mem_would_exceed(size_t extra)
{
    int64_t limit = otelc__mem_limit();
    return limit > 0 && otelc__mem_used() + (int64_t)extra > limit;
}
