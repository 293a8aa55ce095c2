/* Runtime structures private to core/runtime: the instance (struct
 * otelc_ctx), workers and their inbox messages. Layers above use ctx.h.
 *
 * Every worker runs a libev loop on its own thread and owns a replica of
 * the pipeline graph; instances (otelc_ctx) live on exactly one worker.
 * Cross-worker traffic (to singletons, work-queue completions, shutdown
 * commands) goes through the worker's MPSC inbox and an ev_async. */
#ifndef OTELC__RUNTIME_INT_H
#define OTELC__RUNTIME_INT_H

#include <ev.h>
#include <pthread.h>
#include <stdatomic.h>

#include <otelc/host.h>

#include "diag.h"
#include "mpsc.h"
#include "runtime.h"
#include "schema.h"
#include "service.h"
#include "telemetry.h"

struct otelc__workq;

enum otelc__inst_state {
    OTELC__CREATED = 0,
    OTELC__STARTED,
    OTELC__STOPPING,
    OTELC__STOPPED
};

struct otelc__edges {
    otelc_ctx **v;
    size_t      n;
};

struct otelc_ctx {
    const otelc_host_api         *api; /* first: the SDK reaches it here */
    struct otelc__runtime        *rt;  /* NULL for a validation context */
    struct otelc__worker         *w;   /* home worker */
    const struct otelc__comp_cfg *cc;
    const otelc_component_def    *def;
    char                         *pipeline; /* processors: their pipeline */
    char                         *label;    /* "batch/x" or "batch/x@traces" */
    void                         *state;
    int                           kind;
    int                           signals; /* signals its pipelines carry */
    int                           singleton;
    int                           depth; /* distance from the receivers */
    int                           inst_state;
    int                           shutdown_pending;
    int                           self_counts; /* sent: exporter_helper.c */
    struct otelc__edges           next[OTELC_SIGNAL_COUNT];
    struct otelc__tel_comp       *tel;
    struct otelc__tel_comp       *tel_transport; /* last emit_transport's */
    char                         *last_error;
    otelc__diag                  *diag;    /* validation: config errors */
    struct otelc__cfg_mem         cfg_mem; /* lists otelc_config_read made */
    int schema_checked; /* validation read the schema section already */
};

struct otelc__worker {
    int                    index;
    struct ev_loop        *loop;
    pthread_t              thread;
    ev_async               wake;
    struct otelc__mpsc     inbox;
    struct otelc__runtime *rt;
    otelc_ctx            **insts; /* instances homed here */
    size_t                 n_insts;
    int                    pending; /* shutdowns still running */
    int                    phase_depth;
    int                    started;
};

/* Worker inbox message. */
enum otelc__msg_type {
    OTELC__MSG_BATCH = 1, /* deliver batch to target (a singleton) */
    OTELC__MSG_CALL,      /* run fn(arg) on this worker */
    OTELC__MSG_SHUTDOWN,  /* shut down instances at `depth` */
    OTELC__MSG_STOP       /* leave the loop */
};

struct otelc__msg {
    struct otelc__mpsc_node node; /* first */
    int                     type;
    otelc_ctx              *target;
    otelc_batch            *batch;
    otelc_cb                fn;
    void                   *arg;
    int                     depth;
};

/* The worker whose loop is running on this thread, or NULL. */
extern _Thread_local struct otelc__worker *otelc__current_worker;

void otelc__worker_post(struct otelc__worker *w, struct otelc__msg *m);
void otelc__runtime_ack(struct otelc__runtime *rt, int failed);

/* ctx.c: why a callback of ctx failed with rc, for a log line: the
 * detail it recorded (otelc_last_error), else the status's text. */
const char *otelc__ctx_reason(otelc_ctx *ctx, int rc);

/* graph.c: hands a batch (and the caller's reference) to an instance. */
int otelc__deliver(otelc_ctx *target, otelc_batch *batch);

#endif
