/* Combining configs: several --config files merged in order, then --set
 * values applied on top (otelcol semantics: maps merge key by key,
 * everything else from the later source replaces). */
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* Moves the content of src into dst (dst keeps its key, parent and place
 * in its parent; positions are src's, so errors point at the value that
 * won) and frees src's shell. */
static void
take_over(otelc_config *dst, otelc_config *src)
{
    for (size_t i = 0; i < dst->n; i++)
        otelc__cfg_free(dst->items[i]);
    free(dst->items);
    free(dst->scalar);
    free(dst->file);
    dst->kind = src->kind;
    dst->scalar = src->scalar;
    dst->quoted = src->quoted;
    dst->n = src->n;
    dst->items = src->items;
    dst->file = src->file;
    dst->line = src->line;
    dst->col = src->col;
    dst->used = src->used;
    for (size_t i = 0; i < dst->n; i++)
        dst->items[i]->parent = dst;
    free(src->key);
    otelc__cfg_free_asked(src);
    free(src);
}

void
otelc__cfg_merge(otelc_config *dst, otelc_config *src)
{
    if (src == NULL)
        return;
    if (dst->kind != OTELC_CFG_MAP || src->kind != OTELC_CFG_MAP) {
        take_over(dst, src);
        return;
    }
    for (size_t i = 0; i < src->n; i++) {
        otelc_config *s = src->items[i];
        long          j = otelc__cfg_find(dst, s->key);
        if (j < 0)
            otelc__cfg_append(dst, s);
        else
            otelc__cfg_merge(dst->items[j], s);
    }
    /* The children now belong to dst (or were consumed); only the shell
     * is left. */
    free(src->items);
    free(src->scalar);
    free(src->key);
    free(src->file);
    otelc__cfg_free_asked(src);
    free(src);
}

/* Splits "a::b::c" on "::" when present, else "a.b.c" on '.'. Returns the
 * number of segments (all non-empty) or 0 when one is empty. */
static size_t
split_key(char *keys, char ***out)
{
    int    dcolon = strstr(keys, "::") != NULL;
    size_t n = 1, i = 0;
    char  *p, **segs;

    for (p = keys; *p; p++)
        if (dcolon ? (p[0] == ':' && p[1] == ':') : *p == '.')
            n++;
    segs = otelc__cfg_xalloc(n * sizeof(*segs));
    p = keys;
    for (;;) {
        char *sep = dcolon ? strstr(p, "::") : strchr(p, '.');
        segs[i++] = p;
        if (sep == NULL)
            break;
        *sep = '\0';
        p = sep + (dcolon ? 2 : 1);
    }
    for (i = 0; i < n; i++) {
        if (segs[i][0] == '\0') {
            free(segs);
            return 0;
        }
    }
    *out = segs;
    return n;
}

int
otelc__cfg_set(otelc_config *root, const char *assignment, otelc__diag *d)
{
    const char   *eq = strchr(assignment, '=');
    char         *keys, **segs = NULL;
    size_t        nseg;
    otelc_config *map = root, *value;
    otelc__diag   local = {0};

    if (eq == NULL || eq == assignment) {
        otelc__diag_errorf(d,
                           "--set %s: expected key=value, e.g. "
                           "processors::batch::timeout=2s",
                           assignment);
        return OTELC_E_CONFIG;
    }
    keys = otelc__cfg_xalloc((size_t)(eq - assignment) + 1);
    memcpy(keys, assignment, (size_t)(eq - assignment));
    nseg = split_key(keys, &segs);
    if (nseg == 0) {
        otelc__diag_errorf(d, "--set %s: empty key segment", assignment);
        free(keys);
        return OTELC_E_CONFIG;
    }

    /* Walk and create the maps on the way. A null on the way (`batch:`)
     * becomes a map; a scalar or list cannot hold keys. */
    for (size_t i = 0; i + 1 < nseg; i++) {
        long          j = otelc__cfg_find(map, segs[i]);
        otelc_config *next;
        if (j < 0) {
            next = otelc__cfg_new(OTELC_CFG_MAP, "--set", 0, 0);
            next->key = otelc__cfg_xstrdup(segs[i]);
            otelc__cfg_append(map, next);
        } else {
            next = map->items[j];
            if (next->kind == OTELC_CFG_NULL) {
                next->kind = OTELC_CFG_MAP;
            } else if (next->kind != OTELC_CFG_MAP) {
                /* One origin per message: the assignment, and where the
                 * value in the way came from only when that was a file. */
                char *path = otelc__cfg_path(next);
                if (next->line > 0)
                    otelc__diag_errorf(
                        d,
                        "--set %s: cannot set a key inside %s, a %s "
                        "(%s:%d:%d)",
                        assignment, path,
                        next->kind == OTELC_CFG_SEQ ? "list" : "single value",
                        next->file, next->line, next->col);
                else
                    otelc__diag_errorf(
                        d, "--set %s: cannot set a key inside %s, a %s",
                        assignment, path,
                        next->kind == OTELC_CFG_SEQ ? "list" : "single value");
                free(path);
                free(segs);
                free(keys);
                return OTELC_E_CONFIG;
            }
        }
        map = next;
    }

    /* The value is YAML ("2", "detailed", "[a, b]", "{x: 1}"), so types
     * behave as if written in a file. */
    value = otelc__cfg_parse("--set", eq + 1, strlen(eq + 1), 1, 1, &local);
    if (value == NULL) {
        /* The parser's messages are located at "--set"; say which --set
         * once, in the same line. */
        for (size_t i = 0; i < otelc__diag_count(&local); i++) {
            const char *t = otelc__diag_text(&local, i);
            if (strncmp(t, "--set: ", 7) == 0)
                t += 7;
            else if (strcmp(t, "--set") == 0)
                t = "";
            if (otelc__diag_level(&local, i) == OTELC__DIAG_ERROR)
                otelc__diag_errorf(d, "--set %s: invalid value%s%s", assignment,
                                   *t ? ": " : "", t);
            else
                otelc__diag_warnf(d, "--set %s: %s", assignment, t);
        }
        if (otelc__diag_errors(&local) == 0)
            otelc__diag_errorf(d, "--set %s: invalid value", assignment);
        otelc__diag_free(&local);
        free(segs);
        free(keys);
        return OTELC_E_CONFIG;
    }
    value->key = otelc__cfg_xstrdup(segs[nseg - 1]);
    {
        long j = otelc__cfg_find(map, segs[nseg - 1]);
        if (j < 0)
            otelc__cfg_append(map, value);
        else
            otelc__cfg_merge(map->items[j], value);
    }
    free(segs);
    free(keys);
    return OTELC_OK;
}
