/* Plugin discovery and loading: dlopen, ABI checks, the component registry. */
#ifndef OTELC__LOADER_H
#define OTELC__LOADER_H

#include <stddef.h>

#include <otelc/plugin.h>

struct otelc__plugin_file {
    char               *path;
    void               *dl;      /* never dlclose()d */
    const otelc_plugin *desc;    /* NULL when refused before reading it */
    char               *refusal; /* why it was refused, or NULL */
};

/* One component definition, copied into a full-size zeroed struct so the
 * host never reads past what an older plugin provided. */
struct otelc__compdef {
    otelc_component_def        def;
    struct otelc__plugin_file *file;
    const char                *plugin_name;
    const char                *plugin_version;
};

/* A type a refused plugin would have provided (when it could be read). */
struct otelc__refused_type {
    int                        kind;
    char                      *type;
    struct otelc__plugin_file *file;
};

struct otelc__registry {
    struct otelc__plugin_file **files;
    size_t                      n_files;
    struct otelc__compdef     **comps;
    size_t                      n_comps;
    struct otelc__refused_type *refused;
    size_t                      n_refused;
    char                      **dirs; /* directories searched, in order */
    size_t                      n_dirs;
};

/* Loads every *.so in dir (sorted by name), or the file itself. Refused
 * plugins are recorded with their reason; returns the number of files
 * refused, or -1 if `path` cannot be read at all. */
int otelc__registry_load(struct otelc__registry *r, const char *path);

/* The default search path, in order: dirs (e.g. --plugin-dir), then
 * config dirs, then $OTELC_PLUGIN_PATH, then $ORIGIN/../lib/otelc/plugins.
 * Missing directories are skipped silently except for explicit ones. */
void otelc__registry_load_search_path(struct otelc__registry *r,
                                      const char *const *dirs, size_t n_dirs,
                                      const char *const *cfg_dirs,
                                      size_t             n_cfg_dirs);

/* Looks up a component by kind and type or alias. *alias_of is set to the
 * current type name when `type` is a deprecated alias, else NULL. */
const struct otelc__compdef *
otelc__registry_find(const struct otelc__registry *r, int kind,
                     const char *type, const char **alias_of);

void otelc__registry_free(struct otelc__registry *r);

const char *otelc__kind_name(int kind);             /* "receiver" */
int         otelc__kind_parse(const char *section); /* "receivers" -> kind */
const char *otelc__stability_name(int stability);
/* "traces,metrics" for a mask; buf must hold 32 bytes */
const char *otelc__signals_str(int mask, char *buf);
int         otelc__signal_parse(const char *s, size_t len); /* 0 if unknown */

#endif
