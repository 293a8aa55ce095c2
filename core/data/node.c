/* Generic access to protobuf-c messages by field number: the node_*
 * members of the host table (KeyValue lists are attrs.c's). Everything is
 * driven by protobuf-c's field descriptors, so a new OTLP field works
 * without code here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/data.h>

#include "batch.h"
#include "node.h"

/* The descriptor of `field` in n's message. OTELC_ATTRS (0, never a
 * protobuf field number) is the field named "attributes", so every call
 * taking a field number resolves it the same way. */
const ProtobufCFieldDescriptor *
otelc__node_field(const otelc_node *n, uint32_t field)
{
    if (n == NULL || n->msg == NULL)
        return NULL;
    if (field == OTELC_ATTRS)
        return protobuf_c_message_descriptor_get_field_by_name(
            n->msg->descriptor, "attributes");
    return protobuf_c_message_descriptor_get_field(n->msg->descriptor, field);
}

static void *
member(const otelc_node *n, const ProtobufCFieldDescriptor *f)
{
    return (char *)n->msg + f->offset;
}

static uint32_t *
oneof_case_ptr(const otelc_node *n, const ProtobufCFieldDescriptor *f)
{
    return (uint32_t *)(void *)((char *)n->msg + f->quantifier_offset);
}

static int
kind_of(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_ENUM:
        return OTELC_FIELD_INT;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return OTELC_FIELD_UINT;
    case PROTOBUF_C_TYPE_FLOAT:
    case PROTOBUF_C_TYPE_DOUBLE:
        return OTELC_FIELD_DOUBLE;
    case PROTOBUF_C_TYPE_BOOL:
        return OTELC_FIELD_BOOL;
    case PROTOBUF_C_TYPE_STRING:
        return OTELC_FIELD_STRING;
    case PROTOBUF_C_TYPE_BYTES:
        return OTELC_FIELD_BYTES;
    case PROTOBUF_C_TYPE_MESSAGE:
        return OTELC_FIELD_MESSAGE;
    }
    return OTELC_FIELD_NONE;
}

static int
is_oneof(const ProtobufCFieldDescriptor *f)
{
    return (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0;
}

/* proto2-style presence flag (protobuf-c's has_ member) for scalars. */
static int
has_flag(const ProtobufCFieldDescriptor *f)
{
    return f->label == PROTOBUF_C_LABEL_OPTIONAL && !is_oneof(f) &&
           f->type != PROTOBUF_C_TYPE_MESSAGE &&
           f->type != PROTOBUF_C_TYPE_STRING;
}

static int
is_zero(const void *p, size_t size)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < size; i++)
        if (c[i])
            return 0;
    return 1;
}

/* Whether a singular field is present (proto3: set to a non-default). */
static int
present(const otelc_node *n, const ProtobufCFieldDescriptor *f)
{
    const void *m = member(n, f);

    if (is_oneof(f))
        return *oneof_case_ptr(n, f) == f->id;
    if (has_flag(f))
        return *(
            const protobuf_c_boolean *)(const void *)((const char *)n->msg +
                                                      f->quantifier_offset);
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)m;
        return s != NULL && s[0] != '\0';
    }
    case PROTOBUF_C_TYPE_BYTES:
        return ((const ProtobufCBinaryData *)m)->len > 0;
    case PROTOBUF_C_TYPE_MESSAGE:
        return *(void *const *)m != NULL;
    default:
        return f->label == PROTOBUF_C_LABEL_REQUIRED ||
               !is_zero(m, otelc__elem_size(f));
    }
}

/* Storage of element i of a field of kind `kind` for reading. */
static int
read_slot(const otelc_node *n, uint32_t field, size_t i, int kind,
          const ProtobufCFieldDescriptor **fp, const void **slot)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    int                             k;

    if (f == NULL)
        return OTELC_E_NOTFOUND;
    k = kind_of(f);
    if (k != kind && !(kind == OTELC_FIELD_BYTES && k == OTELC_FIELD_STRING))
        return OTELC_E_TYPE;
    *fp = f;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        if (i >= *otelc__rep_count(n->msg, f))
            return OTELC_E_RANGE;
        *slot = (const char *)*otelc__rep_array(n->msg, f) +
                i * otelc__elem_size(f);
        return OTELC_OK;
    }
    if (i != 0)
        return OTELC_E_RANGE;
    /* An unselected oneof member shares storage with the selected one. */
    if ((is_oneof(f) || has_flag(f)) && !present(n, f))
        return OTELC_E_NOTFOUND;
    *slot = member(n, f);
    return OTELC_OK;
}

/* ---- reads ---- */

const char *
otelc__node_type(const otelc_node *n)
{
    return n && n->msg ? n->msg->descriptor->name : NULL;
}

int
otelc__node_field_kind(const otelc_node *n, uint32_t field)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    return f ? kind_of(f) : OTELC_FIELD_NONE;
}

size_t
otelc__node_count(const otelc_node *n, uint32_t field)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    if (f == NULL)
        return 0;
    if (f->label == PROTOBUF_C_LABEL_REPEATED)
        return *otelc__rep_count(n->msg, f);
    return present(n, f) ? 1 : 0;
}

int
otelc__node_get_int(const otelc_node *n, uint32_t field, size_t i, int64_t *out)
{
    const ProtobufCFieldDescriptor *f;
    const void                     *p;
    int rc = read_slot(n, field, i, OTELC_FIELD_INT, &f, &p);

    *out = 0;
    if (rc != OTELC_OK)
        return rc;
    if (otelc__elem_size(f) == 4)
        *out = *(const int32_t *)p;
    else
        *out = *(const int64_t *)p;
    return OTELC_OK;
}

int
otelc__node_get_uint(const otelc_node *n, uint32_t field, size_t i,
                     uint64_t *out)
{
    const ProtobufCFieldDescriptor *f;
    const void                     *p;
    int rc = read_slot(n, field, i, OTELC_FIELD_UINT, &f, &p);

    *out = 0;
    if (rc != OTELC_OK)
        return rc;
    if (otelc__elem_size(f) == 4)
        *out = *(const uint32_t *)p;
    else
        *out = *(const uint64_t *)p;
    return OTELC_OK;
}

int
otelc__node_get_double(const otelc_node *n, uint32_t field, size_t i,
                       double *out)
{
    const ProtobufCFieldDescriptor *f;
    const void                     *p;
    int rc = read_slot(n, field, i, OTELC_FIELD_DOUBLE, &f, &p);

    *out = 0;
    if (rc != OTELC_OK)
        return rc;
    if (f->type == PROTOBUF_C_TYPE_FLOAT)
        *out = *(const float *)p;
    else
        *out = *(const double *)p;
    return OTELC_OK;
}

int
otelc__node_get_bool(const otelc_node *n, uint32_t field, size_t i, int *out)
{
    const ProtobufCFieldDescriptor *f;
    const void                     *p;
    int rc = read_slot(n, field, i, OTELC_FIELD_BOOL, &f, &p);

    *out = 0;
    if (rc != OTELC_OK)
        return rc;
    *out = *(const protobuf_c_boolean *)p != 0;
    return OTELC_OK;
}

int
otelc__node_get_bytes(const otelc_node *n, uint32_t field, size_t i,
                      const void **data, size_t *len)
{
    const ProtobufCFieldDescriptor *f;
    const void                     *p;
    int rc = read_slot(n, field, i, OTELC_FIELD_BYTES, &f, &p);

    *data = NULL;
    *len = 0;
    if (rc != OTELC_OK)
        return rc;
    if (f->type == PROTOBUF_C_TYPE_STRING) {
        const char *s = *(char *const *)p;
        *data = s ? s : "";
        *len = s ? strlen(s) : 0;
    } else {
        const ProtobufCBinaryData *bd = p;
        *data = bd->data;
        *len = bd->len;
    }
    return OTELC_OK;
}

otelc_node *
otelc__node_get_msg(const otelc_node *n, uint32_t field, size_t i)
{
    const ProtobufCFieldDescriptor *f;
    const void                     *p;

    if (read_slot(n, field, i, OTELC_FIELD_MESSAGE, &f, &p) != OTELC_OK)
        return NULL;
    return otelc__node_wrap(n->batch, *(ProtobufCMessage *const *)p);
}

uint32_t
otelc__node_oneof_case(const otelc_node *n, uint32_t field)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    if (f == NULL || !is_oneof(f))
        return 0;
    return *oneof_case_ptr(n, f);
}

/* ---- writes ---- */

/* The singular field `field` of kind `kind`, checked writable. */
static int
write_slot(otelc_node *n, uint32_t field, int kind,
           const ProtobufCFieldDescriptor **fp, void **slot)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    int                             k, rc;

    if (f == NULL)
        return OTELC_E_NOTFOUND;
    k = kind_of(f);
    if (k != kind && !(kind == OTELC_FIELD_BYTES && k == OTELC_FIELD_STRING))
        return OTELC_E_TYPE;
    if (f->label == PROTOBUF_C_LABEL_REPEATED)
        return OTELC_E_TYPE;
    rc = otelc__batch_mutate(n->batch);
    if (rc != OTELC_OK)
        return rc;
    *fp = f;
    *slot = member(n, f);
    return OTELC_OK;
}

/* Records that a singular field was just assigned. */
static void
mark_set(otelc_node *n, const ProtobufCFieldDescriptor *f)
{
    if (is_oneof(f))
        *oneof_case_ptr(n, f) = f->id;
    else if (has_flag(f))
        *(protobuf_c_boolean *)(void *)((char *)n->msg + f->quantifier_offset) =
            1;
}

static int
store_int(const ProtobufCFieldDescriptor *f, void *p, int64_t v)
{
    if (otelc__elem_size(f) == 4) {
        if (v < INT32_MIN || v > INT32_MAX)
            return OTELC_E_RANGE;
        *(int32_t *)p = (int32_t)v;
    } else {
        *(int64_t *)p = v;
    }
    return OTELC_OK;
}

static int
store_uint(const ProtobufCFieldDescriptor *f, void *p, uint64_t v)
{
    if (otelc__elem_size(f) == 4) {
        if (v > UINT32_MAX)
            return OTELC_E_RANGE;
        *(uint32_t *)p = (uint32_t)v;
    } else {
        *(uint64_t *)p = v;
    }
    return OTELC_OK;
}

static void
store_double(const ProtobufCFieldDescriptor *f, void *p, double v)
{
    if (f->type == PROTOBUF_C_TYPE_FLOAT)
        *(float *)p = (float)v;
    else
        *(double *)p = v;
}

/* Puts (data, len) into a string or bytes slot following the dtor rule.
 * String fields are always copied: protobuf-c needs a NUL right after the
 * text, which a caller's (pointer, length) does not promise. */
static int
store_bytes(otelc_batch *b, const ProtobufCFieldDescriptor *f, void *p,
            const void *data, size_t len, otelc_destructor dtor)
{
    if (f->type == PROTOBUF_C_TYPE_STRING) {
        char *s = otelc__arena_strndup(b->arena, data ? data : "", len);
        if (s == NULL)
            return OTELC_E_NOMEM;
        *(char **)p = s;
        if (dtor != OTELC_COPY && dtor != OTELC_STATIC)
            otelc__arena_defer(b->arena, dtor, (void *)data);
        return OTELC_OK;
    }
    ProtobufCBinaryData *bd = p;
    if (dtor == OTELC_COPY) {
        void *copy = otelc__arena_memdup(b->arena, data, len);
        if (copy == NULL)
            return OTELC_E_NOMEM;
        bd->data = len ? copy : NULL;
    } else {
        bd->data = (uint8_t *)data;
        if (dtor != OTELC_STATIC &&
            otelc__arena_defer(b->arena, dtor, (void *)data) != 0)
            return OTELC_E_NOMEM;
    }
    bd->len = len;
    return OTELC_OK;
}

int
otelc__node_set_int(otelc_node *n, uint32_t field, int64_t v)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int rc = write_slot(n, field, OTELC_FIELD_INT, &f, &p);
    if (rc == OTELC_OK)
        rc = store_int(f, p, v);
    if (rc == OTELC_OK)
        mark_set(n, f);
    return rc;
}

int
otelc__node_set_uint(otelc_node *n, uint32_t field, uint64_t v)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int rc = write_slot(n, field, OTELC_FIELD_UINT, &f, &p);
    if (rc == OTELC_OK)
        rc = store_uint(f, p, v);
    if (rc == OTELC_OK)
        mark_set(n, f);
    return rc;
}

int
otelc__node_set_double(otelc_node *n, uint32_t field, double v)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int rc = write_slot(n, field, OTELC_FIELD_DOUBLE, &f, &p);
    if (rc == OTELC_OK) {
        store_double(f, p, v);
        mark_set(n, f);
    }
    return rc;
}

int
otelc__node_set_bool(otelc_node *n, uint32_t field, int v)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int rc = write_slot(n, field, OTELC_FIELD_BOOL, &f, &p);
    if (rc == OTELC_OK) {
        *(protobuf_c_boolean *)p = v != 0;
        mark_set(n, f);
    }
    return rc;
}

/* Ownership of a buffer with a destructor passes to the host even when the
 * call fails (as with SQLite), so the caller never has to guess. */
int
otelc__node_set_bytes(otelc_node *n, uint32_t field, const void *data,
                      size_t len, otelc_destructor dtor)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int                             rc;

    if (data == NULL && len > 0)
        return OTELC_E_INVALID;
    rc = write_slot(n, field, OTELC_FIELD_BYTES, &f, &p);
    if (rc != OTELC_OK) {
        otelc__drop_buffer(data, dtor);
        return rc;
    }
    rc = store_bytes(n->batch, f, p, data, len, dtor);
    if (rc == OTELC_OK)
        mark_set(n, f);
    return rc;
}

otelc_node *
otelc__node_mut_msg(otelc_node *n, uint32_t field)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    ProtobufCMessage              **slot, *m;

    if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE ||
        otelc__batch_mutate(n->batch) != OTELC_OK)
        return NULL;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        slot = otelc__rep_push(n->batch, n->msg, f);
        if (slot == NULL)
            return NULL;
    } else {
        slot = member(n, f);
        if (present(n, f))
            return otelc__node_wrap(n->batch, *slot);
    }
    m = otelc__msg_new(n->batch->arena, f->descriptor);
    if (m == NULL) {
        if (f->label == PROTOBUF_C_LABEL_REPEATED)
            (*otelc__rep_count(n->msg, f))--;
        return NULL;
    }
    *slot = m;
    mark_set(n, f);
    return otelc__node_wrap(n->batch, m);
}

/* A new slot at the end of a repeated scalar field of kind `kind`. */
static int
push_slot(otelc_node *n, uint32_t field, int kind,
          const ProtobufCFieldDescriptor **fp, void **slot)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    int                             k, rc;

    if (f == NULL)
        return OTELC_E_NOTFOUND;
    k = kind_of(f);
    if (k != kind && !(kind == OTELC_FIELD_BYTES && k == OTELC_FIELD_STRING))
        return OTELC_E_TYPE;
    if (f->label != PROTOBUF_C_LABEL_REPEATED)
        return OTELC_E_TYPE;
    rc = otelc__batch_mutate(n->batch);
    if (rc != OTELC_OK)
        return rc;
    *slot = otelc__rep_push(n->batch, n->msg, f);
    *fp = f;
    return *slot ? OTELC_OK : OTELC_E_NOMEM;
}

static void
pop_slot(otelc_node *n, const ProtobufCFieldDescriptor *f)
{
    (*otelc__rep_count(n->msg, f))--;
}

int
otelc__node_add_int(otelc_node *n, uint32_t field, int64_t v)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int rc = push_slot(n, field, OTELC_FIELD_INT, &f, &p);
    if (rc == OTELC_OK && (rc = store_int(f, p, v)) != OTELC_OK)
        pop_slot(n, f);
    return rc;
}

int
otelc__node_add_uint(otelc_node *n, uint32_t field, uint64_t v)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int rc = push_slot(n, field, OTELC_FIELD_UINT, &f, &p);
    if (rc == OTELC_OK && (rc = store_uint(f, p, v)) != OTELC_OK)
        pop_slot(n, f);
    return rc;
}

int
otelc__node_add_double(otelc_node *n, uint32_t field, double v)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int rc = push_slot(n, field, OTELC_FIELD_DOUBLE, &f, &p);
    if (rc == OTELC_OK)
        store_double(f, p, v);
    return rc;
}

int
otelc__node_add_bytes(otelc_node *n, uint32_t field, const void *data,
                      size_t len, otelc_destructor dtor)
{
    const ProtobufCFieldDescriptor *f;
    void                           *p;
    int                             rc;

    if (data == NULL && len > 0)
        return OTELC_E_INVALID;
    rc = push_slot(n, field, OTELC_FIELD_BYTES, &f, &p);
    if (rc != OTELC_OK) {
        otelc__drop_buffer(data, dtor);
        return rc;
    }
    rc = store_bytes(n->batch, f, p, data, len, dtor);
    if (rc != OTELC_OK)
        pop_slot(n, f);
    return rc;
}

int
otelc__node_remove(otelc_node *n, uint32_t field, size_t i)
{
    const ProtobufCFieldDescriptor *f = otelc__node_field(n, field);
    int                             rc;

    if (f == NULL)
        return OTELC_E_NOTFOUND;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t *cnt = otelc__rep_count(n->msg, f);
        size_t  esz = otelc__elem_size(f);
        char   *arr;
        if (i >= *cnt)
            return OTELC_E_RANGE;
        rc = otelc__batch_mutate(n->batch);
        if (rc != OTELC_OK)
            return rc;
        arr = *otelc__rep_array(n->msg, f);
        memmove(arr + i * esz, arr + (i + 1) * esz, (*cnt - i - 1) * esz);
        (*cnt)--;
        return OTELC_OK;
    }
    if (i != 0)
        return OTELC_E_RANGE;
    rc = otelc__batch_mutate(n->batch);
    if (rc != OTELC_OK)
        return rc;
    if (is_oneof(f)) {
        /* Clearing another member than the selected one changes nothing. */
        if (*oneof_case_ptr(n, f) == f->id)
            *oneof_case_ptr(n, f) = 0;
        return OTELC_OK;
    }
    if (has_flag(f))
        *(protobuf_c_boolean *)(void *)((char *)n->msg + f->quantifier_offset) =
            0;
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        *(const char **)member(n, f) = protobuf_c_empty_string;
        break;
    case PROTOBUF_C_TYPE_BYTES:
        memset(member(n, f), 0, sizeof(ProtobufCBinaryData));
        break;
    case PROTOBUF_C_TYPE_MESSAGE:
        *(void **)member(n, f) = NULL;
        break;
    default:
        memset(member(n, f), 0, otelc__elem_size(f));
    }
    return OTELC_OK;
}
