/* Placeholder until the exporter service lands (issue: OTLP exporters). */
#include "host_api.h"

void
otelc__exporter_api_init(otelc_host_api *api)
{
    (void)api;
}
