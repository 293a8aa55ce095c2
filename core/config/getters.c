/* Typed getters over the configuration tree (strings, integers, doubles,
 * booleans, durations, byte sizes) and read tracking. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

/* ------------------------------------------------------------------ */
/* reading                                                             */
/* ------------------------------------------------------------------ */

void (*otelc__cfg_lookup_hook)(const otelc_config *map, const char *key);

const otelc_config *
otelc__cfg_get(const otelc_config *map, const char *key)
{
    long i;

    if (otelc__cfg_lookup_hook != NULL && map != NULL)
        otelc__cfg_lookup_hook(map, key);
    i = otelc__cfg_find(map, key);
    if (i < 0) {
        otelc__cfg_note_asked(map, key);
        return NULL;
    }
    otelc__cfg_mark_node(map->items[i]);
    return map->items[i];
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
                          otelc__cfg_kind_name(v->kind));
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

int
otelc__cfg_parse_int(const char *s, int64_t *out)
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
    rc = otelc__cfg_parse_int(v->scalar, out);
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
int
otelc__cfg_parse_double(const char *s, double *out)
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
    rc = otelc__cfg_parse_double(v->scalar, out);
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
otelc__cfg_parse_bool(const char *s, int *out)
{
    static const char *const yaml11[] = {"yes", "no", "on", "off", "y", "n",
                                         "Yes", "No", "On", "Off", "Y", "N",
                                         "YES", "NO", "ON", "OFF"};

    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
        *out = 1;
        return OTELC_OK;
    }
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
        *out = 0;
        return OTELC_OK;
    }
    for (size_t i = 0; i < sizeof(yaml11) / sizeof(yaml11[0]); i++)
        if (strcmp(s, yaml11[i]) == 0)
            return OTELC_E_TYPE;
    return OTELC_E_INVALID;
}

int
otelc__cfg_get_bool(const otelc_config *map, const char *key, int def, int *out,
                    otelc__diag *d)
{
    const otelc_config *v = NULL;
    int                 rc = get_scalar(map, key, "true or false", &v, d);
    *out = def;
    if (rc <= 0)
        return rc;
    rc = otelc__cfg_parse_bool(v->scalar, out);
    if (rc == OTELC_OK)
        return OTELC_OK;
    *out = def;
    if (rc == OTELC_E_TYPE) {
        otelc__diag_error(d, v,
                          "expected true or false, got \"%s\" (YAML 1.2 "
                          "reads it as a string)",
                          v->scalar);
        return OTELC_E_CONFIG;
    }
    otelc__diag_error(d, v, "expected true or false, got \"%s\"", v->scalar);
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
    otelc__cfg_mark_node(n);
    for (size_t i = 0; i < n->n; i++)
        otelc__cfg_mark_used(n->items[i]);
}

void
otelc__cfg_report_unused(const otelc_config *n, otelc__diag *d)
{
    const char **known = NULL;
    size_t       n_known = 0;

    if (n == NULL)
        return;
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *c = n->items[i];
        if (n->kind != OTELC_CFG_MAP || c->used) {
            otelc__cfg_report_unused(c, d);
            continue;
        }
        if (known == NULL) {
            /* The keys this map's reader knows: those it looked up and
             * did not find, and those it read. */
            known = otelc__cfg_xalloc((n->n_asked + n->n) * sizeof(*known));
            for (size_t j = 0; j < n->n_asked; j++)
                known[n_known++] = n->asked[j];
            for (size_t j = 0; j < n->n; j++)
                if (n->items[j]->used)
                    known[n_known++] = n->items[j]->key;
        }
        otelc__cfg_report_unknown_key(d, c, known, n_known);
    }
    free(known);
}

/* Did an error get reported at n or below it? */
static int
subtree_erred(const otelc_config *n)
{
    if (n->erred)
        return 1;
    for (size_t i = 0; i < n->n; i++)
        if (subtree_erred(n->items[i]))
            return 1;
    return 0;
}

void
otelc__cfg_forgive_unread(const otelc_config *n)
{
    int after_error = 0;

    if (n == NULL || (n->kind != OTELC_CFG_MAP && n->kind != OTELC_CFG_SEQ))
        return;
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *c = n->items[i];
        if (n->kind == OTELC_CFG_MAP && after_error && !c->used)
            otelc__cfg_mark_used(c);
        else if (c->used)
            otelc__cfg_forgive_unread(c);
        if (subtree_erred(c))
            after_error = 1;
    }
}

/* ---- structure accessors (the cfg_kind .. cfg_scalar members) ---- */

int
otelc__cfg_kind(const otelc_config *n)
{
    return n ? n->kind : OTELC_CFG_NULL;
}

size_t
otelc__cfg_len(const otelc_config *n)
{
    return n && (n->kind == OTELC_CFG_MAP || n->kind == OTELC_CFG_SEQ) ? n->n
                                                                       : 0;
}

/* Iterating over a map's entries or a list's items reads them, so the
 * item is marked used (its own children are still tracked one by one). */
const otelc_config *
otelc__cfg_item(const otelc_config *n, size_t i)
{
    if (n == NULL || i >= otelc__cfg_len(n))
        return NULL;
    otelc__cfg_mark_node(n->items[i]);
    return n->items[i];
}

const char *
otelc__cfg_key(const otelc_config *n, size_t i)
{
    if (n == NULL || n->kind != OTELC_CFG_MAP || i >= n->n)
        return NULL;
    return n->items[i]->key;
}

const char *
otelc__cfg_scalar(const otelc_config *n)
{
    return n && n->kind == OTELC_CFG_SCALAR ? n->scalar : NULL;
}
