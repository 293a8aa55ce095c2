/* Splitting a decoded request tree at an item boundary.
 *
 * The head gets the first N items. Wrappers (ResourceX, ScopeX, and for
 * metrics the Metric with its Gauge/Sum/... message) that straddle the cut
 * are duplicated without their child list, so both halves keep their
 * resource, scope and metric description. Metrics split at data point
 * granularity: a metric whose points straddle the cut appears in both
 * halves with its points divided, so both item counts are exact. No array
 * is shared between the halves (either may later be modified on its own),
 * while elements moved whole are simply re-pointed. */
#include <string.h>

#include <otelc/data.h>

#include "batch.h"

static ProtobufCMessage *
metric_data(ProtobufCMessage *metric)
{
    const ProtobufCFieldDescriptor *f;
    uint32_t                        which;

    f = protobuf_c_message_descriptor_get_field(metric->descriptor,
                                                OTELC_METRIC_GAUGE);
    if (f == NULL)
        return NULL;
    which = *(uint32_t *)(void *)((char *)metric + f->quantifier_offset);
    f = which
            ? protobuf_c_message_descriptor_get_field(metric->descriptor, which)
            : NULL;
    if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
        return NULL;
    return *(ProtobufCMessage **)(void *)((char *)metric + f->offset);
}

/* The message holding the child list of m (at `level`), and that list. */
static ProtobufCMessage *
list_of(ProtobufCMessage *m, int level, const ProtobufCFieldDescriptor **f)
{
    ProtobufCMessage *owner = level == 3 ? metric_data(m) : m;
    uint32_t          num = (level == 0 || level == 3) ? 1u : 2u;

    if (owner == NULL)
        return NULL;
    *f = protobuf_c_message_descriptor_get_field(owner->descriptor, num);
    if (*f == NULL || (*f)->label != PROTOBUF_C_LABEL_REPEATED ||
        (*f)->type != PROTOBUF_C_TYPE_MESSAGE)
        return NULL;
    return owner;
}

/* Deep copy of m (at `level`) with an empty child list. */
static ProtobufCMessage *
dup_without_children(otelc_batch *b, ProtobufCMessage *m, int level)
{
    const ProtobufCFieldDescriptor *f;
    ProtobufCMessage               *owner = list_of(m, level, &f), *copy;
    size_t                          saved;

    if (owner == NULL)
        return NULL;
    saved = *otelc__rep_count(owner, f);
    *otelc__rep_count(owner, f) = 0;
    copy = otelc__msg_dup(b->arena, m);
    *otelc__rep_count(owner, f) = saved;
    return copy;
}

static int
split_level(otelc_batch *b, ProtobufCMessage *src, ProtobufCMessage *dst,
            int level, uint64_t want)
{
    const ProtobufCFieldDescriptor *f, *fd;
    ProtobufCMessage               *ls = list_of(src, level, &f);
    ProtobufCMessage               *ld = list_of(dst, level, &fd);
    ProtobufCMessage              **arr, **harr, **rarr;
    int leaf = level == 3 || (level == 2 && b->signal != OTELC_SIGNAL_METRICS);
    size_t   n, i = 0, k, rest;
    uint64_t taken = 0;

    if (ls == NULL || ld == NULL)
        return OTELC_E_STATE;
    n = *otelc__rep_count(ls, f);
    arr = (ProtobufCMessage **)*otelc__rep_array(ls, f);
    while (i < n && taken < want) {
        uint64_t c =
            leaf ? 1 : otelc__count_items(b->signal, arr[i], level + 1);
        if (taken + c > want)
            break;
        taken += c;
        i++;
    }
    k = (i < n && taken < want) ? i + 1 : i;
    rest = n - i;
    harr = otelc__arena_alloc(b->arena, (k ? k : 1) * sizeof(*harr));
    rarr = otelc__arena_alloc(b->arena, (rest ? rest : 1) * sizeof(*rarr));
    if (harr == NULL || rarr == NULL)
        return OTELC_E_NOMEM;
    if (i > 0)
        memcpy(harr, arr, i * sizeof(*harr));
    if (rest > 0)
        memcpy(rarr, arr + i, rest * sizeof(*rarr));
    if (k > i) {
        /* arr[i] straddles the cut: its first part goes to a copy. */
        ProtobufCMessage *copy = dup_without_children(b, arr[i], level + 1);
        int               rc;
        if (copy == NULL)
            return OTELC_E_NOMEM;
        rc = split_level(b, arr[i], copy, level + 1, want - taken);
        if (rc != OTELC_OK)
            return rc;
        harr[i] = copy;
    }
    *otelc__rep_count(ld, fd) = k;
    *otelc__rep_array(ld, fd) = harr;
    *otelc__rep_count(ls, f) = rest;
    *otelc__rep_array(ls, f) = rarr;
    return OTELC_OK;
}

int
otelc__tree_split(otelc_batch *b, uint64_t items, ProtobufCMessage **head_root)
{
    ProtobufCMessage *h = otelc__msg_new(b->arena, b->root->descriptor);
    int               rc;

    if (h == NULL)
        return OTELC_E_NOMEM;
    rc = split_level(b, b->root, h, 0, items);
    if (rc == OTELC_OK)
        *head_root = h;
    return rc;
}
