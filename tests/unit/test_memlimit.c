/* service.memory_limit_mib: once the telemetry held in batches exceeds
 * the limit, receivers' emits are refused with OTELC_E_OVERLOADED (the
 * OTLP receiver turns that into RESOURCE_EXHAUSTED / 429), and accepted
 * data is still delivered. */
#include <stdatomic.h>

#include <otelc/otelc.h>

#include "harness.h"
#include "memlimit.h"
#include "testlib.h"

#define EMITS 12

static int        accepted, overloaded, other;
static atomic_int emits_done; /* the source has made all its emits */
static int        sink_items;

struct inst {
    otelc_ctx   *ctx;
    otelc_batch *held;
    otelc_timer *timer;
};

static int
i_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct inst *i = otelc_calloc(ctx, 1, sizeof(*i));
    (void)cfg;
    i->ctx = ctx;
    *state = i;
    return OTELC_OK;
}

static void
i_destroy(void *state)
{
    struct inst *i = state;
    otelc_batch_release(i->held);
    otelc_free(i->ctx, i);
}

/* About 200 KiB of encoded spans. */
static otelc_batch *
big_batch(otelc_ctx *ctx)
{
    otelc_batch *b = otelc_batch_new(ctx, OTELC_SIGNAL_TRACES), *copy = NULL;
    otelc_node  *ss = otelc_build_scope(otelc_build_resource(b), "t", "1");
    char         name[1024];
    const void  *buf;
    size_t       len;

    memset(name, 'x', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    for (int n = 0; n < 200; n++)
        otelc_build_span(ss, name);
    CHECK_INT(otelc_batch_to_otlp(b, &buf, &len), OTELC_OK);
    CHECK(len > 200 * 1000);
    /* As a receiver would hold it: the bytes it read. */
    CHECK_INT(otelc_batch_from_otlp(ctx, OTELC_SIGNAL_TRACES, buf, len,
                                    OTELC_COPY, &copy),
              OTELC_OK);
    otelc_batch_release(b);
    return copy;
}

static void
src_fire(void *arg)
{
    struct inst *i = arg;
    for (int n = 0; n < EMITS; n++) {
        int rc = otelc_emit(i->ctx, big_batch(i->ctx));
        if (rc == OTELC_OK)
            accepted++;
        else if (rc == OTELC_E_OVERLOADED)
            overloaded++;
        else
            other++;
    }
    atomic_store(&emits_done, 1);
}

static int
src_start(void *state)
{
    struct inst *i = state;
    i->timer = otelc_timer_start(i->ctx, 0, 0, src_fire, i);
    return OTELC_OK;
}

static int
src_shutdown(void *state)
{
    struct inst *i = state;
    otelc_timer_stop(i->timer);
    return OTELC_OK;
}

static int
hold_consume(void *state, otelc_batch *b)
{
    struct inst *i = state;
    if (i->held == NULL)
        i->held = b;
    else
        CHECK_INT(otelc_batch_append(i->held, b), OTELC_OK);
    return OTELC_OK;
}

static int
hold_shutdown(void *state)
{
    struct inst *i = state;
    otelc_batch *b = i->held;
    i->held = NULL;
    return b ? otelc_emit(i->ctx, b) : OTELC_OK;
}

static int
sink_consume(void *state, otelc_batch *b)
{
    (void)state;
    sink_items += (int)otelc_batch_items(b);
    otelc_batch_release(b);
    return OTELC_OK;
}

static const otelc_component_def defs[] = {
    {.struct_size = sizeof(otelc_component_def),
     .kind = OTELC_KIND_RECEIVER,
     .type = "src",
     .signals = OTELC_SIGNALS_ALL,
     .create = i_create,
     .start = src_start,
     .shutdown = src_shutdown,
     .destroy = i_destroy},
    {.struct_size = sizeof(otelc_component_def),
     .kind = OTELC_KIND_PROCESSOR,
     .type = "hold",
     .signals = OTELC_SIGNALS_ALL,
     .create = i_create,
     .consume = hold_consume,
     .shutdown = hold_shutdown,
     .destroy = i_destroy},
    {.struct_size = sizeof(otelc_component_def),
     .kind = OTELC_KIND_EXPORTER,
     .type = "sink",
     .signals = OTELC_SIGNALS_ALL,
     .create = i_create,
     .consume = sink_consume,
     .destroy = i_destroy},
};

static void
t_over_limit_refuses_and_keeps_accepted(void)
{
    struct harness h;

    harness_start(&h, defs, 3,
                  "receivers: {src: }\nprocessors: {hold: }\n"
                  "exporters: {sink: }\n"
                  "service:\n  workers: 1\n  memory_limit_mib: 1\n"
                  "  pipelines:\n    traces:\n      receivers: [src]\n"
                  "      processors: [hold]\n      exporters: [sink]\n");
    CHECK_INT(otelc__mem_limit(), 1024 * 1024);
    WAIT_UNTIL(atomic_load(&emits_done), 20, "the source's emits");
    CHECK_INT(harness_stop(&h), 0);
    /* ~200 KiB each: about five fit under 1 MiB, the rest are refused. */
    CHECK_INT(accepted + overloaded, EMITS);
    CHECK_INT(other, 0);
    CHECK(accepted >= 3 && accepted <= 6);
    CHECK(overloaded >= EMITS - 6);
    CHECK_INT(sink_items, accepted * 200);
    CHECK_INT(otelc__mem_used(), 0);
}

static const struct test_case cases[] = {
    TEST_CASE(t_over_limit_refuses_and_keeps_accepted),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
