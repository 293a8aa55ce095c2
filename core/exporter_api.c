/* The exporter helper's members of otelc_host_api. */
#include "exporter_helper.h"
#include "host_api.h"

void
otelc__exporter_api_init(otelc_host_api *api)
{
    api->exporter_new = otelc__exporter_new;
    api->exporter_consume = otelc__exporter_consume;
    api->exporter_shutdown = otelc__exporter_shutdown;
    api->exporter_free = otelc__exporter_free;
    api->export_done = otelc__export_done;
    api->export_timeout_ns = otelc__export_timeout_ns;
    api->export_partial = otelc__export_partial;
}
