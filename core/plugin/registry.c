/* Plugin loading. Checks run in a fixed order so each bad plugin gets one
 * specific message: load, entry symbol, descriptor, magic, major version,
 * descriptor size, minimum host minor, metadata, component definitions,
 * duplicates (all but the first two and the last are
 * otelc__descriptor_check, descriptor_check.c). Plugins are opened RTLD_NOW |
 * RTLD_LOCAL and never unloaded: unloading code that may still own timers or
 * threads is not worth the risk for a long-running daemon. */
#include "registry.h"
#include "strfmt.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <otelc/data.h>

#include "descriptor_check.h"
#include "log.h"

typedef const otelc_plugin *(*entry_fn)(void);

const char *
otelc__kind_name(int kind)
{
    switch (kind) {
    case OTELC_KIND_RECEIVER:
        return "receiver";
    case OTELC_KIND_PROCESSOR:
        return "processor";
    case OTELC_KIND_EXPORTER:
        return "exporter";
    case OTELC_KIND_EXTENSION:
        return "extension";
    case OTELC_KIND_CONNECTOR:
        return "connector";
    }
    return "unknown";
}

int
otelc__kind_parse(const char *section)
{
    static const char *const names[] = {NULL,         "receivers",
                                        "processors", "exporters",
                                        "extensions", "connectors"};
    for (int k = 1; k <= 5; k++)
        if (strcmp(section, names[k]) == 0)
            return k;
    return 0;
}

const char *
otelc__stability_name(int stability)
{
    switch (stability) {
    case OTELC_STABILITY_DEVELOPMENT:
        return "development";
    case OTELC_STABILITY_ALPHA:
        return "alpha";
    case OTELC_STABILITY_BETA:
        return "beta";
    case OTELC_STABILITY_STABLE:
        return "stable";
    case OTELC_STABILITY_DEPRECATED:
        return "deprecated";
    case OTELC_STABILITY_UNMAINTAINED:
        return "unmaintained";
    }
    return "undefined";
}

int
otelc__signal_parse(const char *s, size_t len)
{
    static const int sigs[] = {OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS,
                               OTELC_SIGNAL_LOGS};
    for (size_t i = 0; i < 3; i++) {
        const char *n = otelc_signal_name(sigs[i]);
        if (strlen(n) == len && memcmp(n, s, len) == 0)
            return sigs[i];
    }
    return 0;
}

const char *
otelc__signals_str(int mask, char *buf)
{
    buf[0] = '\0';
    for (int s = 1; s <= 4; s <<= 1) {
        if (mask & s) {
            if (buf[0])
                strcat(buf, ",");
            strcat(buf, otelc_signal_name(s));
        }
    }
    if (!buf[0])
        strcpy(buf, "-");
    return buf;
}

static const struct otelc__compdef *
find_exact(const struct otelc__registry *r, int kind, const char *type)
{
    for (size_t i = 0; i < r->n_comps; i++) {
        const struct otelc__compdef *c = r->comps[i];
        if ((int)c->def.kind != kind)
            continue;
        if (strcmp(c->def.type, type) == 0)
            return c;
        for (const char *const *a = c->def.aliases; a && *a; a++)
            if (strcmp(*a, type) == 0)
                return c;
    }
    return NULL;
}

const struct otelc__compdef *
otelc__registry_find(const struct otelc__registry *r, int kind,
                     const char *type, const char **alias_of)
{
    const struct otelc__compdef *c = find_exact(r, kind, type);
    if (alias_of)
        *alias_of = (c && strcmp(c->def.type, type) != 0) ? c->def.type : NULL;
    return c;
}

static void
refuse(struct otelc__plugin_file *f, char *reason)
{
    f->refusal = reason ? reason : strdup("refused (out of memory)");
    otelc__warn("plugin %s refused: %s", f->path, f->refusal);
}

/* Remembers the types a refused plugin declares, so a config that uses
 * one gets the refusal reason instead of "unknown type". */
static void
note_refused_types(struct otelc__registry *r, struct otelc__plugin_file *f,
                   const otelc_plugin *d)
{
    const char *base = (const char *)d->components;
    uint32_t    stride;

    if (base == NULL || d->n_components == 0)
        return;
    stride = ((const otelc_component_def *)(const void *)base)->struct_size;
    if (stride < OTELC_COMPONENT_MIN_SIZE)
        return;
    for (size_t i = 0; i < d->n_components; i++) {
        const otelc_component_def *def =
            (const otelc_component_def *)(const void *)(base + i * stride);
        struct otelc__refused_type *nr;
        if (def->type == NULL)
            continue;
        nr = realloc(r->refused, (r->n_refused + 1) * sizeof(*nr));
        if (nr == NULL)
            return;
        r->refused = nr;
        nr[r->n_refused].kind = (int)def->kind;
        nr[r->n_refused].type = strdup(def->type);
        nr[r->n_refused].file = f;
        r->n_refused++;
    }
}

/* Copies the component definitions (already checked by
 * otelc__descriptor_check) into full-size structs and refuses duplicate
 * types, against the registry and within the plugin. Definitions are laid
 * out with the plugin's own sizeof(otelc_component_def), which the first
 * element's struct_size tells. */
static int
copy_components(struct otelc__registry *r, struct otelc__plugin_file *f,
                struct otelc__compdef **out, size_t *n_out)
{
    const otelc_plugin    *d = f->desc;
    const char            *base = (const char *)d->components;
    uint32_t               stride = d->components[0].struct_size;
    size_t                 n = d->n_components;
    struct otelc__compdef *defs;

    *n_out = 0;
    defs = calloc(n, sizeof(*defs));
    if (defs == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const otelc_component_def *src =
            (const otelc_component_def *)(const void *)(base + i * stride);
        memcpy(&defs[i].def, src,
               stride < sizeof(defs[i].def) ? stride : sizeof(defs[i].def));
        defs[i].file = f;
        defs[i].plugin_name = d->name;
        defs[i].plugin_version = d->version;
    }
    for (size_t i = 0; i < n; i++) {
        const otelc_component_def   *def = &defs[i].def;
        const struct otelc__compdef *prev =
            find_exact(r, (int)def->kind, def->type);
        const char *const *a = def->aliases;
        for (; !prev && a && *a; a++)
            prev = find_exact(r, (int)def->kind, *a);
        for (size_t j = 0; !prev && j < i; j++)
            if (defs[j].def.kind == def->kind &&
                strcmp(defs[j].def.type, def->type) == 0)
                prev = &defs[j];
        if (prev) {
            refuse(f,
                   otelc__strfmt("duplicate %s type \"%s\": already provided "
                                 "by %s; fix: remove one of the two plugin "
                                 "files from the plugin path",
                                 otelc__kind_name((int)def->kind), def->type,
                                 prev->file->path));
            free(defs);
            return -1;
        }
    }
    *out = defs;
    *n_out = n;
    return 0;
}

static void
add_file(struct otelc__registry *r, struct otelc__plugin_file *f)
{
    struct otelc__plugin_file **nf =
        realloc(r->files, (r->n_files + 1) * sizeof(*nf));
    if (nf == NULL)
        return;
    r->files = nf;
    r->files[r->n_files++] = f;
}

/* Returns 0 when accepted, 1 when refused. */
static int
load_file(struct otelc__registry *r, const char *path)
{
    struct otelc__plugin_file *f = calloc(1, sizeof(*f));
    struct otelc__compdef     *defs = NULL;
    size_t                     n = 0;
    entry_fn                   entry;
    const otelc_plugin        *d;
    char                      *why = NULL;
    int                        st;

    if (f == NULL)
        return 1;
    f->path = realpath(path, NULL);
    if (f->path == NULL)
        f->path = strdup(path);
    /* The same file reached twice through the search path (a directory
     * named in two places) is one plugin, not a duplicate. */
    for (size_t i = 0; i < r->n_files; i++) {
        if (strcmp(r->files[i]->path, f->path) == 0) {
            free(f->path);
            free(f);
            return 0;
        }
    }
    add_file(r, f);

    /* 1. load */
    f->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (f->dl == NULL) {
        refuse(f, otelc__strfmt("cannot be loaded: %s", dlerror()));
        return 1;
    }
    /* A hard or symbolic link to a file already loaded: dlopen hands back
     * the same handle. */
    for (size_t i = 0; i + 1 < r->n_files; i++) {
        if (r->files[i]->dl == f->dl) {
            r->n_files--;
            free(f->path);
            free(f);
            return 0;
        }
    }
    /* 2. entry symbol */
    *(void **)(&entry) = dlsym(f->dl, OTELC_PLUGIN_ENTRY_SYMBOL);
    if (entry == NULL) {
        refuse(f, otelc__strfmt("not an otelc plugin: it does not export %s; "
                                "fix: define the entry point with "
                                "OTELC_PLUGIN_DEFINE()",
                                OTELC_PLUGIN_ENTRY_SYMBOL));
        return 1;
    }
    /* 3.-9. the descriptor and its component definitions */
    d = entry();
    st = otelc__descriptor_check(d, OTELC_ABI_MINOR, &why);
    if (OTELC__DESC_READABLE(st))
        f->desc = d;
    if (st != OTELC__DESC_OK) {
        refuse(f, why);
        if (st == OTELC__DESC_HOST_TOO_OLD)
            note_refused_types(r, f, d);
        return 1;
    }
    /* 10. duplicates */
    if (copy_components(r, f, &defs, &n) != 0)
        return 1;
    for (size_t i = 0; i < n; i++) {
        struct otelc__compdef **nc =
            realloc(r->comps, (r->n_comps + 1) * sizeof(*nc));
        struct otelc__compdef *c = malloc(sizeof(*c));
        if (nc == NULL || c == NULL) {
            free(c);
            if (nc)
                r->comps = nc;
            break;
        }
        *c = defs[i];
        r->comps = nc;
        r->comps[r->n_comps++] = c;
    }
    free(defs);
    otelc__debug("plugin %s %s loaded from %s (%u components)", d->name,
                 d->version, f->path, d->n_components);
    return 0;
}

static int
name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
otelc__registry_load(struct otelc__registry *r, const char *path)
{
    struct stat    st;
    DIR           *dir;
    struct dirent *de;
    char         **names = NULL;
    size_t         n = 0;
    int            refused = 0;

    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode))
        return load_file(r, path);
    dir = opendir(path);
    if (dir == NULL)
        return -1;
    while ((de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);
        char **nn;
        if (len < 4 || strcmp(de->d_name + len - 3, ".so") != 0)
            continue;
        nn = realloc(names, (n + 1) * sizeof(*nn));
        if (nn == NULL)
            break;
        names = nn;
        names[n] = otelc__strfmt("%s/%s", path, de->d_name);
        if (names[n])
            n++;
    }
    closedir(dir);
    qsort(names, n, sizeof(*names), name_cmp);
    for (size_t i = 0; i < n; i++) {
        refused += load_file(r, names[i]);
        free(names[i]);
    }
    free(names);
    return refused;
}

/* Remembers a directory of the search path (for "unknown type"
 * messages); a missing one is named as such. */
static void
note_dir(struct otelc__registry *r, const char *dir, int found)
{
    char **v = realloc(r->dirs, (r->n_dirs + 1) * sizeof(*v));
    char  *real = found ? realpath(dir, NULL) : NULL;

    if (v == NULL) {
        free(real);
        return;
    }
    r->dirs = v;
    r->dirs[r->n_dirs] =
        otelc__strfmt("%s%s", real ? real : dir, found ? "" : " (missing)");
    free(real);
    if (r->dirs[r->n_dirs])
        r->n_dirs++;
}

static int
load_noted(struct otelc__registry *r, const char *dir)
{
    int rc = otelc__registry_load(r, dir);
    int saved = errno;

    note_dir(r, dir, rc >= 0);
    errno = saved;
    return rc;
}

static void
load_dir_list(struct otelc__registry *r, const char *list, int explicit)
{
    char *copy = strdup(list), *save = NULL;
    for (char *d = strtok_r(copy, ":", &save); d;
         d = strtok_r(NULL, ":", &save)) {
        if (load_noted(r, d) < 0 && explicit)
            otelc__warn("plugin directory %s: %s", d, strerror(errno));
    }
    free(copy);
}

void
otelc__registry_load_search_path(struct otelc__registry *r,
                                 const char *const *dirs, size_t n_dirs,
                                 const char *const *cfg_dirs, size_t n_cfg_dirs)
{
    char        exe[PATH_MAX];
    ssize_t     len;
    const char *env;

    for (size_t i = 0; i < n_dirs; i++)
        if (load_noted(r, dirs[i]) < 0)
            otelc__warn("plugin directory %s: %s", dirs[i], strerror(errno));
    for (size_t i = 0; i < n_cfg_dirs; i++)
        if (load_noted(r, cfg_dirs[i]) < 0)
            otelc__warn("plugin directory %s (service.plugin_dirs): %s",
                        cfg_dirs[i], strerror(errno));
    env = getenv("OTELC_PLUGIN_PATH");
    if (env && *env)
        load_dir_list(r, env, 1);
    /* $ORIGIN/../lib/otelc/plugins works in the build tree and after
     * install, with no flags. */
    len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (len > 0) {
        char *slash, *dir;
        exe[len] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            dir = otelc__strfmt("%s/%s", exe, OTELC_PLUGIN_RELDIR);
            if (dir) {
                load_noted(r, dir);
                free(dir);
            }
        }
    }
}

void
otelc__registry_free(struct otelc__registry *r)
{
    for (size_t i = 0; i < r->n_files; i++) {
        free(r->files[i]->path);
        free(r->files[i]->refusal);
        free(r->files[i]);
    }
    for (size_t i = 0; i < r->n_comps; i++)
        free(r->comps[i]);
    for (size_t i = 0; i < r->n_refused; i++)
        free(r->refused[i].type);
    for (size_t i = 0; i < r->n_dirs; i++)
        free(r->dirs[i]);
    free(r->files);
    free(r->comps);
    free(r->refused);
    free(r->dirs);
    memset(r, 0, sizeof(*r));
}
