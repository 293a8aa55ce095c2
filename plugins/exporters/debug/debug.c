/* The `debug` exporter: otelcol's debug exporter. Prints every batch it
 * receives (after otelcol's per-second sampling) at one of three
 * verbosities, to the collector's log or to stdout. This file holds the
 * component: configuration, sampling and output; the formats live in
 * basic.c, normal.c, detailed.c and detailed_metrics.c. */
#include <stdint.h>
#include <stdio.h>

#include <otelc/otelc.h>

#include "format.h"
#include "sbuf.h"

#define DEBUG_VERSION "0.1.0"

/* Largest piece of output handed to the collector's log in one call. */
#define DEBUG_LOG_CHUNK 3072

enum verbosity { VERBOSITY_BASIC, VERBOSITY_NORMAL, VERBOSITY_DETAILED };

struct debug_config {
    int     verbosity;
    int64_t sampling_initial;
    int64_t sampling_thereafter;
    int     use_internal_logger;
};

struct debug_exporter {
    otelc_ctx          *ctx;
    struct debug_config cfg;
    uint64_t            window_start_ns; /* current sampling second */
    uint64_t            window_count;    /* batches seen in it */
    dbg_sbuf            out;             /* reused for every batch */
};

#define DEBUG_OPT(key, type, member, ...)                                      \
    OTELC_OPTION(key, type, struct debug_config, member, __VA_ARGS__)

/* verbosity's values are in enum verbosity's order (the field gets the
 * index); otelcol accepts "Detailed" too, hence OTELC_OPT_NOCASE. */
static const otelc_option debug_options[] = {
    DEBUG_OPT("verbosity", OTELC_OPT_ENUM, verbosity, .def = "basic",
              .flags = OTELC_OPT_NOCASE,
              .values =
                  (const char *const[]){"basic", "normal", "detailed", NULL},
              .help = "how much of each batch to print"),
    DEBUG_OPT("sampling_initial", OTELC_OPT_INT, sampling_initial, .def = "2",
              .min = "0",
              .help = "batches printed each second before "
                      "sampling starts"),
    DEBUG_OPT("sampling_thereafter", OTELC_OPT_INT, sampling_thereafter,
              .def = "1", .min = "0",
              .help = "then every n-th batch of the second (0: none)"),
    DEBUG_OPT("use_internal_logger", OTELC_OPT_BOOL, use_internal_logger,
              .def = "true",
              .help = "print to the collector's log (false: to stdout)"),
    OTELC_OPTIONS_END};

/* otelcol's (zap's) sampler: within each second the first
 * sampling_initial batches are printed, then every sampling_thereafter-th
 * one (none when it is 0). */
static int
debug_sample(struct debug_exporter *d)
{
    uint64_t now = otelc_time_mono_ns(d->ctx);
    uint64_t n;

    if (d->window_count == 0 || now - d->window_start_ns >= OTELC_S(1)) {
        d->window_start_ns = now;
        d->window_count = 0;
    }
    n = ++d->window_count;
    if (n <= (uint64_t)d->cfg.sampling_initial)
        return 1;
    return d->cfg.sampling_thereafter > 0 &&
           (n - (uint64_t)d->cfg.sampling_initial) %
                   (uint64_t)d->cfg.sampling_thereafter ==
               0;
}

static void
debug_write(struct debug_exporter *d)
{
    dbg_sbuf *sb = &d->out;

    if (sb->oom)
        otelc_warn(d->ctx, "out of memory: output truncated");
    if (sb->len == 0)
        return;
    if (d->cfg.use_internal_logger) {
        /* Log entries have a bounded length (the host truncates long
         * ones), so a big dump goes out as several entries, cut at line
         * ends. The logger ends each entry with a newline itself. */
        size_t off = 0;
        while (off < sb->len) {
            size_t n = sb->len - off;
            if (n > DEBUG_LOG_CHUNK) {
                n = DEBUG_LOG_CHUNK;
                while (n > 1 && sb->data[off + n - 1] != '\n')
                    n--;
                if (n == 1) /* one very long line: cut it anyway */
                    n = DEBUG_LOG_CHUNK;
            }
            otelc_log(d->ctx, OTELC_LOG_INFO, "%.*s",
                      (int)(sb->data[off + n - 1] == '\n' ? n - 1 : n),
                      sb->data + off);
            off += n;
        }
        return;
    }
    /* One fwrite per batch: stdio's stream lock keeps the output of
     * concurrent workers from interleaving within a batch. */
    if (fwrite(sb->data, 1, sb->len, stdout) != sb->len || fflush(stdout))
        otelc_warn(d->ctx, "cannot write to stdout");
}

static int
debug_consume(void *state, otelc_batch *batch)
{
    struct debug_exporter *d = state;
    int                    signal = otelc_batch_signal(batch);

    if (debug_sample(d)) {
        dbg_sbuf_reset(&d->out);
        dbg_format_basic(&d->out, batch, signal);
        if (d->cfg.verbosity == VERBOSITY_NORMAL)
            dbg_format_normal(&d->out, batch, signal);
        else if (d->cfg.verbosity == VERBOSITY_DETAILED)
            dbg_format_detailed(&d->out, batch, signal);
        debug_write(d);
    }
    otelc_batch_release(batch);
    return OTELC_OK;
}

static int
debug_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct debug_exporter *d = otelc_calloc(ctx, 1, sizeof(*d));
    int                    rc;

    if (d == NULL)
        return OTELC_E_NOMEM;
    rc = otelc_config_read(ctx, cfg, debug_options, &d->cfg);
    if (rc != OTELC_OK) {
        otelc_free(ctx, d);
        return rc;
    }
    d->ctx = ctx;
    dbg_sbuf_init(&d->out, ctx);
    *state = d;
    return OTELC_OK;
}

static int
debug_start(void *state)
{
    (void)state;
    return OTELC_OK;
}

static int
debug_shutdown(void *state)
{
    struct debug_exporter *d = state;

    if (!d->cfg.use_internal_logger)
        fflush(stdout);
    return OTELC_OK;
}

static void
debug_destroy(void *state)
{
    struct debug_exporter *d = state;

    if (d == NULL)
        return;
    dbg_sbuf_free(&d->out);
    otelc_free(d->ctx, d);
}

static const otelc_component_def debug_components[] = {OTELC_COMPONENT(
        .kind = OTELC_KIND_EXPORTER, .type = "debug",
        .signals = OTELC_SIGNALS_ALL, .stability = OTELC_STABILITY_DEVELOPMENT,
        .description = "Prints telemetry to the log or stdout for debugging",
        .create = debug_create, .start = debug_start, .consume = debug_consume,
        .shutdown = debug_shutdown, .destroy = debug_destroy,
        OTELC_CONFIG_SCHEMA(debug_options, struct debug_config))};

OTELC_PLUGIN("otelc-debug", DEBUG_VERSION, "Apache-2.0", debug_components)
