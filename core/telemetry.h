/* Self-telemetry registry: what every component accepted, refused,
 * dropped, sent and failed, under otelcol's metric names. Counters are
 * per component id (summed over the worker replicas) and lock-free to
 * update. */
#ifndef OTELC__TELEMETRY_H
#define OTELC__TELEMETRY_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

enum otelc__tel_what {
    OTELC__TEL_ACCEPTED = 0, /* receivers, processors */
    OTELC__TEL_REFUSED,      /* receivers, processors */
    OTELC__TEL_DROPPED,      /* processors */
    OTELC__TEL_SENT,         /* exporters */
    OTELC__TEL_SEND_FAILED,  /* exporters */
    OTELC__TEL_N
};

struct otelc__tel_metric; /* a plugin's own counter */

struct otelc__tel_comp {
    int              kind;
    char            *id;
    char            *transport; /* receivers: "grpc", "http"; or NULL */
    _Atomic uint64_t counts[OTELC__TEL_N][3]; /* [what][signal] */
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
/* A plugin-defined counter labelled with the component id. */
struct otelc__tel_metric *otelc__tel_counter(struct otelc__tel_comp *c,
                                             const char             *name,
                                             const char             *help);
void otelc__tel_metric_add(struct otelc__tel_metric *m, int64_t delta);

/* Prometheus text exposition format of everything counted. */
void otelc__tel_write(FILE *f);
void otelc__tel_free_all(void);

#endif
