/* The exporter helper's backoff: randomization bounds, growth by the
 * multiplier, the max_interval cap, giving up at max_elapsed_time, and the
 * server's Retry-After lengthening (never shortening) a delay. */
#include "backoff.h"
#include "testlib.h"

#define MS INT64_C(1000000)
#define S  INT64_C(1000000000)

static struct otelc__retry_cfg
cfg_of(int64_t initial, double factor, double mult, int64_t max_iv,
       int64_t max_elapsed)
{
    struct otelc__retry_cfg c;
    otelc__retry_defaults(&c);
    c.initial_interval_ns = initial;
    c.randomization_factor = factor;
    c.multiplier = mult;
    c.max_interval_ns = max_iv;
    c.max_elapsed_ns = max_elapsed;
    return c;
}

static void
t_defaults_are_otelcols(void)
{
    struct otelc__retry_cfg c;
    otelc__retry_defaults(&c);
    CHECK_INT(c.enabled, 1);
    CHECK_INT(c.initial_interval_ns, 5 * S);
    CHECK(c.randomization_factor == 0.5);
    CHECK(c.multiplier == 1.5);
    CHECK_INT(c.max_interval_ns, 30 * S);
    CHECK_INT(c.max_elapsed_ns, 300 * S);
}

static void
t_randomize_bounds(void)
{
    CHECK_INT(otelc__backoff_randomize(1000 * MS, 0.5, 0.0), 500 * MS);
    CHECK_INT(otelc__backoff_randomize(1000 * MS, 0.5, 0.5), 1000 * MS);
    CHECK(otelc__backoff_randomize(1000 * MS, 0.5, 0.9999999) < 1500 * MS);
    CHECK(otelc__backoff_randomize(1000 * MS, 0.5, 0.9999999) > 1499 * MS);
    CHECK_INT(otelc__backoff_randomize(1000 * MS, 0.0, 0.7), 1000 * MS);
}

/* Without randomization the sequence is exact: x2 each time, capped. */
static void
t_multiplier_and_max_interval(void)
{
    struct otelc__retry_cfg c = cfg_of(100 * MS, 0, 2.0, 1 * S, 0);
    struct otelc__backoff   b;
    const int64_t           want[] = {100 * MS, 200 * MS, 400 * MS, 800 * MS,
                                      1 * S,    1 * S,    1 * S};

    otelc__backoff_init(&b, &c, 0, 1);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        CHECK_INT(otelc__backoff_next(&b, 0, -1), want[i]);
}

/* With randomization every delay stays within +-factor of the interval it
 * randomizes, and the delays are not all the same. */
static void
t_randomized_sequence_within_bounds(void)
{
    struct otelc__retry_cfg c = cfg_of(100 * MS, 0.5, 1.5, 2 * S, 0);
    double                  iv = 100 * MS;
    int                     differ = 0;
    int64_t                 first = -1;

    for (uint64_t seed = 1; seed <= 20; seed++) {
        struct otelc__backoff b;
        otelc__backoff_init(&b, &c, 0, seed);
        iv = 100 * MS;
        for (int i = 0; i < 15; i++) {
            int64_t d = otelc__backoff_next(&b, 0, -1);
            CHECK(d >= (int64_t)(iv * 0.5) - 1);
            CHECK(d <= (int64_t)(iv * 1.5) + 1);
            if (i == 0) {
                if (first < 0)
                    first = d;
                else if (d != first)
                    differ = 1;
            }
            iv = iv * 1.5 > 2 * S ? 2 * S : iv * 1.5;
        }
    }
    CHECK(differ);
}

static void
t_max_elapsed_stops(void)
{
    struct otelc__retry_cfg c = cfg_of(1 * S, 0, 1.0, 1 * S, 3500 * MS);
    struct otelc__backoff   b;
    uint64_t                start = 1000 * (uint64_t)S;

    otelc__backoff_init(&b, &c, start, 7);
    CHECK_INT(otelc__backoff_next(&b, start, -1), 1 * S);
    CHECK_INT(otelc__backoff_next(&b, start + 1 * S, -1), 1 * S);
    CHECK_INT(otelc__backoff_next(&b, start + 2 * S, -1), 1 * S);
    /* The next attempt would start at 4s, past 3.5s: give up. */
    CHECK_INT(otelc__backoff_next(&b, start + 3 * S, -1), -1);
}

static void
t_max_elapsed_zero_never_stops(void)
{
    struct otelc__retry_cfg c = cfg_of(1 * S, 0, 1.5, 30 * S, 0);
    struct otelc__backoff   b;

    otelc__backoff_init(&b, &c, 0, 7);
    for (int i = 0; i < 100; i++)
        CHECK(otelc__backoff_next(&b, (uint64_t)i * 3600 * S, -1) > 0);
}

static void
t_disabled_never_retries(void)
{
    struct otelc__retry_cfg c = cfg_of(1 * S, 0, 1.5, 30 * S, 0);
    struct otelc__backoff   b;

    c.enabled = 0;
    otelc__backoff_init(&b, &c, 0, 7);
    CHECK_INT(otelc__backoff_next(&b, 0, -1), -1);
}

static void
t_retry_after_lengthens_only(void)
{
    struct otelc__retry_cfg c = cfg_of(100 * MS, 0, 2.0, 1 * S, 60 * S);
    struct otelc__backoff   b;

    otelc__backoff_init(&b, &c, 0, 3);
    /* The server asks for longer than the backoff: its delay wins. */
    CHECK_INT(otelc__backoff_next(&b, 0, 2 * S), 2 * S);
    /* Shorter than the backoff (200ms): the backoff wins. */
    CHECK_INT(otelc__backoff_next(&b, 0, 10 * MS), 200 * MS);
    /* Retry-After 0 is "no extra wait". */
    CHECK_INT(otelc__backoff_next(&b, 0, 0), 400 * MS);
    /* A Retry-After beyond max_elapsed_time gives the batch up. */
    CHECK_INT(otelc__backoff_next(&b, 0, 61 * S), -1);
}

static const struct test_case cases[] = {
    TEST_CASE(t_defaults_are_otelcols),
    TEST_CASE(t_randomize_bounds),
    TEST_CASE(t_multiplier_and_max_interval),
    TEST_CASE(t_randomized_sequence_within_bounds),
    TEST_CASE(t_max_elapsed_stops),
    TEST_CASE(t_max_elapsed_zero_never_stops),
    TEST_CASE(t_disabled_never_retries),
    TEST_CASE(t_retry_after_lengthens_only),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
