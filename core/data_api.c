/* The telemetry members of the host function table. */
#include "batch.h"
#include "host_api.h"

void
otelc__data_api_init(otelc_host_api *api)
{
    api->batch_new = otelc__batch_new;
    api->batch_from_otlp = otelc__batch_from_otlp;
    api->batch_retain = otelc__batch_retain;
    api->batch_release = otelc__batch_release;
    api->batch_signal = otelc__batch_signal;
    api->batch_items = otelc__batch_items;
    api->batch_size = otelc__batch_size;
    api->batch_append = otelc__batch_append;
    api->batch_split = otelc__batch_split;
    api->batch_to_otlp = otelc__batch_to_otlp;
    api->batch_segments = otelc__batch_segments;
    api->batch_segment = otelc__batch_segment;
    api->batch_clone = otelc__batch_clone;
    api->batch_root = otelc__batch_root;
    otelc__node_api_init(api);
}
