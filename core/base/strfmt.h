/* Formatting into a fresh heap string. */
#ifndef OTELC__STRFMT_H
#define OTELC__STRFMT_H

#include <otelc/host.h>

/* The formatted text in a malloc'd string the caller frees, or NULL when
 * out of memory. Any thread. */
char *otelc__strfmt(const char *fmt, ...) OTELC_PRINTF(1, 2);

#endif
