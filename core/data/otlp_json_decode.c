/* OTLP/JSON to protobuf-c; see otlp_json.h. */
#include "otlp_json.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <otelc/host.h>
#include <otelc/status.h>

#include "base64.h"
#include "batch.h"
#include "otlp_validate.h"

struct dec {
    otelc_arena *a;
    char        *err;
    size_t       err_size;
    int          nomem;
    size_t       plen; /* path is the JSON location being decoded */
    char         path[512];
};

/* ---- path and errors ---- */

static size_t path_push(struct dec *d, const char *fmt, ...) OTELC_PRINTF(2, 3);

/* Appends a path component; returns the length to restore. */
static size_t
path_push(struct dec *d, const char *fmt, ...)
{
    size_t  old = d->plen;
    va_list ap;
    int     n;

    if (d->plen >= sizeof(d->path) - 1)
        return old;
    va_start(ap, fmt);
    n = vsnprintf(d->path + d->plen, sizeof(d->path) - d->plen, fmt, ap);
    va_end(ap);
    if (n > 0)
        d->plen += (size_t)n < sizeof(d->path) - d->plen
                       ? (size_t)n
                       : sizeof(d->path) - d->plen - 1;
    return old;
}

static void
path_pop(struct dec *d, size_t old)
{
    d->plen = old;
    d->path[old] = '\0';
}

static int OTELC_PRINTF(2, 3) dfail(struct dec *d, const char *fmt, ...)
{
    if (d->err != NULL && d->err_size > 0) {
        va_list ap;
        int     n =
            snprintf(d->err, d->err_size, "%s: ", d->plen ? d->path : "(root)");
        if (n >= 0 && (size_t)n < d->err_size) {
            va_start(ap, fmt);
            vsnprintf(d->err + n, d->err_size - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return OTELC_E_PERMANENT;
}

/* A syntax error: about the text, not a location in the message. */
static int OTELC_PRINTF(2, 3) sfail(struct dec *d, const char *fmt, ...)
{
    if (d->err != NULL && d->err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->err, d->err_size, fmt, ap);
        va_end(ap);
    }
    return OTELC_E_PERMANENT;
}

static int
dnomem(struct dec *d)
{
    d->nomem = 1;
    if (d->err != NULL && d->err_size > 0)
        snprintf(d->err, d->err_size, "out of memory");
    return OTELC_E_NOMEM;
}

static const char *
type_name(json_object *v)
{
    return json_type_to_name(json_object_get_type(v));
}

/* ---- field lookup ---- */

/* Does key spell proto field name `name` in lowerCamelCase (the JSON
 * name protoc derives: drop each '_' and upper-case the next letter)? */
static int
camel_eq(const char *name, const char *key)
{
    for (;;) {
        char c = *name++;
        if (c == '_') {
            c = *name++;
            if (c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            else if (c == '\0')
                return *key == '\0';
        }
        if (c != *key++)
            return 0;
        if (c == '\0')
            return 1;
    }
}

static const ProtobufCFieldDescriptor *
find_field(const ProtobufCMessageDescriptor *desc, const char *key)
{
    /* The descriptor's by-name index knows the original names; json_name
     * is not in protobuf-c descriptors, so camelCase is compared here. */
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(desc, key);
    if (f != NULL)
        return f;
    for (unsigned i = 0; i < desc->n_fields; i++)
        if (camel_eq(desc->fields[i].name, key))
            return &desc->fields[i];
    return NULL;
}

/* ---- scalars ---- */

/* Integer from a JSON number, a number with an integral value (1e3), or a
 * decimal string: proto3 JSON writes 64-bit integers as strings and
 * accepts both forms for every integer type. neg/mag: sign and
 * magnitude, so the full int64 and uint64 ranges are exact. */
static int
get_integer(struct dec *d, json_object *v, int *neg, uint64_t *mag)
{
    switch (json_object_get_type(v)) {
    case json_type_int: {
        int64_t i = json_object_get_int64(v);
        if (i == INT64_MAX) {
            *neg = 0;
            *mag = json_object_get_uint64(v);
        } else {
            *neg = i < 0;
            *mag = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        }
        return OTELC_OK;
    }
    case json_type_double: {
        double x = json_object_get_double(v);
        if (!isfinite(x) || x != floor(x) || fabs(x) >= 18446744073709551616.0)
            return dfail(d, "%g is not an integer", x);
        *neg = x < 0;
        *mag = (uint64_t)fabs(x);
        return OTELC_OK;
    }
    case json_type_string: {
        const char *s = json_object_get_string(v), *p = s;
        uint64_t    m = 0;
        *neg = 0;
        if (*p == '-') {
            *neg = 1;
            p++;
        }
        if (*p == '\0')
            return dfail(d, "\"%.40s\" is not an integer", s);
        for (; *p; p++) {
            unsigned digit = (unsigned)(*p - '0');
            if (*p < '0' || *p > '9')
                return dfail(d, "\"%.40s\" is not an integer", s);
            if (m > UINT64_MAX / 10 ||
                (m == UINT64_MAX / 10 && digit > UINT64_MAX % 10))
                return dfail(d, "\"%.40s\" is not an integer in range", s);
            m = m * 10 + digit;
        }
        if ((size_t)(p - s) != (size_t)json_object_get_string_len(v))
            return dfail(d, "\"%.40s\" is not an integer", s);
        *mag = m;
        return OTELC_OK;
    }
    default:
        return dfail(d, "expected an integer, got %s", type_name(v));
    }
}

static int
get_signed(struct dec *d, json_object *v, int64_t lo, int64_t hi, int64_t *out)
{
    int      neg;
    uint64_t mag;
    int      rc = get_integer(d, v, &neg, &mag);
    if (rc != OTELC_OK)
        return rc;
    if (neg ? mag > (uint64_t)0 - (uint64_t)lo : mag > (uint64_t)hi)
        return dfail(d, "integer out of range");
    *out = neg ? (int64_t)((uint64_t)0 - mag) : (int64_t)mag;
    return OTELC_OK;
}

static int
get_unsigned(struct dec *d, json_object *v, uint64_t hi, uint64_t *out)
{
    int      neg;
    uint64_t mag;
    int      rc = get_integer(d, v, &neg, &mag);
    if (rc != OTELC_OK)
        return rc;
    if ((neg && mag != 0) || mag > hi)
        return dfail(d, "integer out of range");
    *out = mag;
    return OTELC_OK;
}

static int
get_double(struct dec *d, json_object *v, double *out)
{
    const char *s;
    char       *end;

    switch (json_object_get_type(v)) {
    case json_type_int:
    case json_type_double:
        *out = json_object_get_double(v);
        return OTELC_OK;
    case json_type_string:
        s = json_object_get_string(v);
        if (strcmp(s, "NaN") == 0) {
            *out = NAN;
        } else if (strcmp(s, "Infinity") == 0) {
            *out = INFINITY;
        } else if (strcmp(s, "-Infinity") == 0) {
            *out = -INFINITY;
        } else {
            /* A number in a string; strtod's own inf/nan/hex spellings are
             * not JSON numbers. */
            if (s[0] == '\0' || strpbrk(s, "xXiInN") != NULL || s[0] == ' ')
                return dfail(d, "\"%.40s\" is not a number", s);
            errno = 0;
            *out = strtod(s, &end);
            if (*end != '\0' || errno == ERANGE)
                return dfail(d, "\"%.40s\" is not a number", s);
        }
        return OTELC_OK;
    default:
        return dfail(d, "expected a number, got %s", type_name(v));
    }
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int
get_bytes(struct dec *d, const ProtobufCFieldDescriptor *f, json_object *v,
          ProtobufCBinaryData *out)
{
    size_t         idlen = otelc__otlp_id_len(f), n;
    long           dec;
    const char    *s;
    unsigned char *p;

    if (!json_object_is_type(v, json_type_string))
        return dfail(d, "expected a string, got %s", type_name(v));
    s = json_object_get_string(v);
    n = (size_t)json_object_get_string_len(v);
    out->len = 0;
    out->data = NULL;
    if (n == 0)
        return OTELC_OK;
    if (idlen > 0) {
        /* OTLP/JSON: ids are hex, of exactly the id's length. */
        if (n % 2 != 0)
            return dfail(d, "invalid hex (odd length)");
        if (n / 2 != idlen)
            return dfail(d, "invalid hex id length %zu bytes, want %zu", n / 2,
                         idlen);
        p = otelc__arena_alloc(d->a, idlen);
        if (p == NULL)
            return dnomem(d);
        for (size_t i = 0; i < idlen; i++) {
            int hi = hexval((unsigned char)s[2 * i]);
            int lo = hexval((unsigned char)s[2 * i + 1]);
            if (hi < 0 || lo < 0)
                return dfail(d, "invalid hex");
            p[i] = (unsigned char)(hi << 4 | lo);
        }
        out->len = idlen;
        out->data = p;
        return OTELC_OK;
    }
    /* base64, standard or URL-safe alphabet, padding optional. */
    while (n > 0 && s[n - 1] == '=')
        n--;
    if ((size_t)json_object_get_string_len(v) - n > 2 || n % 4 == 1 ||
        ((size_t)json_object_get_string_len(v) != n &&
         (size_t)json_object_get_string_len(v) % 4 != 0))
        return dfail(d, "invalid base64");
    p = otelc__arena_alloc(d->a, OTELC__B64_DECODED_MAX(n));
    if (p == NULL)
        return dnomem(d);
    dec = otelc__b64_decode(s, n, p);
    if (dec < 0)
        return dfail(d, "invalid base64");
    out->len = (size_t)dec;
    out->data = p;
    return OTELC_OK;
}

static int decode_message(struct dec *d, const ProtobufCMessageDescriptor *desc,
                          json_object *obj, ProtobufCMessage **out, int depth);

/* One value of field f from v into dst (the member or array slot). */
static int
decode_value(struct dec *d, const ProtobufCFieldDescriptor *f, json_object *v,
             void *dst, int depth)
{
    int64_t  i;
    uint64_t u;
    double   x;
    int      rc = OTELC_OK;

    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        if ((rc = get_signed(d, v, INT32_MIN, INT32_MAX, &i)) == OTELC_OK)
            *(int32_t *)dst = (int32_t)i;
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        if ((rc = get_unsigned(d, v, UINT32_MAX, &u)) == OTELC_OK)
            *(uint32_t *)dst = (uint32_t)u;
        break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        if ((rc = get_signed(d, v, INT64_MIN, INT64_MAX, &i)) == OTELC_OK)
            *(int64_t *)dst = i;
        break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        if ((rc = get_unsigned(d, v, UINT64_MAX, &u)) == OTELC_OK)
            *(uint64_t *)dst = u;
        break;
    case PROTOBUF_C_TYPE_FLOAT:
        if ((rc = get_double(d, v, &x)) == OTELC_OK) {
            if (isfinite(x) && fabs(x) > FLT_MAX)
                return dfail(d, "number out of range for a float");
            *(float *)dst = (float)x;
        }
        break;
    case PROTOBUF_C_TYPE_DOUBLE:
        if ((rc = get_double(d, v, &x)) == OTELC_OK)
            *(double *)dst = x;
        break;
    case PROTOBUF_C_TYPE_BOOL:
        if (!json_object_is_type(v, json_type_boolean))
            return dfail(d, "expected true or false, got %s", type_name(v));
        *(protobuf_c_boolean *)dst = json_object_get_boolean(v) ? 1 : 0;
        break;
    case PROTOBUF_C_TYPE_ENUM:
        if (json_object_is_type(v, json_type_string)) {
            const ProtobufCEnumValue *ev =
                protobuf_c_enum_descriptor_get_value_by_name(
                    f->descriptor, json_object_get_string(v));
            if (ev != NULL) {
                *(int32_t *)dst = ev->value;
                break;
            }
        }
        /* Numbers, including values this build does not know (proto3
         * enums are open). */
        if ((rc = get_signed(d, v, INT32_MIN, INT32_MAX, &i)) == OTELC_OK)
            *(int32_t *)dst = (int32_t)i;
        else if (json_object_is_type(v, json_type_string))
            rc = dfail(d, "unknown enum value \"%.60s\"",
                       json_object_get_string(v));
        break;
    case PROTOBUF_C_TYPE_STRING: {
        const char *s;
        size_t      n;
        if (!json_object_is_type(v, json_type_string))
            return dfail(d, "expected a string, got %s", type_name(v));
        s = json_object_get_string(v);
        n = (size_t)json_object_get_string_len(v);
        /* protobuf-c strings end at the first NUL. */
        if (memchr(s, '\0', n) != NULL)
            return dfail(d, "string contains NUL");
        if (!otelc__utf8_valid((const unsigned char *)s, n))
            return dfail(d, "invalid UTF-8");
        if ((*(char **)dst = otelc__arena_strndup(d->a, s, n)) == NULL)
            return dnomem(d);
        break;
    }
    case PROTOBUF_C_TYPE_BYTES:
        rc = get_bytes(d, f, v, dst);
        break;
    case PROTOBUF_C_TYPE_MESSAGE:
        rc = decode_message(d, f->descriptor, v, dst, depth + 1);
        break;
    }
    return rc;
}

static int
decode_repeated(struct dec *d, const ProtobufCFieldDescriptor *f,
                json_object *v, ProtobufCMessage *m, int depth)
{
    size_t         n, esize = otelc__elem_size(f);
    unsigned char *arr;

    if (!json_object_is_type(v, json_type_array))
        return dfail(d, "expected an array, got %s", type_name(v));
    n = json_object_array_length(v);
    /* A repeated key seen twice in one object: last one wins, as with
     * every other duplicate key. */
    *otelc__rep_count(m, f) = 0;
    *otelc__rep_array(m, f) = NULL;
    if (n == 0)
        return OTELC_OK;
    arr = otelc__arena_zalloc(d->a, n * esize);
    if (arr == NULL)
        return dnomem(d);
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(v, i);
        size_t       old = path_push(d, "[%zu]", i);
        int          rc;
        if (e == NULL)
            rc = dfail(d, "null in an array");
        else
            rc = decode_value(d, f, e, arr + i * esize, depth);
        if (rc != OTELC_OK)
            return rc;
        path_pop(d, old);
    }
    *otelc__rep_count(m, f) = n;
    *otelc__rep_array(m, f) = arr;
    return OTELC_OK;
}

static int
decode_message(struct dec *d, const ProtobufCMessageDescriptor *desc,
               json_object *obj, ProtobufCMessage **out, int depth)
{
    ProtobufCMessage *m;

    if (!json_object_is_type(obj, json_type_object))
        return dfail(d, "expected an object, got %s", type_name(obj));
    /* The tokener's depth limit already bounds this; kept for trees that
     * could reach here another way. */
    if (depth > OTELC_JSON_MAX_DEPTH)
        return dfail(d, "nested too deep");
    m = otelc__msg_new(d->a, desc);
    if (m == NULL)
        return dnomem(d);
    json_object_object_foreach(obj, key, val)
    {
        const ProtobufCFieldDescriptor *f = find_field(desc, key);
        size_t                          old;
        int                             rc;

        if (f == NULL || val == NULL) /* unknown field, or null: absent */
            continue;
        old = path_push(d, "%s%.100s", depth > 1 || d->plen ? "." : "", key);
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            rc = decode_repeated(d, f, val, m, depth);
        } else {
            uint32_t *oneof_case =
                (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
                    ? (uint32_t *)((char *)m + f->quantifier_offset)
                    : NULL;
            if (oneof_case != NULL && *oneof_case != 0 && *oneof_case != f->id)
                return dfail(d, "more than one field of a oneof is set");
            rc = decode_value(d, f, val, (char *)m + f->offset, depth);
            if (rc == OTELC_OK && oneof_case != NULL)
                *oneof_case = f->id;
            else if (rc == OTELC_OK && f->label == PROTOBUF_C_LABEL_OPTIONAL &&
                     f->quantifier_offset != 0)
                *(protobuf_c_boolean *)((char *)m + f->quantifier_offset) = 1;
        }
        if (rc != OTELC_OK)
            return rc;
        path_pop(d, old);
    }
    *out = m;
    return OTELC_OK;
}

int
otelc__json_decode(const ProtobufCMessageDescriptor *desc, const void *buf,
                   size_t len, otelc_arena *a, ProtobufCMessage **out,
                   char *err, size_t err_size)
{
    struct dec              d = {.a = a, .err = err, .err_size = err_size};
    json_tokener           *tok;
    json_object            *root;
    enum json_tokener_error jerr;
    size_t                  end;
    int                     rc;

    *out = NULL;
    if (err != NULL && err_size > 0)
        err[0] = '\0';
    if (desc == NULL || (buf == NULL && len > 0))
        return OTELC_E_INVALID;
    if (len > INT32_MAX) /* json_tokener_parse_ex takes an int length */
        return sfail(&d, "JSON document too large");
    tok = json_tokener_new_ex(OTELC_JSON_MAX_DEPTH);
    if (tok == NULL)
        return dnomem(&d);
    /* RFC 8259 only (no comments, single quotes, trailing commas, NaN
     * literals), and strings must be UTF-8. */
    json_tokener_set_flags(tok,
                           JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    root = json_tokener_parse_ex(tok, buf, (int)len);
    jerr = json_tokener_get_error(tok);
    end = json_tokener_get_parse_end(tok);
    if (jerr == json_tokener_continue && root == NULL) {
        /* A bare literal or number ends only where something follows it:
         * feed one space so "null" or "1" finish parsing (and are refused
         * below as not an object), while a truncated document stays
         * incomplete. */
        root = json_tokener_parse_ex(tok, " ", 1);
        jerr = json_tokener_get_error(tok);
        end = len;
    }
    json_tokener_free(tok);
    if (jerr == json_tokener_continue)
        return sfail(&d, "invalid JSON: unexpected end of input");
    if (jerr != json_tokener_success) {
        json_object_put(root);
        return sfail(&d, "invalid JSON at offset %zu: %s", end,
                     json_tokener_error_desc(jerr));
    }
    for (const char *p = (const char *)buf + end; p < (const char *)buf + len;
         p++) /* json-c stops after the first value */
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            json_object_put(root);
            return sfail(&d, "invalid JSON: trailing data at offset %zu",
                         (size_t)(p - (const char *)buf));
        }
    if (root == NULL)
        return dfail(&d, "expected an object, got null");
    rc = decode_message(&d, desc, root, out, 1);
    json_object_put(root);
    if (rc != OTELC_OK)
        *out = NULL;
    return rc;
}
