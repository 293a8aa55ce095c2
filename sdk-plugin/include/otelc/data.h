/* otelc plugin SDK: telemetry batches and the messages inside them.
 *
 * A batch is one Export{Trace,Metrics,Logs}ServiceRequest. Its messages are
 * reached as otelc_node handles and their fields by OTLP field number
 * (otelc/otlp_fields.h). Handles stay valid until the batch is released or
 * passed on. Modifying calls need the sole reference (components that
 * declare OTELC_CAP_MUTATES_DATA always get one) and fail with
 * OTELC_E_READONLY otherwise. */
#ifndef OTELC_DATA_H
#define OTELC_DATA_H

#include <string.h>

#include <otelc/host.h>
#include <otelc/otlp_fields.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- batches ---- */
/* A new, empty batch of `signal` (one OTELC_SIGNAL_*), with one reference the
 * caller owns: hand it on with otelc_emit() or drop it with
 * otelc_batch_release(). NULL on failure, with the reason in
 * otelc_last_error(ctx). Loop. */
static inline otelc_batch *
otelc_batch_new(otelc_ctx *ctx, int signal)
{
    return OTELC__API(ctx)->batch_new(ctx, signal);
}
/* Wraps OTLP protobuf bytes (an Export*ServiceRequest of `signal`) in a new
 * batch, *out, owned by the caller. With OTELC_COPY the bytes are copied now;
 * with OTELC_STATIC they are borrowed for the batch's life; with a destructor
 * the host owns them from the call on, also when it fails. The bytes are
 * validated and items counted without a full decode. OTELC_OK, or
 * OTELC_E_INVALID / OTELC_E_NOMEM with the reason in otelc_last_error(ctx)
 * (*out is then NULL). Loop. */
static inline int
otelc_batch_from_otlp(otelc_ctx *ctx, int signal, const void *buf, size_t len,
                      otelc_destructor dtor, otelc_batch **out)
{
    return OTELC__API(ctx)->batch_from_otlp(ctx, signal, buf, len, dtor, out);
}
/* Parses an OTLP/JSON Export*ServiceRequest of `signal` (the OTLP
 * specification's JSON mapping: hex ids, 64-bit integers as strings or
 * numbers, enums as integers, lowerCamelCase or original field names, unknown
 * fields ignored) into a new batch *out owned by the caller; buf is borrowed
 * for the call. OTELC_OK, or a negative status with the reason in
 * otelc_last_error(ctx). Loop. */
static inline int
otelc_batch_from_otlp_json(otelc_ctx *ctx, int signal, const void *buf,
                           size_t len, otelc_batch **out)
{
    return OTELC__API(ctx)->batch_from_otlp_json(ctx, signal, buf, len, out);
}
/* The batch as OTLP/JSON: *buf and *len, owned by the batch and valid until it
 * is modified or released. OTELC_OK, or a negative status (OTELC_E_NOMEM, or a
 * batch that does not decode). Loop. */
static inline int
otelc_batch_to_otlp_json(otelc_batch *b, const void **buf, size_t *len)
{
    return OTELC__API(b)->batch_to_otlp_json(b, buf, len);
}
/* "traces", "metrics" or "logs" ("unknown" for anything else), for URLs and
 * log lines. Returns a static string. Pure: any thread. */
static inline const char *
otelc_signal_name(int signal)
{
    return signal == OTELC_SIGNAL_TRACES    ? "traces"
           : signal == OTELC_SIGNAL_METRICS ? "metrics"
           : signal == OTELC_SIGNAL_LOGS    ? "logs"
                                            : "unknown";
}
/* Flag of otelc_otlp_response_read() and otelc_rpc_status_read(): the body is
 * JSON (OTLP/JSON, or google.rpc.Status as JSON) instead of protobuf. Other
 * bits are ignored. */
#define OTELC_RESPONSE_JSON 0x1u

/* Reads an Export*ServiceResponse of `signal` (protobuf, or OTLP/JSON with
 * OTELC_RESPONSE_JSON in flags) and reports its partial_success: *rejected
 * items and the server's message, copied into msg (NUL-terminated, cut to cap;
 * "" and 0 when the server rejected nothing). buf is borrowed for the call.
 * OTELC_OK, or OTELC_E_PERMANENT when the body is not such a message
 * (OTELC_E_INVALID for an unknown signal), with the reason in
 * otelc_last_error(ctx). Loop. */
static inline int
otelc_otlp_response_read(otelc_ctx *ctx, int signal, const void *buf,
                         size_t len, unsigned flags, int64_t *rejected,
                         char *msg, size_t cap)
{
    return OTELC__API(ctx)->otlp_response_read(ctx, signal, buf, len, flags,
                                               rejected, msg, cap);
}
/* Reads a google.rpc.Status error body (protobuf, or JSON with
 * OTELC_RESPONSE_JSON in flags): *code and the message, copied into msg
 * (NUL-terminated, cut to cap). buf is borrowed for the call. OTELC_OK, or
 * OTELC_E_PERMANENT when it is not one, with the reason in
 * otelc_last_error(ctx). Loop. */
static inline int
otelc_rpc_status_read(otelc_ctx *ctx, const void *buf, size_t len,
                      unsigned flags, int *code, char *msg, size_t cap)
{
    return OTELC__API(ctx)->rpc_status_read(ctx, buf, len, flags, code, msg,
                                            cap);
}
/* Adds a reference to b, for a component that keeps a batch it also passes on;
 * each reference is dropped with otelc_batch_release() or handed on. Cannot
 * fail. Loop. */
static inline void
otelc_batch_retain(otelc_batch *b)
{
    OTELC__API(b)->batch_retain(b);
}
/* Drops one reference to b (NULL is a no-op); the last one frees the batch and
 * invalidates its node handles. Loop. */
static inline void
otelc_batch_release(otelc_batch *b)
{
    if (b)
        OTELC__API(b)->batch_release(b);
}
/* The batch's OTELC_SIGNAL_*. Cannot fail. Loop. */
static inline int
otelc_batch_signal(const otelc_batch *b)
{
    return OTELC__API(b)->batch_signal(b);
}
/* Number of items (spans, metric data points, log records) in b; counted
 * without a full decode. Cannot fail. Loop. */
static inline uint64_t
otelc_batch_items(otelc_batch *b)
{
    return OTELC__API(b)->batch_items(b);
}
/* Size of b's OTLP protobuf encoding in bytes. Cannot fail. Loop. */
static inline size_t
otelc_batch_size(otelc_batch *b)
{
    return OTELC__API(b)->batch_size(b);
}
/* Moves all of src's data to the end of dst. Takes src, also when it fails.
 * Needs the sole reference to dst (OTELC_E_READONLY otherwise); invalidates
 * node handles of both. OTELC_OK or a negative status (OTELC_E_INVALID for
 * different signals, OTELC_E_NOMEM). Loop. */
static inline int
otelc_batch_append(otelc_batch *dst, otelc_batch *src)
{
    return OTELC__API(dst)->batch_append(dst, src);
}
/* Detaches the first `items` items of b into a new batch *head owned by the
 * caller; b keeps the rest. Needs the sole reference to b; invalidates b's
 * node handles. OTELC_OK or a negative status (*head is then NULL). Loop. */
static inline int
otelc_batch_split(otelc_batch *b, uint64_t items, otelc_batch **head)
{
    return OTELC__API(b)->batch_split(b, items, head);
}
/* The batch's contiguous OTLP protobuf encoding (an Export*ServiceRequest):
 * *buf and *len, owned by the batch and valid until it is modified or
 * released. Joins segments or re-encodes only when needed. OTELC_OK or a
 * negative status (OTELC_E_NOMEM). Loop. */
static inline int
otelc_batch_to_otlp(otelc_batch *b, const void **buf, size_t *len)
{
    return OTELC__API(b)->batch_to_otlp(b, buf, len);
}
/* Number of segments the encoding arrived in (concatenated encodings are
 * one valid request); a batch that holds only a decoded tree is encoded
 * first (one segment), 0 when that fails. Loop. */
static inline size_t
otelc_batch_segments(otelc_batch *b)
{
    return OTELC__API(b)->batch_segments(b);
}
/* Segment i of the encoding as it arrived (no copy, no re-encode): *buf and
 * *len, valid until the batch is modified or released. OTELC_OK, or
 * OTELC_E_RANGE for i >= otelc_batch_segments(). Loop. */
static inline int
otelc_batch_segment(otelc_batch *b, size_t i, const void **buf, size_t *len)
{
    return OTELC__API(b)->batch_segment(b, i, buf, len);
}
/* A new batch with the same data (shared immutable bytes, its own tree when
 * decoded), with one reference owned by the caller. NULL when out of memory (a
 * batch belongs to no instance: no otelc_last_error() detail). Loop. */
static inline otelc_batch *
otelc_batch_clone(otelc_batch *b)
{
    return OTELC__API(b)->batch_clone(b);
}
/* The batch's Export*ServiceRequest message; decodes the batch the first time.
 * Valid until the batch is released, passed on, split or appended to. NULL
 * when the bytes do not decode or memory runs out (no detail: batches belong
 * to no instance). Loop. */
static inline otelc_node *
otelc_batch_root(otelc_batch *b)
{
    return OTELC__API(b)->batch_root(b);
}

/* ---- generic field access ---- */
/* Full protobuf name of n's message ("opentelemetry.proto.trace.v1.Span").
 * Static string. Loop. */
static inline const char *
otelc_node_type(const otelc_node *n)
{
    return OTELC__API(n)->node_type(n);
}
/* The value kind of field `field` in n's message (otelc_field_kind), so a
 * plugin can read a field whose type it does not know; OTELC_FIELD_NONE
 * for an unknown field or a NULL n. Any thread holding a reference to the
 * batch. */
static inline int
otelc_node_field_kind(const otelc_node *n, uint32_t field)
{
    return n ? OTELC__API(n)->node_field_kind(n, field) : OTELC_FIELD_NONE;
}
/* Number of elements of field `field` of n: a repeated field's length, or 0/1
 * for a singular one (how to test presence). 0 for NULL or an unknown field.
 * Loop. */
static inline size_t
otelc_node_count(const otelc_node *n, uint32_t field)
{
    return n ? OTELC__API(n)->node_count(n, field) : 0;
}
/* Value of a singular signed integer (or enum) field; 0 when unset, unknown or
 * n is NULL. Loop. */
static inline int64_t
otelc_node_int(const otelc_node *n, uint32_t field)
{
    int64_t v = 0;
    if (n)
        OTELC__API(n)->node_get_int(n, field, 0, &v);
    return v;
}
/* Value of a singular unsigned integer (or fixed) field; 0 when unset, unknown
 * or n is NULL. Loop. */
static inline uint64_t
otelc_node_uint(const otelc_node *n, uint32_t field)
{
    uint64_t v = 0;
    if (n)
        OTELC__API(n)->node_get_uint(n, field, 0, &v);
    return v;
}
/* Value of a singular double field; 0 when unset, unknown or n is NULL. Loop.
 */
static inline double
otelc_node_double(const otelc_node *n, uint32_t field)
{
    double v = 0;
    if (n)
        OTELC__API(n)->node_get_double(n, field, 0, &v);
    return v;
}
/* Value of a singular bool field; 0 when unset, unknown or n is NULL. Loop. */
static inline int
otelc_node_bool(const otelc_node *n, uint32_t field)
{
    int v = 0;
    if (n)
        OTELC__API(n)->node_get_bool(n, field, 0, &v);
    return v;
}
/* Element i of a repeated signed integer field (i = 0 for a singular one) into
 * *out, with the host's status: OTELC_OK, or a negative code (*out is then 0)
 * when there is no such element, or when an `optional` field or an unselected
 * oneof member is unset. For bucket counts, explicit bounds, and optional
 * fields such as a histogram's sum/min/max. Loop. */
static inline int
otelc_node_int_at(const otelc_node *n, uint32_t field, size_t i, int64_t *out)
{
    if (n == NULL) {
        *out = 0;
        return OTELC_E_NOTFOUND;
    }
    return OTELC__API(n)->node_get_int(n, field, i, out);
}
/* otelc_node_int_at() for unsigned integer fields. Loop. */
static inline int
otelc_node_uint_at(const otelc_node *n, uint32_t field, size_t i, uint64_t *out)
{
    if (n == NULL) {
        *out = 0;
        return OTELC_E_NOTFOUND;
    }
    return OTELC__API(n)->node_get_uint(n, field, i, out);
}
/* otelc_node_int_at() for double fields. Loop. */
static inline int
otelc_node_double_at(const otelc_node *n, uint32_t field, size_t i, double *out)
{
    if (n == NULL) {
        *out = 0;
        return OTELC_E_NOTFOUND;
    }
    return OTELC__API(n)->node_get_double(n, field, i, out);
}
/* A string or bytes field: the pointer (not NUL-terminated in general) and its
 * length in *len (len may be NULL). "" (length 0) when unset, unknown or n is
 * NULL. Owned by the batch, valid as long as the node. Loop. */
static inline const char *
otelc_node_str(const otelc_node *n, uint32_t field, size_t *len)
{
    const void *p = NULL;
    size_t      l = 0;
    if (n == NULL || OTELC__API(n)->node_get_bytes(n, field, 0, &p, &l) != 0 ||
        p == NULL) {
        p = "";
        l = 0;
    }
    if (len)
        *len = l;
    return (const char *)p;
}
/* Element i of a repeated message field (i = 0 for a singular one), or NULL
 * when absent (not a failure). Valid until the batch is released, passed on,
 * split or appended to. Loop. */
static inline otelc_node *
otelc_node_msg(const otelc_node *n, uint32_t field, size_t i)
{
    return n ? OTELC__API(n)->node_get_msg(n, field, i) : NULL;
}
/* Sets a singular integer (or enum) field. Needs the sole reference to the
 * batch. OTELC_OK, OTELC_E_READONLY on a shared batch, OTELC_E_NOTFOUND /
 * OTELC_E_TYPE for a field that does not exist or has another type. Loop. */
static inline int
otelc_node_set_int(otelc_node *n, uint32_t field, int64_t v)
{
    return OTELC__API(n)->node_set_int(n, field, v);
}
/* otelc_node_set_int() for unsigned integer fields. Loop. */
static inline int
otelc_node_set_uint(otelc_node *n, uint32_t field, uint64_t v)
{
    return OTELC__API(n)->node_set_uint(n, field, v);
}
/* otelc_node_set_int() for double fields. Loop. */
static inline int
otelc_node_set_double(otelc_node *n, uint32_t field, double v)
{
    return OTELC__API(n)->node_set_double(n, field, v);
}
/* otelc_node_set_int() for bool fields (v: 0 or not 0). Loop. */
static inline int
otelc_node_set_bool(otelc_node *n, uint32_t field, int v)
{
    return OTELC__API(n)->node_set_bool(n, field, v);
}
/* Sets a string or bytes field to len bytes of data, handed over as dtor says
 * (OTELC_COPY, OTELC_STATIC or a destructor, which the host owns from the call
 * on, also when it fails). Needs the sole reference to the batch. OTELC_OK or
 * a negative status as otelc_node_set_int(). Loop. */
static inline int
otelc_node_set_bytes(otelc_node *n, uint32_t field, const void *data,
                     size_t len, otelc_destructor dtor)
{
    return OTELC__API(n)->node_set_bytes(n, field, data, len, dtor);
}
/* Sets a string field to a copy of the NUL-terminated s. Same failures as
 * otelc_node_set_bytes(). Loop. */
static inline int
otelc_node_set_str(otelc_node *n, uint32_t field, const char *s)
{
    return OTELC__API(n)->node_set_bytes(n, field, s, strlen(s), OTELC_COPY);
}
/* A singular message field, created when absent; for a repeated one, a new
 * empty element appended. Needs the sole reference to the batch. Valid like
 * any node. NULL on a shared batch, for a field that is not a message, or when
 * out of memory (no detail: batches belong to no instance). Loop. */
static inline otelc_node *
otelc_node_mut_msg(otelc_node *n, uint32_t field)
{
    return OTELC__API(n)->node_mut_msg(n, field);
}
/* Removes element i of a repeated field, or clears a singular field. Needs the
 * sole reference; invalidates handles of the removed element and those after
 * it. OTELC_OK or a negative status (OTELC_E_READONLY, OTELC_E_RANGE,
 * OTELC_E_NOTFOUND). Loop. */
static inline int
otelc_node_remove(otelc_node *n, uint32_t field, size_t i)
{
    return OTELC__API(n)->node_remove(n, field, i);
}
/* Field number set in the oneof that `field` belongs to (for example the
 * Gauge/Sum/... of a Metric), or 0 when none is set or n is NULL. Loop. */
static inline uint32_t
otelc_node_oneof_case(const otelc_node *n, uint32_t field)
{
    return n ? OTELC__API(n)->node_oneof_case(n, field) : 0;
}

/* ---- attributes (KeyValue lists) ----
 *
 * The list argument. Every attrs_* call that takes a `field` names the
 * KeyValue list of node n the same way:
 *   - OTELC_ATTRS: n's field named "attributes" (Resource,
 *     InstrumentationScope, Span, Span.Event, Span.Link, LogRecord and
 *     every kind of metric data point have one), or
 *   - the number of a repeated KeyValue field of n's message:
 *     OTELC_SPAN_ATTRIBUTES, OTELC_NUMBERDP_ATTRIBUTES, OTELC_METRIC_METADATA,
 *     OTELC_EXEMPLAR_FILTERED_ATTRIBUTES, OTELC_KVLIST_VALUES (an AnyValue
 *     map), ...
 * Anything else (a field that does not exist or is not a KeyValue list,
 * OTELC_ATTRS on a message without "attributes", a NULL node) is
 * OTELC_E_INVALID, never an empty list. The otelc_node_* calls resolve
 * OTELC_ATTRS to the same field. The short forms without a field argument
 * (otelc_attrs_find, otelc_attrs_delete, otelc_attrs_set_*) use OTELC_ATTRS.
 *
 * Keys are compared by length and bytes, not as C strings. When a list
 * holds a key more than once (OTLP forbids it; the wire does not), lookups
 * and writes act on the first entry and deletes remove every one.
 *
 * Threads and lifetimes: reading calls may be made by any thread holding a
 * reference to the batch; modifying calls need the sole reference (the
 * component's own batch, on its loop) and return OTELC_E_READONLY on a
 * shared batch, whether or not they would change anything. Value nodes and
 * key pointers handed out live as long as the batch reference (until it is
 * released or passed on); keys are not NUL-terminated in general: use the
 * length. Nothing is ever freed by the caller. */

/* What a copy or rename does when the target key exists, as otelcol's
 * attributes processor actions of the same names. */
typedef enum otelc_attrs_mode {
    OTELC_ATTRS_UPSERT = 0, /* write the target whether or not it exists */
    OTELC_ATTRS_INSERT = 1, /* write the target only when it is absent */
    OTELC_ATTRS_UPDATE = 2  /* write the target only when it exists */
} otelc_attrs_mode;

/* AnyValue of `key` in n's "attributes" list (OTELC_ATTRS), borrowed for
 * the batch's life. NULL when the key is absent, when its entry has no
 * value, and also when n has no "attributes" field: otelc_attrs_get()
 * tells these apart. Key: a NUL-terminated string, borrowed for the call.
 * Any thread holding a reference to the batch. */
static inline otelc_node *
otelc_attrs_find(const otelc_node *n, const char *key)
{
    otelc_node *v = NULL;
    if (n)
        OTELC__API(n)->attrs_get(n, OTELC_ATTRS, key, strlen(key), &v);
    return v;
}
/* Looks `key` up in the list `field` of n. *value gets the AnyValue
 * (borrowed for the batch's life; NULL for an entry without a value) and
 * the call returns OTELC_OK; OTELC_E_NOTFOUND when the key is absent,
 * OTELC_E_INVALID for a wrong field (*value is then NULL). Any thread holding a
 * reference to the batch. */
static inline int
otelc_attrs_get(const otelc_node *n, uint32_t field, const char *key,
                otelc_node **value)
{
    *value = NULL;
    return n ? OTELC__API(n)->attrs_get(n, field, key, strlen(key), value)
             : OTELC_E_INVALID;
}
/* Deletes every entry with `key` from n's "attributes" list. OTELC_OK;
 * OTELC_E_NOTFOUND when there was none (nothing changed, the batch is not
 * re-encoded); OTELC_E_INVALID when n has no "attributes" field;
 * OTELC_E_READONLY on a shared batch. Loop (the sole
 * reference's owner). */
static inline int
otelc_attrs_delete(otelc_node *n, const char *key)
{
    return n ? OTELC__API(n)->attrs_delete(n, OTELC_ATTRS, key, strlen(key))
             : OTELC_E_INVALID;
}
/* The AnyValue of `key` in the list `field` of n, emptied for the caller
 * to set (a fresh message: nodes of the old value still read the old
 * one), created at the end of the list when absent; the key is copied.
 * OTELC_OK with *value set (borrowed for the batch's life), or
 * OTELC_E_INVALID, OTELC_E_READONLY, OTELC_E_NOMEM with *value NULL and
 * nothing changed. Loop (the sole
 * reference's owner). */
static inline int
otelc_attrs_upsert(otelc_node *n, uint32_t field, const char *key,
                   otelc_node **value)
{
    *value = NULL;
    if (n == NULL)
        return OTELC_E_INVALID;
    return OTELC__API(n)->attrs_upsert(n, field, key, strlen(key), value);
}
/* Set `key` of n's "attributes" list to a string (copied), integer,
 * double or boolean, replacing any value it had (otelcol "upsert").
 * Status as otelc_attrs_upsert(). Loop (the sole
 * reference's owner). */
static inline int
otelc_attrs_set_str(otelc_node *n, const char *key, const char *value)
{
    otelc_node *v;
    int         rc = otelc_attrs_upsert(n, OTELC_ATTRS, key, &v);
    return rc ? rc : otelc_node_set_str(v, OTELC_ANYVALUE_STRING_VALUE, value);
}
/* otelc_attrs_set_str() for an int value. Loop. */
static inline int
otelc_attrs_set_int(otelc_node *n, const char *key, int64_t value)
{
    otelc_node *v;
    int         rc = otelc_attrs_upsert(n, OTELC_ATTRS, key, &v);
    return rc ? rc : otelc_node_set_int(v, OTELC_ANYVALUE_INT_VALUE, value);
}
/* otelc_attrs_set_str() for a double value. Loop. */
static inline int
otelc_attrs_set_double(otelc_node *n, const char *key, double value)
{
    otelc_node *v;
    int         rc = otelc_attrs_upsert(n, OTELC_ATTRS, key, &v);
    return rc ? rc
              : otelc_node_set_double(v, OTELC_ANYVALUE_DOUBLE_VALUE, value);
}
/* otelc_attrs_set_str() for a bool value. Loop. */
static inline int
otelc_attrs_set_bool(otelc_node *n, const char *key, int value)
{
    otelc_node *v;
    int         rc = otelc_attrs_upsert(n, OTELC_ATTRS, key, &v);
    return rc ? rc : otelc_node_set_bool(v, OTELC_ANYVALUE_BOOL_VALUE, value);
}
/* Number of entries of the list `field` of n into *count: OTELC_OK, or
 * OTELC_E_INVALID for a wrong field (*count is then 0). Any thread holding a
 * reference to the batch. */
static inline int
otelc_attrs_count(const otelc_node *n, uint32_t field, size_t *count)
{
    *count = 0;
    return n ? OTELC__API(n)->attrs_count(n, field, count) : OTELC_E_INVALID;
}
/* Entry i of the list `field` of n: its key (*key, *key_len; borrowed for
 * the batch's life) and AnyValue (*value; NULL when the entry has none).
 * Any out-pointer may be NULL. OTELC_OK; OTELC_E_RANGE past the end;
 * OTELC_E_INVALID for a wrong field (outputs are then "", 0, NULL). Any thread
 * holding a reference to the batch. */
static inline int
otelc_attrs_at(const otelc_node *n, uint32_t field, size_t i, const char **key,
               size_t *key_len, otelc_node **value)
{
    if (n == NULL) {
        if (key)
            *key = "";
        if (key_len)
            *key_len = 0;
        if (value)
            *value = NULL;
        return OTELC_E_INVALID;
    }
    return OTELC__API(n)->attrs_at(n, field, i, key, key_len, value);
}
/* Copies the value of key `from` in the list (src, src_field) to key `to`
 * of the list (dst, dst_field): a deep copy of the AnyValue (strings,
 * bytes, arrays and maps included) into dst's batch, so the two never
 * share anything; src may be the same node, another node of the same
 * batch (a resource attribute onto a span) or a node of another batch,
 * and is only read. mode says what happens to an existing `to` (replaced
 * in place by UPSERT and UPDATE, kept by INSERT; an absent one is appended
 * by UPSERT and INSERT). Keys: NUL-terminated, borrowed for the call.
 * OTELC_OK, also when the mode left the target alone; OTELC_E_NOTFOUND
 * when `from` is absent (nothing changed); OTELC_E_INVALID for a wrong
 * field or mode; OTELC_E_READONLY when dst's batch is shared;
 * OTELC_E_NOMEM. Loop (the sole
 * reference's owner). */
static inline int
otelc_attrs_copy(otelc_node *dst, uint32_t dst_field, const char *to,
                 const otelc_node *src, uint32_t src_field, const char *from,
                 int mode)
{
    return dst ? OTELC__API(dst)->attrs_copy(dst, dst_field, to, strlen(to),
                                             src, src_field, from, strlen(from),
                                             mode)
               : OTELC_E_INVALID;
}
/* Renames key `from` of the list `field` of n to `to`, keeping its value.
 * Exactly otelcol's recipe `{key: to, from_attribute: from, action: mode}`
 * then `{key: from, action: delete}`:
 *   - `to` absent: the entry is renamed in place (UPSERT, INSERT) or, with
 *     UPDATE, `from` is deleted and nothing is inserted;
 *   - `to` present: it takes from's value in its own place (UPSERT,
 *     UPDATE) or keeps its own (INSERT); `from` is deleted either way.
 * from == to changes nothing. Keys: NUL-terminated, borrowed for the call.
 * OTELC_OK when `from` existed; OTELC_E_NOTFOUND when it did not (nothing
 * changed); OTELC_E_INVALID for a wrong field or mode; OTELC_E_READONLY on
 * a shared batch; OTELC_E_NOMEM. Loop (the sole
 * reference's owner). */
static inline int
otelc_attrs_rename(otelc_node *n, uint32_t field, const char *from,
                   const char *to, int mode)
{
    return n ? OTELC__API(n)->attrs_rename(n, field, from, strlen(from), to,
                                           strlen(to), mode)
             : OTELC_E_INVALID;
}

/* Iteration over a KeyValue list that may delete as it goes:
 *
 *   otelc_attrs_iter it;
 *   const char *k; size_t klen; otelc_node *v;
 *   if (otelc_attrs_iter_init(&it, span, OTELC_ATTRS) != OTELC_OK) ...
 *   while (otelc_attrs_next(&it, &k, &klen, &v))
 *       if (unwanted(k, klen))
 *           otelc_attrs_delete_current(&it);
 *
 * The iterator lives on the caller's stack and holds no resources (no
 * cleanup). It borrows n, which must outlive it. Deleting the current
 * entry, and setting the value of any existing key, are safe; entries
 * appended during the walk are visited; deleting or renaming other entries
 * during the walk may skip or repeat entries. */
typedef struct otelc_attrs_iter {
    otelc_node *node;
    uint32_t    field;
    size_t      next;    /* index of the entry otelc_attrs_next() visits */
    size_t      current; /* index of the current entry, or SIZE_MAX */
} otelc_attrs_iter;

/* Starts a walk of the list `field` of n. OTELC_OK; OTELC_E_INVALID for a
 * wrong field (the iterator then visits nothing). Any thread holding a
 * reference to the batch. */
static inline int
otelc_attrs_iter_init(otelc_attrs_iter *it, const otelc_node *n, uint32_t field)
{
    size_t count;
    int    rc = otelc_attrs_count(n, field, &count);

    /* Modifying calls check the batch, not the handle's constness. */
    it->node = rc == OTELC_OK ? (otelc_node *)(uintptr_t)n : NULL;
    it->field = field;
    it->next = 0;
    it->current = SIZE_MAX;
    return rc;
}
/* Advances to the next entry: 1 with its key and value (as
 * otelc_attrs_at(); out-pointers may be NULL), 0 at the end. Any thread holding
 * a reference to the batch. */
static inline int
otelc_attrs_next(otelc_attrs_iter *it, const char **key, size_t *key_len,
                 otelc_node **value)
{
    if (it->node == NULL || otelc_attrs_at(it->node, it->field, it->next, key,
                                           key_len, value) != OTELC_OK) {
        it->current = SIZE_MAX;
        return 0;
    }
    it->current = it->next++;
    return 1;
}
/* Deletes the entry otelc_attrs_next() returned last; the walk goes on
 * with the entry after it. Its value node stays readable (detached) for
 * the batch's life. OTELC_OK; OTELC_E_STATE when there is no current
 * entry (before the first next, after the end, or deleted already);
 * OTELC_E_READONLY on a shared batch. Loop (the sole
 * reference's owner). */
static inline int
otelc_attrs_delete_current(otelc_attrs_iter *it)
{
    int rc;

    if (it->node == NULL || it->current == SIZE_MAX)
        return OTELC_E_STATE;
    rc =
        OTELC__API(it->node)->attrs_remove_at(it->node, it->field, it->current);
    if (rc == OTELC_OK) {
        it->next = it->current;
        it->current = SIZE_MAX;
    }
    return rc;
}

/* ---- iteration over every span / metric / log record of a batch ---- */
/* State of an iteration over the items of a batch (otelc_items_first()): the
 * plugin's own memory, usually on the stack; valid while the batch's node
 * handles are. */
typedef struct otelc_iter {
    otelc_node *root, *resource_x, *scope_x;
    size_t      ri, si, ii;
} otelc_iter;

static inline otelc_node *
otelc__iter_settle(otelc_iter *it)
{
    for (;;) {
        if (it->scope_x) {
            otelc_node *item =
                otelc_node_msg(it->scope_x, OTELC_SCOPE_X_ITEMS, it->ii);
            if (item)
                return item;
            it->scope_x = NULL;
            it->si++;
            it->ii = 0;
        }
        if (it->resource_x) {
            it->scope_x =
                otelc_node_msg(it->resource_x, OTELC_RESOURCE_X_SCOPES, it->si);
            if (it->scope_x)
                continue;
            it->resource_x = NULL;
            it->ri++;
            it->si = 0;
        }
        it->resource_x =
            otelc_node_msg(it->root, OTELC_REQUEST_RESOURCES, it->ri);
        if (it->resource_x == NULL)
            return NULL;
    }
}
/* First item (span, metric or log record) of the batch, or NULL when there is
 * none or the batch does not decode. Fills *it, which the other iteration
 * calls read. Decodes the batch. Loop. */
static inline otelc_node *
otelc_items_first(otelc_batch *b, otelc_iter *it)
{
    memset(it, 0, sizeof(*it));
    it->root = otelc_batch_root(b);
    return it->root ? otelc__iter_settle(it) : NULL;
}
/* The item after the current one of *it, or NULL at the end. Loop. */
static inline otelc_node *
otelc_items_next(otelc_iter *it)
{
    it->ii++;
    return otelc__iter_settle(it);
}
/* The Resource of the current item, or NULL when it has none. Loop. */
static inline otelc_node *
otelc_iter_resource(const otelc_iter *it)
{
    return otelc_node_msg(it->resource_x, OTELC_RESOURCE_X_RESOURCE, 0);
}
/* The InstrumentationScope of the current item, or NULL when it has none.
 * Loop. */
static inline otelc_node *
otelc_iter_scope(const otelc_iter *it)
{
    return otelc_node_msg(it->scope_x, OTELC_SCOPE_X_SCOPE, 0);
}
/* Signal-specific names of otelc_items_first() / otelc_items_next(), for
 * readable loops. Loop. */
#define otelc_spans_first   otelc_items_first
#define otelc_spans_next    otelc_items_next
#define otelc_metrics_first otelc_items_first
#define otelc_metrics_next  otelc_items_next
#define otelc_logs_first    otelc_items_first
#define otelc_logs_next     otelc_items_next

/* ---- typed readers ---- */
/* A span's name (not NUL-terminated; *len its length, len may be NULL); ""
 * when unset. Valid like the node. Loop. */
static inline const char *
otelc_span_name(const otelc_node *span, size_t *len)
{
    return otelc_node_str(span, OTELC_SPAN_NAME, len);
}
/* A metric's name, as otelc_span_name(). Loop. */
static inline const char *
otelc_metric_name(const otelc_node *metric, size_t *len)
{
    return otelc_node_str(metric, OTELC_METRIC_NAME, len);
}
/* The Gauge/Sum/Histogram/ExponentialHistogram/Summary message of a metric,
 * with its field number in *which (may be NULL); NULL (and 0) when none is
 * set. Loop. */
static inline otelc_node *
otelc_metric_data(const otelc_node *metric, uint32_t *which)
{
    uint32_t f = otelc_node_oneof_case(metric, OTELC_METRIC_GAUGE);
    if (which)
        *which = f;
    return f ? otelc_node_msg(metric, f, 0) : NULL;
}

/* ---- builders: a receiver producing its own telemetry ---- */
/* A new ResourceSpans/ResourceMetrics/ResourceLogs at the end of batch b
 * (which the caller must solely own, for example from otelc_batch_new()). NULL
 * on a shared batch or when out of memory. Loop. */
static inline otelc_node *
otelc_build_resource(otelc_batch *b)
{
    otelc_node *root = otelc_batch_root(b);
    return root ? otelc_node_mut_msg(root, OTELC_REQUEST_RESOURCES) : NULL;
}
/* The Resource message of a resource_x, created when absent, for
 * otelc_attrs_set_*. NULL as otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_resource_attrs(otelc_node *resource_x)
{
    return otelc_node_mut_msg(resource_x, OTELC_RESOURCE_X_RESOURCE);
}
/* A new ScopeSpans/ScopeMetrics/ScopeLogs in resource_x, its scope named
 * `name` and `version` (copied; either may be NULL). NULL as
 * otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_scope(otelc_node *resource_x, const char *name, const char *version)
{
    otelc_node *sx = otelc_node_mut_msg(resource_x, OTELC_RESOURCE_X_SCOPES);
    otelc_node *scope;
    if (sx == NULL)
        return NULL;
    scope = otelc_node_mut_msg(sx, OTELC_SCOPE_X_SCOPE);
    if (scope && name)
        otelc_node_set_str(scope, OTELC_SCOPE_NAME, name);
    if (scope && version)
        otelc_node_set_str(scope, OTELC_SCOPE_VERSION, version);
    return sx;
}
/* A new span named `name` (copied; may be NULL) in scope_x. NULL as
 * otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_span(otelc_node *scope_x, const char *name)
{
    otelc_node *s = otelc_node_mut_msg(scope_x, OTELC_SCOPE_X_ITEMS);
    if (s && name)
        otelc_node_set_str(s, OTELC_SPAN_NAME, name);
    return s;
}
/* A new, empty log record in scope_x. NULL as otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_log(otelc_node *scope_x)
{
    return otelc_node_mut_msg(scope_x, OTELC_SCOPE_X_ITEMS);
}
/* A new metric in scope_x with name, description and unit (copied; each may be
 * NULL). NULL as otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_metric(otelc_node *scope_x, const char *name,
                   const char *description, const char *unit)
{
    otelc_node *m = otelc_node_mut_msg(scope_x, OTELC_SCOPE_X_ITEMS);
    if (m && name)
        otelc_node_set_str(m, OTELC_METRIC_NAME, name);
    if (m && description)
        otelc_node_set_str(m, OTELC_METRIC_DESCRIPTION, description);
    if (m && unit)
        otelc_node_set_str(m, OTELC_METRIC_UNIT, unit);
    return m;
}
/* A new NumberDataPoint of a gauge metric (the metric becomes a gauge). NULL
 * as otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_gauge_point(otelc_node *metric)
{
    otelc_node *g = otelc_node_mut_msg(metric, OTELC_METRIC_GAUGE);
    return g ? otelc_node_mut_msg(g, OTELC_METRICDATA_DATA_POINTS) : NULL;
}
/* A new NumberDataPoint of a sum metric, setting the sum's aggregation
 * temporality and is_monotonic (data, so an int). NULL as
 * otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_sum_point(otelc_node *metric, int temporality, int monotonic)
{
    otelc_node *s = otelc_node_mut_msg(metric, OTELC_METRIC_SUM);
    if (s == NULL)
        return NULL;
    otelc_node_set_int(s, OTELC_METRICDATA_AGGREGATION_TEMPORALITY,
                       temporality);
    otelc_node_set_bool(s, OTELC_SUM_IS_MONOTONIC, monotonic);
    return otelc_node_mut_msg(s, OTELC_METRICDATA_DATA_POINTS);
}
/* A new HistogramDataPoint of a histogram metric with the given aggregation
 * temporality. NULL as otelc_node_mut_msg(). Loop. */
static inline otelc_node *
otelc_build_histogram_point(otelc_node *metric, int temporality)
{
    otelc_node *h = otelc_node_mut_msg(metric, OTELC_METRIC_HISTOGRAM);
    if (h == NULL)
        return NULL;
    otelc_node_set_int(h, OTELC_METRICDATA_AGGREGATION_TEMPORALITY,
                       temporality);
    return otelc_node_mut_msg(h, OTELC_METRICDATA_DATA_POINTS);
}
/* Appends v to a repeated unsigned integer field (bucket counts). Needs the
 * sole reference. OTELC_OK or a negative status as otelc_node_set_int(). Loop.
 */
static inline int
otelc_node_add_uint(otelc_node *n, uint32_t field, uint64_t v)
{
    return OTELC__API(n)->node_add_uint(n, field, v);
}
/* Appends v to a repeated signed integer field. Same failures as
 * otelc_node_add_uint(). Loop. */
static inline int
otelc_node_add_int(otelc_node *n, uint32_t field, int64_t v)
{
    return OTELC__API(n)->node_add_int(n, field, v);
}
/* Appends v to a repeated double field (explicit bounds). Same failures as
 * otelc_node_add_uint(). Loop. */
static inline int
otelc_node_add_double(otelc_node *n, uint32_t field, double v)
{
    return OTELC__API(n)->node_add_double(n, field, v);
}
/* Appends a copy of the NUL-terminated s to a repeated string field. Same
 * failures as otelc_node_add_uint(). Loop. */
static inline int
otelc_node_add_str(otelc_node *n, uint32_t field, const char *s)
{
    return OTELC__API(n)->node_add_bytes(n, field, s, strlen(s), OTELC_COPY);
}

#ifdef __cplusplus
}
#endif
#endif
