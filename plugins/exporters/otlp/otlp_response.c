/* Readers for the two small messages an OTLP server answers with. See
 * otlp_response.h for why these are hand-written. */
#include "otlp_response.h"

#include <stdlib.h>
#include <string.h>

#include <otelc/plugin.h>

/* ---- protobuf wire format ---- */

struct pb {
    const uint8_t *p;
    const uint8_t *end;
};

static int
pb_varint(struct pb *r, uint64_t *out)
{
    uint64_t v = 0;

    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end)
            return -1;
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

/* Reads one field header and, for length-delimited fields, the payload
 * bounds; other wire types are consumed so the caller can ignore fields it
 * does not know (newer servers may add some). */
static int
pb_field(struct pb *r, uint32_t *field, int *wire, uint64_t *value,
         struct pb *sub)
{
    uint64_t key;

    if (pb_varint(r, &key) != 0 || (key >> 3) == 0 || (key >> 3) > UINT32_MAX)
        return -1;
    *field = (uint32_t)(key >> 3);
    *wire = (int)(key & 7);
    switch (*wire) {
    case 0:
        return pb_varint(r, value);
    case 1:
        if (r->end - r->p < 8)
            return -1;
        r->p += 8;
        return 0;
    case 2: {
        uint64_t n;
        if (pb_varint(r, &n) != 0 || n > (uint64_t)(r->end - r->p))
            return -1;
        sub->p = r->p;
        sub->end = r->p + n;
        r->p += n;
        return 0;
    }
    case 5:
        if (r->end - r->p < 4)
            return -1;
        r->p += 4;
        return 0;
    }
    return -1;
}

static void
copy_text(char *dst, size_t cap, const uint8_t *src, size_t n)
{
    if (cap == 0)
        return;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int
otlp_partial_from_proto(const void *buf, size_t len, struct otlp_partial *out)
{
    struct pb r = {buf, (const uint8_t *)buf + len};

    memset(out, 0, sizeof(*out));
    while (r.p < r.end) {
        uint32_t  field;
        int       wire;
        uint64_t  v = 0;
        struct pb sub = {0};

        if (pb_field(&r, &field, &wire, &v, &sub) != 0)
            return -1;
        if (field != 1 || wire != 2)
            continue;
        out->present = 1;
        while (sub.p < sub.end) {
            uint32_t  f2;
            int       w2;
            uint64_t  v2 = 0;
            struct pb s2 = {0};

            if (pb_field(&sub, &f2, &w2, &v2, &s2) != 0)
                return -1;
            /* rejected_* is an int64: a negative count means nothing. */
            if (f2 == 1 && w2 == 0)
                out->rejected = (int64_t)v2 > 0 ? v2 : 0;
            else if (f2 == 2 && w2 == 2)
                copy_text(out->message, sizeof(out->message), s2.p,
                          (size_t)(s2.end - s2.p));
        }
    }
    return 0;
}

int
otlp_status_from_proto(const void *buf, size_t len, char *msg, size_t cap)
{
    struct pb r = {buf, (const uint8_t *)buf + len};
    int       found = -1;

    while (r.p < r.end) {
        uint32_t  field;
        int       wire;
        uint64_t  v = 0;
        struct pb sub = {0};

        if (pb_field(&r, &field, &wire, &v, &sub) != 0)
            return -1;
        if (field == 2 && wire == 2) {
            copy_text(msg, cap, sub.p, (size_t)(sub.end - sub.p));
            found = 0;
        }
    }
    return found;
}

/* ---- JSON: just enough to walk objects and read strings and numbers ---- */

struct js {
    const char *p;
    const char *end;
};

static void
js_ws(struct js *j)
{
    while (j->p < j->end &&
           (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

/* Reads a string token into dst (escapes decoded, \u kept only for ASCII,
 * other code points become '?': the text only ends up in a log line). */
static int
js_string(struct js *j, char *dst, size_t cap)
{
    size_t n = 0;

    js_ws(j);
    if (j->p >= j->end || *j->p != '"')
        return -1;
    j->p++;
    while (j->p < j->end && *j->p != '"') {
        char c = *j->p++;
        if (c == '\\') {
            if (j->p >= j->end)
                return -1;
            c = *j->p++;
            switch (c) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'u': {
                char hex[5] = {0};
                if (j->end - j->p < 4)
                    return -1;
                memcpy(hex, j->p, 4);
                j->p += 4;
                long cp = strtol(hex, NULL, 16);
                c = (cp > 0 && cp < 0x80) ? (char)cp : '?';
                break;
            }
            default: /* '"', '\\', '/' stand for themselves */
                break;
            }
        }
        if (dst != NULL && n + 1 < cap)
            dst[n++] = c;
    }
    if (j->p >= j->end)
        return -1;
    j->p++;
    if (dst != NULL && cap > 0)
        dst[n] = '\0';
    return 0;
}

static int js_skip(struct js *j, int depth);

/* Calls back for each member of an object; stops at the closing brace. */
static int
js_members(struct js *j, int                                              depth,
           int (*member)(void *arg, const char *key, struct js *j), void *arg)
{
    js_ws(j);
    if (j->p >= j->end || *j->p != '{')
        return -1;
    j->p++;
    js_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        return 0;
    }
    for (;;) {
        char key[64];
        if (js_string(j, key, sizeof(key)) != 0)
            return -1;
        js_ws(j);
        if (j->p >= j->end || *j->p != ':')
            return -1;
        j->p++;
        const char *before = j->p;
        int         rc = member ? member(arg, key, j) : 1;
        if (rc < 0)
            return -1;
        if (rc > 0) { /* not consumed by the callback */
            j->p = before;
            if (js_skip(j, depth + 1) != 0)
                return -1;
        }
        js_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == '}') {
            j->p++;
            return 0;
        }
        return -1;
    }
}

static int
js_skip(struct js *j, int depth)
{
    if (depth > 64)
        return -1;
    js_ws(j);
    if (j->p >= j->end)
        return -1;
    if (*j->p == '"')
        return js_string(j, NULL, 0);
    if (*j->p == '{')
        return js_members(j, depth, NULL, NULL);
    if (*j->p == '[') {
        j->p++;
        js_ws(j);
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return 0;
        }
        for (;;) {
            if (js_skip(j, depth + 1) != 0)
                return -1;
            js_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == ']') {
                j->p++;
                return 0;
            }
            return -1;
        }
    }
    /* number, true, false, null */
    const char *start = j->p;
    while (j->p < j->end && strchr(",}] \t\r\n", *j->p) == NULL)
        j->p++;
    return j->p > start ? 0 : -1;
}

/* A JSON integer that may be quoted (proto3 JSON writes int64 as strings). */
static int
js_uint(struct js *j, uint64_t *out)
{
    char buf[32];

    js_ws(j);
    if (j->p < j->end && *j->p == '"') {
        if (js_string(j, buf, sizeof(buf)) != 0)
            return -1;
    } else {
        size_t n = 0;
        while (j->p < j->end && n + 1 < sizeof(buf) &&
               strchr("+-0123456789.eE", *j->p) != NULL)
            buf[n++] = *j->p++;
        buf[n] = '\0';
        if (n == 0)
            return -1;
    }
    double d = strtod(buf, NULL);
    *out = d > 0 ? (uint64_t)d : 0;
    return 0;
}

static int
partial_member(void *arg, const char *key, struct js *j)
{
    struct otlp_partial *out = arg;

    if (strcmp(key, "rejectedSpans") == 0 ||
        strcmp(key, "rejected_spans") == 0 ||
        strcmp(key, "rejectedDataPoints") == 0 ||
        strcmp(key, "rejected_data_points") == 0 ||
        strcmp(key, "rejectedLogRecords") == 0 ||
        strcmp(key, "rejected_log_records") == 0)
        return js_uint(j, &out->rejected);
    if (strcmp(key, "errorMessage") == 0 || strcmp(key, "error_message") == 0)
        return js_string(j, out->message, sizeof(out->message));
    return 1;
}

static int
response_member(void *arg, const char *key, struct js *j)
{
    struct otlp_partial *out = arg;

    if (strcmp(key, "partialSuccess") != 0 &&
        strcmp(key, "partial_success") != 0)
        return 1;
    js_ws(j);
    if (j->p < j->end && *j->p == 'n') /* null */
        return 1;
    out->present = 1;
    return js_members(j, 1, partial_member, out);
}

int
otlp_partial_from_json(const void *buf, size_t len, struct otlp_partial *out)
{
    struct js j = {buf, (const char *)buf + len};

    memset(out, 0, sizeof(*out));
    js_ws(&j);
    if (j.p == j.end) /* an empty body is a full success */
        return 0;
    return js_members(&j, 0, response_member, out);
}

struct status_out {
    char  *msg;
    size_t cap;
    int    found;
};

static int
status_member(void *arg, const char *key, struct js *j)
{
    struct status_out *s = arg;

    if (strcmp(key, "message") != 0)
        return 1;
    js_ws(j);
    if (j->p >= j->end || *j->p != '"')
        return 1;
    s->found = 1;
    return js_string(j, s->msg, s->cap);
}

int
otlp_status_from_json(const void *buf, size_t len, char *msg, size_t cap)
{
    struct js         j = {buf, (const char *)buf + len};
    struct status_out s = {msg, cap, 0};

    if (js_members(&j, 0, status_member, &s) != 0 || !s.found)
        return -1;
    return 0;
}

const char *
otlp_signal_name(int signal)
{
    switch (signal) {
    case OTELC_SIGNAL_TRACES:
        return "traces";
    case OTELC_SIGNAL_METRICS:
        return "metrics";
    case OTELC_SIGNAL_LOGS:
        return "logs";
    }
    return "unknown";
}
