/* The host function table, built as one static const initializer (as
 * SQLite builds its extension routine table): every member is named here,
 * next to the function that implements it, so a missing member is an
 * omission anyone can see, and no code runs to fill it. */
#include "api.h"

#include "batch.h"
#include "client_config.h"
#include "config.h"
#include "ctx.h"
#include "exporter_helper.h"
#include "graph.h"
#include "grpc_client.h"
#include "host_table.h"
#include "http_client.h"
#include "loop.h"
#include "node.h"
#include "otlp_response.h"
#include "schema.h"
#include "server.h"

const otelc_host_api otelc__host_api = {
    .struct_size = (uint32_t)sizeof(otelc_host_api),
    .abi_major = OTELC_ABI_MAJOR,
    .abi_minor = OTELC_ABI_MINOR,
    .log = otelc__ctx_log,
    .log_enabled = otelc__ctx_log_enabled,
    .mem_alloc = otelc__api_mem_alloc,
    .mem_calloc = otelc__api_mem_calloc,
    .mem_realloc = otelc__api_mem_realloc,
    .mem_free = otelc__api_mem_free,
    .mem_strdup = otelc__api_mem_strdup,
    .ctx_id = otelc__ctx_id,
    .ctx_type = otelc__ctx_type,
    .ctx_worker = otelc__ctx_worker,
    .ctx_workers = otelc__ctx_workers,
    .ctx_signals = otelc__ctx_signals,
    .cfg_child = otelc__cfg_get,
    .cfg_kind = otelc__cfg_kind,
    .cfg_len = otelc__cfg_len,
    .cfg_item = otelc__cfg_item,
    .cfg_key = otelc__cfg_key,
    .cfg_scalar = otelc__cfg_scalar,
    .cfg_str = otelc__ctx_cfg_str,
    .cfg_int = otelc__ctx_cfg_int,
    .cfg_double = otelc__ctx_cfg_double,
    .cfg_bool = otelc__ctx_cfg_bool,
    .cfg_duration = otelc__ctx_cfg_duration,
    .cfg_mark_used = otelc__cfg_mark_used,
    .cfg_error = otelc__ctx_cfg_error,
    .timer_start = otelc__timer_start,
    .timer_stop = otelc__timer_stop,
    .io_start = otelc__io_start,
    .io_stop = otelc__io_stop,
    .async_new = otelc__async_new,
    .async_send = otelc__async_send,
    .async_free = otelc__async_free,
    .work_submit = otelc__work_submit,
    .time_unix_ns = otelc__api_time_unix_ns,
    .time_mono_ns = otelc__api_time_mono_ns,
    .emit = otelc__emit,
    .shutdown_done = otelc__ctx_shutdown_done,
    .report = otelc__ctx_report,
    .is_shutting_down = otelc__ctx_is_shutting_down,
    .last_error = otelc__ctx_last_error,
    .batch_new = otelc__api_batch_new,
    .batch_from_otlp = otelc__api_batch_from_otlp,
    .batch_retain = otelc__batch_retain,
    .batch_release = otelc__batch_release,
    .batch_signal = otelc__batch_signal,
    .batch_items = otelc__batch_items,
    .batch_size = otelc__batch_size,
    .batch_append = otelc__batch_append,
    .batch_split = otelc__batch_split,
    .batch_to_otlp = otelc__batch_to_otlp,
    .batch_segments = otelc__batch_segments,
    .batch_segment = otelc__batch_segment,
    .batch_clone = otelc__batch_clone,
    .batch_root = otelc__batch_root,
    .node_type = otelc__node_type,
    .node_field_kind = otelc__node_field_kind,
    .node_count = otelc__node_count,
    .node_get_int = otelc__node_get_int,
    .node_get_uint = otelc__node_get_uint,
    .node_get_double = otelc__node_get_double,
    .node_get_bool = otelc__node_get_bool,
    .node_get_bytes = otelc__node_get_bytes,
    .node_get_msg = otelc__node_get_msg,
    .node_set_int = otelc__node_set_int,
    .node_set_uint = otelc__node_set_uint,
    .node_set_double = otelc__node_set_double,
    .node_set_bool = otelc__node_set_bool,
    .node_set_bytes = otelc__node_set_bytes,
    .node_mut_msg = otelc__node_mut_msg,
    .node_add_int = otelc__node_add_int,
    .node_add_uint = otelc__node_add_uint,
    .node_add_double = otelc__node_add_double,
    .node_add_bytes = otelc__node_add_bytes,
    .node_remove = otelc__node_remove,
    .node_oneof_case = otelc__node_oneof_case,
    .attrs_delete = otelc__attrs_delete,
    .metric_counter = otelc__ctx_metric_counter,
    .metric_add = otelc__ctx_metric_add,
    .batch_from_otlp_json = otelc__api_batch_from_otlp_json,
    .batch_to_otlp_json = otelc__batch_to_otlp_json,
    .emit_transport = otelc__emit_transport,
    .server_new = otelc__srv_api_new,
    .server_route = otelc__srv_route,
    .server_start = otelc__srv_api_start,
    .server_stop = otelc__srv_api_stop,
    .server_free = otelc__srv_free,
    .server_endpoint = otelc__srv_api_endpoint,
    .req_protocol = otelc__req_protocol,
    .req_method = otelc__req_method,
    .req_path = otelc__req_path,
    .req_header = otelc__req_header,
    .req_header_count = otelc__req_header_count,
    .req_header_at = otelc__req_header_at,
    .req_body = otelc__req_body,
    .req_respond = otelc__req_respond,
    .req_grpc_respond = otelc__req_grpc_respond,
    .http_client_new = otelc__http_client_new,
    .http_post = otelc__http_post,
    .http_client_free = otelc__http_client_free,
    .grpc_client_new = otelc__grpc_client_new,
    .grpc_call = otelc__grpc_client_call,
    .grpc_client_free = otelc__grpc_client_free,
    .exporter_new = otelc__exporter_new,
    .exporter_consume = otelc__exporter_consume,
    .exporter_shutdown = otelc__exporter_shutdown,
    .exporter_free = otelc__exporter_free,
    .attempt_done = otelc__attempt_done,
    .attempt_timeout_ns = otelc__attempt_timeout_ns,
    .attempt_partial = otelc__attempt_partial,
    .otlp_response_read = otelc__api_otlp_response_read,
    .rpc_status_read = otelc__api_rpc_status_read,
    .attrs_get = otelc__attrs_get,
    .attrs_count = otelc__attrs_count,
    .attrs_at = otelc__attrs_at,
    .attrs_upsert = otelc__attrs_upsert,
    .attrs_remove_at = otelc__attrs_remove_at,
    .attrs_copy = otelc__attrs_copy,
    .attrs_rename = otelc__attrs_rename,
    .config_read = otelc__ctx_config_read,
};

void
otelc__api_install(void)
{
    otelc__host_set(&otelc__host_api);
    /* The standard settings blocks, defined next to their parsers. */
    otelc__schema_set_block(OTELC_BLOCK_TLS_CLIENT, otelc__tls_client_options);
    otelc__schema_set_block(OTELC_BLOCK_TLS_SERVER, otelc__tls_server_options);
    otelc__schema_set_block(OTELC_BLOCK_HTTP_CLIENT,
                            otelc__http_client_options);
    otelc__schema_set_block(OTELC_BLOCK_GRPC_CLIENT,
                            otelc__grpc_client_options);
    otelc__schema_set_block(OTELC_BLOCK_HTTP_SERVER,
                            otelc__http_server_options);
    otelc__schema_set_block(OTELC_BLOCK_GRPC_SERVER,
                            otelc__grpc_server_options);
    otelc__schema_set_block(OTELC_BLOCK_EXPORTER_HELPER,
                            otelc__exporter_helper_options);
}
