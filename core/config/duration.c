/* Go-style durations and byte sizes. See duration.h for the accepted forms.
 *
 * Integer arithmetic with explicit overflow checks throughout: a config
 * value such as "9999999999h" must be an error, not a wrapped-around
 * timeout. */
#include "duration.h"

#include <string.h>
#include <strings.h>

#include <otelc/status.h>

#define NS_LIMIT ((uint64_t)1 << 63) /* |INT64_MIN| */

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Nanoseconds per unit, or 0 for an unknown unit. The unit is the exact
 * byte run [u, u + len), as in Go (no case folding: "1S" is invalid). */
static uint64_t
duration_unit(const char *u, size_t len)
{
    static const struct {
        const char *name;
        uint64_t    ns;
    } units[] = {
        {"ns", 1},
        {"us", 1000},
        {"\xc2\xb5s", 1000}, /* U+00B5 MICRO SIGN */
        {"\xce\xbcs", 1000}, /* U+03BC GREEK SMALL LETTER MU */
        {"ms", 1000000},
        {"s", 1000000000},
        {"m", UINT64_C(60) * 1000000000},
        {"h", UINT64_C(3600) * 1000000000},
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strlen(units[i].name) == len && memcmp(units[i].name, u, len) == 0)
            return units[i].ns;
    return 0;
}

/* Reads decimal digits into *v; OTELC_E_RANGE when above `limit`. */
static int
read_uint(const char **pp, uint64_t limit, uint64_t *v, int *any)
{
    const char *p = *pp;
    uint64_t    x = 0;
    *any = 0;
    while (is_digit(*p)) {
        unsigned d = (unsigned)(*p - '0');
        if (x > (limit - d) / 10)
            return OTELC_E_RANGE;
        x = x * 10 + d;
        p++;
        *any = 1;
    }
    *pp = p;
    *v = x;
    return OTELC_OK;
}

int
otelc__parse_duration(const char *s, int64_t *ns)
{
    const char *p = s;
    int         neg = 0, any;
    uint64_t    total = 0;
    int         rc;

    if (s == NULL || *s == '\0')
        return OTELC_E_INVALID;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (*p == '\0')
        return OTELC_E_INVALID;

    /* A bare integer is nanoseconds (what a YAML int in a duration field
     * means to otelcol). */
    if (strspn(p, "0123456789") == strlen(p)) {
        rc = read_uint(&p, neg ? NS_LIMIT : NS_LIMIT - 1, &total, &any);
        if (rc != OTELC_OK)
            return rc;
        *ns = neg ? (int64_t)(0 - total) : (int64_t)total;
        return OTELC_OK;
    }

    while (*p != '\0') {
        uint64_t    v = 0, frac = 0, unit;
        double      scale = 1.0;
        int         pre, post = 0;
        const char *u;

        rc = read_uint(&p, NS_LIMIT, &v, &pre);
        if (rc != OTELC_OK)
            return rc;
        if (*p == '.') {
            p++;
            /* Digits beyond what fits are dropped: they are far below one
             * nanosecond's worth of any unit. */
            while (is_digit(*p)) {
                post = 1;
                if (frac < (UINT64_MAX - 9) / 10) {
                    frac = frac * 10 + (uint64_t)(*p - '0');
                    scale *= 10.0;
                }
                p++;
            }
        }
        if (!pre && !post)
            return OTELC_E_INVALID;
        u = p;
        while (*p != '\0' && *p != '.' && !is_digit(*p))
            p++;
        if (p == u)
            return OTELC_E_INVALID; /* "1.5" or "1m30": missing unit */
        unit = duration_unit(u, (size_t)(p - u));
        if (unit == 0)
            return OTELC_E_INVALID;
        if (v > NS_LIMIT / unit)
            return OTELC_E_RANGE;
        v *= unit;
        if (frac > 0) {
            double extra = (double)frac * ((double)unit / scale);
            if (extra >= (double)NS_LIMIT)
                return OTELC_E_RANGE;
            v += (uint64_t)extra;
            if (v > NS_LIMIT)
                return OTELC_E_RANGE;
        }
        if (v > NS_LIMIT - total)
            return OTELC_E_RANGE;
        total += v;
    }
    if (!neg && total > NS_LIMIT - 1)
        return OTELC_E_RANGE;
    *ns = neg ? (int64_t)(0 - total) : (int64_t)total;
    return OTELC_OK;
}

int
otelc__parse_bytes(const char *s, int64_t *bytes)
{
    static const struct {
        const char *name;
        uint64_t    mult;
    } units[] = {
        {"", 1},
        {"b", 1},
        {"k", UINT64_C(1000)},
        {"kb", UINT64_C(1000)},
        {"m", UINT64_C(1000000)},
        {"mb", UINT64_C(1000000)},
        {"g", UINT64_C(1000000000)},
        {"gb", UINT64_C(1000000000)},
        {"t", UINT64_C(1000000000000)},
        {"tb", UINT64_C(1000000000000)},
        {"ki", UINT64_C(1) << 10},
        {"kib", UINT64_C(1) << 10},
        {"mi", UINT64_C(1) << 20},
        {"mib", UINT64_C(1) << 20},
        {"gi", UINT64_C(1) << 30},
        {"gib", UINT64_C(1) << 30},
        {"ti", UINT64_C(1) << 40},
        {"tib", UINT64_C(1) << 40},
    };
    const char *p = s;
    uint64_t    v, frac = 0, mult = 0, limit = (uint64_t)INT64_MAX;
    double      scale = 1.0;
    int         pre, post = 0, rc;

    if (s == NULL)
        return OTELC_E_INVALID;
    if (*p == '+')
        p++;
    rc = read_uint(&p, limit, &v, &pre);
    if (rc != OTELC_OK)
        return rc;
    if (*p == '.') {
        p++;
        while (is_digit(*p)) {
            post = 1;
            if (frac < (UINT64_MAX - 9) / 10) {
                frac = frac * 10 + (uint64_t)(*p - '0');
                scale *= 10.0;
            }
            p++;
        }
        if (!post)
            return OTELC_E_INVALID; /* "4.MiB" */
    }
    if (!pre && !post)
        return OTELC_E_INVALID;
    if (*p == ' ' && p[1] != '\0')
        p++;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcasecmp(units[i].name, p) == 0) {
            mult = units[i].mult;
            break;
        }
    }
    if (mult == 0)
        return OTELC_E_INVALID;
    if (mult == 1 && post)
        return OTELC_E_INVALID; /* fractions of a byte */
    if (v > limit / mult)
        return OTELC_E_RANGE;
    v *= mult;
    if (frac > 0) {
        double extra = (double)frac * ((double)mult / scale);
        if (extra >= (double)limit || v + (uint64_t)extra > limit)
            return OTELC_E_RANGE;
        v += (uint64_t)extra;
    }
    *bytes = (int64_t)v;
    return OTELC_OK;
}
