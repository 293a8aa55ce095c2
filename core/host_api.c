/* Assembles otelc_host_api from the modules that implement it. */
#include "host_api.h"

#include <pthread.h>

static otelc_host_api host_api;
static pthread_once_t host_api_once = PTHREAD_ONCE_INIT;

static void
host_api_build(void)
{
    host_api.struct_size = (uint32_t)sizeof(host_api);
    host_api.abi_major = OTELC_ABI_MAJOR;
    host_api.abi_minor = OTELC_ABI_MINOR;
    otelc__data_api_init(&host_api);
    otelc__config_api_init(&host_api);
    otelc__ctx_api_init(&host_api);
    otelc__json_api_init(&host_api);
    otelc__server_api_init(&host_api);
    otelc__client_api_init(&host_api);
    otelc__exporter_api_init(&host_api);
    otelc__response_api_init(&host_api);
}

const otelc_host_api *
otelc__host(void)
{
    pthread_once(&host_api_once, host_api_build);
    return &host_api;
}
