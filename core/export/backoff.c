/* Exponential backoff with randomization (see retry.h). */
#include "backoff.h"

#include <math.h>

void
otelc__retry_defaults(struct otelc__retry_cfg *cfg)
{
    cfg->enabled = 1;
    cfg->initial_interval_ns = INT64_C(5000000000);
    cfg->randomization_factor = 0.5;
    cfg->multiplier = 1.5;
    cfg->max_interval_ns = INT64_C(30000000000);
    cfg->max_elapsed_ns = INT64_C(300000000000);
}

void
otelc__backoff_init(struct otelc__backoff         *b,
                    const struct otelc__retry_cfg *cfg, uint64_t now_ns,
                    uint64_t seed)
{
    b->cfg = cfg;
    b->start_ns = now_ns;
    b->interval_ns = cfg->initial_interval_ns;
    /* Mix the seed so neighbouring seeds (consecutive batches) do not
     * produce correlated sequences; xorshift must not start at 0. */
    seed ^= now_ns;
    seed = (seed ^ (seed >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    seed = (seed ^ (seed >> 27)) * UINT64_C(0x94d049bb133111eb);
    seed ^= seed >> 31;
    b->rng = seed ? seed : UINT64_C(0x9e3779b97f4a7c15);
}

static double
next_uniform(struct otelc__backoff *b)
{
    uint64_t x = b->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b->rng = x;
    return (double)(x >> 11) * (1.0 / 9007199254740992.0); /* [0, 1) */
}

int64_t
otelc__backoff_randomize(int64_t interval_ns, double factor, double u)
{
    double d = (double)interval_ns * (1.0 - factor + 2.0 * factor * u);
    if (d <= 0)
        return 0;
    if (d >= 9.2e18)
        return INT64_MAX;
    return (int64_t)d;
}

int64_t
otelc__backoff_next(struct otelc__backoff *b, uint64_t now_ns,
                    int64_t retry_after_ns)
{
    const struct otelc__retry_cfg *cfg = b->cfg;
    int64_t                        delay;
    double                         grown;

    if (!cfg->enabled)
        return -1;
    delay = otelc__backoff_randomize(b->interval_ns, cfg->randomization_factor,
                                     next_uniform(b));
    /* Grow for the next round, saturating at max_interval. */
    grown = (double)b->interval_ns * cfg->multiplier;
    if (cfg->max_interval_ns > 0 && grown >= (double)cfg->max_interval_ns)
        b->interval_ns = cfg->max_interval_ns;
    else if (grown >= 9.2e18)
        b->interval_ns = INT64_MAX;
    else
        b->interval_ns = (int64_t)grown;
    /* The server knows when it will have capacity again: never retry
     * sooner than it asked (otelcol takes the larger of the two). */
    if (retry_after_ns > delay)
        delay = retry_after_ns;
    if (cfg->max_elapsed_ns > 0 &&
        now_ns + (uint64_t)delay > b->start_ns + (uint64_t)cfg->max_elapsed_ns)
        return -1;
    return delay;
}
