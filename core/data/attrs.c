/* KeyValue lists (attributes) of protobuf-c messages: the attrs_* members
 * of the host table, on top of node.c's field access. */
#include <stdlib.h>
#include <string.h>

#include <otelc/data.h>

#include "batch.h"
#include "node.h"

#include "opentelemetry/proto/common/v1/common.pb-c.h"

typedef Opentelemetry__Proto__Common__V1__KeyValue KeyValue;
typedef Opentelemetry__Proto__Common__V1__AnyValue AnyValue;

/* The one rule for the KeyValue-list argument of every attrs_* member:
 * OTELC_ATTRS or the number of a repeated KeyValue field of n's message.
 * Anything else, or no node, is OTELC_E_INVALID: a wrong field number must
 * not look like an empty list. */
static int
kv_field(const otelc_node *n, uint32_t field,
         const ProtobufCFieldDescriptor **fp)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);

    *fp = NULL;
    if (f == NULL || f->label != PROTOBUF_C_LABEL_REPEATED ||
        f->type != PROTOBUF_C_TYPE_MESSAGE ||
        f->descriptor !=
            &opentelemetry__proto__common__v1__key_value__descriptor)
        return OTELC_E_INVALID;
    *fp = f;
    return OTELC_OK;
}

static KeyValue **
kv_array(const otelc_node *n, const ProtobufCFieldDescriptor *f, size_t *cnt)
{
    *cnt = *otelc__rep_count(n->msg, f);
    return *(KeyValue ***)otelc__rep_array(n->msg, f);
}

static int
key_eq(const KeyValue *kv, const char *key, size_t key_len)
{
    const char *k = kv->key ? kv->key : "";
    return strlen(k) == key_len &&
           (key_len == 0 || memcmp(k, key, key_len) == 0);
}

/* Index of the first entry with `key`, or -1. */
static ptrdiff_t
kv_index(const otelc_node *n, const ProtobufCFieldDescriptor *f,
         const char *key, size_t key_len)
{
    size_t     cnt;
    KeyValue **kvs = kv_array(n, f, &cnt);

    for (size_t i = 0; i < cnt; i++)
        if (key_eq(kvs[i], key, key_len))
            return (ptrdiff_t)i;
    return -1;
}

/* Checks without side effects that n's batch could be modified, so a
 * shared batch refuses every modifying call alike, and a sole one is
 * marked dirty (forcing a re-encode) only when something changes. */
static int
writable(const otelc_node *n)
{
    return atomic_load(&n->batch->refs) == 1 ? OTELC_OK : OTELC_E_READONLY;
}

/* Removes every entry with `key`; how many went. */
static size_t
kv_remove_all(otelc_node *n, const ProtobufCFieldDescriptor *f, const char *key,
              size_t key_len)
{
    size_t    *cnt = otelc__rep_count(n->msg, f);
    KeyValue **kvs = *(KeyValue ***)otelc__rep_array(n->msg, f);
    size_t     j = 0, removed;

    for (size_t i = 0; i < *cnt; i++)
        if (!key_eq(kvs[i], key, key_len))
            kvs[j++] = kvs[i];
    removed = *cnt - j;
    *cnt = j;
    return removed;
}

static int
bad_key(const char *key, size_t key_len)
{
    return key == NULL && key_len > 0;
}

static otelc_node *
wrap_value(const otelc_node *n, KeyValue *kv)
{
    return kv->value ? otelc__node_wrap(n->batch, &kv->value->base) : NULL;
}

int
otelc__attrs_get(const otelc_node *n, uint32_t field, const char *key,
                 size_t key_len, otelc_node **value)
{
    const ProtobufCFieldDescriptor *f;
    int                             rc = kv_field(n, field, &f);
    ptrdiff_t                       i;
    size_t                          cnt;

    *value = NULL;
    if (rc != OTELC_OK)
        return rc;
    if (bad_key(key, key_len))
        return OTELC_E_INVALID;
    i = kv_index(n, f, key, key_len);
    if (i < 0)
        return OTELC_E_NOTFOUND;
    *value = wrap_value(n, kv_array(n, f, &cnt)[i]);
    return OTELC_OK;
}

int
otelc__attrs_count(const otelc_node *n, uint32_t field, size_t *count)
{
    const ProtobufCFieldDescriptor *f;
    int                             rc = kv_field(n, field, &f);

    *count = 0;
    if (rc == OTELC_OK)
        kv_array(n, f, count);
    return rc;
}

int
otelc__attrs_at(const otelc_node *n, uint32_t field, size_t i, const char **key,
                size_t *key_len, otelc_node **value)
{
    const ProtobufCFieldDescriptor *f;
    int                             rc = kv_field(n, field, &f);
    KeyValue                      **kvs;
    size_t                          cnt;

    if (key)
        *key = "";
    if (key_len)
        *key_len = 0;
    if (value)
        *value = NULL;
    if (rc != OTELC_OK)
        return rc;
    kvs = kv_array(n, f, &cnt);
    if (i >= cnt)
        return OTELC_E_RANGE;
    if (key && kvs[i]->key)
        *key = kvs[i]->key;
    if (key_len)
        *key_len = kvs[i]->key ? strlen(kvs[i]->key) : 0;
    if (value)
        *value = wrap_value(n, kvs[i]);
    return OTELC_OK;
}

/* Appends a KeyValue with a copy of key and no value yet. */
static KeyValue *
kv_push(otelc_node *n, const ProtobufCFieldDescriptor *f, const char *key,
        size_t key_len)
{
    otelc_arena *a = n->batch->arena;
    KeyValue    *kv, **slot;

    kv = (KeyValue *)otelc__msg_new(
        a, &opentelemetry__proto__common__v1__key_value__descriptor);
    if (kv == NULL)
        return NULL;
    kv->key = otelc__arena_strndup(a, key ? key : "", key_len);
    if (kv->key == NULL)
        return NULL;
    slot = otelc__rep_push(n->batch, n->msg, f);
    if (slot == NULL)
        return NULL;
    *slot = kv;
    return kv;
}

int
otelc__attrs_upsert(otelc_node *n, uint32_t field, const char *key,
                    size_t key_len, otelc_node **value)
{
    const ProtobufCFieldDescriptor *f;
    int                             rc = kv_field(n, field, &f);
    KeyValue                       *kv;
    AnyValue                       *fresh;
    otelc_node                     *node;
    ptrdiff_t                       i;
    size_t                          cnt;

    *value = NULL;
    if (rc == OTELC_OK && bad_key(key, key_len))
        rc = OTELC_E_INVALID;
    if (rc == OTELC_OK)
        rc = otelc__batch_mutate(n->batch);
    if (rc != OTELC_OK)
        return rc;
    /* A fresh AnyValue rather than clearing in place: a reader holding
     * the old value's node keeps seeing a consistent message. Made first,
     * so running out of memory leaves the list as it was. */
    fresh = (AnyValue *)otelc__msg_new(
        n->batch->arena,
        &opentelemetry__proto__common__v1__any_value__descriptor);
    node = fresh ? otelc__node_wrap(n->batch, &fresh->base) : NULL;
    if (node == NULL)
        return OTELC_E_NOMEM;
    i = kv_index(n, f, key, key_len);
    kv = i >= 0 ? kv_array(n, f, &cnt)[i] : kv_push(n, f, key, key_len);
    if (kv == NULL)
        return OTELC_E_NOMEM;
    kv->value = fresh;
    *value = node;
    return OTELC_OK;
}

int
otelc__attrs_delete(otelc_node *n, uint32_t field, const char *key,
                    size_t key_len)
{
    const ProtobufCFieldDescriptor *f;
    int                             rc = kv_field(n, field, &f);

    if (rc == OTELC_OK && bad_key(key, key_len))
        rc = OTELC_E_INVALID;
    if (rc == OTELC_OK)
        rc = writable(n);
    if (rc != OTELC_OK)
        return rc;
    if (kv_index(n, f, key, key_len) < 0)
        return OTELC_E_NOTFOUND;
    rc = otelc__batch_mutate(n->batch);
    if (rc != OTELC_OK)
        return rc;
    kv_remove_all(n, f, key, key_len);
    return OTELC_OK;
}

int
otelc__attrs_remove_at(otelc_node *n, uint32_t field, size_t i)
{
    const ProtobufCFieldDescriptor *f;
    int                             rc = kv_field(n, field, &f);

    /* READONLY before RANGE, as for every modifying attrs_* call. */
    if (rc == OTELC_OK)
        rc = writable(n);
    return rc != OTELC_OK ? rc : otelc__node_remove(n, f->id, i);
}

static int
bad_mode(int mode)
{
    return mode != OTELC_ATTRS_UPSERT && mode != OTELC_ATTRS_INSERT &&
           mode != OTELC_ATTRS_UPDATE;
}

/* Whether `mode` writes to a target that exists (or not). */
static int
mode_writes(int mode, int target_exists)
{
    return target_exists ? mode != OTELC_ATTRS_INSERT
                         : mode != OTELC_ATTRS_UPDATE;
}

int
otelc__attrs_copy(otelc_node *dst, uint32_t dst_field, const char *to,
                  size_t to_len, const otelc_node *src, uint32_t src_field,
                  const char *from, size_t from_len, int mode)
{
    const ProtobufCFieldDescriptor *df, *sf;
    KeyValue                       *skv, *dkv;
    AnyValue                       *copy = NULL;
    ptrdiff_t                       si, di;
    size_t                          cnt;
    int                             rc;

    if ((rc = kv_field(dst, dst_field, &df)) != OTELC_OK ||
        (rc = kv_field(src, src_field, &sf)) != OTELC_OK)
        return rc;
    if (bad_key(to, to_len) || bad_key(from, from_len) || bad_mode(mode))
        return OTELC_E_INVALID;
    if ((rc = writable(dst)) != OTELC_OK)
        return rc;
    si = kv_index(src, sf, from, from_len);
    if (si < 0)
        return OTELC_E_NOTFOUND;
    skv = kv_array(src, sf, &cnt)[si];
    di = kv_index(dst, df, to, to_len);
    if (!mode_writes(mode, di >= 0))
        return OTELC_OK;
    dkv = di >= 0 ? kv_array(dst, df, &cnt)[di] : NULL;
    if (dkv == skv)
        return OTELC_OK; /* onto itself */
    if ((rc = otelc__batch_mutate(dst->batch)) != OTELC_OK)
        return rc;
    /* Deep: the copy shares nothing with the source, which may even be in
     * another batch that dies first. */
    if (skv->value != NULL &&
        (copy = (AnyValue *)otelc__msg_dup(dst->batch->arena,
                                           &skv->value->base)) == NULL)
        return OTELC_E_NOMEM;
    if (dkv == NULL && (dkv = kv_push(dst, df, to, to_len)) == NULL)
        return OTELC_E_NOMEM;
    dkv->value = copy;
    return OTELC_OK;
}

int
otelc__attrs_rename(otelc_node *n, uint32_t field, const char *from,
                    size_t from_len, const char *to, size_t to_len, int mode)
{
    const ProtobufCFieldDescriptor *f;
    KeyValue                      **kvs;
    ptrdiff_t                       fi, ti;
    size_t                          cnt;
    int                             rc = kv_field(n, field, &f);

    if (rc != OTELC_OK)
        return rc;
    if (bad_key(to, to_len) || bad_key(from, from_len) || bad_mode(mode))
        return OTELC_E_INVALID;
    if ((rc = writable(n)) != OTELC_OK)
        return rc;
    fi = kv_index(n, f, from, from_len);
    if (fi < 0)
        return OTELC_E_NOTFOUND;
    if (from_len == to_len && (to_len == 0 || memcmp(from, to, to_len) == 0))
        return OTELC_OK;
    if ((rc = otelc__batch_mutate(n->batch)) != OTELC_OK)
        return rc;
    kvs = kv_array(n, f, &cnt);
    ti = kv_index(n, f, to, to_len);
    /* otelcol has no rename: it is `<mode> key: to, from_attribute: from`
     * followed by `delete key: from`, and so it is here. The value moves
     * rather than being copied: its old entry goes away. */
    if (ti < 0 && mode_writes(mode, 0)) {
        char *k = otelc__arena_strndup(n->batch->arena, to, to_len);
        if (k == NULL)
            return OTELC_E_NOMEM;
        kvs[fi]->key = k; /* keeps its place in the list */
    } else if (ti >= 0 && mode_writes(mode, 1)) {
        kvs[ti]->value = kvs[fi]->value;
    }
    kv_remove_all(n, f, from, from_len);
    return OTELC_OK;
}
