/* Private to core/config: the option-table walking and scalar parsing
 * shared by the schema reader (schema.c) and the schema's descriptions
 * (schema_describe.c: lint, JSON Schema, Markdown). */
#ifndef OTELC__SCHEMA_INT_H
#define OTELC__SCHEMA_INT_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"

/* One key of a level: its option and the struct its offset is into. */
struct otelc__sch_ent {
    const otelc_option *o;
    char               *base; /* struct the offset is into; NULL: none */
    size_t              stride;
};

/* A map's keys: the table's plus those of the blocks squashed into it. */
struct otelc__sch_level {
    struct otelc__sch_ent *v;
    size_t                 n, cap;
    int                    oom;
};

/* A parsed scalar, before it is stored into its field. */
union otelc__sch_val {
    const char *s;
    int64_t     i;
    double      f;
    int         b;
};

const otelc_option *otelc__sch_at(const otelc_option *opts, size_t stride,
                                  size_t i);
const struct otelc__sch_ent      *
otelc__sch_level_find(const struct otelc__sch_level *l, const char *key);
void otelc__sch_level_add(struct otelc__sch_level *l, const otelc_option *opts,
                          size_t stride, char *base, int depth);
const char *otelc__sch_type_noun(const otelc_option *o);
const char *otelc__sch_shown(const otelc_option *o, const char *s, char *buf,
                             size_t cap);
int         otelc__sch_ascii_ieq(const char *a, const char *b);
int         otelc__sch_parse_scalar(const otelc_option *o, const char *s,
                                    union otelc__sch_val *v, const char **why);
int         otelc__sch_is_scalar_type(uint32_t t);
int         otelc__sch_is_float_type(uint32_t t);
int         otelc__sch_has_bounds(uint32_t t);
void        otelc__sch_store(const otelc_option *o, char *field,
                             const union otelc__sch_val *v);
int         otelc__sch_bound(const otelc_option *o, const char *text,
                             union otelc__sch_val *v);

#endif
