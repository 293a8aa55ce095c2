/* The collector's own log: one line per message on stderr. */
#ifndef OTELC__LOG_H
#define OTELC__LOG_H

#include <stdarg.h>

#include <otelc/host.h>

void otelc__log_set_level(int level);
int  otelc__log_level(void);
/* "debug", "info", "warn"/"warning", "error" -> OTELC_LOG_*; -1 if unknown */
int otelc__log_parse_level(const char *s);

/* `who` names the component ("batch/x") or NULL for the collector itself. */
void otelc__logv(int level, const char *who, const char *fmt, va_list ap);
void otelc__log(int level, const char *who, const char *fmt, ...)
    OTELC_PRINTF(3, 4);

#define otelc__debug(...) otelc__log(OTELC_LOG_DEBUG, NULL, __VA_ARGS__)
#define otelc__info(...)  otelc__log(OTELC_LOG_INFO, NULL, __VA_ARGS__)
#define otelc__warn(...)  otelc__log(OTELC_LOG_WARN, NULL, __VA_ARGS__)
#define otelc__err(...)   otelc__log(OTELC_LOG_ERROR, NULL, __VA_ARGS__)

#endif
