/* Configuration tree nodes: allocation, copy, lookup, and the YAML path
 * and file:line of a node for error messages.
 *
 * Read tracking: `used` is set on nodes handed out through const pointers
 * (plugins only ever see const otelc_config *). It is bookkeeping about
 * who looked at the config, not part of the config's content, so the
 * accessors cast const away to set it. Nodes are never in read-only
 * memory: they are all heap allocated by this layer. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_table.h"

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

void
otelc__cfg_mark_node(const otelc_config *n)
{
    /* Const cast: read tracking is bookkeeping, see the top of the file. */
    if (n != NULL)
        ((otelc_config *)n)->used = 1;
}

/* Plugins may read their config from start() on several workers at
 * once; the list of looked-up keys is the one thing read tracking
 * allocates, so it takes a lock. */
static pthread_mutex_t asked_mu = PTHREAD_MUTEX_INITIALIZER;

void
otelc__cfg_note_asked(const otelc_config *n, const char *key)
{
    otelc_config *m = (otelc_config *)n; /* bookkeeping, see the top */
    char        **v;

    if (m == NULL || m->kind != OTELC_CFG_MAP || key == NULL)
        return;
    pthread_mutex_lock(&asked_mu);
    for (size_t i = 0; i < m->n_asked; i++) {
        if (strcmp(m->asked[i], key) == 0) {
            pthread_mutex_unlock(&asked_mu);
            return;
        }
    }
    v = realloc(m->asked, (m->n_asked + 1) * sizeof(*v));
    if (v != NULL) {
        m->asked = v;
        m->asked[m->n_asked] = strdup(key);
        if (m->asked[m->n_asked] != NULL)
            m->n_asked++;
    }
    pthread_mutex_unlock(&asked_mu);
}

void
otelc__cfg_free_asked(otelc_config *n)
{
    for (size_t i = 0; i < n->n_asked; i++)
        free(n->asked[i]);
    free(n->asked);
    n->asked = NULL;
    n->n_asked = 0;
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
    otelc__cfg_free_asked(n);
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

size_t
otelc__cfg_count_nodes(const otelc_config *n)
{
    size_t c = 1;
    for (size_t i = 0; i < n->n; i++)
        c += otelc__cfg_count_nodes(n->items[i]);
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

const char *
otelc__cfg_kind_name(int kind)
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
