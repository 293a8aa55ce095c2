/* Intrusive multi-producer single-consumer queue (Vyukov's algorithm):
 * producers on any thread push with one atomic exchange, the owning
 * worker pops without locks. Used for worker inboxes. */
#ifndef OTELC__MPSC_H
#define OTELC__MPSC_H

#include <stdatomic.h>
#include <stddef.h>

struct otelc__mpsc_node {
    _Atomic(struct otelc__mpsc_node *) next;
};

struct otelc__mpsc {
    _Atomic(struct otelc__mpsc_node *) head; /* producers push here */
    struct otelc__mpsc_node           *tail; /* consumer pops here */
    struct otelc__mpsc_node            stub;
};

static inline void
otelc__mpsc_init(struct otelc__mpsc *q)
{
    atomic_store(&q->stub.next, NULL);
    atomic_store(&q->head, &q->stub);
    q->tail = &q->stub;
}

static inline void
otelc__mpsc_push(struct otelc__mpsc *q, struct otelc__mpsc_node *n)
{
    struct otelc__mpsc_node *prev;
    atomic_store_explicit(&n->next, NULL, memory_order_relaxed);
    prev = atomic_exchange_explicit(&q->head, n, memory_order_acq_rel);
    atomic_store_explicit(&prev->next, n, memory_order_release);
}

/* NULL when empty, or when a producer is between its two steps (the
 * consumer is woken again by that producer's ev_async_send). */
static inline struct otelc__mpsc_node *
otelc__mpsc_pop(struct otelc__mpsc *q)
{
    struct otelc__mpsc_node *tail = q->tail;
    struct otelc__mpsc_node *next =
        atomic_load_explicit(&tail->next, memory_order_acquire);

    if (tail == &q->stub) {
        if (next == NULL)
            return NULL;
        q->tail = next;
        tail = next;
        next = atomic_load_explicit(&next->next, memory_order_acquire);
    }
    if (next != NULL) {
        q->tail = next;
        return tail;
    }
    if (tail != atomic_load_explicit(&q->head, memory_order_acquire))
        return NULL;
    otelc__mpsc_push(q, &q->stub);
    next = atomic_load_explicit(&tail->next, memory_order_acquire);
    if (next != NULL) {
        q->tail = next;
        return tail;
    }
    return NULL;
}

#endif
