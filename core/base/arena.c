/* Chunked bump allocator; see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN       (alignof(max_align_t))
#define ARENA_FIRST_CHUNK 4096u
#define ARENA_MAX_CHUNK   (1u << 20)

struct chunk {
    struct chunk *next;
    size_t        size; /* usable bytes after the header */
    size_t        used;
    alignas(max_align_t) unsigned char data[];
};

struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *p;
};

struct otelc_arena {
    atomic_uint        refs;
    struct chunk      *head; /* current chunk first */
    size_t             next_size;
    size_t             used;
    struct deferred   *deferred;
    ProtobufCAllocator pbc;
};

static void *
pbc_alloc(void *data, size_t size)
{
    return otelc__arena_alloc(data, size);
}

static void
pbc_free(void *data, void *p)
{
    /* Everything goes when the arena does. */
    (void)data;
    (void)p;
}

otelc_arena *
otelc__arena_new(void)
{
    otelc_arena *a = calloc(1, sizeof(*a));
    if (a == NULL)
        return NULL;
    atomic_init(&a->refs, 1);
    a->next_size = ARENA_FIRST_CHUNK;
    a->pbc.alloc = pbc_alloc;
    a->pbc.free = pbc_free;
    a->pbc.allocator_data = a;
    return a;
}

void
otelc__arena_retain(otelc_arena *a)
{
    atomic_fetch_add_explicit(&a->refs, 1, memory_order_relaxed);
}

void
otelc__arena_release(otelc_arena *a)
{
    if (a == NULL ||
        atomic_fetch_sub_explicit(&a->refs, 1, memory_order_acq_rel) != 1)
        return;
    /* Deferred destructors first: they may reference arena memory. */
    for (struct deferred *d = a->deferred; d != NULL; d = d->next)
        d->fn(d->p);
    for (struct chunk *c = a->head, *next; c != NULL; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

static struct chunk *
chunk_new(otelc_arena *a, size_t need)
{
    size_t        size = a->next_size;
    struct chunk *c;

    if (need > SIZE_MAX - sizeof(*c) - ARENA_ALIGN)
        return NULL;
    if (size < need)
        size = need;
    c = malloc(sizeof(*c) + size);
    if (c == NULL)
        return NULL;
    c->size = size;
    c->used = 0;
    if (a->next_size < ARENA_MAX_CHUNK)
        a->next_size *= 2;
    return c;
}

void *
otelc__arena_alloc(otelc_arena *a, size_t size)
{
    struct chunk *c = a->head;
    size_t        rounded;
    void         *p;

    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    rounded = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    if (c == NULL || c->size - c->used < rounded) {
        struct chunk *n = chunk_new(a, rounded);
        if (n == NULL)
            return NULL;
        if (c != NULL && rounded > a->next_size / 4 &&
            c->size - c->used > n->size - rounded) {
            /* A big one-off allocation: keep filling the current chunk
             * rather than abandoning its free space. */
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            a->head = n;
        }
        c = n;
    }
    p = c->data + c->used;
    c->used += rounded;
    a->used += rounded;
    return p;
}

void *
otelc__arena_zalloc(otelc_arena *a, size_t size)
{
    void *p = otelc__arena_alloc(a, size);
    if (p != NULL)
        memset(p, 0, size);
    return p;
}

void *
otelc__arena_memdup(otelc_arena *a, const void *src, size_t size)
{
    void *p = otelc__arena_alloc(a, size);
    if (p != NULL && size > 0)
        memcpy(p, src, size);
    return p;
}

char *
otelc__arena_strndup(otelc_arena *a, const char *s, size_t n)
{
    char *p;
    if (n == SIZE_MAX)
        return NULL;
    p = otelc__arena_alloc(a, n + 1);
    if (p == NULL)
        return NULL;
    if (n > 0)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int
otelc__arena_defer(otelc_arena *a, void (*fn)(void *), void *p)
{
    struct deferred *d = otelc__arena_alloc(a, sizeof(*d));
    if (d == NULL) {
        fn(p);
        return -1;
    }
    d->fn = fn;
    d->p = p;
    d->next = a->deferred;
    a->deferred = d;
    return 0;
}

ProtobufCAllocator *
otelc__arena_allocator(otelc_arena *a)
{
    return &a->pbc;
}

size_t
otelc__arena_used(const otelc_arena *a)
{
    return a->used;
}
