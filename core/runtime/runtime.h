/* The running collector: workers, every instance, the work queue, and the
 * acknowledgements workers send the main thread. main() owns one; its
 * parts (instances, workers) are private to core/runtime. */
#ifndef OTELC__RUNTIME_H
#define OTELC__RUNTIME_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include <otelc/host.h>

#include "service.h"

struct otelc__worker;
struct otelc__workq;

struct otelc__runtime {
    struct otelc__service *svc;
    struct otelc__worker  *workers;
    int                    n_workers;
    otelc_ctx            **all;
    size_t                 n_all;
    int                    max_depth;
    struct otelc__workq   *workq;
    atomic_int             shutting_down;

    /* Acknowledgements from workers to the main thread. */
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    int             acks;
    int             failures;
    /* Start failures already logged: every worker's replica of a
     * component usually fails the same way, and one line says it. */
    char **start_errors;
    size_t n_start_errors;
};

#endif
