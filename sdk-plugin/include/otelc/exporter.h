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

/* The exporter's one job, called by the helper on the loop: start sending
 * `batch` (borrowed: the helper keeps ownership and keeps it alive until the
 * attempt is done; do not release it) and later finish `att` with
 * otelc_attempt_done() exactly once. */
typedef void (*otelc_send_fn)(void *arg, otelc_export_attempt *att,
                              otelc_batch *batch);

/* The exporter helper for this instance, reading timeout, retry_on_failure and
 * sending_queue from the exporter's own config map `cfg`; send(arg, att,
 * batch) is called for every attempt (arg borrowed until
 * otelc_exporter_free()). *out is the caller's until otelc_exporter_free(). No
 * I/O: allowed in create(). OTELC_OK, or OTELC_E_CONFIG / OTELC_E_INVALID /
 * OTELC_E_NOMEM with the reason in otelc_last_error(ctx). Loop. */
static inline int
otelc_exporter_new(otelc_ctx *ctx, const otelc_config *cfg, otelc_send_fn send,
                   void *arg, otelc_exporter **out)
{
    return OTELC__API(ctx)->exporter_new(ctx, cfg, send, arg, out);
}
/* Takes the batch, also when it fails. OTELC_OK when queued (or being sent);
 * OTELC_E_RETRYABLE when the queue is full or the collector shuts down, so the
 * receiver answers UNAVAILABLE / 503. Loop (consume()). */
static inline int
otelc_exporter_consume(otelc_exporter *e, otelc_batch *b)
{
    return OTELC__API(e)->exporter_consume(e, b);
}
/* Stops accepting and drains the queue and retries until the collector's
 * shutdown deadline: returns OTELC_OK when nothing is left, else OTELC_PENDING
 * and calls otelc_shutdown_done() itself when finished. Loop (shutdown()). */
static inline int
otelc_exporter_shutdown(otelc_exporter *e)
{
    return OTELC__API(e)->exporter_shutdown(e);
}
/* Frees e (NULL is a no-op); what is still queued is counted as failed and
 * logged. Attempts still outstanding stay valid until their
 * otelc_attempt_done(), which then only frees them: stop the transport first.
 * Loop (destroy()). */
static inline void
otelc_exporter_free(otelc_exporter *e)
{
    if (e)
        OTELC__API(e)->exporter_free(e);
}
/* Finishes attempt att, exactly once: OTELC_OK, OTELC_E_RETRYABLE (retried
 * with exponential backoff; retry_after_ns >= 0 is the server's Retry-After /
 * RetryInfo, -1 none) or OTELC_E_PERMANENT (not retried, counted as failed);
 * message (copied, may be NULL) is logged. att is invalid afterwards. A done
 * after the attempt's timeout is ignored. Loop. */
static inline void
otelc_attempt_done(otelc_export_attempt *att, int status,
                   int64_t retry_after_ns, const char *message)
{
    OTELC__API(att)->attempt_done(att, status, retry_after_ns, message);
}
/* The configured `timeout` for this attempt in nanoseconds (0: none), to pass
 * to the client call. Loop. */
static inline int64_t
otelc_attempt_timeout_ns(otelc_export_attempt *att)
{
    return OTELC__API(att)->attempt_timeout_ns(att);
}
/* Reports that the server accepted the request but rejected `rejected` items
 * (OTLP partial success; message copied, may be NULL): logged and counted as
 * failed, not retried. Call before otelc_attempt_done(att, OTELC_OK, ...).
 * Loop. */
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
