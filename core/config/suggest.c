/* "Did you mean" for names a user mistyped (config keys, component
 * types), and the one report of an unknown config key. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Optimal string alignment distance (Levenshtein plus swaps of adjacent
 * characters, the commonest typo), case-insensitive. */
size_t
otelc__edit_distance(const char *a, const char *b)
{
    size_t  la = strlen(a), lb = strlen(b), res;
    size_t *d = otelc__cfg_xalloc((la + 1) * (lb + 1) * sizeof(*d));

#define D(i, j) d[(i) * (lb + 1) + (j)]
    for (size_t i = 0; i <= la; i++)
        D(i, 0) = i;
    for (size_t j = 0; j <= lb; j++)
        D(0, j) = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int    ca = tolower((unsigned char)a[i - 1]);
            int    cb = tolower((unsigned char)b[j - 1]);
            size_t best = D(i - 1, j - 1) + (ca != cb);
            if (D(i - 1, j) + 1 < best)
                best = D(i - 1, j) + 1;
            if (D(i, j - 1) + 1 < best)
                best = D(i, j - 1) + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb &&
                D(i - 2, j - 2) + 1 < best)
                best = D(i - 2, j - 2) + 1;
            D(i, j) = best;
        }
    }
    res = D(la, lb);
#undef D
    free(d);
    return res;
}

const char *
otelc__closest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    /* Close enough to be a typo rather than another word: none for one-
     * or two-letter names, one edit for short names, three for long. */
    size_t      limit = len <= 2 ? 0 : len < 5 ? 1 : len < 9 ? 2 : 3;
    size_t      best_d = limit + 1;
    const char *best = NULL;

    if (limit == 0)
        return NULL;

    for (size_t i = 0; i < n; i++) {
        size_t dist;
        if (cands[i] == NULL || strcmp(cands[i], word) == 0)
            continue;
        dist = otelc__edit_distance(word, cands[i]);
        if (dist < best_d) {
            best_d = dist;
            best = cands[i];
        }
    }
    return best;
}

void
otelc__cfg_report_unknown_key(otelc__diag *d, const otelc_config *node,
                              const char *const *known, size_t n_known)
{
    const char *near = otelc__closest(node->key, known, n_known);

    if (near)
        otelc__diag_error(d, node, "unknown key \"%s\" (did you mean `%s`?)",
                          node->key, near);
    else
        otelc__diag_error(d, node, "unknown key \"%s\"", node->key);
}
