/* Reading a config section through an option table (otelc/config.h).
 *
 * One map is read in two passes over its "level": the table's keys plus
 * the keys of the blocks squashed into it (key NULL), first key wins.
 * Pass one reads every current key (value or default), pass two the
 * deprecated aliases, so an alias overrides its target's default whatever
 * the table order. Then every key of the map that the level does not know
 * is reported as unknown. Nothing stops at an error: each problem is
 * reported once and the field keeps its default. */
#include "schema.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "duration.h"

#define MAX_BLOCKS OTELC_BLOCK_COUNT_

static const otelc_option *blocks[MAX_BLOCKS];

static const char *const block_names[MAX_BLOCKS] = {
    NULL,
    "TLS client settings",
    "TLS server settings",
    "HTTP client settings",
    "gRPC client settings",
    "HTTP server settings",
    "gRPC server settings",
    "exporter helper settings",
};

void
otelc__schema_set_block(int id, const otelc_option *table)
{
    if (id > 0 && id < MAX_BLOCKS)
        blocks[id] = table;
}

const otelc_option *
otelc__schema_block(int id)
{
    return id > 0 && id < MAX_BLOCKS ? blocks[id] : NULL;
}

const char *
otelc__schema_block_name(int id)
{
    return id > 0 && id < MAX_BLOCKS ? block_names[id] : "unknown block";
}

/* ---- instance memory ---- */

void *
otelc__cfg_mem_alloc(struct otelc__cfg_mem *m, size_t size)
{
    void *p;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        void **v = realloc(m->v, cap * sizeof(*v));
        if (v == NULL)
            return NULL;
        m->v = v;
        m->cap = cap;
    }
    p = calloc(1, size ? size : 1);
    if (p != NULL)
        m->v[m->n++] = p;
    return p;
}

void
otelc__cfg_mem_free(struct otelc__cfg_mem *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i]);
    free(m->v);
    memset(m, 0, sizeof(*m));
}

/* ---- tables ---- */

static const otelc_option *
at(const otelc_option *opts, size_t stride, size_t i)
{
    return (const otelc_option *)(const void *)((const char *)opts +
                                                i * stride);
}

struct ent {
    const otelc_option *o;
    char               *base; /* struct the offset is into; NULL: none */
    size_t              stride;
};

struct level {
    struct ent *v;
    size_t      n, cap;
    int         oom;
};

static const struct ent *
level_find(const struct level *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].o->key, key) == 0)
            return &l->v[i];
    return NULL;
}

static void
level_add(struct level *l, const otelc_option *opts, size_t stride, char *base,
          int depth)
{
    for (size_t i = 0; depth < 8; i++) {
        const otelc_option *o = at(opts, stride, i);
        if (o->type == OTELC_OPT_END)
            return;
        if (o->key == NULL) {
            const otelc_option *b = otelc__schema_block(o->block);
            if (o->type == OTELC_OPT_BLOCK && b != NULL)
                level_add(l, b, sizeof(otelc_option), NULL, depth + 1);
            else if (o->type == OTELC_OPT_SECTION && o->sub != NULL)
                level_add(l, o->sub, stride, base, depth + 1);
            continue;
        }
        if (level_find(l, o->key) != NULL)
            continue;
        if (l->n == l->cap) {
            size_t      cap = l->cap ? l->cap * 2 : 16;
            struct ent *v = realloc(l->v, cap * sizeof(*v));
            if (v == NULL) {
                l->oom = 1;
                return;
            }
            l->v = v;
            l->cap = cap;
        }
        l->v[l->n].o = o;
        l->v[l->n].base = base;
        l->v[l->n].stride = stride;
        l->n++;
    }
}

/* ---- scalar parsing ---- */

union val {
    const char *s;
    int64_t     i;
    double      f;
    int         b;
};

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

static const char *
type_noun(const otelc_option *o)
{
    switch (o->type) {
    case OTELC_OPT_STRING:
    case OTELC_OPT_ENUM:
        return "a string";
    case OTELC_OPT_BOOL:
        return "true or false";
    case OTELC_OPT_INT:
        return "an integer";
    case OTELC_OPT_DOUBLE:
        return "a number";
    case OTELC_OPT_DURATION:
        return "a duration like \"200ms\", \"1.5s\" or \"1m30s\"";
    case OTELC_OPT_BYTES:
        return "a byte size like \"4MiB\", \"20MB\" or a number of bytes";
    case OTELC_OPT_STRING_LIST:
        return "a list of strings";
    case OTELC_OPT_STRING_MAP:
        return "a map of strings";
    case OTELC_OPT_SECTION_LIST:
        return "a list of maps";
    default:
        return "a map";
    }
}

/* The value as shown in a message: quoted, or <secret>. */
static const char *
shown(const otelc_option *o, const char *s, char *buf, size_t cap)
{
    if (o->flags & OTELC_OPT_SECRET)
        return "<secret>";
    snprintf(buf, cap, "\"%.80s%s\"", s, strlen(s) > 80 ? "..." : "");
    return buf;
}

static int
ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

/* Parses text as option o's scalar type. 0, or -1 with *why set (a
 * phrase completing "expected ..., got X" or a full sentence). */
static int
parse_scalar(const otelc_option *o, const char *s, union val *v,
             const char **why)
{
    int rc;

    *why = NULL;
    switch (o->type) {
    case OTELC_OPT_STRING:
        v->s = s;
        return 0;
    case OTELC_OPT_BOOL:
        if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
            v->b = 1;
        else if (!strcmp(s, "false") || !strcmp(s, "False") ||
                 !strcmp(s, "FALSE"))
            v->b = 0;
        else
            return -1;
        return 0;
    case OTELC_OPT_INT:
        rc = otelc__cfg_parse_int(s, &v->i);
        if (rc == OTELC_E_RANGE)
            *why = "integer out of range";
        return rc == OTELC_OK ? 0 : -1;
    case OTELC_OPT_DOUBLE:
        rc = otelc__cfg_parse_double(s, &v->f);
        if (rc == OTELC_E_RANGE)
            *why = "number out of range";
        return rc == OTELC_OK ? 0 : -1;
    case OTELC_OPT_DURATION:
        rc = otelc__parse_duration(s, &v->i);
        if (rc == OTELC_E_RANGE)
            *why = "duration out of range";
        else if (rc == OTELC_OK && v->i < 0)
            *why = "duration must not be negative";
        return rc == OTELC_OK && v->i >= 0 ? 0 : -1;
    case OTELC_OPT_BYTES:
        rc = otelc__parse_bytes(s, &v->i);
        if (rc == OTELC_E_RANGE)
            *why = "byte size out of range";
        return rc == OTELC_OK ? 0 : -1;
    case OTELC_OPT_ENUM:
        for (int i = 0; o->values && o->values[i]; i++) {
            if ((o->flags & OTELC_OPT_NOCASE) ? ascii_ieq(o->values[i], s)
                                              : strcmp(o->values[i], s) == 0) {
                v->b = i;
                return 0;
            }
        }
        return -1;
    }
    return -1;
}

static int
is_scalar_type(uint32_t t)
{
    return t >= OTELC_OPT_STRING && t <= OTELC_OPT_ENUM;
}

static int
is_float_type(uint32_t t)
{
    return t == OTELC_OPT_DOUBLE;
}

static int
has_bounds(uint32_t t)
{
    return t == OTELC_OPT_INT || t == OTELC_OPT_DOUBLE ||
           t == OTELC_OPT_DURATION || t == OTELC_OPT_BYTES;
}

static void
store(const otelc_option *o, char *field, const union val *v)
{
    switch (o->type) {
    case OTELC_OPT_STRING:
        memcpy(field, &v->s, sizeof(v->s));
        break;
    case OTELC_OPT_BOOL:
    case OTELC_OPT_ENUM:
        memcpy(field, &v->b, sizeof(v->b));
        break;
    case OTELC_OPT_DOUBLE:
        memcpy(field, &v->f, sizeof(v->f));
        break;
    default:
        memcpy(field, &v->i, sizeof(v->i));
        break;
    }
}

/* A bound as a double for comparisons and messages; 0 when absent. */
static int
bound(const otelc_option *o, const char *text, union val *v)
{
    const char *why;
    return text != NULL && parse_scalar(o, text, v, &why) == 0;
}

/* ---- reading ---- */

struct rd {
    otelc_ctx             *ctx;
    struct otelc__cfg_mem *mem;
    otelc__diag           *d;
    int                    rc;
};

static void
fail(struct rd *r, int rc)
{
    if (r->rc == OTELC_OK || rc == OTELC_E_NOMEM)
        r->rc = rc;
}

static void read_level(struct rd *r, const otelc_config *map,
                       const otelc_config *self, const otelc_option *opts,
                       size_t stride, char *base, const otelc_config *anchor,
                       int defaults_only);

static void
apply_default(struct rd *r, const otelc_option *o, char *field)
{
    union val   v;
    const char *why;

    if (field == NULL || !is_scalar_type(o->type))
        return;
    memset(&v, 0, sizeof(v));
    if (o->def != NULL && parse_scalar(o, o->def, &v, &why) != 0) {
        otelc__diag_errorf(r->d,
                           "config schema: invalid default \"%s\" of option "
                           "\"%s\"",
                           o->def, o->key);
        fail(r, OTELC_E_CONFIG);
        memset(&v, 0, sizeof(v));
    }
    store(o, field, &v);
}

static void
enum_error(struct rd *r, const otelc_option *o, const otelc_config *n)
{
    char   buf[512], sh[100];
    size_t len = 0;

    buf[0] = '\0';
    for (int i = 0; o->values && o->values[i]; i++)
        len += (size_t)snprintf(buf + len,
                                len < sizeof(buf) ? sizeof(buf) - len : 0,
                                "%s\"%s\"", i ? ", " : "", o->values[i]);
    otelc__diag_error(r->d, n, "invalid value %s: expected one of %s",
                      shown(o, n->scalar, sh, sizeof(sh)), buf);
}

/* A present scalar; returns 0 when v holds a valid value. */
static int
read_scalar(struct rd *r, const otelc_option *o, const otelc_config *n,
            union val *v)
{
    const char *why;
    char        sh[100];
    union val   lo, hi;

    if (n->kind != OTELC_CFG_SCALAR) {
        otelc__cfg_mark_used(n); /* its keys are not unknown keys */
        otelc__diag_error(r->d, n, "expected %s, got %s", type_noun(o),
                          kind_name(n->kind));
        return -1;
    }
    if (parse_scalar(o, n->scalar, v, &why) != 0) {
        if (o->type == OTELC_OPT_ENUM)
            enum_error(r, o, n);
        else if (why != NULL)
            otelc__diag_error(r->d, n, "%s: %s", why,
                              shown(o, n->scalar, sh, sizeof(sh)));
        else
            otelc__diag_error(r->d, n, "expected %s, got %s", type_noun(o),
                              shown(o, n->scalar, sh, sizeof(sh)));
        return -1;
    }
    if (!has_bounds(o->type))
        return 0;
    if (bound(o, o->min, &lo) &&
        (is_float_type(o->type) ? !(v->f >= lo.f) : v->i < lo.i)) {
        otelc__diag_error(r->d, n, "must be at least %s, got %s", o->min,
                          shown(o, n->scalar, sh, sizeof(sh)));
        return -1;
    }
    if (bound(o, o->max, &hi) &&
        (is_float_type(o->type) ? !(v->f <= hi.f) : v->i > hi.i)) {
        otelc__diag_error(r->d, n, "must be at most %s, got %s", o->max,
                          shown(o, n->scalar, sh, sizeof(sh)));
        return -1;
    }
    return 0;
}

static void
read_strings(struct rd *r, const otelc_option *o, const otelc_config *n,
             char *field)
{
    otelc_cfg_strings l = {NULL, 0};
    const char      **v = NULL;
    int               bad = 0;

    if (n->kind != OTELC_CFG_SEQ) {
        otelc__cfg_mark_used(n);
        otelc__diag_error(r->d, n, "expected %s, got %s", type_noun(o),
                          kind_name(n->kind));
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (field != NULL && n->n > 0) {
        v = otelc__cfg_mem_alloc(r->mem, n->n * sizeof(*v));
        if (v == NULL) {
            fail(r, OTELC_E_NOMEM);
            return;
        }
    }
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *it = n->items[i];
        otelc__cfg_mark_used(it); /* a wrong item's keys are not unknown */
        if (it->kind != OTELC_CFG_SCALAR) {
            otelc__diag_error(r->d, it, "expected a string, got %s",
                              kind_name(it->kind));
            bad = 1;
            continue;
        }
        if (v != NULL)
            v[l.n++] = it->scalar;
    }
    if (bad) {
        fail(r, OTELC_E_CONFIG);
        return;
    }
    l.v = v;
    if (field != NULL)
        memcpy(field, &l, sizeof(l));
}

/* A map of strings, or otelcol's configopaque.MapList form: a list of
 * {name, value} maps. A null value is the empty string. */
static void
read_pairs(struct rd *r, const otelc_option *o, const otelc_config *n,
           char *field)
{
    static const char *const known[] = {"name", "value", NULL};
    otelc_cfg_pairs          l = {NULL, 0};
    otelc_cfg_pair          *v = NULL;
    int                      bad = 0;

    if (n->kind != OTELC_CFG_MAP && n->kind != OTELC_CFG_SEQ) {
        otelc__cfg_mark_used(n);
        otelc__diag_error(r->d, n, "expected %s, got %s", type_noun(o),
                          kind_name(n->kind));
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (field != NULL && n->n > 0) {
        v = otelc__cfg_mem_alloc(r->mem, n->n * sizeof(*v));
        if (v == NULL) {
            fail(r, OTELC_E_NOMEM);
            return;
        }
    }
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *it = n->items[i], *val = it;
        const char         *key = it->key;
        otelc__cfg_mark_node(it);
        if (n->kind == OTELC_CFG_SEQ) {
            const otelc_config *nm;
            if (it->kind != OTELC_CFG_MAP) {
                otelc__cfg_mark_used(it);
                otelc__diag_error(r->d, it,
                                  "expected a map with name and value, got %s",
                                  kind_name(it->kind));
                bad = 1;
                continue;
            }
            nm = otelc__cfg_get(it, "name");
            val = otelc__cfg_get(it, "value"); /* NULL: the empty string */
            for (size_t j = 0; j < it->n; j++) {
                if (!it->items[j]->used) {
                    otelc__cfg_unknown_key(r->d, it->items[j], known);
                    otelc__cfg_mark_used(it->items[j]);
                    bad = 1;
                }
            }
            if (nm == NULL || nm->kind != OTELC_CFG_SCALAR) {
                otelc__diag_error(r->d, nm ? nm : it,
                                  "expected a name (a string)");
                bad = 1;
                continue;
            }
            key = nm->scalar;
        }
        if (val != NULL && val->kind != OTELC_CFG_SCALAR &&
            val->kind != OTELC_CFG_NULL) {
            otelc__cfg_mark_used(val);
            otelc__diag_error(r->d, val, "expected a string, got %s",
                              kind_name(val->kind));
            bad = 1;
            continue;
        }
        if (v != NULL) {
            v[l.n].key = key;
            v[l.n].value =
                val && val->kind == OTELC_CFG_SCALAR ? val->scalar : "";
            l.n++;
        }
    }
    if (bad) {
        fail(r, OTELC_E_CONFIG);
        return;
    }
    l.v = v;
    if (field != NULL)
        memcpy(field, &l, sizeof(l));
}

static void
read_sections(struct rd *r, const otelc_option *o, const otelc_config *n,
              char *field, size_t stride)
{
    otelc_cfg_sections l = {NULL, 0};
    char              *v = NULL;

    if (n->kind != OTELC_CFG_SEQ) {
        otelc__cfg_mark_used(n);
        otelc__diag_error(r->d, n, "expected %s, got %s", type_noun(o),
                          kind_name(n->kind));
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (field != NULL && n->n > 0) {
        v = otelc__cfg_mem_alloc(r->mem, n->n * o->sub_size);
        if (v == NULL) {
            fail(r, OTELC_E_NOMEM);
            return;
        }
    }
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *it = n->items[i];
        otelc__cfg_mark_node(it);
        if (it->kind != OTELC_CFG_MAP) {
            otelc__cfg_mark_used(it);
            otelc__diag_error(r->d, it, "expected a map, got %s",
                              kind_name(it->kind));
            fail(r, OTELC_E_CONFIG);
            continue;
        }
        read_level(r, it, it, o->sub, stride, v ? v + i * o->sub_size : NULL,
                   it, 0);
    }
    l.v = v;
    l.n = v ? n->n : 0;
    if (field != NULL)
        memcpy(field, &l, sizeof(l));
}

/* Option o (of entry e) with value node n (NULL or null: absent). */
static void
read_one(struct rd *r, const struct ent *e, const otelc_option *o,
         const otelc_config *n, const otelc_config *anchor, int defaults_only)
{
    char     *field = e->base ? e->base + o->offset : NULL;
    int       present = n != NULL && n->kind != OTELC_CFG_NULL;
    union val v;
    size_t    before = otelc__diag_errors(r->d);

    switch (o->type) {
    case OTELC_OPT_SECTION:
    case OTELC_OPT_BLOCK: {
        const otelc_option *sub = o->type == OTELC_OPT_SECTION
                                      ? o->sub
                                      : otelc__schema_block(o->block);
        size_t              stride =
            o->type == OTELC_OPT_SECTION ? e->stride : sizeof(otelc_option);
        char *sbase = o->type == OTELC_OPT_SECTION ? field : NULL;
        if (present && n->kind != OTELC_CFG_MAP) {
            otelc__cfg_mark_used(n);
            otelc__diag_error(r->d, n, "expected a map, got %s",
                              kind_name(n->kind));
            fail(r, OTELC_E_CONFIG);
            if (sub)
                read_level(r, NULL, NULL, sub, stride, sbase, anchor, 1);
            return;
        }
        if (sub)
            read_level(r, present ? n : NULL, n, sub, stride, sbase,
                       n ? n : anchor, defaults_only);
        if (o->type == OTELC_OPT_BLOCK && field != NULL)
            memcpy(field, &n, sizeof(n));
        break;
    }
    case OTELC_OPT_NODE:
        if (n != NULL)
            otelc__cfg_mark_used(n);
        if (field != NULL)
            memcpy(field, &n, sizeof(n));
        return;
    case OTELC_OPT_STRING_LIST:
    case OTELC_OPT_STRING_MAP:
    case OTELC_OPT_SECTION_LIST:
        if (field != NULL && !present)
            memset(field, 0,
                   o->type == OTELC_OPT_STRING_LIST ? sizeof(otelc_cfg_strings)
                   : o->type == OTELC_OPT_STRING_MAP
                       ? sizeof(otelc_cfg_pairs)
                       : sizeof(otelc_cfg_sections));
        if (!present)
            break;
        if (o->type == OTELC_OPT_STRING_LIST)
            read_strings(r, o, n, field);
        else if (o->type == OTELC_OPT_STRING_MAP)
            read_pairs(r, o, n, field);
        else
            read_sections(r, o, n, field, e->stride);
        break;
    default:
        if (!present) {
            apply_default(r, o, field);
            break;
        }
        if (read_scalar(r, o, n, &v) != 0) {
            fail(r, OTELC_E_CONFIG);
            apply_default(r, o, field);
            return;
        }
        if (field != NULL)
            store(o, field, &v);
        break;
    }
    if (!present && (o->flags & OTELC_OPT_REQUIRED) && !defaults_only) {
        otelc__diag_error(r->d, n ? n : anchor, "missing required key \"%s\"",
                          o->key);
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (otelc__diag_errors(r->d) != before) {
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (present && o->check != NULL && field != NULL &&
        o->check(r->ctx, n, field) != OTELC_OK)
        fail(r, OTELC_E_CONFIG);
}

static const otelc_config *
child(const otelc_config *map, const char *key)
{
    return map ? otelc__cfg_get(map, key) : NULL;
}

/* map: the section to read (NULL: absent or null); self: its node as
 * written (a null node when the section is `key:` alone), what squashed
 * blocks and NODE fields with key NULL receive. */
static void
read_level(struct rd *r, const otelc_config *map, const otelc_config *self,
           const otelc_option *opts, size_t stride, char *base,
           const otelc_config *anchor, int defaults_only)
{
    struct level l = {0};

    level_add(&l, opts, stride, base, 0);
    if (l.oom) {
        fail(r, OTELC_E_NOMEM);
        free(l.v);
        return;
    }
    /* Squashed blocks and the section's own node. */
    for (size_t i = 0; base != NULL; i++) {
        const otelc_option *o = at(opts, stride, i);
        if (o->type == OTELC_OPT_END)
            break;
        if (o->key == NULL &&
            (o->type == OTELC_OPT_BLOCK || o->type == OTELC_OPT_NODE))
            memcpy(base + o->offset, &self, sizeof(self));
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < l.n; i++) {
            const struct ent   *e = &l.v[i];
            const otelc_option *o = e->o;
            const otelc_config *n;
            int                 alias = o->alias_of != NULL;
            if (alias != pass)
                continue;
            n = child(map, o->key);
            if (alias) {
                const struct ent   *t = level_find(&l, o->alias_of);
                const otelc_config *tn = child(map, o->alias_of);
                otelc_option        ao;
                struct ent          ae;
                if (n == NULL || t == NULL)
                    continue;
                if (tn != NULL && tn->kind != OTELC_CFG_NULL) {
                    otelc__diag_error(r->d, n,
                                      "\"%s\" is the deprecated name of "
                                      "\"%s\": set only \"%s\"",
                                      o->key, o->alias_of, o->alias_of);
                    fail(r, OTELC_E_CONFIG);
                    continue;
                }
                otelc__diag_warn(r->d, n,
                                 "\"%s\" is deprecated: use \"%s\" instead",
                                 o->key, o->alias_of);
                ao = *t->o;
                ao.key = o->key;
                ao.flags &= ~(uint32_t)OTELC_OPT_REQUIRED;
                ae = *t;
                ae.o = &ao;
                if (n->kind != OTELC_CFG_NULL)
                    read_one(r, &ae, &ao, n, map ? map : anchor, 1);
                continue;
            }
            if (n != NULL && (o->flags & OTELC_OPT_DEPRECATED))
                otelc__diag_warn(r->d, n, "\"%s\" is deprecated%s%s", o->key,
                                 o->help ? ": " : "", o->help ? o->help : "");
            read_one(r, e, o, n, map ? map : anchor, defaults_only);
        }
    }
    if (map != NULL && map->kind == OTELC_CFG_MAP) {
        const char **known = calloc(l.n + 1, sizeof(*known));
        for (size_t i = 0; known && i < l.n; i++)
            known[i] = l.v[i].o->key;
        for (size_t i = 0; i < map->n; i++) {
            const otelc_config *c = map->items[i];
            if (level_find(&l, c->key) == NULL) {
                otelc__cfg_unknown_key(r->d, c, known);
                otelc__cfg_mark_used(c);
                fail(r, OTELC_E_CONFIG);
            }
        }
        free(known);
    }
    free(l.v);
}

int
otelc__schema_read(otelc_ctx *ctx, const otelc_config *map,
                   const otelc_option *opts, size_t stride, void *dst,
                   struct otelc__cfg_mem *mem, const otelc_config *anchor,
                   otelc__diag *d)
{
    struct rd           r = {ctx, mem, d, OTELC_OK};
    const otelc_config *self = map;

    if (opts == NULL || stride < sizeof(otelc_option))
        return OTELC_E_INVALID;
    if (map != NULL && map->kind == OTELC_CFG_NULL)
        map = NULL;
    if (map != NULL && map->kind != OTELC_CFG_MAP) {
        otelc__cfg_mark_used(map);
        otelc__diag_error(d, map, "expected a map, got %s",
                          kind_name(map->kind));
        read_level(&r, NULL, NULL, opts, stride, dst, anchor, 1);
        return OTELC_E_CONFIG;
    }
    read_level(&r, map, self, opts, stride, dst, self ? self : anchor, 0);
    return r.rc;
}

const otelc_option *
otelc__schema_find(const otelc_option *opts, size_t stride, const char *path)
{
    struct level        l = {0};
    const otelc_option *o = NULL;
    const char         *dot = strchr(path, '.');
    size_t              len = dot ? (size_t)(dot - path) : strlen(path);

    level_add(&l, opts, stride, NULL, 0);
    for (size_t i = 0; i < l.n; i++) {
        if (strlen(l.v[i].o->key) == len &&
            strncmp(l.v[i].o->key, path, len) == 0) {
            o = l.v[i].o;
            stride = l.v[i].stride;
            break;
        }
    }
    free(l.v);
    if (o == NULL || dot == NULL)
        return o;
    if (o->type == OTELC_OPT_STRING_MAP || o->type == OTELC_OPT_NODE)
        return o;
    if (o->type == OTELC_OPT_SECTION || o->type == OTELC_OPT_SECTION_LIST)
        return otelc__schema_find(o->sub, stride, dot + 1);
    if (o->type == OTELC_OPT_BLOCK && otelc__schema_block(o->block))
        return otelc__schema_find(otelc__schema_block(o->block),
                                  sizeof(otelc_option), dot + 1);
    return NULL;
}

/* ---- lint ---- */

static size_t
lint(const otelc_option *opts, size_t stride, const char *what, otelc__diag *d,
     int depth)
{
    size_t n = 0;

    for (size_t i = 0; depth < 8; i++) {
        const otelc_option *o = at(opts, stride, i);
        union val           v;
        const char         *why, *k = o->key ? o->key : "(inline)";
        if (o->type == OTELC_OPT_END)
            break;
#define LINT(cond, ...)                                                        \
    do {                                                                       \
        if (cond) {                                                            \
            otelc__diag_errorf(d, __VA_ARGS__);                                \
            n++;                                                               \
        }                                                                      \
    } while (0)
        LINT(o->type > OTELC_OPT_NODE, "%s: option \"%s\": unknown type %u",
             what, k, o->type);
        LINT(o->key == NULL && o->type != OTELC_OPT_BLOCK &&
                 o->type != OTELC_OPT_NODE && o->type != OTELC_OPT_SECTION,
             "%s: option #%zu has no key", what, i);
        LINT(o->def && is_scalar_type(o->type) &&
                 parse_scalar(o, o->def, &v, &why) != 0,
             "%s: option \"%s\": invalid default \"%s\"", what, k, o->def);
        LINT(o->min && (!has_bounds(o->type) || !bound(o, o->min, &v)),
             "%s: option \"%s\": invalid min \"%s\"", what, k, o->min);
        LINT(o->max && (!has_bounds(o->type) || !bound(o, o->max, &v)),
             "%s: option \"%s\": invalid max \"%s\"", what, k, o->max);
        LINT(o->type == OTELC_OPT_ENUM && (!o->values || !o->values[0]),
             "%s: option \"%s\": enum without values", what, k);
        LINT((o->type == OTELC_OPT_SECTION ||
              o->type == OTELC_OPT_SECTION_LIST) &&
                 o->sub == NULL,
             "%s: option \"%s\": section without a sub-table", what, k);
        LINT(o->type == OTELC_OPT_SECTION_LIST && o->sub_size == 0,
             "%s: option \"%s\": section list without sub_size", what, k);
        LINT(o->type == OTELC_OPT_BLOCK &&
                 otelc__schema_block(o->block) == NULL,
             "%s: option \"%s\": unknown block %d", what, k, o->block);
        LINT(o->alias_of && !(o->flags & OTELC_OPT_DEPRECATED),
             "%s: option \"%s\": an alias must be OTELC_OPT_DEPRECATED", what,
             k);
#undef LINT
        if (o->sub &&
            (o->type == OTELC_OPT_SECTION || o->type == OTELC_OPT_SECTION_LIST))
            n += lint(o->sub, stride, what, d, depth + 1);
    }
    return n;
}

size_t
otelc__schema_lint(const otelc_option *opts, size_t stride, const char *what,
                   otelc__diag *d)
{
    if (opts == NULL)
        return 0;
    if (stride < sizeof(otelc_option)) {
        otelc__diag_errorf(d, "%s: config_option_size %zu is too small", what,
                           stride);
        return 1;
    }
    return lint(opts, stride, what, d, 0);
}

/* ---- JSON Schema ---- */

static void
json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void
indent(FILE *f, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", f);
}

/* A scalar's value as JSON: typed for bool/int/double, a string else. */
static void
json_value(FILE *f, const otelc_option *o, const char *text)
{
    union val   v;
    const char *why;

    if (parse_scalar(o, text, &v, &why) != 0) {
        json_str(f, text);
        return;
    }
    if (o->type == OTELC_OPT_BOOL)
        fputs(v.b ? "true" : "false", f);
    else if (o->type == OTELC_OPT_INT)
        fprintf(f, "%" PRId64, v.i);
    else if (o->type == OTELC_OPT_DOUBLE && isfinite(v.f))
        fprintf(f, "%.17g", v.f);
    else
        json_str(f, text);
}

static void json_object(FILE *f, const otelc_option *opts, size_t stride,
                        int depth, const char *description);

/* Go durations; a bare integer is nanoseconds. */
#define DURATION_PATTERN                                                       \
    "^(0|[0-9]+|([0-9]*\\\\.?[0-9]+(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$"
#define BYTES_PATTERN "^[0-9]*\\\\.?[0-9]+ ?([KkMmGgTt][Ii]?)?[Bb]?$"

static void
json_option(FILE *f, const otelc_option *o, size_t stride, int depth)
{
    char desc[1024];

    snprintf(desc, sizeof(desc), "%s%s%s",
             (o->flags & OTELC_OPT_SECRET) ? "(secret) " : "",
             o->help ? o->help : "",
             (o->flags & OTELC_OPT_IGNORED)
                 ? " (accepted for otelcol compatibility, not acted upon)"
                 : "");
    if (o->type == OTELC_OPT_SECTION) {
        json_object(f, o->sub, stride, depth, desc);
        return;
    }
    if (o->type == OTELC_OPT_BLOCK) {
        const otelc_option *b = otelc__schema_block(o->block);
        char                d2[1200];
        snprintf(d2, sizeof(d2), "%s%s(%s)", desc, desc[0] ? " " : "",
                 otelc__schema_block_name(o->block));
        if (b != NULL)
            json_object(f, b, sizeof(otelc_option), depth, d2);
        else
            fputs("{}", f);
        return;
    }
    fputs("{\n", f);
    indent(f, depth + 1);
    fputs("\"description\": ", f);
    json_str(f, desc);
    if (o->flags & OTELC_OPT_SECRET)
        fputs(",\n", f), indent(f, depth + 1), fputs("\"writeOnly\": true", f);
    if (o->flags & OTELC_OPT_DEPRECATED)
        fputs(",\n", f), indent(f, depth + 1), fputs("\"deprecated\": true", f);
    fputs(",\n", f);
    indent(f, depth + 1);
    switch (o->type) {
    case OTELC_OPT_STRING:
        fputs("\"type\": \"string\"", f);
        break;
    case OTELC_OPT_BOOL:
        fputs("\"type\": \"boolean\"", f);
        break;
    case OTELC_OPT_INT:
        fputs("\"type\": \"integer\"", f);
        break;
    case OTELC_OPT_DOUBLE:
        fputs("\"type\": \"number\"", f);
        break;
    case OTELC_OPT_DURATION:
        fputs("\"type\": [\"string\", \"integer\"], \"minimum\": 0, "
              "\"pattern\": \"" DURATION_PATTERN "\"",
              f);
        break;
    case OTELC_OPT_BYTES:
        fputs("\"type\": [\"string\", \"integer\"], \"minimum\": 0, "
              "\"pattern\": \"" BYTES_PATTERN "\"",
              f);
        break;
    case OTELC_OPT_ENUM:
        if (o->flags & OTELC_OPT_NOCASE) {
            /* ECMA regexes have no (?i): spell each letter both ways. */
            fputs("\"type\": \"string\", \"pattern\": \"^(", f);
            for (int i = 0; o->values && o->values[i]; i++) {
                fputs(i ? "|" : "", f);
                for (const char *c = o->values[i]; *c; c++) {
                    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
                        fprintf(f, "[%c%c]", *c | 0x20, *c & ~0x20);
                    else if (strchr(".^$|()[]{}*+?\\", *c))
                        fprintf(f, "\\\\%c", *c);
                    else
                        fputc(*c, f);
                }
            }
            fputs(")$\", \"examples\": [", f);
        } else {
            fputs("\"type\": \"string\", \"enum\": [", f);
        }
        for (int i = 0; o->values && o->values[i]; i++) {
            if (i)
                fputs(", ", f);
            json_str(f, o->values[i]);
        }
        fputs("]", f);
        break;
    case OTELC_OPT_STRING_LIST:
        fputs("\"type\": \"array\", \"items\": {\"type\": \"string\"}", f);
        break;
    case OTELC_OPT_STRING_MAP:
        fputs("\"anyOf\": [{\"type\": \"object\", \"additionalProperties\": "
              "{\"type\": [\"string\", \"null\"]}}, {\"type\": \"array\", "
              "\"items\": {\"type\": \"object\", \"properties\": {\"name\": "
              "{\"type\": \"string\"}, \"value\": {\"type\": [\"string\", "
              "\"null\"]}}, \"required\": [\"name\"], "
              "\"additionalProperties\": false}}]",
              f);
        break;
    case OTELC_OPT_SECTION_LIST:
        fputs("\"type\": \"array\", \"items\": ", f);
        json_object(f, o->sub, stride, depth + 1, "");
        break;
    default: /* NODE: anything */
        fputs("\"$comment\": \"any value\"", f);
        break;
    }
    if (has_bounds(o->type) && o->type != OTELC_OPT_DURATION &&
        o->type != OTELC_OPT_BYTES) {
        union val v;
        if (bound(o, o->min, &v)) {
            fputs(", \"minimum\": ", f);
            json_value(f, o, o->min);
        }
        if (bound(o, o->max, &v)) {
            fputs(", \"maximum\": ", f);
            json_value(f, o, o->max);
        }
    }
    if (o->def != NULL && is_scalar_type(o->type)) {
        fputs(",\n", f);
        indent(f, depth + 1);
        fputs("\"default\": ", f);
        json_value(f, o, o->def);
    }
    fputc('\n', f);
    indent(f, depth);
    fputc('}', f);
}

static void
json_object(FILE *f, const otelc_option *opts, size_t stride, int depth,
            const char *description)
{
    struct level l = {0};
    int          nreq = 0;

    level_add(&l, opts, stride, NULL, 0);
    fputs("{\n", f);
    if (description && *description) {
        indent(f, depth + 1);
        fputs("\"description\": ", f);
        json_str(f, description);
        fputs(",\n", f);
    }
    indent(f, depth + 1);
    fputs("\"type\": [\"object\", \"null\"],\n", f);
    indent(f, depth + 1);
    fputs("\"additionalProperties\": false,\n", f);
    indent(f, depth + 1);
    fputs("\"properties\": {", f);
    for (size_t i = 0; i < l.n; i++) {
        const otelc_option *o = l.v[i].o;
        otelc_option        ao;
        if (o->alias_of != NULL) {
            const struct ent *t = level_find(&l, o->alias_of);
            if (t == NULL)
                continue;
            ao = *t->o;
            ao.key = o->key;
            ao.def = NULL;
            ao.flags |= OTELC_OPT_DEPRECATED;
            ao.flags &= ~(uint32_t)OTELC_OPT_REQUIRED;
            ao.help = o->help ? o->help : t->o->help;
            o = &ao;
        }
        fputs(i ? ",\n" : "\n", f);
        indent(f, depth + 2);
        json_str(f, o->key);
        fputs(": ", f);
        json_option(f, o, l.v[i].stride, depth + 2);
        if (o->flags & OTELC_OPT_REQUIRED)
            nreq++;
    }
    fputc('\n', f);
    indent(f, depth + 1);
    fputc('}', f);
    if (nreq) {
        int k = 0;
        fputs(",\n", f);
        indent(f, depth + 1);
        fputs("\"required\": [", f);
        for (size_t i = 0; i < l.n; i++) {
            if (!(l.v[i].o->flags & OTELC_OPT_REQUIRED) || l.v[i].o->alias_of)
                continue;
            if (k++)
                fputs(", ", f);
            json_str(f, l.v[i].o->key);
        }
        fputc(']', f);
    }
    fputc('\n', f);
    indent(f, depth);
    fputc('}', f);
    free(l.v);
}

void
otelc__schema_json(FILE *f, const otelc_option *opts, size_t stride,
                   const char *title, const char *description)
{
    fputs(
        "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
        "  \"title\": ",
        f);
    json_str(f, title ? title : "");
    fputs(",\n  \"allOf\": [", f);
    json_object(f, opts, stride, 1, description);
    fputs("]\n}\n", f);
}

/* ---- markdown ---- */

static const char *
md_type(const otelc_option *o)
{
    switch (o->type) {
    case OTELC_OPT_STRING:
        return "string";
    case OTELC_OPT_BOOL:
        return "bool";
    case OTELC_OPT_INT:
        return "int";
    case OTELC_OPT_DOUBLE:
        return "number";
    case OTELC_OPT_DURATION:
        return "duration";
    case OTELC_OPT_BYTES:
        return "byte size";
    case OTELC_OPT_ENUM:
        return "enum";
    case OTELC_OPT_STRING_LIST:
        return "list of strings";
    case OTELC_OPT_STRING_MAP:
        return "map of strings";
    case OTELC_OPT_SECTION:
        return "map";
    case OTELC_OPT_SECTION_LIST:
        return "list of maps";
    case OTELC_OPT_BLOCK:
        return otelc__schema_block_name(o->block);
    default:
        return "any";
    }
}

/* Table cells: pipes escaped, nothing else to do for our texts. */
static void
md_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc(*s, f);
    }
}

static void
md_rows(FILE *f, const otelc_option *opts, size_t stride, const char *prefix,
        int depth)
{
    for (size_t i = 0; depth < 8; i++) {
        const otelc_option *o = at(opts, stride, i);
        char                key[256];
        if (o->type == OTELC_OPT_END)
            return;
        if (o->key == NULL && o->type == OTELC_OPT_SECTION) {
            md_rows(f, o->sub, stride, prefix, depth + 1);
            continue;
        }
        if (o->key == NULL && o->type != OTELC_OPT_BLOCK)
            continue;
        if (o->key == NULL)
            snprintf(key, sizeof(key), "%s*", prefix);
        else
            snprintf(key, sizeof(key), "%s%s", prefix, o->key);
        fputs("| `", f);
        md_text(f, key);
        fputs("` | ", f);
        if (o->key == NULL)
            fputs("inline ", f);
        md_text(f, md_type(o));
        if (o->type == OTELC_OPT_ENUM) {
            fputs(": ", f);
            for (int k = 0; o->values && o->values[k]; k++)
                fprintf(f, "%s`%s`", k ? ", " : "", o->values[k]);
        }
        fputs(" | ", f);
        if (o->def && is_scalar_type(o->type)) {
            fputc('`', f);
            md_text(f, o->def);
            fputc('`', f);
        } else if (o->flags & OTELC_OPT_REQUIRED) {
            fputs("required", f);
        }
        fputs(" | ", f);
        if (o->flags & OTELC_OPT_SECRET)
            fputs("**secret** ", f);
        if (o->alias_of)
            fprintf(f, "deprecated name of `%s%s`. ", prefix, o->alias_of);
        else if (o->flags & OTELC_OPT_DEPRECATED)
            fputs("deprecated. ", f);
        md_text(f, o->help);
        if (o->min && o->max)
            fprintf(f, " (%s to %s)", o->min, o->max);
        else if (o->min)
            fprintf(f, " (at least %s)", o->min);
        else if (o->max)
            fprintf(f, " (at most %s)", o->max);
        if (o->flags & OTELC_OPT_IGNORED)
            fputs(" (accepted for otelcol compatibility, not acted upon)", f);
        if (o->type == OTELC_OPT_BLOCK) {
            struct level l = {0};
            level_add(&l, otelc__schema_block(o->block), sizeof(otelc_option),
                      NULL, 0);
            fputs(o->help && *o->help ? "; keys: " : "keys: ", f);
            for (size_t k = 0; k < l.n; k++)
                fprintf(f, "%s`%s`", k ? ", " : "", l.v[k].o->key);
            free(l.v);
        }
        fputs(" |\n", f);
        if (o->type == OTELC_OPT_SECTION || o->type == OTELC_OPT_SECTION_LIST) {
            char p2[300];
            snprintf(p2, sizeof(p2), "%s%s", key,
                     o->type == OTELC_OPT_SECTION_LIST ? "[]." : ".");
            md_rows(f, o->sub, stride, p2, depth + 1);
        }
    }
}

void
otelc__schema_markdown(FILE *f, const otelc_option *opts, size_t stride)
{
    fputs("| key | type | default | description |\n"
          "|---|---|---|---|\n",
          f);
    if (opts == NULL || at(opts, stride, 0)->type == OTELC_OPT_END) {
        fputs("| — | — | — | no settings: every key is an error |\n", f);
        return;
    }
    md_rows(f, opts, stride, "", 0);
}
