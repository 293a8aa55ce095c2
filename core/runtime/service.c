/* Config -> service model. Every problem is reported (with its YAML path
 * and line) before giving up, so a user fixes a config in one round. */
#include "service.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/data.h>

#include "graph.h"
#include "log.h"
#include "runtime_int.h"
#include "schema.h"

#define DEFAULT_SHUTDOWN_TIMEOUT_NS (INT64_C(15) * 1000000000)

static const char *const section_names[] = {
    NULL, "receivers", "processors", "exporters", "extensions", "connectors"};

static void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL)
        abort();
    return p;
}

static void
seq_strings(const otelc_config *seq, const char ***out, size_t *n,
            otelc__diag *d)
{
    *out = NULL;
    *n = 0;
    if (seq == NULL || seq->kind == OTELC_CFG_NULL)
        return;
    if (seq->kind != OTELC_CFG_SEQ) {
        otelc__diag_error(d, seq, "expected a list");
        return;
    }
    *out = xcalloc(seq->n, sizeof(**out));
    for (size_t i = 0; i < seq->n; i++) {
        const otelc_config *it = seq->items[i];
        if (it->kind != OTELC_CFG_SCALAR) {
            otelc__diag_error(d, it, "expected a string");
            continue;
        }
        (*out)[(*n)++] = it->scalar;
    }
}

void
otelc__service_preread(const otelc_config *root, struct otelc__preread *p,
                       otelc__diag *d)
{
    const otelc_config *svc = otelc__cfg_get(root, "service");
    const otelc_config *tel = otelc__cfg_get(svc, "telemetry");
    const otelc_config *logs = otelc__cfg_get(tel, "logs");
    const char         *level = NULL;

    memset(p, 0, sizeof(*p));
    p->log_level = -1;
    seq_strings(otelc__cfg_get(svc, "plugin_dirs"), &p->plugin_dirs,
                &p->n_plugin_dirs, d);
    if (otelc__cfg_get_str(logs, "level", NULL, &level, d) == OTELC_OK &&
        level) {
        p->log_level = otelc__log_parse_level(level);
        if (p->log_level < 0)
            otelc__diag_error(d, otelc__cfg_get(logs, "level"),
                              "unknown log level \"%s\" (use debug, info, "
                              "warn or error)",
                              level);
    }
}

void
otelc__preread_free(struct otelc__preread *p)
{
    free(p->plugin_dirs);
    memset(p, 0, sizeof(*p));
}

static struct otelc__comp_cfg *
find_comp(struct otelc__service *s, int kind, const char *id)
{
    for (size_t i = 0; i < s->n_comps; i++)
        if (s->comps[i]->kind == kind && strcmp(s->comps[i]->id, id) == 0)
            return s->comps[i];
    return NULL;
}

/* A bounded text builder for the unknown-type message. */
struct text {
    char   buf[2048];
    size_t len;
};

static void text_add(struct text *t, const char *fmt, ...) OTELC_PRINTF(2, 3);

static void
text_add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int     n;

    if (t->len >= sizeof(t->buf) - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n;
    if (t->len >= sizeof(t->buf))
        t->len = sizeof(t->buf) - 1;
}

static void
unknown_type(const struct otelc__registry *reg, int kind, const char *type,
             const otelc_config *at, otelc__diag *d)
{
    const char **types = xcalloc(reg->n_comps, sizeof(*types));
    size_t       n_types = 0;
    const char  *near;
    struct text  t = {.len = 0};

    for (size_t i = 0; i < reg->n_refused; i++) {
        if (reg->refused[i].kind == kind &&
            strcmp(reg->refused[i].type, type) == 0) {
            otelc__diag_error(d, at,
                              "%s type \"%s\" is provided by plugin %s, "
                              "which was refused: %s",
                              otelc__kind_name(kind), type,
                              reg->refused[i].file->path,
                              reg->refused[i].file->refusal);
            free(types);
            return;
        }
    }
    /* What would have worked, where it was looked for, and how to see
     * more: a new plugin author's first typo should not need the source. */
    for (size_t i = 0; i < reg->n_comps; i++)
        if ((int)reg->comps[i]->def.kind == kind)
            types[n_types++] = reg->comps[i]->def.type;
    near = otelc__closest(type, types, n_types);
    text_add(&t, "unknown %s type \"%s\"", otelc__kind_name(kind), type);
    if (near)
        text_add(&t, " (did you mean `%s`?)", near);
    if (n_types == 0)
        text_add(&t, "; no %s types are available", otelc__kind_name(kind));
    for (size_t i = 0; i < n_types; i++) {
        if (i == 0)
            text_add(&t, "; available %s types: ", otelc__kind_name(kind));
        text_add(&t, "%s%s", i ? ", " : "", types[i]);
    }
    if (reg->n_dirs == 0)
        text_add(&t, "; no plugin directory was found");
    for (size_t i = 0; i < reg->n_dirs; i++)
        text_add(&t, "%s%s",
                 i ? ", " : "; plugin directories searched: ", reg->dirs[i]);
    text_add(&t, "; `otelc components` lists every component");
    otelc__diag_error(d, at, "%s", t.buf);
    free(types);
    /* A plugin refused before its descriptor could be read might have
     * provided the type: name those, with their reasons. */
    for (size_t i = 0; i < reg->n_files; i++) {
        const struct otelc__plugin_file *f = reg->files[i];
        int                              listed = 0;
        if (f->refusal == NULL)
            continue;
        for (size_t j = 0; j < reg->n_refused; j++)
            if (reg->refused[j].file == f)
                listed = 1;
        if (listed)
            continue;
        otelc__diag_error(d, at,
                          "note: plugin %s was refused and may "
                          "provide it: %s",
                          f->path, f->refusal);
    }
}

static void
read_components(struct otelc__service *s, const otelc_config *root,
                const struct otelc__registry *reg, otelc__diag *d)
{
    for (int kind = OTELC_KIND_RECEIVER; kind <= OTELC_KIND_CONNECTOR; kind++) {
        const otelc_config *sec = otelc__cfg_get(root, section_names[kind]);
        if (sec == NULL || sec->kind == OTELC_CFG_NULL)
            continue;
        if (sec->kind != OTELC_CFG_MAP) {
            otelc__diag_error(d, sec, "expected a map of %s",
                              section_names[kind]);
            continue;
        }
        for (size_t i = 0; i < sec->n; i++) {
            const otelc_config *node = sec->items[i];
            const char         *id = node->key;
            const char         *slash = strchr(id, '/');
            size_t      tlen = slash ? (size_t)(slash - id) : strlen(id);
            char       *type = strndup(id, tlen);
            const char *alias_of = NULL;
            struct otelc__comp_cfg *cc;

            otelc__cfg_get(sec, id); /* the id itself is known */
            if (tlen == 0 || (slash && slash[1] == '\0')) {
                otelc__diag_error(d, node,
                                  "invalid component id \"%s\": expected "
                                  "type[/name]",
                                  id);
                otelc__cfg_mark_used(node);
                free(type);
                continue;
            }
            if (node->kind != OTELC_CFG_MAP && node->kind != OTELC_CFG_NULL) {
                otelc__diag_error(d, node, "expected a map of settings");
                otelc__cfg_mark_used(node);
                free(type);
                continue;
            }
            cc = xcalloc(1, sizeof(*cc));
            cc->kind = kind;
            cc->id = strdup(id);
            cc->cfg = node;
            cc->where = node;
            cc->def = otelc__registry_find(reg, kind, type, &alias_of);
            if (cc->def == NULL) {
                unknown_type(reg, kind, type, node, d);
                otelc__cfg_mark_used(node);
            } else if (alias_of) {
                otelc__diag_warn(d, node,
                                 "%s type \"%s\" is deprecated, use \"%s\"",
                                 otelc__kind_name(kind), type, alias_of);
            }
            free(type);
            s->comps = realloc(s->comps, (s->n_comps + 1) * sizeof(*s->comps));
            if (s->comps == NULL)
                abort();
            s->comps[s->n_comps++] = cc;
        }
    }
}

/* One list of a pipeline: receivers, processors or exporters. */
static void
read_pipe_list(struct otelc__service *s, struct otelc__pipe_cfg *p,
               const otelc_config *pnode, const char *key, int required,
               struct otelc__comp_cfg ***out, size_t *n, otelc__diag *d)
{
    const otelc_config *seq = otelc__cfg_get(pnode, key);
    int                 kinds[2] = {0, 0};

    if (strcmp(key, "receivers") == 0) {
        kinds[0] = OTELC_KIND_RECEIVER;
        kinds[1] = OTELC_KIND_CONNECTOR;
    } else if (strcmp(key, "processors") == 0) {
        kinds[0] = OTELC_KIND_PROCESSOR;
    } else {
        kinds[0] = OTELC_KIND_EXPORTER;
        kinds[1] = OTELC_KIND_CONNECTOR;
    }
    *out = NULL;
    *n = 0;
    if (seq == NULL || seq->kind == OTELC_CFG_NULL ||
        (seq->kind == OTELC_CFG_SEQ && seq->n == 0)) {
        if (required)
            otelc__diag_error(d, seq ? seq : pnode,
                              "pipeline \"%s\" must have at least one %.*s",
                              p->id, (int)strlen(key) - 1, key);
        return;
    }
    if (seq->kind != OTELC_CFG_SEQ) {
        otelc__diag_error(d, seq, "expected a list of component ids");
        return;
    }
    *out = xcalloc(seq->n, sizeof(**out));
    for (size_t i = 0; i < seq->n; i++) {
        const otelc_config     *it = seq->items[i];
        struct otelc__comp_cfg *cc = NULL;
        int                     dup = 0;

        if (it->kind != OTELC_CFG_SCALAR) {
            otelc__diag_error(d, it, "expected a component id");
            continue;
        }
        for (int k = 0; k < 2 && kinds[k] && cc == NULL; k++)
            cc = find_comp(s, kinds[k], it->scalar);
        if (cc == NULL) {
            otelc__diag_error(d, it, "%s \"%s\" is not defined in %s%s",
                              otelc__kind_name(kinds[0]), it->scalar,
                              section_names[kinds[0]],
                              kinds[1] ? " or connectors" : "");
            continue;
        }
        for (size_t j = 0; j < *n; j++)
            dup |= (*out)[j] == cc;
        if (dup) {
            otelc__diag_error(d, it, "%s \"%s\" is listed twice",
                              otelc__kind_name(cc->kind), it->scalar);
            continue;
        }
        cc->used = 1;
        if (cc->def && cc->kind != OTELC_KIND_CONNECTOR &&
            !(cc->def->def.signals & (uint32_t)p->signal)) {
            char buf[32];
            otelc__diag_error(
                d, it,
                "%s \"%s\" does not support %s (it supports "
                "%s)",
                otelc__kind_name(cc->kind), cc->id,
                otelc_signal_name(p->signal),
                otelc__signals_str((int)cc->def->def.signals, buf));
            continue;
        }
        (*out)[(*n)++] = cc;
    }
}

static void
read_pipelines(struct otelc__service *s, const otelc_config *svc,
               otelc__diag *d)
{
    const otelc_config *pipes = otelc__cfg_get(svc, "pipelines");

    if (pipes == NULL || pipes->kind == OTELC_CFG_NULL ||
        (pipes->kind == OTELC_CFG_MAP && pipes->n == 0)) {
        if (pipes)
            otelc__diag_error(d, pipes, "at least one pipeline is required");
        else
            otelc__diag_error(d, svc,
                              "service.pipelines: at least one pipeline is "
                              "required");
        return;
    }
    if (pipes->kind != OTELC_CFG_MAP) {
        otelc__diag_error(d, pipes, "expected a map of pipelines");
        return;
    }
    s->pipes = xcalloc(pipes->n, sizeof(*s->pipes));
    for (size_t i = 0; i < pipes->n; i++) {
        const otelc_config *pn = pipes->items[i];
        const char         *id = pn->key;
        const char         *slash = strchr(id, '/');
        size_t              slen = slash ? (size_t)(slash - id) : strlen(id);
        struct otelc__pipe_cfg *p = &s->pipes[s->n_pipes];

        otelc__cfg_get(pipes, id);
        p->signal = otelc__signal_parse(id, slen);
        if (p->signal == 0 || (slash && slash[1] == '\0')) {
            otelc__diag_error(d, pn,
                              "invalid pipeline id \"%s\": expected "
                              "traces, metrics or logs, optionally "
                              "followed by /name",
                              id);
            otelc__cfg_mark_used(pn);
            continue;
        }
        if (pn->kind != OTELC_CFG_MAP) {
            otelc__diag_error(d, pn,
                              "expected a map with receivers, "
                              "processors and exporters");
            otelc__cfg_mark_used(pn);
            continue;
        }
        p->id = strdup(id);
        p->where = pn;
        read_pipe_list(s, p, pn, "receivers", 1, &p->recv, &p->n_recv, d);
        read_pipe_list(s, p, pn, "processors", 0, &p->proc, &p->n_proc, d);
        read_pipe_list(s, p, pn, "exporters", 1, &p->exp, &p->n_exp, d);
        s->n_pipes++;
    }
}

static void
read_extensions(struct otelc__service *s, const otelc_config *svc,
                otelc__diag *d)
{
    const otelc_config *seq = otelc__cfg_get(svc, "extensions");

    if (seq == NULL || seq->kind == OTELC_CFG_NULL)
        return;
    if (seq->kind != OTELC_CFG_SEQ) {
        otelc__diag_error(d, seq, "expected a list of extension ids");
        return;
    }
    s->exts = xcalloc(seq->n, sizeof(*s->exts));
    for (size_t i = 0; i < seq->n; i++) {
        const otelc_config     *it = seq->items[i];
        struct otelc__comp_cfg *cc =
            it->kind == OTELC_CFG_SCALAR
                ? find_comp(s, OTELC_KIND_EXTENSION, it->scalar)
                : NULL;
        if (cc == NULL) {
            otelc__diag_error(d, it,
                              "extension \"%s\" is not defined in "
                              "extensions",
                              it->kind == OTELC_CFG_SCALAR ? it->scalar : "?");
            continue;
        }
        cc->used = 1;
        s->exts[s->n_exts++] = cc;
    }
}

static void
read_telemetry(const otelc_config *svc, otelc__diag *d)
{
    const otelc_config *tel = otelc__cfg_get(svc, "telemetry");
    const otelc_config *logs = otelc__cfg_get(tel, "logs");
    const otelc_config *metrics = otelc__cfg_get(tel, "metrics");
    const char         *s = NULL;

    /* logs.level was read by the pre-read. */
    otelc__cfg_get(logs, "level");
    if (otelc__cfg_get_str(logs, "encoding", "console", &s, d) == OTELC_OK &&
        strcmp(s, "console") != 0)
        otelc__diag_error(d, otelc__cfg_get(logs, "encoding"),
                          "only the console log encoding is supported");
    if (otelc__cfg_get_str(metrics, "level", "normal", &s, d) == OTELC_OK &&
        strcmp(s, "none") != 0 && strcmp(s, "basic") != 0 &&
        strcmp(s, "normal") != 0 && strcmp(s, "detailed") != 0)
        otelc__diag_error(d, otelc__cfg_get(metrics, "level"),
                          "unknown metrics level \"%s\" (use none, basic, "
                          "normal or detailed)",
                          s);
    otelc__cfg_get_str(metrics, "address", "127.0.0.1:8888", &s, d);
    /* Accepted for otelcol compatibility; the resource attributes of the
     * collector's own telemetry. */
    otelc__cfg_mark_used(otelc__cfg_get(tel, "resource"));
}

static void
check_usage(struct otelc__service *s, otelc__diag *d)
{
    for (size_t i = 0; i < s->n_comps; i++) {
        struct otelc__comp_cfg *cc = s->comps[i];
        if (cc->kind == OTELC_KIND_CONNECTOR) {
            int as_exp = 0, as_recv = 0;
            for (size_t p = 0; p < s->n_pipes; p++) {
                for (size_t j = 0; j < s->pipes[p].n_exp; j++)
                    as_exp |= s->pipes[p].exp[j] == cc;
                for (size_t j = 0; j < s->pipes[p].n_recv; j++)
                    as_recv |= s->pipes[p].recv[j] == cc;
            }
            if (as_exp != as_recv || !as_exp)
                otelc__diag_error(d, cc->where,
                                  "connector \"%s\" must be used both as an "
                                  "exporter and as a receiver",
                                  cc->id);
            continue;
        }
        /* Its settings are still validated (validate_components), so a
         * typo in a component not wired yet is found in the same round. */
        if (!cc->used)
            otelc__diag_error(
                d, cc->where, "%s \"%s\" is defined but not used %s",
                otelc__kind_name(cc->kind), cc->id,
                cc->kind == OTELC_KIND_EXTENSION ? "in service.extensions"
                                                 : "by any pipeline");
    }
}

static int
signals_of(const struct otelc__service *s, const struct otelc__comp_cfg *cc)
{
    int sig = 0;
    for (size_t p = 0; p < s->n_pipes; p++) {
        const struct otelc__pipe_cfg *pp = &s->pipes[p];
        for (size_t j = 0; j < pp->n_recv; j++)
            if (pp->recv[j] == cc)
                sig |= pp->signal;
        for (size_t j = 0; j < pp->n_proc; j++)
            if (pp->proc[j] == cc)
                sig |= pp->signal;
        for (size_t j = 0; j < pp->n_exp; j++)
            if (pp->exp[j] == cc)
                sig |= pp->signal;
    }
    return sig;
}

/* The component's schema, checked and then read into a scratch struct:
 * every key visited, every problem reported once. */
static int
schema_ok(otelc_ctx *ctx, const struct otelc__comp_cfg *cc, otelc__diag *d)
{
    const otelc_component_def *def = &cc->def->def;
    size_t                     before = otelc__diag_errors(d);
    struct otelc__cfg_mem      mem = {0};
    void                      *dst;
    char                       what[160];

    snprintf(what, sizeof(what), "%s \"%s\" (plugin %s)",
             otelc__kind_name(cc->kind), def->type, cc->def->plugin_name);
    if (otelc__schema_lint(def->config_schema, def->config_option_size, what,
                           d) > 0)
        return 0;
    dst = calloc(1, def->config_size ? def->config_size : 1);
    if (dst == NULL)
        abort();
    otelc__schema_read(ctx, cc->cfg, def->config_schema,
                       def->config_option_size, dst, &mem, cc->where, d);
    otelc__cfg_mem_free(&mem);
    free(dst);
    return otelc__diag_errors(d) == before;
}

/* The plugin checks its own settings: through validate(), or by creating
 * (and destroying) an instance, which must have no side effects. Every
 * defined component is checked, used or not, whatever else is wrong. A
 * component no pipeline uses is checked for every signal it supports. */
static void
validate_components(struct otelc__service *s, otelc__diag *d)
{
    for (size_t i = 0; i < s->n_comps; i++) {
        struct otelc__comp_cfg *cc = s->comps[i];
        otelc_ctx              *ctx;
        size_t                  before = otelc__diag_errors(d);
        int                     rc;

        int sig;

        if (cc->def == NULL)
            continue;
        sig = signals_of(s, cc);
        if (sig == 0)
            sig = (int)cc->def->def.signals;
        ctx = otelc__ctx_new_validation(cc, sig, d);
        if (ctx == NULL)
            abort();
        if (cc->def->def.config_schema != NULL) {
            if (!schema_ok(ctx, cc, d)) {
                /* create() would only report the same problems again. */
                otelc__ctx_free(ctx);
                continue;
            }
            ctx->schema_checked = 1;
        }
        if (cc->def->def.validate) {
            rc = cc->def->def.validate(ctx, cc->cfg);
        } else {
            void *state = NULL;
            rc = cc->def->def.create(ctx, cc->cfg, &state);
            if (rc == OTELC_OK && state)
                cc->def->def.destroy(state);
        }
        /* A reader by hand that stopped at an error never read the
         * keys after it: they are not unknown. */
        if (otelc__diag_errors(d) != before)
            otelc__cfg_forgive_unread(cc->cfg);
        if (rc != OTELC_OK && otelc__diag_errors(d) == before)
            otelc__diag_error(d, cc->where, "%s \"%s\": %s",
                              otelc__kind_name(cc->kind), cc->id,
                              otelc__ctx_reason(ctx, rc));
        otelc__ctx_free(ctx);
    }
}

int
otelc__service_build(struct otelc__service *s, const otelc_config *root,
                     const struct otelc__registry *reg, otelc__diag *d)
{
    const otelc_config *svc;
    int64_t             workers = 0, mib = 0;

    memset(s, 0, sizeof(*s));
    read_components(s, root, reg, d);
    svc = otelc__cfg_get(root, "service");
    if (svc == NULL || svc->kind != OTELC_CFG_MAP) {
        /* The location names the path (service), the root's does not. */
        otelc__diag_error(d, svc ? svc : root,
                          "%sa service section with pipelines is required",
                          svc ? "" : "service: ");
    } else {
        read_pipelines(s, svc, d);
        read_extensions(s, svc, d);
        read_telemetry(svc, d);
        otelc__cfg_get(svc, "plugin_dirs"); /* read by the pre-read */
        if (otelc__cfg_get_int(svc, "workers", 0, &workers, d) == OTELC_OK &&
            (workers < 0 || workers > 1024))
            otelc__diag_error(d, otelc__cfg_get(svc, "workers"),
                              "workers must be between 1 and 1024 (0 or "
                              "absent: one per online CPU)");
        s->workers = (int)workers;
        otelc__cfg_get_duration(svc, "shutdown_timeout",
                                DEFAULT_SHUTDOWN_TIMEOUT_NS,
                                &s->shutdown_timeout_ns, d);
        if (otelc__cfg_get_int(svc, "memory_limit_mib", 0, &mib, d) ==
                OTELC_OK &&
            mib < 0)
            otelc__diag_error(d, otelc__cfg_get(svc, "memory_limit_mib"),
                              "memory_limit_mib must be >= 0 (0: no limit)");
        s->memory_limit_bytes = mib > 0 ? mib * 1024 * 1024 : 0;
    }
    check_usage(s, d);
    validate_components(s, d);
    otelc__cfg_report_unused(root, d);
    return otelc__diag_errors(d) ? -1 : 0;
}

void
otelc__service_free(struct otelc__service *s)
{
    for (size_t i = 0; i < s->n_comps; i++) {
        free(s->comps[i]->id);
        free(s->comps[i]);
    }
    for (size_t i = 0; i < s->n_pipes; i++) {
        free(s->pipes[i].id);
        free(s->pipes[i].recv);
        free(s->pipes[i].proc);
        free(s->pipes[i].exp);
    }
    free(s->comps);
    free(s->pipes);
    free(s->exts);
    memset(s, 0, sizeof(*s));
}
