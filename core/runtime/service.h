/* The service model: the validated, resolved form of the config (which
 * components exist, which pipelines connect them). Built once on the main
 * thread before any worker starts. */
#ifndef OTELC__SERVICE_H
#define OTELC__SERVICE_H

#include <stdint.h>

#include "config.h"
#include "diag.h"
#include "registry.h"

struct otelc__comp_cfg {
    int                          kind;  /* section: receivers -> RECEIVER */
    char                        *id;    /* "otlp/in" */
    const otelc_config          *cfg;   /* its config map (may be null) */
    const otelc_config          *where; /* node to blame in errors */
    const struct otelc__compdef *def;
    int                          used;
};

struct otelc__pipe_cfg {
    char                    *id; /* "traces/fast" */
    int                      signal;
    const otelc_config      *where;
    struct otelc__comp_cfg **recv, **proc, **exp;
    size_t                   n_recv, n_proc, n_exp;
};

struct otelc__service {
    struct otelc__comp_cfg **comps;
    size_t                   n_comps;
    struct otelc__pipe_cfg  *pipes;
    size_t                   n_pipes;
    struct otelc__comp_cfg **exts;
    size_t                   n_exts;
    int                      workers;
    int64_t                  shutdown_timeout_ns;
    int64_t                  memory_limit_bytes; /* 0: no limit */
};

/* What must be known before plugins load: service.plugin_dirs and the log
 * level. Strings point into the config tree. */
struct otelc__preread {
    const char **plugin_dirs;
    size_t       n_plugin_dirs;
    int          log_level; /* -1 when not set */
};
void otelc__service_preread(const otelc_config *root, struct otelc__preread *p,
                            otelc__diag *d);
void otelc__preread_free(struct otelc__preread *p);

/* Validates the whole config against the registry, including each used
 * component's own config (through its validate or create callback). All
 * problems go to d; returns 0 when there were none. */
int  otelc__service_build(struct otelc__service *s, const otelc_config *root,
                          const struct otelc__registry *reg, otelc__diag *d);
void otelc__service_free(struct otelc__service *s);

#endif
