/* Placeholder until the client service lands (issue: OTLP exporters). */
#include "host_api.h"

void
otelc__client_api_init(otelc_host_api *api)
{
    (void)api;
}
