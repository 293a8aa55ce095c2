/* The in-memory sending queue: a ring of batch references that grows on
 * demand up to its capacity, so a large queue_size costs memory only when
 * the backend falls behind. */
#include "send_queue.h"

#include <stdlib.h>

#include <otelc/data.h>

struct memq {
    struct otelc__send_queue base; /* first */
    otelc_batch            **ring;
    size_t                   ring_size; /* allocated slots, <= cap */
    size_t                   cap, head, len;
    uint64_t                 next_ticket;
    int                      closed;
};

#define INITIAL_SLOTS 64

/* Doubles the ring (up to cap), unwrapping it so head is 0 again. */
static int
grow(struct memq *q)
{
    size_t        n = q->ring_size * 2 < q->cap ? q->ring_size * 2 : q->cap;
    otelc_batch **r = malloc(n * sizeof(*r));

    if (r == NULL)
        return -1;
    for (size_t i = 0; i < q->len; i++)
        r[i] = q->ring[(q->head + i) % q->ring_size];
    free(q->ring);
    q->ring = r;
    q->ring_size = n;
    q->head = 0;
    return 0;
}

static int
memq_push(struct otelc__send_queue *q_, otelc_batch *b)
{
    struct memq *q = (struct memq *)q_;

    if (q->closed)
        return OTELC_E_SHUTDOWN;
    if (q->len == q->cap)
        return OTELC_E_RETRYABLE;
    if (q->len == q->ring_size && grow(q) != 0)
        return OTELC_E_RETRYABLE; /* out of memory: refuse, like full */
    q->ring[(q->head + q->len) % q->ring_size] = b;
    q->len++;
    return OTELC_OK;
}

static otelc_batch *
memq_pop(struct otelc__send_queue *q_, uint64_t *ticket)
{
    struct memq *q = (struct memq *)q_;
    otelc_batch *b;

    if (q->len == 0)
        return NULL;
    b = q->ring[q->head];
    q->ring[q->head] = NULL;
    q->head = (q->head + 1) % q->ring_size;
    q->len--;
    if (ticket)
        *ticket = q->next_ticket;
    q->next_ticket++;
    return b;
}

static void
memq_ack(struct otelc__send_queue *q, uint64_t ticket)
{
    /* Nothing survives a restart in memory, so there is nothing to delete. */
    (void)q;
    (void)ticket;
}

static size_t
memq_size(const struct otelc__send_queue *q)
{
    return ((const struct memq *)q)->len;
}

static size_t
memq_capacity(const struct otelc__send_queue *q)
{
    return ((const struct memq *)q)->cap;
}

static void
memq_close(struct otelc__send_queue *q)
{
    ((struct memq *)q)->closed = 1;
}

static void
memq_destroy(struct otelc__send_queue *q_)
{
    struct memq *q = (struct memq *)q_;
    otelc_batch *b;

    if (q == NULL)
        return;
    while ((b = memq_pop(q_, NULL)) != NULL)
        otelc_batch_release(b);
    free(q->ring);
    free(q);
}

static const struct otelc__send_queue_ops memq_ops = {
    memq_push,     memq_pop,   memq_ack,     memq_size,
    memq_capacity, memq_close, memq_destroy,
};

struct otelc__send_queue *
otelc__send_queue_memory_new(size_t capacity)
{
    struct memq *q;

    if (capacity == 0)
        return NULL;
    q = calloc(1, sizeof(*q));
    if (q == NULL)
        return NULL;
    q->ring_size = capacity < INITIAL_SLOTS ? capacity : INITIAL_SLOTS;
    q->ring = calloc(q->ring_size, sizeof(*q->ring));
    if (q->ring == NULL) {
        free(q);
        return NULL;
    }
    q->base.ops = &memq_ops;
    q->cap = capacity;
    return &q->base;
}
