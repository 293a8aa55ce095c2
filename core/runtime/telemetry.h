/* Self-telemetry registry: what every component accepted, refused,
 * dropped, sent and failed, under otelcol's metric names. Counters are
 * per component id (summed over the worker replicas) and lock-free to
 * update. */
#ifndef OTELC__TELEMETRY_H
#define OTELC__TELEMETRY_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include <otelc/plugin.h>

enum otelc__tel_what {
    OTELC__TEL_ACCEPTED = 0,   /* receivers, processors */
    OTELC__TEL_REFUSED,        /* receivers, processors */
    OTELC__TEL_DROPPED,        /* processors */
    OTELC__TEL_SENT,           /* exporters */
    OTELC__TEL_SEND_FAILED,    /* exporters */
    OTELC__TEL_ENQUEUE_FAILED, /* exporters: sending queue full or closed */
    OTELC__TEL_N
};

/* Gauges: current values, summed over the worker replicas (each replica
 * adds its own contribution and takes it back when it goes away). */
enum otelc__tel_gauge {
    OTELC__TEL_QUEUE_SIZE = 0, /* exporters: batches in the sending queue */
    OTELC__TEL_QUEUE_CAPACITY, /* exporters: batches the queue can hold */
    OTELC__TEL_GAUGE_N
};

struct otelc__tel_metric; /* a plugin's own counter */

struct otelc__tel_comp {
    int   kind;
    char *id;
    char *transport; /* receivers: "grpc", "http"; or NULL */
    _Atomic uint64_t
        counts[OTELC__TEL_N][OTELC_SIGNAL_COUNT]; /* [what][signal] */
    _Atomic int64_t           gauges[OTELC__TEL_GAUGE_N];
    atomic_int                has_gauges; /* exposed once something set one */
    struct otelc__tel_metric *own;
    struct otelc__tel_comp   *next;
};

struct otelc__tel_comp *otelc__tel_comp(int kind, const char *id);
/* The counters of a receiver for one transport (label transport="..."). */
struct otelc__tel_comp *otelc__tel_comp_transport(int kind, const char *id,
                                                  const char *transport);
void     otelc__tel_count(struct otelc__tel_comp *c, int what, int signal,
                          uint64_t items);
uint64_t otelc__tel_get(const struct otelc__tel_comp *c, int what, int signal);
void otelc__tel_gauge_add(struct otelc__tel_comp *c, int gauge, int64_t delta);
int64_t otelc__tel_gauge_get(const struct otelc__tel_comp *c, int gauge);
/* A plugin-defined counter labelled with the component id. */
struct otelc__tel_metric *otelc__tel_counter(struct otelc__tel_comp *c,
                                             const char             *name,
                                             const char             *help);
void otelc__tel_metric_add(struct otelc__tel_metric *m, int64_t delta);

/* Prometheus text exposition format of everything counted. */
void otelc__tel_write(FILE *f);
void otelc__tel_free_all(void);

#endif
