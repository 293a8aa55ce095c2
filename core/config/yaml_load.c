/* YAML loading (libyaml's event API) into the configuration tree, with
 * anchors, aliases, merge keys and ${...} expansion of scalars. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Guards against hostile or broken inputs: nesting that would exhaust the
 * stack, and alias chains that expand exponentially ("billion laughs"). */
#define CFG_MAX_DEPTH 256
#define CFG_MAX_NODES 1000000

#define SET_ORIGIN "--set"

/* ------------------------------------------------------------------ */
/* loading                                                             */
/* ------------------------------------------------------------------ */

struct anchor {
    char         *name;
    otelc_config *node; /* private copy: the original may be discarded */
};

struct loader {
    yaml_parser_t  parser;
    const char    *name;
    int            set_origin;
    otelc__diag    diag;  /* local, moved to the caller's at the end */
    int            fatal; /* parser failed or a limit hit: stop */
    struct anchor *anchors;
    size_t         nanchors;
    size_t         nodes;
};

static int
is_null_literal(const char *s)
{
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Error at a YAML position that has no node (syntax errors, bad keys). */
static void loader_error_at(struct loader *L, yaml_mark_t m, const char *fmt,
                            ...) OTELC_PRINTF(3, 4);
static void
loader_error_at(struct loader *L, yaml_mark_t m, const char *fmt, ...)
{
    char   *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (L->set_origin)
        otelc__diag_errorf(&L->diag, "%s: %s", L->name, msg ? msg : fmt);
    else
        otelc__diag_errorf(&L->diag, "%s:%zu:%zu: %s", L->name, m.line + 1,
                           m.column + 1, msg ? msg : fmt);
    free(msg);
}

static int
loader_next(struct loader *L, yaml_event_t *ev)
{
    if (L->fatal)
        return 0;
    if (!yaml_parser_parse(&L->parser, ev)) {
        const yaml_parser_t *p = &L->parser;
        const char          *problem = p->problem ? p->problem : "invalid YAML";
        if (p->error == YAML_READER_ERROR)
            loader_error_at(L, p->problem_mark,
                            "YAML error: %s at byte offset %zu", problem,
                            p->problem_offset);
        else if (p->context != NULL)
            loader_error_at(L, p->problem_mark,
                            "YAML syntax error: %s (%s at line %zu)", problem,
                            p->context, p->context_mark.line + 1);
        else
            loader_error_at(L, p->problem_mark, "YAML syntax error: %s",
                            problem);
        L->fatal = 1;
        return 0;
    }
    return 1;
}

static otelc_config *
loader_node(struct loader *L, int kind, otelc_config *parent, const char *key,
            yaml_mark_t at)
{
    otelc_config *n;
    if (L->set_origin)
        n = otelc__cfg_new(kind, SET_ORIGIN, 0, 0);
    else
        n = otelc__cfg_new(kind, L->name, (int)at.line + 1, (int)at.column + 1);
    /* Linked up (but not yet appended) so errors found while filling the
     * node already carry its full path. */
    n->parent = parent;
    n->key = otelc__cfg_xstrdup(key);
    L->nodes++;
    return n;
}

static void
loader_anchor(struct loader *L, const yaml_char_t *name, otelc_config *n)
{
    struct anchor *a;
    if (name == NULL)
        return;
    a = realloc(L->anchors, (L->nanchors + 1) * sizeof(*a));
    if (a == NULL) {
        fputs("otelc: out of memory while loading the configuration\n", stderr);
        abort();
    }
    L->anchors = a;
    a[L->nanchors].name = otelc__cfg_xstrdup((const char *)name);
    a[L->nanchors].node = otelc__cfg_copy(n);
    a[L->nanchors].node->parent = NULL;
    L->nanchors++;
}

static otelc_config *loader_parse(struct loader *L, yaml_event_t *ev,
                                  otelc_config *parent, const char *key,
                                  yaml_mark_t at, int depth);

static otelc_config *
loader_scalar(struct loader *L, yaml_event_t *ev, otelc_config *parent,
              const char *key, yaml_mark_t at)
{
    const char   *raw = (const char *)ev->data.scalar.value;
    const char   *tag = (const char *)ev->data.scalar.tag;
    int           plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    otelc_config *n = loader_node(L, OTELC_CFG_SCALAR, parent, key, at);
    char         *s;
    int           whole = 0;

    if (tag != NULL && strcmp(tag, YAML_NULL_TAG) == 0) {
        n->kind = OTELC_CFG_NULL;
        return n;
    }
    if (plain && tag == NULL && is_null_literal(raw)) {
        n->kind = OTELC_CFG_NULL;
        return n;
    }
    /* Quoted, block (| and >) and !!str scalars are strings whatever they
     * look like: "8192" is not a number. */
    n->quoted = !plain || (tag != NULL && strcmp(tag, YAML_STR_TAG) == 0);
    s = otelc__cfg_expand(raw, n, &whole, &L->diag);
    if (s == NULL) {
        n->scalar = otelc__cfg_xstrdup(raw);
        return n;
    }
    /* A plain value that is exactly one reference takes the type of what
     * it expanded to, as otelcol's providers return YAML: an unset
     * ${env:X} is null, so the key falls back to its default. */
    if (whole && plain && is_null_literal(s)) {
        free(s);
        n->kind = OTELC_CFG_NULL;
        return n;
    }
    n->scalar = s;
    return n;
}

static otelc_config *
loader_alias(struct loader *L, yaml_event_t *ev, otelc_config *parent,
             const char *key, yaml_mark_t at)
{
    const char   *name = (const char *)ev->data.alias.anchor;
    otelc_config *n = NULL;

    for (size_t i = L->nanchors; i-- > 0;) {
        if (strcmp(L->anchors[i].name, name) == 0) {
            n = otelc__cfg_copy(L->anchors[i].node);
            break;
        }
    }
    if (n == NULL) {
        loader_error_at(L, ev->start_mark, "unknown alias \"*%s\"", name);
        return loader_node(L, OTELC_CFG_NULL, parent, key, at);
    }
    L->nodes += otelc__cfg_count_nodes(n);
    if (L->nodes > CFG_MAX_NODES) {
        loader_error_at(L, ev->start_mark,
                        "too many nodes (more than %d) after expanding "
                        "aliases",
                        CFG_MAX_NODES);
        L->fatal = 1;
    }
    /* The copy sits where the alias is used: its own key and position. */
    free(n->key);
    n->key = otelc__cfg_xstrdup(key);
    n->parent = parent;
    if (L->set_origin) {
        n->line = n->col = 0;
    } else {
        n->line = (int)at.line + 1;
        n->col = (int)at.column + 1;
    }
    return n;
}

/* "<<: *base" or "<<: [*a, *b]": entries of the merged maps that the map
 * does not set itself are added; earlier maps of a list win. */
static void
loader_apply_merges(struct loader *L, otelc_config *map, otelc_config *src)
{
    if (src->kind == OTELC_CFG_SEQ) {
        for (size_t i = 0; i < src->n; i++)
            loader_apply_merges(L, map, src->items[i]);
        return;
    }
    if (src->kind != OTELC_CFG_MAP) {
        otelc__diag_error(&L->diag, src,
                          "the value of a \"<<\" merge key must be a map or "
                          "a list of maps");
        return;
    }
    for (size_t i = 0; i < src->n; i++)
        if (otelc__cfg_find(map, src->items[i]->key) < 0)
            otelc__cfg_append(map, otelc__cfg_copy(src->items[i]));
}

static otelc_config *
loader_map(struct loader *L, yaml_event_t *ev, otelc_config *parent,
           const char *key, yaml_mark_t at, int depth)
{
    otelc_config  *n = loader_node(L, OTELC_CFG_MAP, parent, key, at);
    otelc_config **merges = NULL;
    size_t         nmerges = 0;
    yaml_event_t   kev, vev;

    (void)ev;
    for (;;) {
        otelc_config *v;
        char         *k;
        yaml_mark_t   kmark;
        int           merge;

        if (!loader_next(L, &kev))
            break;
        if (kev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&kev);
            break;
        }
        kmark = kev.start_mark;
        if (kev.type != YAML_SCALAR_EVENT) {
            /* Complex keys ("? [a, b]"): parse and drop, with an error. */
            loader_error_at(L, kmark, "map keys must be plain strings");
            otelc__cfg_free(loader_parse(L, &kev, n, "?", kmark, depth + 1));
            if (!loader_next(L, &vev))
                break;
            otelc__cfg_free(loader_parse(L, &vev, n, "?", kmark, depth + 1));
            continue;
        }
        k = otelc__cfg_xstrdup((const char *)kev.data.scalar.value);
        merge = kev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                strcmp(k, "<<") == 0;
        yaml_event_delete(&kev);
        if (!loader_next(L, &vev)) {
            free(k);
            break;
        }
        v = loader_parse(L, &vev, n, k, kmark, depth + 1);
        if (v == NULL) {
            free(k);
            break;
        }
        if (merge) {
            merges = realloc(merges, (nmerges + 1) * sizeof(*merges));
            if (merges == NULL)
                abort();
            merges[nmerges++] = v;
        } else {
            long prev = otelc__cfg_find(n, k);
            if (prev >= 0) {
                otelc__diag_error(&L->diag, v,
                                  "duplicate key \"%s\" (first set at line "
                                  "%d)",
                                  k, n->items[prev]->line);
                otelc__cfg_free(v);
            } else {
                otelc__cfg_append(n, v);
            }
        }
        free(k);
    }
    /* Explicit keys win over merged ones wherever "<<" appears. */
    for (size_t i = 0; i < nmerges; i++) {
        if (!L->fatal)
            loader_apply_merges(L, n, merges[i]);
        otelc__cfg_free(merges[i]);
    }
    free(merges);
    if (L->fatal) {
        otelc__cfg_free(n);
        return NULL;
    }
    return n;
}

static otelc_config *
loader_seq(struct loader *L, otelc_config *parent, const char *key,
           yaml_mark_t at, int depth)
{
    otelc_config *n = loader_node(L, OTELC_CFG_SEQ, parent, key, at);
    yaml_event_t  iev;

    for (;;) {
        otelc_config *item;
        if (!loader_next(L, &iev))
            break;
        if (iev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&iev);
            break;
        }
        item = loader_parse(L, &iev, n, NULL, iev.start_mark, depth + 1);
        if (item == NULL)
            break;
        otelc__cfg_append(n, item);
    }
    if (L->fatal) {
        otelc__cfg_free(n);
        return NULL;
    }
    return n;
}

/* Builds the node starting with event ev (consumed), positioned at `at`
 * (the key's position for map values). NULL when loading must stop. */
static otelc_config *
loader_parse(struct loader *L, yaml_event_t *ev, otelc_config *parent,
             const char *key, yaml_mark_t at, int depth)
{
    otelc_config *n = NULL;
    char         *anchor = NULL;

    if (depth > CFG_MAX_DEPTH) {
        loader_error_at(L, ev->start_mark, "nesting deeper than %d levels",
                        CFG_MAX_DEPTH);
        L->fatal = 1;
        yaml_event_delete(ev);
        return NULL;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        n = loader_scalar(L, ev, parent, key, at);
        anchor = otelc__cfg_xstrdup((const char *)ev->data.scalar.anchor);
        break;
    case YAML_ALIAS_EVENT:
        n = loader_alias(L, ev, parent, key, at);
        break;
    case YAML_MAPPING_START_EVENT:
        anchor =
            otelc__cfg_xstrdup((const char *)ev->data.mapping_start.anchor);
        n = loader_map(L, ev, parent, key, at, depth);
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor =
            otelc__cfg_xstrdup((const char *)ev->data.sequence_start.anchor);
        n = loader_seq(L, parent, key, at, depth);
        break;
    default:
        loader_error_at(L, ev->start_mark, "unexpected YAML event");
        L->fatal = 1;
        break;
    }
    yaml_event_delete(ev);
    if (n != NULL && anchor != NULL)
        loader_anchor(L, (const yaml_char_t *)anchor, n);
    free(anchor);
    if (L->fatal) {
        otelc__cfg_free(n);
        return NULL;
    }
    return n;
}

otelc_config *
otelc__cfg_parse(const char *name, const char *yaml, size_t len, int any_top,
                 int set_origin, otelc__diag *d)
{
    struct loader L;
    yaml_event_t  ev;
    otelc_config *root = NULL;
    yaml_mark_t   start = {0, 0, 0};

    memset(&L, 0, sizeof(L));
    L.name = set_origin ? SET_ORIGIN : name;
    L.set_origin = set_origin;
    if (!yaml_parser_initialize(&L.parser)) {
        fputs("otelc: out of memory while loading the configuration\n", stderr);
        abort();
    }
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)yaml, len);

    if (!loader_next(&L, &ev))
        goto done;
    yaml_event_delete(&ev); /* STREAM_START */
    if (!loader_next(&L, &ev))
        goto done;
    if (ev.type == YAML_DOCUMENT_START_EVENT) {
        start = ev.start_mark;
        yaml_event_delete(&ev);
        if (!loader_next(&L, &ev))
            goto done;
        root = loader_parse(&L, &ev, NULL, NULL, ev.start_mark, 0);
        if (root == NULL || !loader_next(&L, &ev))
            goto done;
        yaml_event_delete(&ev); /* DOCUMENT_END */
        if (!loader_next(&L, &ev))
            goto done;
        if (ev.type == YAML_DOCUMENT_START_EVENT)
            loader_error_at(&L, ev.start_mark,
                            "several YAML documents in one file are not "
                            "supported; use several --config files");
    }
    yaml_event_delete(&ev); /* STREAM_END */

    if (root == NULL) {
        root = loader_node(&L, OTELC_CFG_NULL, NULL, NULL, start);
        root->line = root->col = set_origin ? 0 : 1;
    }
    if (!any_top) {
        /* An empty document (or only comments, or "---") is an empty
         * config; anything that is not a map cannot be one. */
        if (root->kind == OTELC_CFG_NULL)
            root->kind = OTELC_CFG_MAP;
        else if (root->kind != OTELC_CFG_MAP)
            otelc__diag_error(&L.diag, root,
                              "the configuration must be a map of sections "
                              "(receivers:, exporters:, service:, ...), got "
                              "a %s",
                              root->kind == OTELC_CFG_SEQ ? "list"
                                                          : "single value");
    }

done:
    if (L.fatal && root != NULL) {
        otelc__cfg_free(root);
        root = NULL;
    }
    for (size_t i = 0; i < L.nanchors; i++) {
        free(L.anchors[i].name);
        otelc__cfg_free(L.anchors[i].node);
    }
    free(L.anchors);
    yaml_parser_delete(&L.parser);
    if (L.diag.errors > 0) {
        otelc__cfg_free(root);
        root = NULL;
    }
    otelc__diag_move(d, &L.diag);
    return root;
}

otelc_config *
otelc__cfg_load_string(const char *name, const char *yaml, otelc__diag *d)
{
    return otelc__cfg_parse(name, yaml, strlen(yaml), 0, 0, d);
}

otelc_config *
otelc__cfg_load_file(const char *path, otelc__diag *d)
{
    FILE         *f = fopen(path, "rb");
    char         *buf = NULL;
    size_t        len = 0, cap = 0;
    otelc_config *root;

    if (f == NULL) {
        otelc__diag_errorf(d, "cannot open config file %s: %s", path,
                           strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            if (buf == NULL)
                abort();
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        otelc__diag_errorf(d, "cannot read config file %s: %s", path,
                           strerror(errno));
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    root = otelc__cfg_parse(path, buf, len, 0, 0, d);
    free(buf);
    return root;
}
