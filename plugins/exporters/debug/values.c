/* Text forms of OTLP values (see values.h). */
#include "values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
dbg_put_str(dbg_sbuf *sb, const otelc_node *n, uint32_t field)
{
    size_t      len;
    const char *s = otelc_node_str(n, field, &len);
    dbg_sbuf_put(sb, s, len);
}

void
dbg_put_hex(dbg_sbuf *sb, const otelc_node *n, uint32_t field)
{
    static const char    digits[] = "0123456789abcdef";
    size_t               len;
    const unsigned char *p =
        (const unsigned char *)otelc_node_str(n, field, &len);
    char   buf[64];
    size_t o = 0;

    for (size_t i = 0; i < len; i++) {
        buf[o++] = digits[p[i] >> 4];
        buf[o++] = digits[p[i] & 0xf];
        if (o == sizeof(buf)) {
            dbg_sbuf_put(sb, buf, o);
            o = 0;
        }
    }
    dbg_sbuf_put(sb, buf, o);
}

/* Days since 1970-01-01 to a proleptic Gregorian date, by counting in
 * 400-year eras (146097 days each) that start on March 1st, which puts
 * the leap day at the end of the year. */
static void
civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t  z = days + 719468; /* days since 0000-03-01 */
    int64_t  era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097); /* [0, 146096] */
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
    unsigned mp = (5 * doy + 2) / 153;                      /* Mar = 0 */

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void
dbg_put_time(dbg_sbuf *sb, uint64_t unix_ns)
{
    uint64_t secs = unix_ns / 1000000000u;
    uint32_t frac = (uint32_t)(unix_ns % 1000000000u);
    int64_t  y;
    unsigned mo, d;
    unsigned sod = (unsigned)(secs % 86400);
    char     fbuf[16];

    civil_from_days((int64_t)(secs / 86400), &y, &mo, &d);
    dbg_sbuf_printf(sb, "%04lld-%02u-%02u %02u:%02u:%02u", (long long)y, mo, d,
                    sod / 3600, sod / 60 % 60, sod % 60);
    /* Like Go: nanoseconds with trailing zeros trimmed, none when zero. */
    if (frac != 0) {
        int n = snprintf(fbuf, sizeof(fbuf), ".%09u", (unsigned)frac);
        while (n > 1 && fbuf[n - 1] == '0')
            n--;
        dbg_sbuf_put(sb, fbuf, (size_t)n);
    }
    dbg_sbuf_puts(sb, " +0000 UTC");
}

void
dbg_put_double(dbg_sbuf *sb, double v)
{
    char buf[64];

    if (isnan(v)) {
        dbg_sbuf_puts(sb, "NaN");
        return;
    }
    if (isinf(v)) {
        dbg_sbuf_puts(sb, v > 0 ? "+Inf" : "-Inf");
        return;
    }
    /* Plain decimals in the usual range ("10", "0.25"), exponent form
     * for very large or small magnitudes; as few digits as round-trip. */
    if (v == 0 || (fabs(v) >= 1e-4 && fabs(v) < 1e17)) {
        for (int prec = 0; prec <= 20; prec++) {
            snprintf(buf, sizeof(buf), "%.*f", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    } else {
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof(buf), "%.*g", prec, v);
            if (strtod(buf, NULL) == v)
                break;
        }
    }
    dbg_sbuf_puts(sb, buf);
}

static void
put_base64(dbg_sbuf *sb, const unsigned char *p, size_t len)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char out[4];

    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        size_t   rest = len - i;
        if (rest > 1)
            v |= (uint32_t)p[i + 1] << 8;
        if (rest > 2)
            v |= p[i + 2];
        out[0] = tab[v >> 18 & 63];
        out[1] = tab[v >> 12 & 63];
        out[2] = rest > 1 ? tab[v >> 6 & 63] : '=';
        out[3] = rest > 2 ? tab[v & 63] : '=';
        dbg_sbuf_put(sb, out, 4);
    }
}

static void
put_json_string(dbg_sbuf *sb, const char *s, size_t len)
{
    size_t start = 0;

    dbg_sbuf_put(sb, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        dbg_sbuf_put(sb, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"':
            dbg_sbuf_puts(sb, "\\\"");
            break;
        case '\\':
            dbg_sbuf_puts(sb, "\\\\");
            break;
        case '\n':
            dbg_sbuf_puts(sb, "\\n");
            break;
        case '\t':
            dbg_sbuf_puts(sb, "\\t");
            break;
        case '\r':
            dbg_sbuf_puts(sb, "\\r");
            break;
        default:
            dbg_sbuf_printf(sb, "\\u%04x", c);
        }
    }
    dbg_sbuf_put(sb, s + start, len - start);
    dbg_sbuf_put(sb, "\"", 1);
}

/* AnyValue as JSON, as otelcol renders arrays and maps. */
static void
put_value_json(dbg_sbuf *sb, const otelc_node *v, int depth)
{
    uint32_t    which = otelc_node_oneof_case(v, OTELC_ANYVALUE_STRING_VALUE);
    const char *s;
    size_t      len;

    /* Hostile input could nest values arbitrarily deep. */
    if (depth > 32) {
        dbg_sbuf_puts(sb, "\"...\"");
        return;
    }
    switch (which) {
    case OTELC_ANYVALUE_STRING_VALUE:
        s = otelc_node_str(v, which, &len);
        put_json_string(sb, s, len);
        break;
    case OTELC_ANYVALUE_BOOL_VALUE:
        dbg_sbuf_puts(sb, otelc_node_bool(v, which) ? "true" : "false");
        break;
    case OTELC_ANYVALUE_INT_VALUE:
        dbg_sbuf_printf(sb, "%lld", (long long)otelc_node_int(v, which));
        break;
    case OTELC_ANYVALUE_DOUBLE_VALUE:
        dbg_put_double(sb, otelc_node_double(v, which));
        break;
    case OTELC_ANYVALUE_BYTES_VALUE:
        s = otelc_node_str(v, which, &len);
        dbg_sbuf_put(sb, "\"", 1);
        put_base64(sb, (const unsigned char *)s, len);
        dbg_sbuf_put(sb, "\"", 1);
        break;
    case OTELC_ANYVALUE_ARRAY_VALUE: {
        otelc_node *arr = otelc_node_msg(v, which, 0);
        size_t      n = otelc_node_count(arr, OTELC_ARRAYVALUE_VALUES);
        dbg_sbuf_put(sb, "[", 1);
        for (size_t i = 0; i < n; i++) {
            if (i)
                dbg_sbuf_put(sb, ",", 1);
            put_value_json(sb, otelc_node_msg(arr, OTELC_ARRAYVALUE_VALUES, i),
                           depth + 1);
        }
        dbg_sbuf_put(sb, "]", 1);
        break;
    }
    case OTELC_ANYVALUE_KVLIST_VALUE: {
        otelc_node      *kvl = otelc_node_msg(v, which, 0);
        otelc_attrs_iter it;
        const char      *key;
        size_t           klen;
        otelc_node      *val;
        int              first = 1;
        dbg_sbuf_put(sb, "{", 1);
        otelc_attrs_iter_init(&it, kvl, OTELC_KVLIST_VALUES);
        while (otelc_attrs_next(&it, &key, &klen, &val)) {
            if (!first)
                dbg_sbuf_put(sb, ",", 1);
            first = 0;
            put_json_string(sb, key, klen);
            dbg_sbuf_put(sb, ":", 1);
            put_value_json(sb, val, depth + 1);
        }
        dbg_sbuf_put(sb, "}", 1);
        break;
    }
    default:
        dbg_sbuf_puts(sb, "null");
    }
}

void
dbg_put_value_plain(dbg_sbuf *sb, const otelc_node *v)
{
    uint32_t    which = otelc_node_oneof_case(v, OTELC_ANYVALUE_STRING_VALUE);
    const char *s;
    size_t      len;

    switch (which) {
    case OTELC_ANYVALUE_STRING_VALUE:
        s = otelc_node_str(v, which, &len);
        dbg_sbuf_put(sb, s, len);
        break;
    case OTELC_ANYVALUE_BYTES_VALUE:
        s = otelc_node_str(v, which, &len);
        put_base64(sb, (const unsigned char *)s, len);
        break;
    case 0:
        break; /* empty value: empty text */
    default:
        put_value_json(sb, v, 0);
    }
}

void
dbg_put_value_typed(dbg_sbuf *sb, const otelc_node *v)
{
    switch (otelc_node_oneof_case(v, OTELC_ANYVALUE_STRING_VALUE)) {
    case OTELC_ANYVALUE_STRING_VALUE:
        dbg_sbuf_puts(sb, "Str(");
        break;
    case OTELC_ANYVALUE_BOOL_VALUE:
        dbg_sbuf_puts(sb, "Bool(");
        break;
    case OTELC_ANYVALUE_INT_VALUE:
        dbg_sbuf_puts(sb, "Int(");
        break;
    case OTELC_ANYVALUE_DOUBLE_VALUE:
        dbg_sbuf_puts(sb, "Double(");
        break;
    case OTELC_ANYVALUE_BYTES_VALUE:
        dbg_sbuf_puts(sb, "Bytes(");
        break;
    case OTELC_ANYVALUE_ARRAY_VALUE:
        dbg_sbuf_puts(sb, "Slice(");
        break;
    case OTELC_ANYVALUE_KVLIST_VALUE:
        dbg_sbuf_puts(sb, "Map(");
        break;
    default:
        dbg_sbuf_puts(sb, "Empty()");
        return;
    }
    dbg_put_value_plain(sb, v);
    dbg_sbuf_put(sb, ")", 1);
}

size_t
dbg_attrs_len(const otelc_node *n, uint32_t field)
{
    size_t count;
    return otelc_attrs_count(n, field, &count) == OTELC_OK ? count : 0;
}

void
dbg_put_attrs_lines(dbg_sbuf *sb, const otelc_node *n, uint32_t field,
                    const char *prefix)
{
    otelc_attrs_iter it;
    const char      *key;
    size_t           klen;
    otelc_node      *v;

    otelc_attrs_iter_init(&it, n, field);
    while (otelc_attrs_next(&it, &key, &klen, &v)) {
        dbg_sbuf_puts(sb, prefix);
        dbg_sbuf_put(sb, key, klen);
        dbg_sbuf_puts(sb, ": ");
        dbg_put_value_typed(sb, v);
        dbg_sbuf_put(sb, "\n", 1);
    }
}

void
dbg_put_attrs_inline(dbg_sbuf *sb, const otelc_node *n, uint32_t field)
{
    otelc_attrs_iter it;
    const char      *key;
    size_t           klen;
    otelc_node      *v;

    otelc_attrs_iter_init(&it, n, field);
    while (otelc_attrs_next(&it, &key, &klen, &v)) {
        dbg_sbuf_put(sb, " ", 1);
        dbg_sbuf_put(sb, key, klen);
        dbg_sbuf_put(sb, "=", 1);
        dbg_put_value_plain(sb, v);
    }
}

void
dbg_put_attrs_labels(dbg_sbuf *sb, const otelc_node *n, uint32_t field)
{
    otelc_attrs_iter it;
    const char      *key;
    size_t           klen;
    otelc_node      *v;
    int              first = 1;

    otelc_attrs_iter_init(&it, n, field);
    while (otelc_attrs_next(&it, &key, &klen, &v)) {
        if (!first)
            dbg_sbuf_put(sb, ",", 1);
        first = 0;
        dbg_sbuf_put(sb, key, klen);
        dbg_sbuf_put(sb, "=", 1);
        dbg_put_value_plain(sb, v);
    }
}

const char *
dbg_span_kind_name(int64_t kind)
{
    static const char *const names[] = {"Unspecified", "Internal", "Server",
                                        "Client",      "Producer", "Consumer"};
    return kind >= 0 && kind < 6 ? names[kind] : "Unspecified";
}

const char *
dbg_status_code_name(int64_t code)
{
    static const char *const names[] = {"Unset", "Ok", "Error"};
    return code >= 0 && code < 3 ? names[code] : "Unset";
}

const char *
dbg_temporality_name(int64_t temporality)
{
    static const char *const names[] = {"Unspecified", "Delta", "Cumulative"};
    return temporality >= 0 && temporality < 3 ? names[temporality]
                                               : "Unspecified";
}

const char *
dbg_severity_name(int64_t number)
{
    /* Six levels of four steps each, starting at 1. */
    static const char *const names[] = {
        "Trace",  "Trace2", "Trace3", "Trace4", "Debug",  "Debug2",
        "Debug3", "Debug4", "Info",   "Info2",  "Info3",  "Info4",
        "Warn",   "Warn2",  "Warn3",  "Warn4",  "Error",  "Error2",
        "Error3", "Error4", "Fatal",  "Fatal2", "Fatal3", "Fatal4"};
    return number >= 1 && number <= 24 ? names[number - 1] : "Unspecified";
}
