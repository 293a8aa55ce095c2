/* Log lines are formatted into one buffer and written with a single
 * write(2), so lines from several worker threads never interleave. */
#include "log.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
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
    char            stack[4096], *line = stack, *big = NULL;
    char            head[128];
    struct timespec ts;
    struct tm       tm;
    size_t          hn, n, cap = sizeof(stack);
    int             r;
    va_list         ap2;

    if (level < atomic_load(&log_level))
        return;
    if (level < OTELC_LOG_DEBUG || level > OTELC_LOG_ERROR)
        level = OTELC_LOG_ERROR;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    hn = strftime(head, sizeof(head), "%Y-%m-%dT%H:%M:%S", &tm);
    r = snprintf(head + hn, sizeof(head) - hn, ".%03ldZ\t%s\t",
                 ts.tv_nsec / 1000000, level_names[level]);
    hn += r > 0 ? (size_t)r : 0;
    /* Long messages (the debug exporter's detailed dumps) get a heap
     * buffer rather than being cut. */
    va_copy(ap2, ap);
    r = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (r < 0)
        return;
    n = hn + (who ? strlen(who) + 3 : 0) + (size_t)r + 2;
    if (n > cap) {
        big = malloc(n);
        if (big == NULL)
            return;
        line = big;
        cap = n;
    }
    n = (size_t)snprintf(line, cap, "%s%s%s%s", head, who ? "[" : "",
                         who ? who : "", who ? "]\t" : "");
    vsnprintf(line + n, cap - n, fmt, ap);
    n += (size_t)r;
    line[n++] = '\n';
    /* A failed write of the log has nowhere to be reported. */
    if (write(STDERR_FILENO, line, n) < 0)
        n = 0;
    free(big);
}

void
otelc__log(int level, const char *who, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    otelc__logv(level, who, fmt, ap);
    va_end(ap);
}
