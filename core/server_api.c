/* Placeholder until the host server lands (issue: OTLP receiver). */
#include "host_api.h"

void
otelc__server_api_init(otelc_host_api *api)
{
    (void)api;
}
