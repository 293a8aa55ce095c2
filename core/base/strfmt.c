/* Formatting into a fresh heap string (see strfmt.h). */
#include "strfmt.h"

#include <stdio.h>

char *
otelc__strfmt(const char *fmt, ...)
{
    va_list ap;
    char   *s = NULL;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}
