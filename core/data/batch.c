/* Batch lifecycle, segments, lazy decode/encode; see batch.h. */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

#include <otelc/data.h>

#include "host_table.h"
#include "memlimit.h"
#include "otlp_scan.h"

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb-c.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb-c.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb-c.h"

static atomic_uint_fast64_t stat_decodes;
static atomic_uint_fast64_t stat_encodes;
static atomic_uint_fast64_t stat_concats;

void
otelc__data_stats(uint64_t *decodes, uint64_t *encodes, uint64_t *concats)
{
    if (decodes)
        *decodes = atomic_load(&stat_decodes);
    if (encodes)
        *encodes = atomic_load(&stat_encodes);
    if (concats)
        *concats = atomic_load(&stat_concats);
}

const ProtobufCMessageDescriptor *
otelc__request_descriptor(int signal)
{
    static const ProtobufCMessageDescriptor *const by_signal[OTELC_SIGNAL_COUNT] = {
        &opentelemetry__proto__collector__trace__v1__export_trace_service_request__descriptor,
        &opentelemetry__proto__collector__metrics__v1__export_metrics_service_request__descriptor,
        &opentelemetry__proto__collector__logs__v1__export_logs_service_request__descriptor,
    };
    int si = otelc_signal_index(signal);

    return si < 0 ? NULL : by_signal[si];
}

/* ---- blobs ---- */

static otelc_blob *
blob_new(const void *buf, size_t len, otelc_destructor dtor)
{
    otelc_blob *bl;
    if (dtor == OTELC_COPY) {
        if (len > SIZE_MAX - sizeof(*bl))
            return NULL;
        bl = malloc(sizeof(*bl) + len);
        if (bl == NULL)
            return NULL;
        if (len > 0)
            memcpy(bl->inline_data, buf, len);
        bl->data = bl->inline_data;
        bl->dtor = NULL;
    } else {
        bl = malloc(sizeof(*bl));
        if (bl == NULL)
            return NULL;
        bl->data = buf;
        bl->dtor = dtor;
    }
    atomic_init(&bl->refs, 1);
    bl->len = len;
    otelc__mem_charge(len);
    return bl;
}

static void
blob_retain(otelc_blob *bl)
{
    atomic_fetch_add_explicit(&bl->refs, 1, memory_order_relaxed);
}

static void
blob_release(otelc_blob *bl)
{
    if (bl == NULL ||
        atomic_fetch_sub_explicit(&bl->refs, 1, memory_order_acq_rel) != 1)
        return;
    otelc__mem_uncharge(bl->len);
    if (bl->dtor != NULL)
        bl->dtor((void *)bl->data);
    free(bl);
}

/* ---- batch internals ---- */

static otelc_batch *
batch_alloc(int signal)
{
    otelc_batch *b = calloc(1, sizeof(*b));
    if (b == NULL)
        return NULL;
    if (pthread_mutex_init(&b->lock, NULL) != 0) {
        free(b);
        return NULL;
    }
    b->api = otelc__host();
    atomic_init(&b->refs, 1);
    b->signal = signal;
    b->items_known = 1;
    return b;
}

static void
segs_clear(otelc_batch *b)
{
    for (size_t i = 0; i < b->nsegs; i++)
        blob_release(b->segs[i]);
    b->nsegs = 0;
    blob_release(b->joined);
    b->joined = NULL;
    free(b->json);
    b->json = NULL;
}

/* Takes bl (released on failure). */
static int
segs_push(otelc_batch *b, otelc_blob *bl)
{
    if (bl->len == 0) {
        blob_release(bl);
        return OTELC_OK;
    }
    if (b->nsegs == b->segs_cap) {
        size_t       ncap = b->segs_cap ? b->segs_cap * 2 : 4;
        otelc_blob **ns = realloc(b->segs, ncap * sizeof(*ns));
        if (ns == NULL) {
            blob_release(bl);
            return OTELC_E_NOMEM;
        }
        b->segs = ns;
        b->segs_cap = ncap;
    }
    b->segs[b->nsegs++] = bl;
    blob_release(b->joined);
    b->joined = NULL;
    free(b->json);
    b->json = NULL;
    return OTELC_OK;
}

static void
batch_free(otelc_batch *b)
{
    segs_clear(b);
    free(b->segs);
    otelc__arena_release(b->arena);
    for (size_t i = 0; i < b->nkept; i++)
        otelc__arena_release(b->kept[i]);
    free(b->kept);
    otelc__capmap_clear(&b->caps);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

int
otelc__batch_keep_arena(otelc_batch *b, otelc_arena *a)
{
    if (a == NULL || a == b->arena)
        return OTELC_OK;
    for (size_t i = 0; i < b->nkept; i++)
        if (b->kept[i] == a)
            return OTELC_OK;
    if (b->nkept == b->kept_cap) {
        size_t        ncap = b->kept_cap ? b->kept_cap * 2 : 4;
        otelc_arena **nk = realloc(b->kept, ncap * sizeof(*nk));
        if (nk == NULL)
            return OTELC_E_NOMEM;
        b->kept = nk;
        b->kept_cap = ncap;
    }
    otelc__arena_retain(a);
    b->kept[b->nkept++] = a;
    return OTELC_OK;
}

/* Keeps every arena of `from` alive in `to`. */
static int
keep_arenas_of(otelc_batch *to, otelc_batch *from)
{
    int rc = otelc__batch_keep_arena(to, from->arena);
    for (size_t i = 0; rc == OTELC_OK && i < from->nkept; i++)
        rc = otelc__batch_keep_arena(to, from->kept[i]);
    return rc;
}

static int
ensure_arena(otelc_batch *b)
{
    if (b->arena == NULL)
        b->arena = otelc__arena_new();
    return b->arena ? OTELC_OK : OTELC_E_NOMEM;
}

static ProtobufCMessage *
decode_locked(otelc_batch *b)
{
    const ProtobufCMessageDescriptor *desc;
    ProtobufCMessage                 *root = NULL;

    if (b->root != NULL)
        return b->root;
    desc = otelc__request_descriptor(b->signal);
    if (desc == NULL || ensure_arena(b) != OTELC_OK)
        return NULL;
    if (b->nsegs == 0)
        return b->root = otelc__msg_new(b->arena, desc);
    /* Each segment separately: merging the top-level lists is what
     * decoding their concatenation would do, without copying the bytes. */
    for (size_t i = 0; i < b->nsegs; i++) {
        ProtobufCMessage *m =
            protobuf_c_message_unpack(desc, otelc__arena_allocator(b->arena),
                                      b->segs[i]->len, b->segs[i]->data);
        if (m == NULL)
            return NULL;
        if (root == NULL)
            root = m;
        else if (otelc__msg_merge_lists(b->arena, root, m) != OTELC_OK)
            return NULL;
    }
    atomic_fetch_add(&stat_decodes, 1);
    return b->root = root;
}

ProtobufCMessage *
otelc__batch_tree(otelc_batch *b)
{
    ProtobufCMessage *root;
    pthread_mutex_lock(&b->lock);
    root = decode_locked(b);
    pthread_mutex_unlock(&b->lock);
    return root;
}

/* Makes the segments reflect the tree again (one encoded segment). */
static int
bytes_locked(otelc_batch *b)
{
    size_t   len;
    uint8_t *buf;

    if (!b->dirty)
        return OTELC_OK;
    len = protobuf_c_message_get_packed_size(b->root);
    buf = malloc(len ? len : 1);
    if (buf == NULL)
        return OTELC_E_NOMEM;
    protobuf_c_message_pack(b->root, buf);
    atomic_fetch_add(&stat_encodes, 1);
    segs_clear(b);
    if (len == 0) {
        free(buf);
    } else {
        otelc_blob *bl = blob_new(buf, len, free);
        int         rc;
        if (bl == NULL) {
            free(buf);
            return OTELC_E_NOMEM;
        }
        rc = segs_push(b, bl);
        if (rc != OTELC_OK)
            return rc;
    }
    b->dirty = 0;
    return OTELC_OK;
}

static uint64_t
items_locked(otelc_batch *b)
{
    if (!b->items_known) {
        b->items = otelc__count_items(b->signal, b->root, 0);
        b->items_known = 1;
    }
    return b->items;
}

int
otelc__batch_mutate(otelc_batch *b)
{
    if (atomic_load(&b->refs) != 1)
        return OTELC_E_READONLY;
    if (otelc__batch_tree(b) == NULL)
        return OTELC_E_PERMANENT;
    if (!b->dirty) {
        b->dirty = 1;
        segs_clear(b);
    }
    b->items_known = 0;
    return OTELC_OK;
}

otelc_node *
otelc__node_wrap(otelc_batch *b, ProtobufCMessage *msg)
{
    otelc_node *n;
    int         shared;

    if (msg == NULL)
        return NULL;
    /* Holding the sole reference means no other thread can be here. */
    shared = atomic_load(&b->refs) != 1;
    if (shared)
        pthread_mutex_lock(&b->lock);
    n = ensure_arena(b) == OTELC_OK ? otelc__arena_alloc(b->arena, sizeof(*n))
                                    : NULL;
    if (n != NULL) {
        n->api = b->api;
        n->msg = msg;
        n->batch = b;
    }
    if (shared)
        pthread_mutex_unlock(&b->lock);
    return n;
}

/* ---- the host table members ---- */

otelc_batch *
otelc__batch_new(int signal, otelc__detail *d)
{
    otelc_batch *b;

    if (otelc__request_descriptor(signal) == NULL) {
        otelc__detail_fail(d, OTELC_E_INVALID, "batch_new: unknown signal %d",
                           signal);
        return NULL;
    }
    b = batch_alloc(signal);
    if (b == NULL || ensure_arena(b) != OTELC_OK ||
        (b->root = otelc__msg_new(b->arena,
                                  otelc__request_descriptor(signal))) == NULL) {
        if (b != NULL)
            batch_free(b);
        otelc__detail_fail(d, OTELC_E_NOMEM, "batch_new: out of memory");
        return NULL;
    }
    return b;
}

int
otelc__batch_from_otlp(int signal, const void *buf, size_t len,
                       otelc_destructor dtor, otelc_batch **out,
                       otelc__detail *d)
{
    char         err[256];
    uint64_t     items = 0;
    otelc_batch *b;
    otelc_blob  *bl;
    int          rc;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || (buf == NULL && len > 0)) {
        otelc__drop_buffer(buf, dtor);
        return otelc__detail_fail(d, OTELC_E_INVALID,
                                  "batch_from_otlp: NULL argument");
    }
    rc = otelc__otlp_scan(signal, buf, len, &items, err, sizeof(err));
    if (rc != OTELC_OK) {
        otelc__drop_buffer(buf, dtor);
        return otelc__detail_fail(d, rc, "invalid OTLP request: %s", err);
    }
    b = batch_alloc(signal);
    if (b == NULL) {
        otelc__drop_buffer(buf, dtor);
        return otelc__detail_fail(d, OTELC_E_NOMEM, "out of memory");
    }
    if (len > 0) {
        bl = blob_new(buf, len, dtor);
        if (bl == NULL) {
            otelc__drop_buffer(buf, dtor);
            batch_free(b);
            return otelc__detail_fail(d, OTELC_E_NOMEM, "out of memory");
        }
        if (segs_push(b, bl) != OTELC_OK) {
            batch_free(b);
            return otelc__detail_fail(d, OTELC_E_NOMEM, "out of memory");
        }
    } else {
        otelc__drop_buffer(buf, dtor);
    }
    b->items = items;
    *out = b;
    return OTELC_OK;
}

void
otelc__batch_retain(otelc_batch *b)
{
    atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
}

void
otelc__batch_release(otelc_batch *b)
{
    if (b != NULL &&
        atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
        batch_free(b);
}

int
otelc__batch_signal(const otelc_batch *b)
{
    return b->signal;
}

uint64_t
otelc__batch_items(otelc_batch *b)
{
    uint64_t n;
    pthread_mutex_lock(&b->lock);
    n = items_locked(b);
    pthread_mutex_unlock(&b->lock);
    return n;
}

size_t
otelc__batch_size(otelc_batch *b)
{
    size_t n = 0;
    pthread_mutex_lock(&b->lock);
    if (b->dirty) {
        n = protobuf_c_message_get_packed_size(b->root);
    } else {
        for (size_t i = 0; i < b->nsegs; i++)
            n += b->segs[i]->len;
    }
    pthread_mutex_unlock(&b->lock);
    return n;
}

int
otelc__batch_to_otlp(otelc_batch *b, const void **buf, size_t *len)
{
    int rc;

    pthread_mutex_lock(&b->lock);
    rc = bytes_locked(b);
    if (rc != OTELC_OK) {
    } else if (b->nsegs == 0) {
        *buf = "";
        *len = 0;
    } else if (b->nsegs == 1) {
        *buf = b->segs[0]->data;
        *len = b->segs[0]->len;
    } else {
        if (b->joined == NULL) {
            size_t         total = 0, off = 0;
            unsigned char *p;
            for (size_t i = 0; i < b->nsegs; i++)
                total += b->segs[i]->len;
            p = malloc(total);
            if (p != NULL) {
                for (size_t i = 0; i < b->nsegs; i++) {
                    memcpy(p + off, b->segs[i]->data, b->segs[i]->len);
                    off += b->segs[i]->len;
                }
                b->joined = blob_new(p, total, free);
                if (b->joined == NULL)
                    free(p);
                else
                    atomic_fetch_add(&stat_concats, 1);
            }
        }
        if (b->joined != NULL) {
            *buf = b->joined->data;
            *len = b->joined->len;
        } else {
            rc = OTELC_E_NOMEM;
        }
    }
    pthread_mutex_unlock(&b->lock);
    return rc;
}

size_t
otelc__batch_segments(otelc_batch *b)
{
    size_t n = 0;
    pthread_mutex_lock(&b->lock);
    if (bytes_locked(b) == OTELC_OK)
        n = b->nsegs;
    pthread_mutex_unlock(&b->lock);
    return n;
}

int
otelc__batch_segment(otelc_batch *b, size_t i, const void **buf, size_t *len)
{
    int rc;
    pthread_mutex_lock(&b->lock);
    rc = bytes_locked(b);
    if (rc == OTELC_OK && i >= b->nsegs)
        rc = OTELC_E_RANGE;
    if (rc == OTELC_OK) {
        *buf = b->segs[i]->data;
        *len = b->segs[i]->len;
    }
    pthread_mutex_unlock(&b->lock);
    return rc;
}

otelc_batch *
otelc__batch_clone(otelc_batch *b)
{
    otelc_batch *c = batch_alloc(b->signal);
    int          rc;

    if (c == NULL)
        return NULL;
    pthread_mutex_lock(&b->lock);
    /* The immutable blobs are shared; the clone decodes its own tree when
     * it needs one, so neither side sees the other's changes. */
    rc = bytes_locked(b);
    for (size_t i = 0; rc == OTELC_OK && i < b->nsegs; i++) {
        blob_retain(b->segs[i]);
        rc = segs_push(c, b->segs[i]);
    }
    if (rc == OTELC_OK)
        c->items = items_locked(b);
    pthread_mutex_unlock(&b->lock);
    if (rc != OTELC_OK) {
        batch_free(c);
        return NULL;
    }
    return c;
}

otelc_node *
otelc__batch_root(otelc_batch *b)
{
    return otelc__node_wrap(b, otelc__batch_tree(b));
}

/* Moves everything b holds into the empty batch to; b becomes empty. */
static void
batch_move(otelc_batch *to, otelc_batch *b)
{
    to->segs = b->segs;
    to->nsegs = b->nsegs;
    to->segs_cap = b->segs_cap;
    to->joined = b->joined;
    to->json = b->json;
    to->json_len = b->json_len;
    to->root = b->root;
    to->dirty = b->dirty;
    to->arena = b->arena;
    to->kept = b->kept;
    to->nkept = b->nkept;
    to->kept_cap = b->kept_cap;
    to->items = b->items;
    to->items_known = b->items_known;
    to->caps = b->caps;
    b->segs = NULL;
    b->nsegs = b->segs_cap = 0;
    b->joined = NULL;
    b->json = NULL;
    b->root = NULL;
    b->dirty = 0;
    b->arena = NULL;
    b->kept = NULL;
    b->nkept = b->kept_cap = 0;
    b->items = 0;
    b->items_known = 1;
    memset(&b->caps, 0, sizeof(b->caps));
}

int
otelc__batch_append(otelc_batch *dst, otelc_batch *src)
{
    ProtobufCMessage *droot, *sroot;
    uint64_t          ditems, sitems;
    int               src_dirty;
    int               rc = OTELC_OK;

    /* Appending a batch to itself: taking src would free the dst the
     * caller still holds, so leave the single reference alone. */
    if (dst == src)
        return OTELC_E_INVALID;
    if (dst->signal != src->signal) {
        otelc__batch_release(src);
        return OTELC_E_INVALID;
    }
    if (atomic_load(&dst->refs) != 1) {
        otelc__batch_release(src);
        return OTELC_E_READONLY;
    }
    ditems = otelc__batch_items(dst);
    sitems = otelc__batch_items(src);

    /* A shared src can only go from dirty to clean (an encode), never
     * back, so a clean reading stays true after unlocking. */
    pthread_mutex_lock(&src->lock);
    src_dirty = src->dirty;
    pthread_mutex_unlock(&src->lock);
    if (!dst->dirty && !src_dirty) {
        /* Pass-through: share src's blobs, decode nothing. dst's tree no
         * longer matches its bytes; it is rebuilt from them when needed. */
        pthread_mutex_lock(&src->lock);
        for (size_t i = 0; rc == OTELC_OK && i < src->nsegs; i++) {
            blob_retain(src->segs[i]);
            rc = segs_push(dst, src->segs[i]);
        }
        pthread_mutex_unlock(&src->lock);
        if (rc == OTELC_OK) {
            dst->root = NULL;
            otelc__capmap_clear(&dst->caps);
            dst->items = ditems + sitems;
            dst->items_known = 1;
        }
        otelc__batch_release(src);
        return rc;
    }

    droot = otelc__batch_tree(dst);
    if (droot == NULL || otelc__batch_mutate(dst) != OTELC_OK) {
        otelc__batch_release(src);
        return OTELC_E_PERMANENT;
    }
    if (atomic_load(&src->refs) == 1) {
        /* Sole owner: steal the elements and keep their memory alive. */
        sroot = otelc__batch_tree(src);
        rc = sroot ? keep_arenas_of(dst, src) : OTELC_E_PERMANENT;
    } else {
        /* Others still read src: copy, so dst's future changes stay
         * invisible to them. */
        const void *buf;
        size_t      len;
        rc = otelc__batch_to_otlp(src, &buf, &len);
        sroot = NULL;
        if (rc == OTELC_OK) {
            sroot = protobuf_c_message_unpack(
                droot->descriptor, otelc__arena_allocator(dst->arena), len,
                buf);
            atomic_fetch_add(&stat_decodes, 1);
            if (sroot == NULL)
                rc = OTELC_E_PERMANENT;
        }
    }
    if (rc == OTELC_OK)
        rc = otelc__msg_merge_lists(dst->arena, droot, sroot);
    if (rc == OTELC_OK) {
        dst->items = ditems + sitems;
        dst->items_known = 1;
    }
    otelc__batch_release(src);
    return rc;
}

int
otelc__batch_split(otelc_batch *b, uint64_t items, otelc_batch **head)
{
    otelc_batch      *h;
    ProtobufCMessage *hroot = NULL;
    uint64_t          total;
    int               rc;

    if (head == NULL)
        return OTELC_E_INVALID;
    *head = NULL;
    if (atomic_load(&b->refs) != 1)
        return OTELC_E_READONLY;
    total = otelc__batch_items(b);
    h = batch_alloc(b->signal);
    if (h == NULL)
        return OTELC_E_NOMEM;
    if (items == 0) {
        *head = h;
        return OTELC_OK;
    }
    if (items >= total) {
        /* Everything goes: hand over the bytes and tree as they are. */
        batch_move(h, b);
        *head = h;
        return OTELC_OK;
    }
    rc = otelc__batch_mutate(b);
    if (rc == OTELC_OK)
        rc = ensure_arena(h);
    if (rc == OTELC_OK)
        rc = keep_arenas_of(h, b);
    if (rc == OTELC_OK)
        rc = otelc__tree_split(b, items, &hroot);
    if (rc != OTELC_OK) {
        batch_free(h);
        return rc;
    }
    /* Arrays on both sides were rebuilt. */
    otelc__capmap_clear(&b->caps);
    h->root = hroot;
    h->dirty = 1;
    h->items = items;
    b->items = total - items;
    b->items_known = 1;
    *head = h;
    return OTELC_OK;
}
