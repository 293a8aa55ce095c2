/* In-process collector for unit tests: a registry of component
 * definitions compiled into the test (no plugin files), a config given as
 * YAML text, and the real service validation, graph, workers and shutdown.
 *
 *   struct harness h;
 *   harness_start(&h, defs, n_defs, yaml);   // CHECKs that start-up worked
 *   ...                                      // let it run
 *   harness_stop(&h);                        // phased shutdown, frees all */
#ifndef OTELC_TEST_HARNESS_H
#define OTELC_TEST_HARNESS_H

#include <otelc/otelc.h>

#include "config.h"
#include "diag.h"
#include "graph.h"
#include "registry.h"
#include "service.h"
#include "telemetry.h"
#include "worker.h"

#define HARNESS_MAX_DEFS 16

/* A defs[] entry: an exporter of type "nop" that drops every batch, for
 * tests whose pipelines only need to end somewhere. */
#define HARNESS_NOP_EXPORTER                                                   \
    {                                                                          \
        .struct_size = sizeof(otelc_component_def),                            \
        .kind = OTELC_KIND_EXPORTER, .type = "nop",                            \
        .signals = OTELC_SIGNALS_ALL, .stability = OTELC_STABILITY_BETA,       \
        .create = harness_nop_create, .consume = harness_nop_consume,          \
        .destroy = harness_nop_destroy                                         \
    }
int  harness_nop_create(otelc_ctx *ctx, const otelc_config *cfg, void **state);
int  harness_nop_consume(void *state, otelc_batch *b);
void harness_nop_destroy(void *state);

struct harness {
    struct otelc__compdef  cd[HARNESS_MAX_DEFS];
    struct otelc__compdef *ptrs[HARNESS_MAX_DEFS];
    struct otelc__registry reg;
    struct otelc__service  svc;
    struct otelc__runtime  rt;
    otelc__diag            diag;
    otelc_config          *root;
};

/* Registry of the given definitions, as if loaded from one plugin. */
void harness_registry(struct harness *h, const otelc_component_def *defs,
                      size_t n);
/* Loads yaml and validates it against the registry; returns the number of
 * errors (their text is in h->diag). */
size_t harness_validate(struct harness *h, const char *yaml);
/* harness_registry + harness_validate (must succeed) + graph + start. */
void harness_start(struct harness *h, const otelc_component_def *defs, size_t n,
                   const char *yaml);
/* Shutdown (returns otelc__runtime_stop's result) and free. */
int harness_stop(struct harness *h);
/* Frees what harness_validate built (when not started). */
void harness_free(struct harness *h);

#endif
