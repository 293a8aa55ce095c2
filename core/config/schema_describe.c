/* Describing an option table: a lint of the table itself, its JSON
 * Schema (`otelc components --config-schema`) and its Markdown table (the
 * plugin READMEs'). */
#include "schema_int.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "duration.h"
#include <stdio.h>

/* ---- lint ---- */

static size_t
lint(const otelc_option *opts, size_t stride, const char *what, otelc__diag *d,
     int depth)
{
    size_t                  n = 0;
    struct otelc__sch_level l = {0};

    /* The keys of this map, squashed blocks included: what an alias may
     * name. */
    otelc__sch_level_add(&l, opts, stride, NULL, 0);
    for (size_t i = 0; depth < 8; i++) {
        const otelc_option          *o = otelc__sch_at(opts, stride, i);
        const struct otelc__sch_ent *t;
        union otelc__sch_val         v;
        const char                  *why, *k = o->key ? o->key : "(inline)";
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
        LINT(o->def && otelc__sch_is_scalar_type(o->type) &&
                 otelc__sch_parse_scalar(o, o->def, &v, &why) != 0,
             "%s: option \"%s\": invalid default \"%s\"", what, k, o->def);
        LINT(o->min && (!otelc__sch_has_bounds(o->type) ||
                        !otelc__sch_bound(o, o->min, &v)),
             "%s: option \"%s\": invalid min \"%s\"", what, k, o->min);
        LINT(o->max && (!otelc__sch_has_bounds(o->type) ||
                        !otelc__sch_bound(o, o->max, &v)),
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
        t = o->alias_of ? otelc__sch_level_find(&l, o->alias_of) : NULL;
        LINT(o->alias_of && (t == NULL || t->o->alias_of != NULL),
             "%s: option \"%s\": alias of \"%s\", which is not an option "
             "of this map",
             what, k, o->alias_of);
#undef LINT
        if (o->sub &&
            (o->type == OTELC_OPT_SECTION || o->type == OTELC_OPT_SECTION_LIST))
            n += lint(o->sub, stride, what, d, depth + 1);
    }
    free(l.v);
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
    union otelc__sch_val v;
    const char          *why;

    if (otelc__sch_parse_scalar(o, text, &v, &why) != 0) {
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
    if (otelc__sch_has_bounds(o->type) && o->type != OTELC_OPT_DURATION &&
        o->type != OTELC_OPT_BYTES) {
        union otelc__sch_val v;
        if (otelc__sch_bound(o, o->min, &v)) {
            fputs(", \"minimum\": ", f);
            json_value(f, o, o->min);
        }
        if (otelc__sch_bound(o, o->max, &v)) {
            fputs(", \"maximum\": ", f);
            json_value(f, o, o->max);
        }
    }
    if (o->def != NULL && otelc__sch_is_scalar_type(o->type)) {
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
    struct otelc__sch_level l = {0};
    int                     nreq = 0;

    otelc__sch_level_add(&l, opts, stride, NULL, 0);
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
            const struct otelc__sch_ent *t =
                otelc__sch_level_find(&l, o->alias_of);
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
        const otelc_option *o = otelc__sch_at(opts, stride, i);
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
        if (o->def && otelc__sch_is_scalar_type(o->type)) {
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
            struct otelc__sch_level l = {0};
            otelc__sch_level_add(&l, otelc__schema_block(o->block),
                                 sizeof(otelc_option), NULL, 0);
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
    if (opts == NULL || otelc__sch_at(opts, stride, 0)->type == OTELC_OPT_END) {
        fputs("| — | — | — | no settings: every key is an error |\n", f);
        return;
    }
    md_rows(f, opts, stride, "", 0);
}
