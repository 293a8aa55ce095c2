/* Placeholder until the OTLP/JSON codec lands (issue: OTLP receiver). */
#include "host_api.h"

void
otelc__json_api_init(otelc_host_api *api)
{
    (void)api;
}
