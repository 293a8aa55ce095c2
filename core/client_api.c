/* Puts the host's HTTP and gRPC clients (otelc/client.h) into the
 * function table. The gRPC client registers its own members. */
#include "grpc_client.h"
#include "host_api.h"
#include "http_client.h"

void
otelc__client_api_init(otelc_host_api *api)
{
    api->http_client_new = otelc__http_client_new;
    api->http_post = otelc__http_post;
    api->http_client_free = otelc__http_client_free;
    otelc__grpc_client_api_init(api);
}
