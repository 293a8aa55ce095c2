/* OTLP/JSON batches: the batch_from_otlp_json and batch_to_otlp_json
 * members of the host table (codec in otlp_json_*.c).
 *
 * JSON is converted once: the decoded tree is packed into protobuf bytes
 * and becomes an ordinary batch (otelc__batch_from_otlp), so everything
 * downstream, exporters included, sees the same zero-decode form whatever
 * the receiver's transport. The JSON encoding of a batch is cached in it
 * (batch->json, dropped by batch.c whenever the segments change) until the
 * batch is modified or released. */
#include <stdlib.h>

#include <otelc/status.h>

#include "batch.h"
#include "otlp_json.h"

int
otelc__batch_from_otlp_json(int signal, const void *buf, size_t len,
                            otelc_batch **out, otelc__detail *d)
{
    const ProtobufCMessageDescriptor *desc = otelc__request_descriptor(signal);
    ProtobufCMessage                 *root;
    otelc_arena                      *a;
    char                              err[512];
    uint8_t                          *bytes;
    size_t                            n;
    int                               rc;

    if (out != NULL)
        *out = NULL;
    if (out == NULL || (buf == NULL && len > 0))
        return otelc__detail_fail(d, OTELC_E_INVALID,
                                  "batch_from_otlp_json: NULL argument");
    if (desc == NULL)
        return otelc__detail_fail(d, OTELC_E_INVALID,
                                  "batch_from_otlp_json: unknown signal %d",
                                  signal);
    a = otelc__arena_new();
    if (a == NULL)
        return otelc__detail_fail(d, OTELC_E_NOMEM, "out of memory");
    rc = otelc__json_decode(desc, buf != NULL ? buf : "", len, a, &root, err,
                            sizeof(err));
    if (rc != OTELC_OK) {
        otelc__arena_release(a);
        return otelc__detail_fail(d, rc, "invalid OTLP/JSON request: %s", err);
    }
    n = protobuf_c_message_get_packed_size(root);
    bytes = malloc(n ? n : 1);
    if (bytes == NULL) {
        otelc__arena_release(a);
        return otelc__detail_fail(d, OTELC_E_NOMEM, "out of memory");
    }
    protobuf_c_message_pack(root, bytes);
    otelc__arena_release(a);
    /* Validates again (cheap) and counts the items. */
    return otelc__batch_from_otlp(signal, bytes, n, free, out, d);
}

int
otelc__batch_to_otlp_json(otelc_batch *b, const void **buf, size_t *len)
{
    const void       *pb;
    size_t            pblen, n;
    ProtobufCMessage *root;
    char             *json;
    int               rc;

    /* Encoding first leaves the batch clean (not dirty), so any later
     * modification goes through segment invalidation, which drops the
     * cached JSON. */
    rc = otelc__batch_to_otlp(b, &pb, &pblen);
    if (rc != OTELC_OK)
        return rc;
    pthread_mutex_lock(&b->lock);
    if (b->json != NULL) {
        *buf = b->json;
        *len = b->json_len;
        pthread_mutex_unlock(&b->lock);
        return OTELC_OK;
    }
    pthread_mutex_unlock(&b->lock);
    root = otelc__batch_tree(b);
    if (root == NULL)
        return OTELC_E_PERMANENT;
    rc = otelc__json_encode(root, &json, &n);
    if (rc != OTELC_OK)
        return rc;
    pthread_mutex_lock(&b->lock);
    if (b->json == NULL) { /* another reader may have won the race */
        b->json = json;
        b->json_len = n;
    } else {
        free(json);
    }
    *buf = b->json;
    *len = b->json_len;
    pthread_mutex_unlock(&b->lock);
    return OTELC_OK;
}
