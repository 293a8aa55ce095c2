/* Per-batch bump allocator.
 *
 * A decoded batch is thousands of tiny protobuf-c allocations that all die
 * together, so they come from a chain of chunks freed in one go. The arena
 * is reference counted because trees built in it can end up spread over
 * several batches (split, append); each batch holds a reference on every
 * arena its tree points into. Allocation is not thread-safe: callers
 * serialize (a batch allocates only under its lock or when it holds the
 * sole reference). */
#ifndef OTELC__ARENA_H
#define OTELC__ARENA_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

typedef struct otelc_arena otelc_arena;

otelc_arena *otelc__arena_new(void);
void         otelc__arena_retain(otelc_arena *a);
void         otelc__arena_release(otelc_arena *a);

/* Memory aligned for any type, or NULL when out of memory. */
void *otelc__arena_alloc(otelc_arena *a, size_t size);
void *otelc__arena_zalloc(otelc_arena *a, size_t size);
void *otelc__arena_memdup(otelc_arena *a, const void *p, size_t size);
/* Copy of n bytes of s plus a terminating NUL. */
char *otelc__arena_strndup(otelc_arena *a, const char *s, size_t n);

/* Calls fn(p) when the arena dies (user buffers a tree points at).
 * On allocation failure calls fn(p) at once and returns -1. */
int otelc__arena_defer(otelc_arena *a, void (*fn)(void *), void *p);

/* A protobuf-c allocator drawing from the arena; free() is a no-op. Valid
 * while the arena lives. */
ProtobufCAllocator *otelc__arena_allocator(otelc_arena *a);

/* Bytes handed out so far (for accounting). */
size_t otelc__arena_used(const otelc_arena *a);

#endif
