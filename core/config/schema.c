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
#include "schema_int.h"

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
    union otelc__sch_val v;
    const char          *why;

    if (field == NULL || !otelc__sch_is_scalar_type(o->type))
        return;
    memset(&v, 0, sizeof(v));
    if (o->def != NULL && otelc__sch_parse_scalar(o, o->def, &v, &why) != 0) {
        otelc__diag_errorf(r->d,
                           "config schema: invalid default \"%s\" of option "
                           "\"%s\"",
                           o->def, o->key);
        fail(r, OTELC_E_CONFIG);
        memset(&v, 0, sizeof(v));
    }
    otelc__sch_store(o, field, &v);
}

/* Reports a value of the wrong shape for o ("expected a list of strings,
 * got a map"); its subtree is marked read so its keys are not also
 * reported as unknown. */
static void
wrong_kind(struct rd *r, const otelc_option *o, const otelc_config *n)
{
    otelc__cfg_mark_used(n);
    otelc__diag_error(r->d, n, "expected %s, got %s", otelc__sch_type_noun(o),
                      otelc__cfg_kind_name(n->kind));
}

/* Room for the n->n items of a list or map option in the instance's
 * memory: *out is NULL when nothing is written (validation, or no items).
 * 0, or -1 (reported) when out of memory. */
static int
alloc_items(struct rd *r, const otelc_config *n, const char *field, size_t size,
            void **out)
{
    *out = NULL;
    if (field == NULL || n->n == 0)
        return 0;
    *out = otelc__cfg_mem_alloc(r->mem, n->n * size);
    if (*out == NULL) {
        fail(r, OTELC_E_NOMEM);
        return -1;
    }
    return 0;
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
                      otelc__sch_shown(o, n->scalar, sh, sizeof(sh)), buf);
}

/* A present scalar; returns 0 when v holds a valid value. */
static int
read_scalar(struct rd *r, const otelc_option *o, const otelc_config *n,
            union otelc__sch_val *v)
{
    const char          *why;
    char                 sh[100];
    union otelc__sch_val lo, hi;

    if (n->kind != OTELC_CFG_SCALAR) {
        wrong_kind(r, o, n);
        return -1;
    }
    if (otelc__sch_parse_scalar(o, n->scalar, v, &why) != 0) {
        if (o->type == OTELC_OPT_ENUM)
            enum_error(r, o, n);
        else if (why != NULL)
            otelc__diag_error(r->d, n, "%s: %s", why,
                              otelc__sch_shown(o, n->scalar, sh, sizeof(sh)));
        else
            otelc__diag_error(r->d, n, "expected %s, got %s",
                              otelc__sch_type_noun(o),
                              otelc__sch_shown(o, n->scalar, sh, sizeof(sh)));
        return -1;
    }
    if (!otelc__sch_has_bounds(o->type))
        return 0;
    if (otelc__sch_bound(o, o->min, &lo) &&
        (otelc__sch_is_float_type(o->type) ? !(v->f >= lo.f) : v->i < lo.i)) {
        otelc__diag_error(r->d, n, "must be at least %s, got %s", o->min,
                          otelc__sch_shown(o, n->scalar, sh, sizeof(sh)));
        return -1;
    }
    if (otelc__sch_bound(o, o->max, &hi) &&
        (otelc__sch_is_float_type(o->type) ? !(v->f <= hi.f) : v->i > hi.i)) {
        otelc__diag_error(r->d, n, "must be at most %s, got %s", o->max,
                          otelc__sch_shown(o, n->scalar, sh, sizeof(sh)));
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
    void             *mem;
    int               bad = 0;

    if (n->kind != OTELC_CFG_SEQ) {
        wrong_kind(r, o, n);
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (alloc_items(r, n, field, sizeof(*v), &mem) != 0)
        return;
    v = mem;
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *it = n->items[i];
        otelc__cfg_mark_used(it); /* a wrong item's keys are not unknown */
        if (it->kind != OTELC_CFG_SCALAR) {
            otelc__diag_error(r->d, it, "expected a string, got %s",
                              otelc__cfg_kind_name(it->kind));
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
    static const char *const known[] = {"name", "value"};
    otelc_cfg_pairs          l = {NULL, 0};
    otelc_cfg_pair          *v = NULL;
    void                    *mem;
    int                      bad = 0;

    if (n->kind != OTELC_CFG_MAP && n->kind != OTELC_CFG_SEQ) {
        wrong_kind(r, o, n);
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (alloc_items(r, n, field, sizeof(*v), &mem) != 0)
        return;
    v = mem;
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
                                  otelc__cfg_kind_name(it->kind));
                bad = 1;
                continue;
            }
            nm = otelc__cfg_get(it, "name");
            val = otelc__cfg_get(it, "value"); /* NULL: the empty string */
            for (size_t j = 0; j < it->n; j++) {
                if (!it->items[j]->used) {
                    otelc__cfg_report_unknown_key(r->d, it->items[j], known, 2);
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
                              otelc__cfg_kind_name(val->kind));
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
    void              *mem;

    if (n->kind != OTELC_CFG_SEQ) {
        wrong_kind(r, o, n);
        fail(r, OTELC_E_CONFIG);
        return;
    }
    if (alloc_items(r, n, field, o->sub_size, &mem) != 0)
        return;
    v = mem;
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *it = n->items[i];
        otelc__cfg_mark_node(it);
        if (it->kind != OTELC_CFG_MAP) {
            otelc__cfg_mark_used(it);
            otelc__diag_error(r->d, it, "expected a map, got %s",
                              otelc__cfg_kind_name(it->kind));
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
read_one(struct rd *r, const struct otelc__sch_ent *e, const otelc_option *o,
         const otelc_config *n, const otelc_config *anchor, int defaults_only)
{
    char                *field = e->base ? e->base + o->offset : NULL;
    int                  present = n != NULL && n->kind != OTELC_CFG_NULL;
    union otelc__sch_val v;
    size_t               before = otelc__diag_errors(r->d);

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
                              otelc__cfg_kind_name(n->kind));
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
            otelc__sch_store(o, field, &v);
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

/* The value of `key`, marked read. Unlike otelc__cfg_get() it does not
 * note absent keys for suggestions: the schema knows its keys. */
static const otelc_config *
child(const otelc_config *map, const char *key)
{
    long i = map ? otelc__cfg_find(map, key) : -1;

    if (i < 0)
        return NULL;
    otelc__cfg_mark_node(map->items[i]);
    return map->items[i];
}

/* map: the section to read (NULL: absent or null); self: its node as
 * written (a null node when the section is `key:` alone), what squashed
 * blocks and NODE fields with key NULL receive. */
static void
read_level(struct rd *r, const otelc_config *map, const otelc_config *self,
           const otelc_option *opts, size_t stride, char *base,
           const otelc_config *anchor, int defaults_only)
{
    struct otelc__sch_level l = {0};

    otelc__sch_level_add(&l, opts, stride, base, 0);
    if (l.oom) {
        fail(r, OTELC_E_NOMEM);
        free(l.v);
        return;
    }
    /* Squashed blocks and the section's own node. */
    for (size_t i = 0; base != NULL; i++) {
        const otelc_option *o = otelc__sch_at(opts, stride, i);
        if (o->type == OTELC_OPT_END)
            break;
        if (o->key == NULL &&
            (o->type == OTELC_OPT_BLOCK || o->type == OTELC_OPT_NODE))
            memcpy(base + o->offset, &self, sizeof(self));
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < l.n; i++) {
            const struct otelc__sch_ent *e = &l.v[i];
            const otelc_option          *o = e->o;
            const otelc_config          *n;
            int                          alias = o->alias_of != NULL;
            if (alias != pass)
                continue;
            n = child(map, o->key);
            if (alias) {
                const struct otelc__sch_ent *t =
                    otelc__sch_level_find(&l, o->alias_of);
                const otelc_config   *tn = child(map, o->alias_of);
                otelc_option          ao;
                struct otelc__sch_ent ae;
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
        const char **known = calloc(l.n ? l.n : 1, sizeof(*known));
        for (size_t i = 0; known && i < l.n; i++)
            known[i] = l.v[i].o->key;
        for (size_t i = 0; i < map->n; i++) {
            const otelc_config *c = map->items[i];
            if (otelc__sch_level_find(&l, c->key) == NULL) {
                otelc__cfg_report_unknown_key(r->d, c, known, known ? l.n : 0);
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
                          otelc__cfg_kind_name(map->kind));
        read_level(&r, NULL, NULL, opts, stride, dst, anchor, 1);
        return OTELC_E_CONFIG;
    }
    read_level(&r, map, self, opts, stride, dst, self ? self : anchor, 0);
    return r.rc;
}

const otelc_option *
otelc__schema_find(const otelc_option *opts, size_t stride, const char *path)
{
    struct otelc__sch_level l = {0};
    const otelc_option     *o = NULL;
    const char             *dot = strchr(path, '.');
    size_t                  len = dot ? (size_t)(dot - path) : strlen(path);

    otelc__sch_level_add(&l, opts, stride, NULL, 0);
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
