/* The exporter helper: otelcol's `timeout`, `retry_on_failure` and
 * `sending_queue` for every exporter (the host side of otelc/exporter.h).
 *
 * One helper per exporter instance, so one per worker replica. Everything
 * runs on the instance's loop: consume() enqueues, up to num_consumers
 * batches are "active" at a time (an attempt in flight or a retry waiting
 * for its backoff, as an otelcol queue consumer stays busy while it backs
 * off), and every attempt gets its own otelc_export_attempt handle.
 *
 * Decisions, where otelcol has no exact equivalent:
 *  - Replicas share the configured sizes: each gets ceil(queue_size /
 *    workers) batches of queue and ceil(num_consumers / workers) consumers,
 *    so the collector-wide capacity is (about) what the config says.
 *    otelcol_exporter_queue_capacity reports the sum of the replicas'.
 *  - sending_queue.enabled: false still limits the batches being sent or
 *    retried to num_consumers; beyond that consume() refuses with
 *    OTELC_E_RETRYABLE (counted as enqueue_failed), because an event loop
 *    cannot block the caller until a send finishes as otelcol does.
 *  - block_on_overflow: true cannot block the loop either; it behaves as
 *    false (RETRYABLE when full, so the receiver answers 503/UNAVAILABLE)
 *    and a warning says so.
 *  - Timeout: when an attempt is not done within `timeout`, it is treated
 *    as a retryable failure and the batch moves on. The attempt's handle
 *    (and a reference to its batch) stays valid until the plugin calls
 *    otelc_attempt_done() for it; that late call is then ignored.
 *  - Partial success: the rejected items count as send_failed, the rest as
 *    sent; not retried.
 *  - Shutdown: consume() refuses (RETRYABLE, enqueue_failed); the queue and
 *    the retries keep draining. A retry's wait is shortened to a quarter of
 *    the time left before the shutdown deadline (service.shutdown_timeout
 *    from the call to shutdown(), an upper bound of the host's real
 *    deadline; not below 10ms), so a batch gets several more attempts
 *    instead of sleeping through the deadline. Nothing is given up because
 *    of the deadline: whatever is left when the host destroys the exporter
 *    is counted as send_failed and logged ("N spans dropped at shutdown").
 *  - Destroy: a plugin should stop its transport before
 *    otelc_exporter_free(), completing (or not) its in-flight attempts into
 *    the live helper. Handles still outstanding at free stay valid until
 *    their done call, which then only frees them. */
#ifndef OTELC__EXPORTER_HELPER_H
#define OTELC__EXPORTER_HELPER_H

#include <otelc/config.h>
#include <otelc/host.h>

typedef void (*otelc__send_fn)(void *arg, otelc_export_attempt *exp,
                               otelc_batch *batch);

int     otelc__exporter_new(otelc_ctx *ctx, const otelc_config *cfg,
                            otelc__send_fn send, void *arg, otelc_exporter **out);
int     otelc__exporter_consume(otelc_exporter *e, otelc_batch *b);
int     otelc__exporter_shutdown(otelc_exporter *e);
void    otelc__exporter_free(otelc_exporter *e);
void    otelc__attempt_done(otelc_export_attempt *exp, int status,
                            int64_t retry_after_ns, const char *message);
int64_t otelc__attempt_timeout_ns(otelc_export_attempt *exp);
void    otelc__attempt_partial(otelc_export_attempt *exp, uint64_t rejected,
                               const char *message);

/* The keys read_cfg() reads (timeout, retry_on_failure, sending_queue):
 * the OTELC_BLOCK_EXPORTER_HELPER table. */
extern const otelc_option otelc__exporter_helper_options[];

#endif
