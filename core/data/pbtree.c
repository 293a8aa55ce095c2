/* Generic protobuf-c tree helpers of the batch layer: host-grown
 * repeated-field capacities, element push, message copy and merge, and
 * item counting. Used by batch.c, batch_split.c and node.c. */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

#include <otelc/data.h>

/* ---- capacity map (open addressing, pointer keys) ---- */

static size_t
cap_hash(const void *p, size_t size)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    return (size_t)h & (size - 1);
}

static size_t
capmap_get(const struct otelc_capmap *cm, const void *key)
{
    if (cm->size == 0 || key == NULL)
        return 0;
    for (size_t i = cap_hash(key, cm->size);; i = (i + 1) & (cm->size - 1)) {
        if (cm->ents[i].key == key)
            return cm->ents[i].cap;
        if (cm->ents[i].key == NULL)
            return 0;
    }
}

static int
capmap_put(struct otelc_capmap *cm, const void *key, size_t cap)
{
    if ((cm->n + 1) * 2 > cm->size) {
        size_t               nsize = cm->size ? cm->size * 2 : 64;
        struct otelc_capent *ents = calloc(nsize, sizeof(*ents));
        if (ents == NULL)
            return -1;
        for (size_t i = 0; i < cm->size; i++) {
            if (cm->ents[i].key == NULL)
                continue;
            size_t j = cap_hash(cm->ents[i].key, nsize);
            while (ents[j].key != NULL)
                j = (j + 1) & (nsize - 1);
            ents[j] = cm->ents[i];
        }
        free(cm->ents);
        cm->ents = ents;
        cm->size = nsize;
    }
    for (size_t i = cap_hash(key, cm->size);; i = (i + 1) & (cm->size - 1)) {
        if (cm->ents[i].key == key) {
            cm->ents[i].cap = cap;
            return 0;
        }
        if (cm->ents[i].key == NULL) {
            cm->ents[i].key = key;
            cm->ents[i].cap = cap;
            cm->n++;
            return 0;
        }
    }
}

void
otelc__capmap_clear(struct otelc_capmap *cm)
{
    free(cm->ents);
    cm->ents = NULL;
    cm->n = cm->size = 0;
}

/* ---- repeated fields ---- */

size_t *
otelc__rep_count(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
    return (size_t *)(void *)((char *)m + f->quantifier_offset);
}

void **
otelc__rep_array(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
    return (void **)(void *)((char *)m + f->offset);
}

size_t
otelc__elem_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
    case PROTOBUF_C_TYPE_ENUM:
        return 4;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return 8;
    case PROTOBUF_C_TYPE_FLOAT:
        return sizeof(float);
    case PROTOBUF_C_TYPE_DOUBLE:
        return sizeof(double);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING:
        return sizeof(char *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(ProtobufCMessage *);
    }
    return 0;
}

void *
otelc__rep_push(otelc_batch *b, ProtobufCMessage *m,
                const ProtobufCFieldDescriptor *f)
{
    size_t *n = otelc__rep_count(m, f);
    void  **arr = otelc__rep_array(m, f);
    size_t  esz = otelc__elem_size(f);
    size_t  cap = capmap_get(&b->caps, *arr);
    char   *slot;

    if (cap < *n)
        cap = *n; /* decoded arrays are exactly full */
    if (*n == cap) {
        size_t ncap = cap < 4 ? 4 : cap * 2;
        char  *na;
        if (ncap > SIZE_MAX / esz)
            return NULL;
        /* The old array stays in the arena: node handles or a shared
         * tree may still point at it. */
        na = otelc__arena_alloc(b->arena, ncap * esz);
        if (na == NULL || capmap_put(&b->caps, na, ncap) != 0)
            return NULL;
        if (*n > 0)
            memcpy(na, *arr, *n * esz);
        *arr = na;
    }
    slot = (char *)*arr + *n * esz;
    memset(slot, 0, esz);
    (*n)++;
    return slot;
}

/* ---- messages ---- */

ProtobufCMessage *
otelc__msg_new(otelc_arena *a, const ProtobufCMessageDescriptor *desc)
{
    ProtobufCMessage *m = otelc__arena_alloc(a, desc->sizeof_message);
    if (m != NULL)
        protobuf_c_message_init(desc, m);
    return m;
}

ProtobufCMessage *
otelc__msg_dup(otelc_arena *a, const ProtobufCMessage *msg)
{
    size_t            len = protobuf_c_message_get_packed_size(msg);
    uint8_t          *buf = malloc(len ? len : 1);
    ProtobufCMessage *copy;

    if (buf == NULL)
        return NULL;
    protobuf_c_message_pack(msg, buf);
    copy = protobuf_c_message_unpack(msg->descriptor, otelc__arena_allocator(a),
                                     len, buf);
    free(buf);
    return copy;
}

/* Appends src's repeated fields and unknown fields to dst, which must have
 * the same type. Elements are shared, arrays are new. */
int
otelc__msg_merge_lists(otelc_arena *a, ProtobufCMessage *dst,
                       ProtobufCMessage *src)
{
    const ProtobufCMessageDescriptor *d = dst->descriptor;

    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        size_t                         *dn, *sn, esz;
        void                          **da, **sa;
        char                           *na;

        if (f->label != PROTOBUF_C_LABEL_REPEATED)
            continue;
        dn = otelc__rep_count(dst, f);
        sn = otelc__rep_count(src, f);
        if (*sn == 0)
            continue;
        da = otelc__rep_array(dst, f);
        sa = otelc__rep_array(src, f);
        esz = otelc__elem_size(f);
        na = otelc__arena_alloc(a, (*dn + *sn) * esz);
        if (na == NULL)
            return OTELC_E_NOMEM;
        if (*dn > 0)
            memcpy(na, *da, *dn * esz);
        memcpy(na + *dn * esz, *sa, *sn * esz);
        *da = na;
        *dn += *sn;
    }
    if (src->n_unknown_fields > 0) {
        size_t                        n = dst->n_unknown_fields;
        ProtobufCMessageUnknownField *uf =
            otelc__arena_alloc(a, (n + src->n_unknown_fields) * sizeof(*uf));
        if (uf == NULL)
            return OTELC_E_NOMEM;
        if (n > 0)
            memcpy(uf, dst->unknown_fields, n * sizeof(*uf));
        memcpy(uf + n, src->unknown_fields,
               src->n_unknown_fields * sizeof(*uf));
        dst->unknown_fields = uf;
        dst->n_unknown_fields += src->n_unknown_fields;
    }
    return OTELC_OK;
}

uint64_t
otelc__count_items(int signal, const ProtobufCMessage *msg, int level)
{
    const ProtobufCFieldDescriptor *f;
    ProtobufCMessage               *m = (ProtobufCMessage *)msg;
    uint64_t                        total = 0;
    size_t                          n;

    if (msg == NULL)
        return 0;
    if (level >= 3) {
        uint32_t          which;
        ProtobufCMessage *data;
        if (signal != OTELC_SIGNAL_METRICS)
            return 1;
        f = protobuf_c_message_descriptor_get_field(m->descriptor,
                                                    OTELC_METRIC_GAUGE);
        if (f == NULL)
            return 0;
        which = *(const uint32_t *)(const void *)((const char *)m +
                                                  f->quantifier_offset);
        f = which
                ? protobuf_c_message_descriptor_get_field(m->descriptor, which)
                : NULL;
        if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
            return 0;
        data = *(ProtobufCMessage **)(void *)((char *)m + f->offset);
        if (data == NULL)
            return 0;
        f = protobuf_c_message_descriptor_get_field(
            data->descriptor, OTELC_METRICDATA_DATA_POINTS);
        return f ? *otelc__rep_count(data, f) : 0;
    }
    f = protobuf_c_message_descriptor_get_field(
        m->descriptor, level == 0 ? OTELC_REQUEST_RESOURCES : 2u);
    if (f == NULL || f->label != PROTOBUF_C_LABEL_REPEATED)
        return 0;
    n = *otelc__rep_count(m, f);
    if (level == 2 && signal != OTELC_SIGNAL_METRICS)
        return n;
    for (size_t i = 0; i < n; i++)
        total += otelc__count_items(
            signal, ((ProtobufCMessage **)*otelc__rep_array(m, f))[i],
            level + 1);
    return total;
}

void
otelc__drop_buffer(const void *buf, otelc_destructor dtor)
{
    if (dtor != OTELC_COPY && dtor != OTELC_STATIC)
        dtor((void *)buf);
}
