/* Option tables: walking a level (a table plus its squashed blocks) and
 * parsing, bounding and storing scalar values. */
#include "schema_int.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "duration.h"

const otelc_option *
otelc__sch_at(const otelc_option *opts, size_t stride, size_t i)
{
    return (const otelc_option *)(const void *)((const char *)opts +
                                                i * stride);
}

const struct otelc__sch_ent *
otelc__sch_level_find(const struct otelc__sch_level *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].o->key, key) == 0)
            return &l->v[i];
    return NULL;
}

void
otelc__sch_level_add(struct otelc__sch_level *l, const otelc_option *opts,
                     size_t stride, char *base, int depth)
{
    for (size_t i = 0; depth < 8; i++) {
        const otelc_option *o = otelc__sch_at(opts, stride, i);
        if (o->type == OTELC_OPT_END)
            return;
        if (o->key == NULL) {
            const otelc_option *b = otelc__schema_block(o->block);
            if (o->type == OTELC_OPT_BLOCK && b != NULL)
                otelc__sch_level_add(l, b, sizeof(otelc_option), NULL,
                                     depth + 1);
            else if (o->type == OTELC_OPT_SECTION && o->sub != NULL)
                otelc__sch_level_add(l, o->sub, stride, base, depth + 1);
            continue;
        }
        if (otelc__sch_level_find(l, o->key) != NULL)
            continue;
        if (l->n == l->cap) {
            size_t                 cap = l->cap ? l->cap * 2 : 16;
            struct otelc__sch_ent *v = realloc(l->v, cap * sizeof(*v));
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

/* ---- scalar values ---- */

const char *
otelc__sch_type_noun(const otelc_option *o)
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
const char *
otelc__sch_shown(const otelc_option *o, const char *s, char *buf, size_t cap)
{
    if (o->flags & OTELC_OPT_SECRET)
        return "<secret>";
    snprintf(buf, cap, "\"%.80s%s\"", s, strlen(s) > 80 ? "..." : "");
    return buf;
}

int
otelc__sch_ascii_ieq(const char *a, const char *b)
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
int
otelc__sch_parse_scalar(const otelc_option *o, const char *s,
                        union otelc__sch_val *v, const char **why)
{
    int rc;

    *why = NULL;
    switch (o->type) {
    case OTELC_OPT_STRING:
        v->s = s;
        return 0;
    case OTELC_OPT_BOOL:
        rc = otelc__cfg_parse_bool(s, &v->b);
        if (rc == OTELC_E_TYPE)
            *why = "expected true or false (YAML 1.2 reads this as a string)";
        return rc == OTELC_OK ? 0 : -1;
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
            if ((o->flags & OTELC_OPT_NOCASE)
                    ? otelc__sch_ascii_ieq(o->values[i], s)
                    : strcmp(o->values[i], s) == 0) {
                v->b = i;
                return 0;
            }
        }
        return -1;
    }
    return -1;
}

int
otelc__sch_is_scalar_type(uint32_t t)
{
    return t >= OTELC_OPT_STRING && t <= OTELC_OPT_ENUM;
}

int
otelc__sch_is_float_type(uint32_t t)
{
    return t == OTELC_OPT_DOUBLE;
}

int
otelc__sch_has_bounds(uint32_t t)
{
    return t == OTELC_OPT_INT || t == OTELC_OPT_DOUBLE ||
           t == OTELC_OPT_DURATION || t == OTELC_OPT_BYTES;
}

void
otelc__sch_store(const otelc_option *o, char *field,
                 const union otelc__sch_val *v)
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
int
otelc__sch_bound(const otelc_option *o, const char *text,
                 union otelc__sch_val *v)
{
    const char *why;
    return text != NULL && otelc__sch_parse_scalar(o, text, v, &why) == 0;
}
