/* Host work queue: a small thread pool for blocking calls (libpq connect,
 * DNS, fsync). work() runs on a pool thread; done() runs afterwards on the
 * submitting instance's worker loop. */
#ifndef OTELC__WORKQ_H
#define OTELC__WORKQ_H

#include <otelc/host.h>

struct otelc__workq;
struct otelc__worker;

struct otelc__workq *otelc__workq_new(int threads);
int otelc__workq_submit(struct otelc__workq *q, struct otelc__worker *home,
                        otelc_cb work, otelc_cb done, void *arg);
/* Finishes queued jobs, then joins the threads. */
void otelc__workq_free(struct otelc__workq *q);

#endif
