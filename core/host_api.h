/* The one host function table handed to plugins through every handle. */
#ifndef OTELC__HOST_API_H
#define OTELC__HOST_API_H

#include <otelc/host.h>

/* The filled table (built once, on first use; thread-safe). */
const otelc_host_api *otelc__host(void);

/* Each core module fills in the members it implements. */
void otelc__data_api_init(otelc_host_api *api);   /* batch_*, node_*, attrs_* */
void otelc__config_api_init(otelc_host_api *api); /* cfg_* without ctx */
void otelc__ctx_api_init(otelc_host_api *api);    /* everything ctx-bound */
void otelc__json_api_init(otelc_host_api *api);   /* batch_*_otlp_json */
void otelc__server_api_init(otelc_host_api *api); /* server_*, req_* */
void otelc__client_api_init(otelc_host_api *api); /* http_*, grpc_* */
void otelc__exporter_api_init(otelc_host_api *api); /* exporter_*, export_* */
void otelc__response_api_init(otelc_host_api *api); /* otlp_response_read... */

#endif
