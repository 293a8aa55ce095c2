/* Counters live in a global list guarded by a mutex for registration only;
 * increments are relaxed atomics, so the hot path never locks. */
#include "telemetry.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/plugin.h>

#include "batch.h"
#include "host_table.h"
#include "memlimit.h"

/* A plugin's own counter: the otelc_metric handle, so api comes first. */
struct otelc__tel_metric {
    const otelc_host_api     *api;
    char                     *name;
    char                     *help;
    _Atomic int64_t           value;
    struct otelc__tel_comp   *comp;
    struct otelc__tel_metric *next;
};

static pthread_mutex_t         tel_mu = PTHREAD_MUTEX_INITIALIZER;
static struct otelc__tel_comp *tel_head;

static int
same_transport(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

struct otelc__tel_comp *
otelc__tel_comp_transport(int kind, const char *id, const char *transport)
{
    struct otelc__tel_comp *c;

    pthread_mutex_lock(&tel_mu);
    for (c = tel_head; c; c = c->next)
        if (c->kind == kind && strcmp(c->id, id) == 0 &&
            same_transport(c->transport, transport))
            break;
    if (c == NULL) {
        c = calloc(1, sizeof(*c));
        if (c) {
            c->kind = kind;
            c->id = strdup(id);
            c->transport = transport ? strdup(transport) : NULL;
            /* Keep registration order for stable output. */
            struct otelc__tel_comp **pp = &tel_head;
            while (*pp)
                pp = &(*pp)->next;
            *pp = c;
        }
    }
    pthread_mutex_unlock(&tel_mu);
    return c;
}

struct otelc__tel_comp *
otelc__tel_comp(int kind, const char *id)
{
    return otelc__tel_comp_transport(kind, id, NULL);
}

void
otelc__tel_count(struct otelc__tel_comp *c, int what, int signal,
                 uint64_t items)
{
    int si = otelc_signal_index(signal);

    if (c == NULL || items == 0 || what < 0 || what >= OTELC__TEL_N || si < 0)
        return;
    atomic_fetch_add_explicit(&c->counts[what][si], items,
                              memory_order_relaxed);
}

uint64_t
otelc__tel_get(const struct otelc__tel_comp *c, int what, int signal)
{
    int si = otelc_signal_index(signal);

    return si < 0 ? 0
                  : atomic_load_explicit(&c->counts[what][si],
                                         memory_order_relaxed);
}

void
otelc__tel_gauge_add(struct otelc__tel_comp *c, int gauge, int64_t delta)
{
    if (c == NULL || gauge < 0 || gauge >= OTELC__TEL_GAUGE_N)
        return;
    atomic_store_explicit(&c->has_gauges, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c->gauges[gauge], delta, memory_order_relaxed);
}

int64_t
otelc__tel_gauge_get(const struct otelc__tel_comp *c, int gauge)
{
    return atomic_load_explicit(&c->gauges[gauge], memory_order_relaxed);
}

struct otelc__tel_metric *
otelc__tel_counter(struct otelc__tel_comp *c, const char *name,
                   const char *help)
{
    struct otelc__tel_metric *m;

    if (c == NULL || name == NULL)
        return NULL;
    pthread_mutex_lock(&tel_mu);
    for (m = c->own; m; m = m->next)
        if (strcmp(m->name, name) == 0)
            break;
    if (m == NULL && (m = calloc(1, sizeof(*m))) != NULL) {
        m->api = otelc__host();
        m->name = strdup(name);
        m->help = strdup(help ? help : "");
        m->comp = c;
        m->next = c->own;
        c->own = m;
    }
    pthread_mutex_unlock(&tel_mu);
    return m;
}

void
otelc__tel_metric_add(struct otelc__tel_metric *m, int64_t delta)
{
    if (m)
        atomic_fetch_add_explicit(&m->value, delta, memory_order_relaxed);
}

/* otelcol's names: <kind>_<what>_<item noun>. */
static const char *const item_nouns[OTELC_SIGNAL_COUNT] = {
    "spans", "metric_points", "log_records"};

static const char *
what_name(int kind, int what)
{
    switch (what) {
    case OTELC__TEL_ACCEPTED:
        return "accepted";
    case OTELC__TEL_REFUSED:
        return "refused";
    case OTELC__TEL_DROPPED:
        return "dropped";
    case OTELC__TEL_SENT:
        return "sent";
    case OTELC__TEL_SEND_FAILED:
        return "send_failed";
    case OTELC__TEL_ENQUEUE_FAILED:
        return "enqueue_failed";
    }
    (void)kind;
    return "unknown";
}

static const char *
kind_prefix(int kind)
{
    switch (kind) {
    case OTELC_KIND_RECEIVER:
        return "receiver";
    case OTELC_KIND_PROCESSOR:
        return "processor";
    case OTELC_KIND_EXPORTER:
        return "exporter";
    case OTELC_KIND_CONNECTOR:
        return "connector";
    }
    return "extension";
}

/* Which counters apply to which kind. */
static int
applies(int kind, int what)
{
    switch (kind) {
    case OTELC_KIND_RECEIVER:
        return what == OTELC__TEL_ACCEPTED || what == OTELC__TEL_REFUSED;
    case OTELC_KIND_PROCESSOR:
        return what <= OTELC__TEL_DROPPED;
    case OTELC_KIND_EXPORTER:
        return what == OTELC__TEL_SENT || what == OTELC__TEL_SEND_FAILED ||
               what == OTELC__TEL_ENQUEUE_FAILED;
    }
    return 0;
}

/* Only components that use a gauge (exporters with a sending queue) show
 * it, as otelcol does. Called with tel_mu held. */
static void
write_gauges(FILE *f)
{
    static const char *const names[OTELC__TEL_GAUGE_N] = {
        "otelcol_exporter_queue_size", "otelcol_exporter_queue_capacity"};
    static const char *const helps[OTELC__TEL_GAUGE_N] = {
        "Current size of the retry queue (in batches)",
        "Fixed capacity of the retry queue (in batches)"};

    for (int g = 0; g < OTELC__TEL_GAUGE_N; g++) {
        int header = 0;
        for (struct otelc__tel_comp *c = tel_head; c; c = c->next) {
            if (!atomic_load(&c->has_gauges))
                continue;
            if (!header) {
                fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", names[g],
                        helps[g], names[g]);
                header = 1;
            }
            fprintf(f, "%s{%s=\"%s\"} %lld\n", names[g], kind_prefix(c->kind),
                    c->id, (long long)atomic_load(&c->gauges[g]));
        }
    }
}

void
otelc__tel_write(FILE *f)
{
    uint64_t decodes, encodes, concats;

    pthread_mutex_lock(&tel_mu);
    for (int kind = OTELC_KIND_RECEIVER; kind <= OTELC_KIND_EXPORTER; kind++) {
        for (int what = 0; what < OTELC__TEL_N; what++) {
            if (!applies(kind, what))
                continue;
            for (int s = 0; s < OTELC_SIGNAL_COUNT; s++) {
                int header = 0;
                for (struct otelc__tel_comp *c = tel_head; c; c = c->next) {
                    if (c->kind != kind)
                        continue;
                    if (!header) {
                        fprintf(f, "# TYPE otelcol_%s_%s_%s counter\n",
                                kind_prefix(kind), what_name(kind, what),
                                item_nouns[s]);
                        header = 1;
                    }
                    /* A receiver's per-transport counters carry
                     * otelcol's transport label. */
                    fprintf(
                        f, "otelcol_%s_%s_%s{%s=\"%s\"%s%s%s} %llu\n",
                        kind_prefix(kind), what_name(kind, what), item_nouns[s],
                        kind_prefix(kind), c->id,
                        c->transport ? ",transport=\"" : "",
                        c->transport ? c->transport : "",
                        c->transport ? "\"" : "",
                        (unsigned long long)atomic_load(&c->counts[what][s]));
                }
            }
        }
    }
    write_gauges(f);
    for (struct otelc__tel_comp *c = tel_head; c; c = c->next) {
        for (struct otelc__tel_metric *m = c->own; m; m = m->next) {
            fprintf(f, "# HELP %s %s\n# TYPE %s counter\n", m->name, m->help,
                    m->name);
            fprintf(f, "%s{%s=\"%s\"} %lld\n", m->name, kind_prefix(c->kind),
                    c->id, (long long)atomic_load(&m->value));
        }
    }
    pthread_mutex_unlock(&tel_mu);
    /* How often the data layer had to decode or re-encode: zero on a pure
     * pass-through pipeline. */
    otelc__data_stats(&decodes, &encodes, &concats);
    fprintf(f,
            "# HELP otelc_memory_used_bytes telemetry bytes held in batches\n"
            "# TYPE otelc_memory_used_bytes gauge\n"
            "otelc_memory_used_bytes %lld\n",
            (long long)otelc__mem_used());
    fprintf(f,
            "# TYPE otelc_batch_decodes_total counter\n"
            "otelc_batch_decodes_total %llu\n"
            "# TYPE otelc_batch_encodes_total counter\n"
            "otelc_batch_encodes_total %llu\n"
            "# TYPE otelc_batch_concats_total counter\n"
            "otelc_batch_concats_total %llu\n",
            (unsigned long long)decodes, (unsigned long long)encodes,
            (unsigned long long)concats);
}

void
otelc__tel_free_all(void)
{
    pthread_mutex_lock(&tel_mu);
    while (tel_head) {
        struct otelc__tel_comp *c = tel_head;
        tel_head = c->next;
        while (c->own) {
            struct otelc__tel_metric *m = c->own;
            c->own = m->next;
            free(m->name);
            free(m->help);
            free(m);
        }
        free(c->id);
        free(c->transport);
        free(c);
    }
    pthread_mutex_unlock(&tel_mu);
}
