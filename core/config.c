/* Configuration tree: YAML loading (libyaml event API), node helpers,
 * typed getters, read tracking and the cfg_* members of the host table.
 *
 * Read tracking: `used` is set on nodes handed out through const pointers
 * (plugins only ever see const otelc_config *). It is bookkeeping about
 * who looked at the config, not part of the config's content, so the
 * accessors cast const away to set it. Nodes are never in read-only
 * memory: they are all heap allocated by this file. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "duration.h"
#include "host_api.h"

/* Guards against hostile or broken inputs: nesting that would exhaust the
 * stack, and alias chains that expand exponentially ("billion laughs"). */
#define CFG_MAX_DEPTH 256
#define CFG_MAX_NODES 1000000

#define SET_ORIGIN "--set"

/* ------------------------------------------------------------------ */
/* node helpers                                                        */
/* ------------------------------------------------------------------ */

/* The config tree is built at startup or reload; out of memory there has
 * no useful recovery, so allocation failures abort with a message. */
void *
otelc__cfg_xalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (p == NULL) {
        fputs("otelc: out of memory while loading the configuration\n", stderr);
        abort();
    }
    return p;
}

char *
otelc__cfg_xstrdup(const char *s)
{
    size_t len;
    char  *p;
    if (s == NULL)
        return NULL;
    len = strlen(s);
    p = otelc__cfg_xalloc(len + 1);
    memcpy(p, s, len + 1);
    return p;
}

static void
mark_node(const otelc_config *n)
{
    /* Const cast: read tracking is bookkeeping, see the top of the file. */
    if (n != NULL)
        ((otelc_config *)n)->used = 1;
}

otelc_config *
otelc__cfg_new(int kind, const char *file, int line, int col)
{
    otelc_config *n = otelc__cfg_xalloc(sizeof(*n));
    n->api = otelc__host();
    n->kind = kind;
    n->file = otelc__cfg_xstrdup(file ? file : "");
    n->line = line;
    n->col = col;
    return n;
}

void
otelc__cfg_append(otelc_config *parent, otelc_config *child)
{
    otelc_config **items =
        realloc(parent->items, (parent->n + 1) * sizeof(*items));
    if (items == NULL) {
        fputs("otelc: out of memory while loading the configuration\n", stderr);
        abort();
    }
    parent->items = items;
    parent->items[parent->n++] = child;
    child->parent = parent;
}

void
otelc__cfg_free(otelc_config *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->n; i++)
        otelc__cfg_free(n->items[i]);
    free(n->items);
    free(n->scalar);
    free(n->key);
    free(n->file);
    free(n);
}

otelc_config *
otelc__cfg_copy(const otelc_config *n)
{
    otelc_config *c = otelc__cfg_new(n->kind, n->file, n->line, n->col);
    c->scalar = otelc__cfg_xstrdup(n->scalar);
    c->quoted = n->quoted;
    c->key = otelc__cfg_xstrdup(n->key);
    for (size_t i = 0; i < n->n; i++)
        otelc__cfg_append(c, otelc__cfg_copy(n->items[i]));
    return c;
}

static size_t
count_nodes(const otelc_config *n)
{
    size_t c = 1;
    for (size_t i = 0; i < n->n; i++)
        c += count_nodes(n->items[i]);
    return c;
}

long
otelc__cfg_find(const otelc_config *n, const char *key)
{
    if (n == NULL || n->kind != OTELC_CFG_MAP || key == NULL)
        return -1;
    for (size_t i = 0; i < n->n; i++)
        if (strcmp(n->items[i]->key, key) == 0)
            return (long)i;
    return -1;
}

/* ------------------------------------------------------------------ */
/* paths and locations                                                 */
/* ------------------------------------------------------------------ */

/* Index of n among its parent's items; a node still being built (not yet
 * appended) is about to become the last one. */
static size_t
index_in_parent(const otelc_config *n)
{
    const otelc_config *p = n->parent;
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i] == n)
            return i;
    return p->n;
}

char *
otelc__cfg_path(const otelc_config *n)
{
    size_t               len = 0, depth = 0, pos;
    const otelc_config  *c;
    const otelc_config **chain;
    char                *out;

    for (c = n; c != NULL && c->parent != NULL; c = c->parent)
        depth++;
    chain = otelc__cfg_xalloc((depth ? depth : 1) * sizeof(*chain));
    pos = depth;
    for (c = n; c != NULL && c->parent != NULL; c = c->parent)
        chain[--pos] = c;
    /* Upper bound: each segment is ".key" or "[index]" (<= 22 chars). */
    for (size_t i = 0; i < depth; i++)
        len += chain[i]->key ? strlen(chain[i]->key) + 1 : 24;
    out = otelc__cfg_xalloc(len + 1);
    pos = 0;
    for (size_t i = 0; i < depth; i++) {
        if (chain[i]->key != NULL) {
            pos += (size_t)sprintf(out + pos, "%s%s", pos ? "." : "",
                                   chain[i]->key);
        } else {
            pos +=
                (size_t)sprintf(out + pos, "[%zu]", index_in_parent(chain[i]));
        }
    }
    out[pos] = '\0';
    free(chain);
    return out;
}

char *
otelc__cfg_where(const otelc_config *n)
{
    char *path = otelc__cfg_path(n), *out = NULL;
    int   rc;
    /* --set values have no line; they are located by their path alone. */
    if (n->line <= 0)
        rc = path[0] ? asprintf(&out, "%s: %s", n->file, path)
                     : asprintf(&out, "%s", n->file);
    else
        rc = path[0] ? asprintf(&out, "%s:%d:%d: %s", n->file, n->line, n->col,
                                path)
                     : asprintf(&out, "%s:%d:%d", n->file, n->line, n->col);
    free(path);
    if (rc < 0) {
        fputs("otelc: out of memory\n", stderr);
        abort();
    }
    return out;
}

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
    L->nodes += count_nodes(n);
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

/* ------------------------------------------------------------------ */
/* reading                                                             */
/* ------------------------------------------------------------------ */

const otelc_config *
otelc__cfg_get(const otelc_config *map, const char *key)
{
    long i = otelc__cfg_find(map, key);
    if (i < 0)
        return NULL;
    mark_node(map->items[i]);
    return map->items[i];
}

static const char *
kind_name(int kind)
{
    switch (kind) {
    case OTELC_CFG_MAP:
        return "a map";
    case OTELC_CFG_SEQ:
        return "a list";
    case OTELC_CFG_NULL:
        return "null";
    default:
        return "a single value";
    }
}

/* Finds the scalar for a typed getter: 0 = use the default, 1 = *out is a
 * scalar node, OTELC_E_CONFIG = reported (map or list where a value of
 * kind `what` was expected). */
static int
get_scalar(const otelc_config *map, const char *key, const char *what,
           const otelc_config **out, otelc__diag *d)
{
    const otelc_config *v = otelc__cfg_get(map, key);
    if (v == NULL || v->kind == OTELC_CFG_NULL)
        return 0;
    if (v->kind != OTELC_CFG_SCALAR) {
        otelc__diag_error(d, v, "expected %s, got %s", what,
                          kind_name(v->kind));
        return OTELC_E_CONFIG;
    }
    *out = v;
    return 1;
}

int
otelc__cfg_get_str(const otelc_config *map, const char *key, const char *def,
                   const char **out, otelc__diag *d)
{
    const otelc_config *v = NULL;
    int                 rc = get_scalar(map, key, "a string", &v, d);
    *out = rc == 1 ? v->scalar : def;
    return rc < 0 ? rc : OTELC_OK;
}

/* Integer in YAML 1.2 core-schema spellings; 0 or OTELC_E_INVALID/RANGE. */
static int
parse_int(const char *s, int64_t *out)
{
    const char *p = s;
    int         neg = 0, base = 10, any = 0;
    uint64_t    v = 0, limit;

    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    } else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) {
        base = 8;
        p += 2;
    } else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) {
        base = 2;
        p += 2;
    }
    limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; *p; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (*p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a' + 10);
        else if (*p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A' + 10);
        else
            return OTELC_E_INVALID;
        if (d >= (unsigned)base)
            return OTELC_E_INVALID;
        if (v > (limit - d) / (unsigned)base)
            return OTELC_E_RANGE;
        v = v * (unsigned)base + d;
        any = 1;
    }
    if (!any)
        return OTELC_E_INVALID;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return OTELC_OK;
}

int
otelc__cfg_get_int(const otelc_config *map, const char *key, int64_t def,
                   int64_t *out, otelc__diag *d)
{
    const otelc_config *v = NULL;
    int                 rc = get_scalar(map, key, "an integer", &v, d);
    *out = def;
    if (rc <= 0)
        return rc;
    rc = parse_int(v->scalar, out);
    if (rc == OTELC_OK)
        return OTELC_OK;
    *out = def;
    if (rc == OTELC_E_RANGE)
        otelc__diag_error(d, v, "integer out of range: \"%s\"", v->scalar);
    else
        otelc__diag_error(d, v, "expected an integer, got \"%s\"", v->scalar);
    return OTELC_E_CONFIG;
}

/* Decimal/exponent number; no hex floats or C's "inf"/"nan" spellings,
 * which YAML does not have. */
static int
parse_double(const char *s, double *out)
{
    const char *p = s;
    char       *end;
    int         digits = 0;

    if (*p == '+' || *p == '-')
        p++;
    if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 ||
        strcmp(p, ".INF") == 0) {
        *out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        return OTELC_OK;
    }
    if (p == s && (strcmp(p, ".nan") == 0 || strcmp(p, ".NaN") == 0 ||
                   strcmp(p, ".NAN") == 0)) {
        *out = NAN;
        return OTELC_OK;
    }
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (digits == 0)
        return OTELC_E_INVALID;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return OTELC_E_INVALID;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p != '\0')
        return OTELC_E_INVALID;
    errno = 0;
    *out = strtod(s, &end);
    if (errno == ERANGE && isinf(*out))
        return OTELC_E_RANGE;
    return OTELC_OK;
}

int
otelc__cfg_get_double(const otelc_config *map, const char *key, double def,
                      double *out, otelc__diag *d)
{
    const otelc_config *v = NULL;
    int                 rc = get_scalar(map, key, "a number", &v, d);
    *out = def;
    if (rc <= 0)
        return rc;
    rc = parse_double(v->scalar, out);
    if (rc == OTELC_OK)
        return OTELC_OK;
    *out = def;
    if (rc == OTELC_E_RANGE)
        otelc__diag_error(d, v, "number out of range: \"%s\"", v->scalar);
    else
        otelc__diag_error(d, v, "expected a number, got \"%s\"", v->scalar);
    return OTELC_E_CONFIG;
}

int
otelc__cfg_get_bool(const otelc_config *map, const char *key, int def, int *out,
                    otelc__diag *d)
{
    static const char *const yaml11[] = {"yes", "no", "on", "off", "y", "n",
                                         "Yes", "No", "On", "Off", "Y", "N",
                                         "YES", "NO", "ON", "OFF"};
    const otelc_config      *v = NULL;
    const char              *s;
    int                      rc = get_scalar(map, key, "true or false", &v, d);
    *out = def;
    if (rc <= 0)
        return rc;
    s = v->scalar;
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
        strcmp(s, "TRUE") == 0) {
        *out = 1;
        return OTELC_OK;
    }
    if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
        strcmp(s, "FALSE") == 0) {
        *out = 0;
        return OTELC_OK;
    }
    for (size_t i = 0; i < sizeof(yaml11) / sizeof(yaml11[0]); i++) {
        if (strcmp(s, yaml11[i]) == 0) {
            otelc__diag_error(d, v,
                              "expected true or false, got \"%s\" (YAML 1.2 "
                              "reads it as a string)",
                              s);
            return OTELC_E_CONFIG;
        }
    }
    otelc__diag_error(d, v, "expected true or false, got \"%s\"", s);
    return OTELC_E_CONFIG;
}

int
otelc__cfg_get_duration(const otelc_config *map, const char *key,
                        int64_t def_ns, int64_t *out_ns, otelc__diag *d)
{
    const otelc_config *v = NULL;
    int rc = get_scalar(map, key, "a duration like \"200ms\"", &v, d);
    *out_ns = def_ns;
    if (rc <= 0)
        return rc;
    rc = otelc__parse_duration(v->scalar, out_ns);
    if (rc == OTELC_OK && *out_ns >= 0)
        return OTELC_OK;
    *out_ns = def_ns;
    if (rc == OTELC_E_RANGE)
        otelc__diag_error(d, v, "duration out of range: \"%s\"", v->scalar);
    else if (rc == OTELC_OK)
        otelc__diag_error(d, v, "duration must not be negative, got \"%s\"",
                          v->scalar);
    else
        otelc__diag_error(d, v,
                          "expected a duration like \"200ms\", \"1.5s\" or "
                          "\"1m30s\", got \"%s\"",
                          v->scalar);
    return OTELC_E_CONFIG;
}

int
otelc__cfg_get_bytes(const otelc_config *map, const char *key, int64_t def,
                     int64_t *out, otelc__diag *d)
{
    const otelc_config *v = NULL;
    int rc = get_scalar(map, key, "a byte size like \"4MiB\"", &v, d);
    *out = def;
    if (rc <= 0)
        return rc;
    rc = otelc__parse_bytes(v->scalar, out);
    if (rc == OTELC_OK)
        return OTELC_OK;
    *out = def;
    if (rc == OTELC_E_RANGE)
        otelc__diag_error(d, v, "byte size out of range: \"%s\"", v->scalar);
    else
        otelc__diag_error(d, v,
                          "expected a byte size like \"4MiB\", \"20MB\" or "
                          "a number of bytes, got \"%s\"",
                          v->scalar);
    return OTELC_E_CONFIG;
}

void
otelc__cfg_mark_used(const otelc_config *n)
{
    if (n == NULL)
        return;
    mark_node(n);
    for (size_t i = 0; i < n->n; i++)
        otelc__cfg_mark_used(n->items[i]);
}

void
otelc__cfg_report_unused(const otelc_config *n, otelc__diag *d)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *c = n->items[i];
        if (n->kind == OTELC_CFG_MAP && !c->used)
            otelc__diag_error(d, c, "unknown key \"%s\"", c->key);
        else
            otelc__cfg_report_unused(c, d);
    }
}

/* ------------------------------------------------------------------ */
/* host table                                                          */
/* ------------------------------------------------------------------ */

static int
api_kind(const otelc_config *n)
{
    return n ? n->kind : OTELC_CFG_NULL;
}

static size_t
api_len(const otelc_config *n)
{
    return n && (n->kind == OTELC_CFG_MAP || n->kind == OTELC_CFG_SEQ) ? n->n
                                                                       : 0;
}

/* Iterating over a map's entries or a list's items reads them, so the
 * item is marked used (its own children are still tracked one by one). */
static const otelc_config *
api_item(const otelc_config *n, size_t i)
{
    if (n == NULL || i >= api_len(n))
        return NULL;
    mark_node(n->items[i]);
    return n->items[i];
}

static const char *
api_key(const otelc_config *n, size_t i)
{
    if (n == NULL || n->kind != OTELC_CFG_MAP || i >= n->n)
        return NULL;
    return n->items[i]->key;
}

static const char *
api_scalar(const otelc_config *n)
{
    return n && n->kind == OTELC_CFG_SCALAR ? n->scalar : NULL;
}

void
otelc__config_api_init(otelc_host_api *api)
{
    api->cfg_child = otelc__cfg_get;
    api->cfg_kind = api_kind;
    api->cfg_len = api_len;
    api->cfg_item = api_item;
    api->cfg_key = api_key;
    api->cfg_scalar = api_scalar;
    api->cfg_mark_used = otelc__cfg_mark_used;
}
