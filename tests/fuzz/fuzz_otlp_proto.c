/* libFuzzer target: OTLP protobuf bytes through the receive path.
 *
 * Every input is offered as each signal's Export request. When the strict
 * validator accepts it, everything a pipeline may then do must work: the
 * lazy decode (which the validator promises will succeed), item counts
 * that agree with the decoded tree, re-encoding, and OTLP/JSON, whose
 * output must parse back to the same JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/otelc.h>

#include "batch.h"
#include "fuzz_init.h"
#include "host_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_json_round_trip(const otelc_host_api *api, int signal, otelc_batch *b)
{
    const void  *json, *json2;
    size_t       len, len2;
    otelc_batch *b2 = NULL;

    if (otelc_batch_to_otlp_json(b, &json, &len) != OTELC_OK)
        abort();
    if (api->batch_from_otlp_json(NULL, signal, json, len, &b2) != OTELC_OK)
        abort(); /* our own JSON must be accepted */
    if (otelc_batch_to_otlp_json(b2, &json2, &len2) != OTELC_OK ||
        len2 != len || memcmp(json, json2, len) != 0)
        abort(); /* and be a fixed point */
    if (otelc_batch_items(b2) != otelc_batch_items(b))
        abort();
    otelc_batch_release(b2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int signals[] = {OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS,
                                  OTELC_SIGNAL_LOGS};
    const otelc_host_api *api = &otelc__host_api;

    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        otelc_batch *b = NULL;
        otelc_node  *root;
        const void  *pb;
        size_t       len;
        uint64_t     items;

        if (api->batch_from_otlp(NULL, signals[i], data, size, OTELC_COPY,
                                 &b) != OTELC_OK)
            continue;
        items = otelc_batch_items(b);
        root = otelc_batch_root(b);
        if (root == NULL)
            abort(); /* validated bytes must decode */
        if (otelc__count_items(signals[i], otelc__batch_tree(b), 0) != items)
            abort();
        if (otelc_batch_to_otlp(b, &pb, &len) != OTELC_OK)
            abort();
        check_json_round_trip(api, signals[i], b);
        otelc_batch_release(b);
    }
    return 0;
}
