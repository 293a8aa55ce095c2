/* Retry backoff of the exporter helper (otelcol's `retry_on_failure`).
 *
 * The delay before retry n is the current interval randomized by
 * +-randomization_factor; the interval starts at initial_interval and is
 * multiplied by `multiplier` after every retry, up to max_interval. A
 * server's Retry-After (or gRPC RetryInfo) can only lengthen a delay, never
 * shorten it, as in otelcol. A batch is given up when the next attempt would
 * start later than max_elapsed_time after its first attempt (0: never).
 *
 * Pure computation over caller-supplied clock readings and random numbers,
 * so it is deterministic under test. */
#ifndef OTELC__RETRY_H
#define OTELC__RETRY_H

#include <stdint.h>

struct otelc__retry_cfg {
    int     enabled;
    int64_t initial_interval_ns;
    double  randomization_factor; /* in [0, 1] */
    double  multiplier;           /* > 0 */
    int64_t max_interval_ns;
    int64_t max_elapsed_ns; /* 0: no limit */
};

/* otelcol's defaults: 5s, 0.5, 1.5, 30s, 300s. */
void otelc__retry_defaults(struct otelc__retry_cfg *cfg);

struct otelc__backoff {
    const struct otelc__retry_cfg *cfg;
    uint64_t                       start_ns; /* first attempt */
    int64_t                        interval_ns;
    uint64_t                       rng; /* xorshift state, never 0 */
};

/* Starts the backoff of one batch whose first attempt began at now_ns.
 * seed varies the randomization between batches (any value). */
void otelc__backoff_init(struct otelc__backoff         *b,
                         const struct otelc__retry_cfg *cfg, uint64_t now_ns,
                         uint64_t seed);

/* The delay before the next attempt after a retryable failure at now_ns,
 * or -1 when the batch must be given up (retries disabled, or the attempt
 * would start past max_elapsed_time). retry_after_ns >= 0 is the server's
 * requested delay; < 0 means none. */
int64_t otelc__backoff_next(struct otelc__backoff *b, uint64_t now_ns,
                            int64_t retry_after_ns);

/* The randomized delay for `interval_ns` given a uniform u in [0, 1):
 * interval * (1 - f + 2 f u). Exposed for tests. */
int64_t otelc__backoff_randomize(int64_t interval_ns, double factor, double u);

#endif
