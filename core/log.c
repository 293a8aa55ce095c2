/* Log lines are formatted into one buffer and written with a single
 * write(2), so lines from several worker threads never interleave. */
#include "log.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static atomic_int log_level = OTELC_LOG_INFO;

void
otelc__log_set_level(int level)
{
    atomic_store(&log_level, level);
}

int
otelc__log_level(void)
{
    return atomic_load(&log_level);
}

int
otelc__log_parse_level(const char *s)
{
    if (s == NULL)
        return -1;
    if (strcasecmp(s, "debug") == 0)
        return OTELC_LOG_DEBUG;
    if (strcasecmp(s, "info") == 0)
        return OTELC_LOG_INFO;
    if (strcasecmp(s, "warn") == 0 || strcasecmp(s, "warning") == 0)
        return OTELC_LOG_WARN;
    if (strcasecmp(s, "error") == 0)
        return OTELC_LOG_ERROR;
    return -1;
}

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void
otelc__logv(int level, const char *who, const char *fmt, va_list ap)
{
    char            line[4096];
    struct timespec ts;
    struct tm       tm;
    size_t          n;
    int             r;

    if (level < atomic_load(&log_level))
        return;
    if (level < OTELC_LOG_DEBUG || level > OTELC_LOG_ERROR)
        level = OTELC_LOG_ERROR;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
    r = snprintf(line + n, sizeof(line) - n, ".%03ldZ\t%s\t%s%s%s",
                 ts.tv_nsec / 1000000, level_names[level], who ? "[" : "",
                 who ? who : "", who ? "]\t" : "");
    if (r > 0)
        n += (size_t)r < sizeof(line) - n ? (size_t)r : sizeof(line) - n - 1;
    r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
    if (r > 0)
        n += (size_t)r < sizeof(line) - n ? (size_t)r : sizeof(line) - n - 1;
    if (n >= sizeof(line) - 1)
        n = sizeof(line) - 2;
    line[n++] = '\n';
    /* A failed write of the log has nowhere to be reported. */
    if (write(STDERR_FILENO, line, n) < 0)
        return;
}

void
otelc__log(int level, const char *who, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    otelc__logv(level, who, fmt, ap);
    va_end(ap);
}
