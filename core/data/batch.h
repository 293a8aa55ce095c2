/* Telemetry batches and node handles (the inside of otelc_batch and
 * otelc_node from the plugin SDK).
 *
 * A batch carries one Export{Trace,Metrics,Logs}ServiceRequest in up to two
 * forms at once:
 *   - segments: refcounted byte blobs whose concatenation is the encoding
 *     (concatenated encodings of a message are their merge), valid unless
 *     `dirty`;
 *   - a protobuf-c tree, decoded lazily from the segments or built through
 *     the node API, allocated in arenas.
 * Mutation needs the sole reference; it makes the tree the only truth
 * (dirty) until the next encode turns it back into a single segment. Lazy
 * decode/encode/concat and item counting run under the batch mutex, since a
 * shared batch may be read from several threads. */
#ifndef OTELC__BATCH_H
#define OTELC__BATCH_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include <otelc/host.h>

#include "arena.h"
#include "detail.h"

/* Immutable bytes shared between batches (segments, cached encodings). */
typedef struct otelc_blob {
    atomic_uint          refs;
    size_t               len;
    const unsigned char *data;
    otelc_destructor     dtor; /* called on data at last release, or NULL */
    unsigned char        inline_data[];
} otelc_blob;

/* Capacity of repeated-field arrays grown by the host (arrays decoded by
 * protobuf-c are exactly full and are not listed). */
struct otelc_capmap {
    struct otelc_capent {
        const void *key;
        size_t      cap;
    } * ents;
    size_t n, size;
};

struct otelc_batch {
    const otelc_host_api *api; /* first: the SDK reaches the table here */
    atomic_uint           refs;
    int                   signal;
    pthread_mutex_t       lock;

    otelc_blob **segs;
    size_t       nsegs, segs_cap;
    otelc_blob  *joined; /* cached concatenation when nsegs > 1 */
    char        *json; /* cached OTLP/JSON (json_api.c), dropped with joined */
    size_t       json_len;

    ProtobufCMessage *root;  /* decoded or built tree, or NULL */
    int               dirty; /* tree modified: segments are stale */

    otelc_arena  *arena; /* the only arena this batch allocates from */
    otelc_arena **kept;  /* other arenas its tree points into */
    size_t        nkept, kept_cap;

    uint64_t items;
    int      items_known;

    struct otelc_capmap caps;
};

struct otelc_node {
    const otelc_host_api *api; /* first: the SDK reaches the table here */
    ProtobufCMessage     *msg;
    otelc_batch          *batch;
};

/* Process-wide counts of full decodes, re-encodes and segment
 * concatenations (proof of zero-decode pass-through in tests). */
void otelc__data_stats(uint64_t *decodes, uint64_t *encodes, uint64_t *concats);

/* Descriptor of Export*ServiceRequest for a signal, or NULL. */
const ProtobufCMessageDescriptor *otelc__request_descriptor(int signal);

/* ---- implementations of the host table members (batch.c) ---- */
/* Failures fill *d (may be NULL); the API layer reports it to the caller. */
otelc_batch *otelc__batch_new(int signal, otelc__detail *d);
int          otelc__batch_from_otlp(int signal, const void *buf, size_t len,
                                    otelc_destructor dtor, otelc_batch **out,
                                    otelc__detail *d);
void         otelc__batch_retain(otelc_batch *b);
void         otelc__batch_release(otelc_batch *b);
int          otelc__batch_signal(const otelc_batch *b);
uint64_t     otelc__batch_items(otelc_batch *b);
size_t       otelc__batch_size(otelc_batch *b);
int          otelc__batch_append(otelc_batch *dst, otelc_batch *src);
int    otelc__batch_split(otelc_batch *b, uint64_t items, otelc_batch **head);
int    otelc__batch_to_otlp(otelc_batch *b, const void **buf, size_t *len);
size_t otelc__batch_segments(otelc_batch *b);
int    otelc__batch_segment(otelc_batch *b, size_t i, const void **buf,
                            size_t *len);
otelc_batch *otelc__batch_clone(otelc_batch *b);
otelc_node  *otelc__batch_root(otelc_batch *b);
/* OTLP/JSON (batch_json.c): decoded once into an ordinary batch; the
 * batch's JSON encoding is cached until it changes. */
int otelc__batch_from_otlp_json(int signal, const void *buf, size_t len,
                                otelc_batch **out, otelc__detail *d);
int otelc__batch_to_otlp_json(otelc_batch *b, const void **buf, size_t *len);

/* ---- shared between batch*.c and node.c ---- */
/* Decodes if needed; the tree or NULL when the bytes do not decode. */
ProtobufCMessage *otelc__batch_tree(otelc_batch *b);
/* Checks for the sole reference and makes the tree the truth (dirty).
 * OTELC_OK or OTELC_E_READONLY (or NOMEM/PERMANENT when decoding fails). */
int otelc__batch_mutate(otelc_batch *b);
/* A node handle for msg (NULL for NULL). Safe on a shared batch. */
otelc_node *otelc__node_wrap(otelc_batch *b, ProtobufCMessage *msg);
/* Items under msg, which is at `level` of the request (0 = request,
 * 1 = ResourceX, 2 = ScopeX, 3 = item; for metrics an item counts its data
 * points). */
uint64_t otelc__count_items(int signal, const ProtobufCMessage *msg, int level);
/* Keeps arena a alive as long as b (takes a reference). */
int otelc__batch_keep_arena(otelc_batch *b, otelc_arena *a);
/* New empty message of type desc in b's arena. */
ProtobufCMessage *otelc__msg_new(otelc_arena                      *a,
                                 const ProtobufCMessageDescriptor *desc);
/* Deep copy of msg (unknown fields included) into arena a. */
ProtobufCMessage *otelc__msg_dup(otelc_arena *a, const ProtobufCMessage *msg);
/* Appends src's repeated fields and unknown fields to dst (same type).
 * Elements are shared, arrays are new. */
int otelc__msg_merge_lists(otelc_arena *a, ProtobufCMessage *dst,
                           ProtobufCMessage *src);

/* Repeated field helpers over protobuf-c descriptors. */
size_t *otelc__rep_count(ProtobufCMessage               *m,
                         const ProtobufCFieldDescriptor *f);
void **otelc__rep_array(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f);
size_t otelc__elem_size(const ProtobufCFieldDescriptor *f);
/* Makes room for one more element and returns a pointer to the new
 * (zeroed) slot; the count is incremented. NULL when out of memory. */
void *otelc__rep_push(otelc_batch *b, ProtobufCMessage *m,
                      const ProtobufCFieldDescriptor *f);
/* Runs a handed-over buffer's destructor (not for OTELC_COPY/OTELC_STATIC):
 * the host owns such a buffer from the call on, also when the call fails. */
void otelc__drop_buffer(const void *buf, otelc_destructor dtor);
/* Forget host-grown capacities (after arrays were shared or replaced). */
void otelc__capmap_clear(struct otelc_capmap *cm);

/* Split implementation (batch_split.c). Moves the first `items` items of
 * b's tree into a new tree rooted at *head_root allocated in b's arena. */
int otelc__tree_split(otelc_batch *b, uint64_t items,
                      ProtobufCMessage **head_root);

#endif
