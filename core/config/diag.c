/* Ordered error/warning list for config loading and validation. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"

/* Config problems are reported at startup or reload; running out of memory
 * while formatting one leaves nothing sensible to do. */
static _Noreturn void
diag_oom(void)
{
    fputs("otelc: out of memory\n", stderr);
    abort();
}

/* Appends a message, taking ownership of text. */
static void
diag_push(otelc__diag *d, int level, char *text)
{
    if (d->n == d->cap) {
        size_t           cap = d->cap ? d->cap * 2 : 8;
        otelc__diag_msg *m = realloc(d->msgs, cap * sizeof(*m));
        if (m == NULL)
            diag_oom();
        d->msgs = m;
        d->cap = cap;
    }
    d->msgs[d->n].level = level;
    d->msgs[d->n].text = text;
    d->n++;
    if (level == OTELC__DIAG_ERROR)
        d->errors++;
}

static void
diag_add(otelc__diag *d, int level, const otelc_config *at, const char *fmt,
         va_list ap)
{
    char   *where = NULL, *msg = NULL, *text = NULL;
    va_list ap2;
    int     len;

    /* Const cast: like `used`, bookkeeping about the node (config.h). */
    if (at != NULL && level == OTELC__DIAG_ERROR)
        ((otelc_config *)at)->erred = 1;
    if (d == NULL)
        return;
    va_copy(ap2, ap);
    len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (len < 0)
        len = 0;
    msg = malloc((size_t)len + 1);
    if (msg == NULL)
        diag_oom();
    vsnprintf(msg, (size_t)len + 1, fmt, ap);

    if (at != NULL) {
        where = otelc__cfg_where(at);
        if (asprintf(&text, "%s: %s", where, msg) < 0)
            diag_oom();
        free(where);
        free(msg);
    } else {
        text = msg;
    }

    diag_push(d, level, text);
}

void
otelc__diag_verror(otelc__diag *d, const otelc_config *at, const char *fmt,
                   va_list ap)
{
    diag_add(d, OTELC__DIAG_ERROR, at, fmt, ap);
}

void
otelc__diag_error(otelc__diag *d, const otelc_config *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, OTELC__DIAG_ERROR, at, fmt, ap);
    va_end(ap);
}

void
otelc__diag_errorf(otelc__diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, OTELC__DIAG_ERROR, NULL, fmt, ap);
    va_end(ap);
}

void
otelc__diag_vwarn(otelc__diag *d, const otelc_config *at, const char *fmt,
                  va_list ap)
{
    diag_add(d, OTELC__DIAG_WARN, at, fmt, ap);
}

void
otelc__diag_warn(otelc__diag *d, const otelc_config *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, OTELC__DIAG_WARN, at, fmt, ap);
    va_end(ap);
}

void
otelc__diag_warnf(otelc__diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, OTELC__DIAG_WARN, NULL, fmt, ap);
    va_end(ap);
}

size_t
otelc__diag_errors(const otelc__diag *d)
{
    return d ? d->errors : 0;
}

size_t
otelc__diag_count(const otelc__diag *d)
{
    return d ? d->n : 0;
}

const char *
otelc__diag_text(const otelc__diag *d, size_t i)
{
    return d && i < d->n ? d->msgs[i].text : NULL;
}

int
otelc__diag_level(const otelc__diag *d, size_t i)
{
    return d && i < d->n ? d->msgs[i].level : -1;
}

void
otelc__diag_print(const otelc__diag *d, FILE *f)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n; i++)
        fprintf(f, "%s: %s\n",
                d->msgs[i].level == OTELC__DIAG_ERROR ? "error" : "warning",
                d->msgs[i].text);
}

void
otelc__diag_move(otelc__diag *dst, otelc__diag *src)
{
    if (src == NULL)
        return;
    if (dst == NULL) {
        otelc__diag_free(src);
        return;
    }
    for (size_t i = 0; i < src->n; i++)
        diag_push(dst, src->msgs[i].level, src->msgs[i].text);
    free(src->msgs);
    memset(src, 0, sizeof(*src));
}

void
otelc__diag_free(otelc__diag *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->msgs[i].text);
    free(d->msgs);
    memset(d, 0, sizeof(*d));
}
