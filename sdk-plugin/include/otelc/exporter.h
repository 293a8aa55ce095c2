/* otelc plugin SDK: the exporter helper.
 *
 * Gives an exporter otelcol's `timeout`, `retry_on_failure` and
 * `sending_queue` (read from the exporter's own config map, with otelcol's
 * keys and defaults) and its self-metrics (otelcol_exporter_sent_*,
 * _send_failed_*, _enqueue_failed_*, _queue_size, _queue_capacity). The
 * exporter only implements "send this batch":
 *
 *   create():   otelc_exporter_new(ctx, cfg, my_send, me, &me->helper)
 *   consume():  return otelc_exporter_consume(me->helper, batch);
 *   shutdown(): return otelc_exporter_shutdown(me->helper);
 *   destroy():  otelc_exporter_free(me->helper);
 *
 * my_send(arg, att, batch) starts one send attempt of `batch` (borrowed:
 * the helper keeps ownership, do not release it) and later calls
 * otelc_attempt_done(att, status, retry_after_ns, message) exactly once, on
 * the loop: OTELC_OK, OTELC_E_RETRYABLE (retried with exponential backoff;
 * retry_after_ns >= 0 is the server's Retry-After / RetryInfo) or
 * OTELC_E_PERMANENT (not retried, counted as failed). */
#ifndef OTELC_EXPORTER_H
#define OTELC_EXPORTER_H

#include <otelc/host.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*otelc_send_fn)(void *arg, otelc_export_attempt *att,
                              otelc_batch *batch);

static inline int
otelc_exporter_new(otelc_ctx *ctx, const otelc_config *cfg, otelc_send_fn send,
                   void *arg, otelc_exporter **out)
{
    return OTELC__API(ctx)->exporter_new(ctx, cfg, send, arg, out);
}
/* Takes the batch. OTELC_OK when queued (or sent); OTELC_E_RETRYABLE when
 * the queue is full, so the receiver answers UNAVAILABLE / 503. */
static inline int
otelc_exporter_consume(otelc_exporter *e, otelc_batch *b)
{
    return OTELC__API(e)->exporter_consume(e, b);
}
/* Drains the queue until the collector's shutdown deadline; returns
 * OTELC_PENDING and calls otelc_shutdown_done() itself when finished. */
static inline int
otelc_exporter_shutdown(otelc_exporter *e)
{
    return OTELC__API(e)->exporter_shutdown(e);
}
static inline void
otelc_exporter_free(otelc_exporter *e)
{
    if (e)
        OTELC__API(e)->exporter_free(e);
}
static inline void
otelc_attempt_done(otelc_export_attempt *att, int status,
                   int64_t retry_after_ns, const char *message)
{
    OTELC__API(att)->attempt_done(att, status, retry_after_ns, message);
}
/* The configured `timeout` for this attempt (0: none). */
static inline int64_t
otelc_attempt_timeout_ns(otelc_export_attempt *att)
{
    return OTELC__API(att)->attempt_timeout_ns(att);
}
/* The server accepted the request but rejected `rejected` items (OTLP
 * partial success): logged and counted, not retried. */
static inline void
otelc_attempt_partial(otelc_export_attempt *att, uint64_t rejected,
                      const char *message)
{
    OTELC__API(att)->attempt_partial(att, rejected, message);
}

#ifdef __cplusplus
}
#endif
#endif
