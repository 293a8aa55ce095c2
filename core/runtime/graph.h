/* Builds each worker's replica of the pipeline graph from the service
 * model: instances (otelc_ctx), their edges per signal, and their depth
 * (distance from the receivers, which orders start-up and shutdown). */
#ifndef OTELC__GRAPH_H
#define OTELC__GRAPH_H

#include "runtime.h"

/* Creates loops, instances (calling create()) and edges. On failure the
 * reason is logged and everything created so far is freed. */
int otelc__graph_build(struct otelc__runtime *rt, struct otelc__service *svc,
                       int n_workers);
/* Calls destroy() on every instance and frees the graph and loops. */
void otelc__graph_free(struct otelc__runtime *rt);

/* A context for validating one component's config (no loop, no rt). */
otelc_ctx *otelc__ctx_new_validation(const struct otelc__comp_cfg *cc,
                                     int signals, otelc__diag *d);
void       otelc__ctx_free(otelc_ctx *ctx);

/* The emit and emit_transport members: hand `batch` (and the caller's
 * reference, even on failure) to the instance's next components. */
int otelc__emit(otelc_ctx *from, otelc_batch *batch);
int otelc__emit_transport(otelc_ctx *from, otelc_batch *batch,
                          const char *transport);

#endif
