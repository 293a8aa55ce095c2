/* ${...} expansion of config values, following otelcol's confmap:
 *
 *   ${env:VAR}            environment variable; unset -> empty
 *   ${env:VAR:-default}   default when VAR is unset (set but empty stays
 *                         empty, as in otelcol's env provider)
 *   ${VAR}                legacy bare form of ${env:VAR}
 *   ${file:path}          file content, trailing newlines trimmed; a
 *                         relative path is relative to the working directory
 *   $$                    a literal $
 *
 * Anything else after "${" (another scheme, a malformed name, nesting) is
 * an error rather than being passed through: a config that silently keeps
 * "${http://...}" as text fails much later and much more confusingly.
 * A '$' not followed by '$' or '{' is kept as is ("$VAR" is not expanded:
 * otelcol dropped that form). An unset variable is not logged: the config
 * layer has no logger, and otelcol's warning is noise for the common
 * optional-override pattern. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct buf {
    char  *p;
    size_t len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char  *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (p == NULL) {
            fputs("otelc: out of memory while loading the configuration\n",
                  stderr);
            abort();
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static int
is_env_name(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') ||
                    (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

/* Length of a URI scheme at the start of s ("env", "file"), 0 if none. */
static size_t
scheme_len(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 ||
        !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return 0;
    for (i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
            break;
    }
    return i < n && s[i] == ':' ? i : 0;
}

static int
expand_env(struct buf *out, const char *name, size_t n, const char *def,
           size_t defn, const otelc_config *at, otelc__diag *d)
{
    char       *var;
    const char *val;
    if (!is_env_name(name, n)) {
        otelc__diag_error(d, at,
                          "invalid environment variable name \"%.*s\" "
                          "(letters, digits and _ only)",
                          (int)n, name);
        return -1;
    }
    var = otelc__cfg_xalloc(n + 1);
    memcpy(var, name, n);
    val = getenv(var);
    free(var);
    if (val != NULL)
        buf_add(out, val, strlen(val));
    else if (def != NULL)
        buf_add(out, def, defn);
    return 0;
}

static int
expand_file(struct buf *out, const char *path, size_t n, const otelc_config *at,
            otelc__diag *d)
{
    char  *p = otelc__cfg_xalloc(n + 1);
    FILE  *f;
    size_t start = out->len;
    char   chunk[4096];
    size_t got;
    int    err;

    memcpy(p, path, n);
    if (n == 0) {
        otelc__diag_error(d, at, "${file:} needs a path");
        free(p);
        return -1;
    }
    f = fopen(p, "rb");
    if (f == NULL) {
        otelc__diag_error(d, at, "cannot read file \"%s\": %s", p,
                          strerror(errno));
        free(p);
        return -1;
    }
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(out, chunk, got);
    err = ferror(f) ? errno : 0;
    fclose(f);
    if (err != 0) {
        otelc__diag_error(d, at, "cannot read file \"%s\": %s", p,
                          strerror(err));
        free(p);
        return -1;
    }
    free(p);
    /* Secrets files usually end with a newline the value must not have. */
    while (out->len > start &&
           (out->p[out->len - 1] == '\n' || out->p[out->len - 1] == '\r'))
        out->p[--out->len] = '\0';
    return 0;
}

/* Expands the reference text between "${" and "}". */
static int
expand_ref(struct buf *out, const char *ref, size_t n, const otelc_config *at,
           otelc__diag *d)
{
    size_t sl = scheme_len(ref, n);
    if (sl == 0) {
        if (is_env_name(ref, n))
            return expand_env(out, ref, n, NULL, 0, at, d);
        otelc__diag_error(d, at,
                          "invalid reference \"${%.*s}\" (expected "
                          "${env:NAME}, ${env:NAME:-default} or "
                          "${file:path}; write $$ for a literal $)",
                          (int)n, ref);
        return -1;
    }
    if (sl == 3 && memcmp(ref, "env", 3) == 0) {
        const char *name = ref + 4;
        size_t      rest = n - 4;
        for (size_t i = 0; i + 1 < rest; i++)
            if (name[i] == ':' && name[i + 1] == '-')
                return expand_env(out, name, i, name + i + 2, rest - i - 2, at,
                                  d);
        return expand_env(out, name, rest, NULL, 0, at, d);
    }
    if (sl == 4 && memcmp(ref, "file", 4) == 0)
        return expand_file(out, ref + 5, n - 5, at, d);
    otelc__diag_error(d, at,
                      "unsupported scheme \"%.*s\" in \"${%.*s}\" (supported: "
                      "env, file)",
                      (int)sl, ref, (int)n, ref);
    return -1;
}

char *
otelc__cfg_expand(const char *raw, const otelc_config *at, int *whole,
                  otelc__diag *d)
{
    struct buf  out = {NULL, 0, 0};
    const char *p = raw;
    int         refs = 0, failed = 0;

    *whole = 0;
    buf_add(&out, "", 0);
    while (*p != '\0') {
        const char *dollar = strchr(p, '$'), *end;
        if (dollar == NULL) {
            buf_add(&out, p, strlen(p));
            break;
        }
        buf_add(&out, p, (size_t)(dollar - p));
        if (dollar[1] == '$') {
            buf_add(&out, "$", 1);
            p = dollar + 2;
            continue;
        }
        if (dollar[1] != '{') {
            buf_add(&out, "$", 1);
            p = dollar + 1;
            continue;
        }
        end = strchr(dollar + 2, '}');
        if (end == NULL) {
            otelc__diag_error(d, at,
                              "unterminated \"${\" in \"%s\" (write $$ for a "
                              "literal $)",
                              raw);
            failed = 1;
            break;
        }
        {
            const char *ref = dollar + 2;
            size_t      n = (size_t)(end - ref);
            const char *inner = memchr(ref, '$', n);
            if (inner != NULL && inner + 1 < end && inner[1] == '{') {
                otelc__diag_error(d, at,
                                  "nested references are not supported: "
                                  "\"%s\"",
                                  raw);
                failed = 1;
                break;
            }
            if (expand_ref(&out, ref, n, at, d) != 0)
                failed = 1;
        }
        refs++;
        p = end + 1;
        if (dollar == raw && *p == '\0' && refs == 1)
            *whole = 1;
    }
    if (failed) {
        free(out.p);
        return NULL;
    }
    return out.p;
}
