/* protobuf-c to canonical OTLP/JSON; see otlp_json.h. */
#include "otlp_json.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/status.h>

#include "batch.h"
#include "otlp_validate.h"

struct out {
    char  *p;
    size_t len, cap;
    int    nomem;
};

static int
reserve(struct out *o, size_t n)
{
    if (o->nomem)
        return -1;
    if (o->cap - o->len > n)
        return 0;
    size_t ncap = o->cap ? o->cap : 256;
    while (ncap - o->len <= n) {
        if (ncap > SIZE_MAX / 2) {
            o->nomem = 1;
            return -1;
        }
        ncap *= 2;
    }
    char *np = realloc(o->p, ncap);
    if (np == NULL) {
        o->nomem = 1;
        return -1;
    }
    o->p = np;
    o->cap = ncap;
    return 0;
}

static void
put(struct out *o, const char *s, size_t n)
{
    if (reserve(o, n) != 0)
        return;
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void
puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void
putc_(struct out *o, char c)
{
    put(o, &c, 1);
}

/* JSON string of s; bytes that are not UTF-8 (a tree built through the
 * node API is not validated) become U+FFFD so the output stays JSON. */
static void
put_string(struct out *o, const char *s, size_t n)
{
    static const char    hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t               run = 0; /* start of bytes copied verbatim */

    putc_(o, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t        k;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        k = c < 0x80 ? 1 : otelc__utf8_seq(p + i, n - i);
        if (c >= 0x80 && k > 0) {
            i += k;
            continue;
        }
        put(o, s + run, i - run);
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            put(o, e, 2);
        } else if (c == '\n') {
            put(o, "\\n", 2);
        } else if (c == '\t') {
            put(o, "\\t", 2);
        } else if (c == '\r') {
            put(o, "\\r", 2);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(o, e, 6);
        } else {
            put(o, "\\ufffd", 6);
        }
        i++;
        run = i;
    }
    put(o, s + run, n - run);
    putc_(o, '"');
}

static void
put_fmt_u64(struct out *o, uint64_t v, int neg, int quoted)
{
    char  buf[24];
    char *p = buf + sizeof(buf);
    if (quoted)
        *--p = '"';
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (neg)
        *--p = '-';
    if (quoted)
        *--p = '"';
    put(o, p, (size_t)(buf + sizeof(buf) - p));
}

static void
put_i64(struct out *o, int64_t v, int quoted)
{
    put_fmt_u64(o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0,
                quoted);
}

/* Shortest decimal that reads back as the same value. */
static void
put_double(struct out *o, double x, int is_float)
{
    char buf[40];
    if (isnan(x)) {
        puts_(o, "\"NaN\"");
        return;
    }
    if (isinf(x)) {
        puts_(o, x > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        return;
    }
    if (x == 0 && signbit(x)) {
        /* "-0" would read back as the integer 0 in many parsers (json-c
         * included), losing the sign. */
        puts_(o, "-0.0");
        return;
    }
    for (int prec = is_float ? 6 : 15; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, x);
        double back = strtod(buf, NULL);
        if (is_float ? (float)back == (float)x : back == x)
            break;
    }
    puts_(o, buf);
}

static void
put_hex(struct out *o, const ProtobufCBinaryData *b)
{
    static const char hex[] = "0123456789abcdef";
    putc_(o, '"');
    if (reserve(o, b->len * 2) != 0)
        return;
    for (size_t i = 0; i < b->len; i++) {
        o->p[o->len++] = hex[b->data[i] >> 4];
        o->p[o->len++] = hex[b->data[i] & 15];
    }
    putc_(o, '"');
}

static void
put_base64(struct out *o, const ProtobufCBinaryData *b)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    putc_(o, '"');
    if (reserve(o, (b->len + 2) / 3 * 4) != 0)
        return;
    for (size_t i = 0; i < b->len; i += 3) {
        uint32_t acc = (uint32_t)b->data[i] << 16;
        size_t   k = b->len - i < 3 ? b->len - i : 3;
        if (k > 1)
            acc |= (uint32_t)b->data[i + 1] << 8;
        if (k > 2)
            acc |= b->data[i + 2];
        o->p[o->len++] = tab[acc >> 18 & 63];
        o->p[o->len++] = tab[acc >> 12 & 63];
        o->p[o->len++] = k > 1 ? tab[acc >> 6 & 63] : '=';
        o->p[o->len++] = k > 2 ? tab[acc & 63] : '=';
    }
    putc_(o, '"');
}

/* "name": with the proto name in lowerCamelCase (the json_name protoc
 * derives). */
static void
put_key(struct out *o, const char *name)
{
    putc_(o, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '_' && p[1] != '\0') {
            char c = *++p;
            putc_(o, c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
        } else if (*p != '_') {
            putc_(o, *p);
        }
    }
    put(o, "\":", 2);
}

static void put_message(struct out *o, const ProtobufCMessage *m);

static void
put_value(struct out *o, const ProtobufCFieldDescriptor *f, const void *v)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_ENUM:
        put_i64(o, *(const int32_t *)v, 0);
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        put_fmt_u64(o, *(const uint32_t *)v, 0, 0);
        break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        put_i64(o, *(const int64_t *)v, 1);
        break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        put_fmt_u64(o, *(const uint64_t *)v, 0, 1);
        break;
    case PROTOBUF_C_TYPE_FLOAT:
        put_double(o, *(const float *)v, 1);
        break;
    case PROTOBUF_C_TYPE_DOUBLE:
        put_double(o, *(const double *)v, 0);
        break;
    case PROTOBUF_C_TYPE_BOOL:
        puts_(o, *(const protobuf_c_boolean *)v ? "true" : "false");
        break;
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)v;
        if (s == NULL)
            s = "";
        put_string(o, s, strlen(s));
        break;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *b = v;
        if (otelc__otlp_id_len(f) > 0)
            put_hex(o, b);
        else
            put_base64(o, b);
        break;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)v;
        if (sub == NULL)
            puts_(o, "{}");
        else
            put_message(o, sub);
        break;
    }
    }
}

/* Whether a singular field without presence holds its default (proto3
 * JSON omits those). */
static int
is_default(const ProtobufCFieldDescriptor *f, const void *v)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)v;
        return s == NULL || s[0] == '\0';
    }
    case PROTOBUF_C_TYPE_BYTES:
        return ((const ProtobufCBinaryData *)v)->len == 0;
    case PROTOBUF_C_TYPE_MESSAGE:
        return *(ProtobufCMessage *const *)v == NULL;
    case PROTOBUF_C_TYPE_FLOAT:
        return *(const uint32_t *)v == 0; /* -0.0 is not the default */
    case PROTOBUF_C_TYPE_DOUBLE:
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return *(const uint64_t *)v == 0;
    default: /* 32-bit integers, enums, bool */
        return *(const uint32_t *)v == 0;
    }
}

static void
put_message(struct out *o, const ProtobufCMessage *m)
{
    const ProtobufCMessageDescriptor *desc = m->descriptor;
    const char                       *base = (const char *)m;
    int                               first = 1;

    putc_(o, '{');
    for (unsigned i = 0; i < desc->n_fields && !o->nomem; i++) {
        const ProtobufCFieldDescriptor *f = &desc->fields[i];
        const void                     *v = base + f->offset;

        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t      n = *(const size_t *)(base + f->quantifier_offset);
            const char *arr = *(char *const *)v;
            size_t      esize = otelc__elem_size(f);
            if (n == 0)
                continue;
            if (!first)
                putc_(o, ',');
            first = 0;
            put_key(o, f->name);
            putc_(o, '[');
            for (size_t j = 0; j < n; j++) {
                if (j > 0)
                    putc_(o, ',');
                put_value(o, f, arr + j * esize);
            }
            putc_(o, ']');
            continue;
        }
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            /* A set oneof member is written even when it holds the
             * default value: intValue 0 is not an absent value. */
            if (*(const uint32_t *)(base + f->quantifier_offset) != f->id)
                continue;
            if (f->type == PROTOBUF_C_TYPE_MESSAGE &&
                *(ProtobufCMessage *const *)v == NULL)
                continue;
        } else if (f->label == PROTOBUF_C_LABEL_OPTIONAL &&
                   f->quantifier_offset != 0) {
            if (!*(const protobuf_c_boolean *)(base + f->quantifier_offset))
                continue;
        } else if (is_default(f, v)) {
            continue;
        }
        if (!first)
            putc_(o, ',');
        first = 0;
        put_key(o, f->name);
        put_value(o, f, v);
    }
    putc_(o, '}');
}

int
otelc__json_encode(const ProtobufCMessage *msg, char **out, size_t *len)
{
    struct out o = {0};

    put_message(&o, msg);
    putc_(&o, '\0');
    if (o.nomem) {
        free(o.p);
        return OTELC_E_NOMEM;
    }
    *out = o.p;
    *len = o.len - 1;
    return OTELC_OK;
}
