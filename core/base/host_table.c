/* The installed host function table (see host_table.h). */
#include "host_table.h"

static const otelc_host_api *installed;

const otelc_host_api *
otelc__host(void)
{
    return installed;
}

void
otelc__host_set(const otelc_host_api *api)
{
    installed = api;
}
