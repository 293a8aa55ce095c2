/* The `batch` processor: otelcol's batch processor.
 *
 * Incoming batches are appended to one pending batch per signal with
 * otelc_batch_append(), which concatenates the encoded segments when
 * nothing decoded them, so batching costs no protobuf work. The pending
 * batch is sent when it reaches send_batch_size items (in chunks of at most
 * send_batch_max_size), when `timeout` has passed since its first item, and
 * on shutdown. */
#include <stdint.h>

#include <otelc/otelc.h>

#define BATCH_VERSION "0.1.0"

struct batch_config {
    int64_t send_batch_size;     /* flush trigger, 0 = timeout only */
    int64_t send_batch_max_size; /* 0 = no upper bound on a sent batch */
    int64_t timeout_ns;          /* 0 = send as soon as data arrives */
    int64_t metadata_cardinality_limit;
    otelc_cfg_strings metadata_keys;
};

struct batcher;

struct pending {
    struct batcher *owner; /* for the timer callback */
    int             signal;
    otelc_batch    *batch; /* accumulator we own, or NULL when empty */
    otelc_timer    *timer; /* runs while batch holds data */
};

struct batcher {
    otelc_ctx          *ctx;
    struct batch_config cfg;
    struct pending      pending[OTELC_SIGNAL_COUNT];
    int                 stopped;
};

/* ---- configuration ---- */

#define BATCH_OPT(key, type, member, ...)                                      \
    OTELC_OPTION(key, type, struct batch_config, member, __VA_ARGS__)

static const otelc_option batch_options[] = {
    BATCH_OPT("send_batch_size", OTELC_OPT_INT, send_batch_size, .def = "8192",
              .min = "0",
              .help =
                  "items that trigger a send (0: send on the timeout only)"),
    BATCH_OPT("send_batch_max_size", OTELC_OPT_INT, send_batch_max_size,
              .def = "0", .min = "0",
              .help =
                  "largest batch sent; bigger ones are split (0: no limit)"),
    BATCH_OPT("timeout", OTELC_OPT_DURATION, timeout_ns, .def = "200ms",
              .help = "send a partial batch after this long (0: at once)"),
    BATCH_OPT("metadata_keys", OTELC_OPT_STRING_LIST, metadata_keys,
              .help = "batch per client metadata value (only an empty list "
                      "is supported)"),
    BATCH_OPT("metadata_cardinality_limit", OTELC_OPT_INT,
              metadata_cardinality_limit, .def = "1000", .min = "0",
              .help = "most metadata combinations batched at once"),
    OTELC_OPTIONS_END};

/* The checks across keys, and what is not supported yet. */
static int
batch_check_config(otelc_ctx *ctx, const otelc_config *cfg,
                   const struct batch_config *c)
{
    int rc = OTELC_OK;

    if (c->send_batch_max_size > 0 &&
        c->send_batch_max_size < c->send_batch_size)
        rc = otelc_cfg_error(
            ctx, otelc_cfg_child(cfg, "send_batch_max_size"),
            "send_batch_max_size (%lld) must be greater than or equal to "
            "send_batch_size (%lld)",
            (long long)c->send_batch_max_size, (long long)c->send_batch_size);
    /* Batching per client metadata needs request metadata the host does
     * not pass to processors yet: accept only the default (none). */
    if (c->metadata_keys.n > 0)
        rc = otelc_cfg_error(ctx, otelc_cfg_child(cfg, "metadata_keys"),
                             "metadata_keys is not supported (only an "
                             "empty list is accepted)");
    return rc;
}

/* ---- sending ---- */

/* Passes `out` downstream. emit() takes the batch even when it fails; the
 * items are then lost here, so they are logged and counted as dropped. */
static void
batch_send(struct batcher *b, otelc_batch *out, int signal)
{
    uint64_t items = otelc_batch_items(out);
    int      rc = otelc_emit(b->ctx, out);

    if (rc != OTELC_OK) {
        otelc_warn(b->ctx, "dropping %llu items: downstream refused them: %s",
                   (unsigned long long)items, otelc_status_message(rc));
        otelc_report(b->ctx, OTELC_REPORT_DROPPED, signal, items);
    }
}

/* Sends the first send_batch_max_size items of *whole (all of them when
 * there is no maximum or fewer remain). *whole becomes NULL once it has
 * been sent entirely. */
static void
batch_send_chunk(struct batcher *b, otelc_batch **whole, int signal)
{
    uint64_t     max = (uint64_t)b->cfg.send_batch_max_size;
    otelc_batch *head = NULL;

    if (max > 0 && otelc_batch_items(*whole) > max) {
        int rc = otelc_batch_split(*whole, max, &head);
        if (rc == OTELC_OK) {
            batch_send(b, head, signal);
            return;
        }
        /* Sending it oversized beats losing it. */
        otelc_warn(b->ctx,
                   "cannot split a batch (%s); sending %llu items at "
                   "once",
                   otelc_status_message(rc),
                   (unsigned long long)otelc_batch_items(*whole));
    }
    head = *whole;
    *whole = NULL;
    if (otelc_batch_items(head) > 0)
        batch_send(b, head, signal);
    else
        otelc_batch_release(head);
}

static void
batch_stop_timer(struct pending *p)
{
    otelc_timer_stop(p->timer);
    p->timer = NULL;
}

/* Sends everything pending for one signal. */
static void
batch_flush(struct batcher *b, struct pending *p)
{
    batch_stop_timer(p);
    while (p->batch != NULL)
        batch_send_chunk(b, &p->batch, p->signal);
}

static void
batch_timer_cb(void *arg)
{
    struct pending *p = arg;

    batch_flush(p->owner, p);
}

/* (Re)arms the timeout for what is pending now. */
static void
batch_arm_timer(struct batcher *b, struct pending *p)
{
    batch_stop_timer(p);
    if (p->batch == NULL)
        return;
    p->timer = otelc_timer_start(b->ctx, (uint64_t)b->cfg.timeout_ns, 0,
                                 batch_timer_cb, p);
    if (p->timer == NULL) {
        /* Without a timer the data could wait forever: send it now. */
        otelc_warn(b->ctx, "cannot start the batch timer: %s",
                   otelc_last_error(b->ctx));
        batch_flush(b, p);
    }
}

static int
batch_consume(void *state, otelc_batch *in)
{
    struct batcher *b = state;
    int             sig = otelc_signal_index(otelc_batch_signal(in));
    struct pending *p;
    uint64_t        size = (uint64_t)b->cfg.send_batch_size;
    uint64_t        items;
    int             rc;

    if (sig < 0) {
        otelc_batch_release(in);
        return OTELC_E_PERMANENT;
    }
    p = &b->pending[sig];
    /* No timeout (or past shutdown, when nothing may stay behind unsent):
     * pass data on at once, only cut to send_batch_max_size. */
    if (b->stopped || b->cfg.timeout_ns == 0) {
        while (in != NULL)
            batch_send_chunk(b, &in, p->signal);
        return OTELC_OK;
    }

    if (p->batch == NULL) {
        /* Accumulate into a batch of our own: `in` may be shared with
         * other pipelines, and appending to it would modify it. */
        p->batch = otelc_batch_new(b->ctx, p->signal);
        if (p->batch == NULL) {
            otelc_batch_release(in);
            return OTELC_E_OVERLOADED;
        }
    }
    items = otelc_batch_items(in);
    rc = otelc_batch_append(p->batch, in); /* takes `in` */
    if (rc != OTELC_OK) {
        otelc_warn(b->ctx,
                   "dropping %llu items: cannot append to the batch: %s",
                   (unsigned long long)items, otelc_status_message(rc));
        otelc_report(b->ctx, OTELC_REPORT_DROPPED, p->signal, items);
    }

    /* send_batch_size is a trigger, not a size: like otelcol, send chunks
     * of up to send_batch_max_size while the trigger holds, keep the rest
     * and give it a fresh timeout. */
    if (otelc_batch_items(p->batch) >= size) {
        while (p->batch != NULL && otelc_batch_items(p->batch) >= size)
            batch_send_chunk(b, &p->batch, p->signal);
        batch_arm_timer(b, p);
    } else if (p->timer == NULL) {
        batch_arm_timer(b, p);
    }
    return OTELC_OK;
}

/* ---- lifecycle ---- */

static int
batch_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    static const int signals[OTELC_SIGNAL_COUNT] = {
        OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS, OTELC_SIGNAL_LOGS};
    struct batcher *b = otelc_calloc(ctx, 1, sizeof(*b));
    int             rc;

    if (b == NULL)
        return OTELC_E_NOMEM;
    rc = otelc_config_read(ctx, cfg, batch_options, &b->cfg);
    if (rc == OTELC_OK)
        rc = batch_check_config(ctx, cfg, &b->cfg);
    if (rc != OTELC_OK) {
        otelc_free(ctx, b);
        return rc;
    }
    b->ctx = ctx;
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++) {
        b->pending[i].owner = b;
        b->pending[i].signal = signals[i];
    }
    *state = b;
    return OTELC_OK;
}

static int
batch_start(void *state)
{
    (void)state;
    return OTELC_OK;
}

/* Upstream receivers are already stopped when a processor shuts down:
 * send what is held and pass anything arriving later straight through. */
static int
batch_shutdown(void *state)
{
    struct batcher *b = state;

    b->stopped = 1;
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++)
        batch_flush(b, &b->pending[i]);
    return OTELC_OK;
}

static void
batch_destroy(void *state)
{
    struct batcher *b = state;

    if (b == NULL)
        return;
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++) {
        struct pending *p = &b->pending[i];
        batch_stop_timer(p);
        if (p->batch != NULL) {
            /* Only reachable when shutdown never ran (failed startup). */
            otelc_report(b->ctx, OTELC_REPORT_DROPPED, p->signal,
                         otelc_batch_items(p->batch));
            otelc_batch_release(p->batch);
        }
    }
    otelc_free(b->ctx, b);
}

static const otelc_component_def batch_components[] = {OTELC_COMPONENT(
        .kind = OTELC_KIND_PROCESSOR, .type = "batch",
        .signals = OTELC_SIGNALS_ALL, .stability = OTELC_STABILITY_BETA,
        .description = "Groups data into larger batches by size and time",
        .create = batch_create, .start = batch_start, .consume = batch_consume,
        .shutdown = batch_shutdown, .destroy = batch_destroy,
        OTELC_CONFIG_SCHEMA(batch_options, struct batch_config))};

OTELC_PLUGIN("otelc-batch", BATCH_VERSION, "Apache-2.0", batch_components)
