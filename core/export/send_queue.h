/* The exporter helper's sending queue, behind a small interface so that a
 * persistent (disk) queue can replace the in-memory one without touching
 * the helper.
 *
 * Contract (all calls on the owning instance's loop; no locking):
 *  - push(q, b): append batch b, taking the caller's reference, and return
 *    OTELC_OK; or return OTELC_E_RETRYABLE when full / OTELC_E_SHUTDOWN when
 *    closed, and then the caller still owns b. A persistent queue writes b
 *    before returning OK (that is what makes OK a promise).
 *  - pop(q, &ticket): the oldest batch (the caller gets a reference) or NULL
 *    when empty. *ticket identifies the entry for ack().
 *  - ack(q, ticket): the popped entry reached its final outcome (sent or
 *    given up). The memory queue forgets nothing here; a disk queue deletes
 *    the entry only now, so a crash between pop and ack resends it rather
 *    than losing it.
 *  - size / capacity: in batches (otelcol's "requests" sizer).
 *  - close(q): later pushes fail; pops continue until empty.
 *  - destroy(q): frees the queue. Batches still in it are released; the
 *    helper pops and counts them before calling this, so nothing goes
 *    uncounted. A disk queue keeps its unacked entries on disk. */
#ifndef OTELC__SEND_QUEUE_H
#define OTELC__SEND_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include <otelc/host.h>

struct otelc__send_queue;

struct otelc__send_queue_ops {
    int (*push)(struct otelc__send_queue *q, otelc_batch *b);
    otelc_batch *(*pop)(struct otelc__send_queue *q, uint64_t *ticket);
    void (*ack)(struct otelc__send_queue *q, uint64_t ticket);
    size_t (*size)(const struct otelc__send_queue *q);
    size_t (*capacity)(const struct otelc__send_queue *q);
    void (*close)(struct otelc__send_queue *q);
    void (*destroy)(struct otelc__send_queue *q);
};

/* Every implementation's state begins with this. */
struct otelc__send_queue {
    const struct otelc__send_queue_ops *ops;
};

/* A bounded FIFO in memory holding up to `capacity` batches (>= 1); NULL
 * when out of memory. */
struct otelc__send_queue *otelc__send_queue_memory_new(size_t capacity);

#endif
