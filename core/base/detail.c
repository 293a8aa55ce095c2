/* Detail text of failed internal calls (see detail.h). */
#include "detail.h"

#include <stdio.h>

int
otelc__detail_fail(otelc__detail *d, int status, const char *fmt, ...)
{
    va_list ap;

    if (d == NULL)
        return status;
    d->status = status;
    va_start(ap, fmt);
    vsnprintf(d->text, sizeof(d->text), fmt, ap);
    va_end(ap);
    return status;
}
