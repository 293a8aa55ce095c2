/* libFuzzer target: the OTLP/JSON decoder.
 *
 * Every input is offered as each signal's JSON Export request. Whatever is
 * accepted must encode back to JSON that is accepted again, gives the same
 * protobuf bytes, and is a fixed point of decode + encode. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/otelc.h>

#include "batch.h"
#include "fuzz_init.h"
#include "host_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int signals[] = {OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS,
                                  OTELC_SIGNAL_LOGS};
    const otelc_host_api *api = &otelc__host_api;

    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        otelc_batch *b = NULL, *b2 = NULL;
        const void  *json, *json2, *pb, *pb2;
        size_t       len, len2, pblen, pblen2;

        if (api->batch_from_otlp_json(NULL, signals[i], data, size, &b) !=
            OTELC_OK)
            continue;
        if (otelc_batch_to_otlp_json(b, &json, &len) != OTELC_OK)
            abort();
        if (api->batch_from_otlp_json(NULL, signals[i], json, len, &b2) !=
            OTELC_OK)
            abort();
        if (otelc_batch_to_otlp(b, &pb, &pblen) != OTELC_OK ||
            otelc_batch_to_otlp(b2, &pb2, &pblen2) != OTELC_OK ||
            pblen != pblen2 || memcmp(pb, pb2, pblen) != 0)
            abort();
        if (otelc_batch_to_otlp_json(b2, &json2, &len2) != OTELC_OK ||
            len2 != len || memcmp(json, json2, len) != 0)
            abort();
        if (otelc_batch_items(b) != otelc_batch_items(b2))
            abort();
        otelc_batch_release(b2);
        otelc_batch_release(b);
    }
    return 0;
}
