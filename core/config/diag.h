/* An ordered list of configuration errors and warnings.
 *
 * Config loading and validation collect every problem they find instead of
 * stopping at the first, so a user fixes a config in one round. A message
 * tied to a config node is prefixed with where the node came from:
 *
 *     config.yaml:7:5: processors.batch.send_batch_size: expected ...
 *     --set: service.workers: expected ...            (nodes made by --set)
 *
 * A zero-initialized otelc__diag is a valid empty list. Every function
 * accepts d == NULL and then drops the message (for callers that only want
 * the status code). Not thread-safe. */
#ifndef OTELC__DIAG_H
#define OTELC__DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <otelc/host.h>

enum otelc__diag_level { OTELC__DIAG_ERROR = 0, OTELC__DIAG_WARN = 1 };

typedef struct otelc__diag_msg {
    int   level; /* enum otelc__diag_level */
    char *text;  /* full text, location prefix included, no trailing '\n' */
} otelc__diag_msg;

typedef struct otelc__diag {
    otelc__diag_msg *msgs;
    size_t           n, cap;
    size_t           errors; /* messages with level OTELC__DIAG_ERROR */
} otelc__diag;

/* An error located at config node `at` (no location prefix when NULL). */
void otelc__diag_error(otelc__diag *d, const otelc_config *at, const char *fmt,
                       ...) OTELC_PRINTF(3, 4);
void otelc__diag_verror(otelc__diag *d, const otelc_config *at, const char *fmt,
                        va_list ap) OTELC_PRINTF(3, 0);
/* An error without location. */
void otelc__diag_errorf(otelc__diag *d, const char *fmt, ...)
    OTELC_PRINTF(2, 3);

void otelc__diag_warn(otelc__diag *d, const otelc_config *at, const char *fmt,
                      ...) OTELC_PRINTF(3, 4);
void otelc__diag_vwarn(otelc__diag *d, const otelc_config *at, const char *fmt,
                       va_list ap) OTELC_PRINTF(3, 0);
void otelc__diag_warnf(otelc__diag *d, const char *fmt, ...) OTELC_PRINTF(2, 3);

/* Number of errors (warnings not counted). */
size_t otelc__diag_errors(const otelc__diag *d);
/* Number of messages of either level, and message i of them in order. */
size_t      otelc__diag_count(const otelc__diag *d);
const char *otelc__diag_text(const otelc__diag *d, size_t i);
int         otelc__diag_level(const otelc__diag *d, size_t i);

/* One line per message in order: "error: <text>" or "warning: <text>". */
void otelc__diag_print(const otelc__diag *d, FILE *f);

/* Moves all of src's messages to the end of dst (src is emptied). With
 * dst == NULL they are dropped. */
void otelc__diag_move(otelc__diag *dst, otelc__diag *src);

/* Frees the messages; *d is an empty list again afterwards. */
void otelc__diag_free(otelc__diag *d);

#endif
