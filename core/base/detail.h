/* The detail of a failed internal call: a status and a sentence.
 *
 * Layers below the runtime have no instance context to report into. They
 * fill an otelc__detail instead, and the API layer copies it into
 * otelc_last_error(ctx) for the plugin that made the call. */
#ifndef OTELC__DETAIL_H
#define OTELC__DETAIL_H

#include <otelc/host.h>

typedef struct otelc__detail {
    int  status;    /* OTELC_OK or the OTELC_E_* code */
    char text[256]; /* NUL-terminated, "" when none */
} otelc__detail;

/* Records `status` and the formatted text in *d (d may be NULL: then only
 * the status is returned). Returns `status`, for
 * `return otelc__detail_fail(d, OTELC_E_INVALID, "...")`. */
int otelc__detail_fail(otelc__detail *d, int status, const char *fmt, ...)
    OTELC_PRINTF(3, 4);

#endif
