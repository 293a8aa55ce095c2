/* ABI anchor: a tiny shared object whose only job is to make every public
 * ABI type of the plugin SDK reachable from exported functions, so that
 * libabigail's `abidw` records the full layout of each one (members, their
 * offsets and types, enumerators and their values).
 *
 * It is never loaded by otelc. tests/abi/abi_gate.sh compiles it with
 * -g -Og against a header directory, dumps it with abidw and compares the
 * result with the committed baseline sdk-plugin/abi/otelc-sdk.abi.
 *
 * When a new public type is added to the SDK headers, add an anchor
 * function for it here and regenerate the baseline with
 * tests/abi/update_baseline.sh. */
#include <otelc/otelc.h>

#if defined(__GNUC__) || defined(__clang__)
#define ANCHOR __attribute__((visibility("default"), used, noinline))
#else
#define ANCHOR
#endif

/* Values the ABI freezes but that live in macros, not types. Mirroring
 * them in an enum puts them into the DWARF, so abidiff reports a changed
 * value as a changed enumerator. OTELC_ABI_MINOR is left out on purpose:
 * bumping it is the normal, compatible way to append to the ABI. The 64-bit
 * magic is split into 16-bit parts to stay within int. */
enum otelc_abi_frozen_values {
    OTELC_ABI_FROZEN_MAJOR = OTELC_ABI_MAJOR,
    OTELC_ABI_FROZEN_MAGIC_0 = (int)(OTELC_PLUGIN_MAGIC & 0xffff),
    OTELC_ABI_FROZEN_MAGIC_1 = (int)((OTELC_PLUGIN_MAGIC >> 16) & 0xffff),
    OTELC_ABI_FROZEN_MAGIC_2 = (int)((OTELC_PLUGIN_MAGIC >> 32) & 0xffff),
    OTELC_ABI_FROZEN_MAGIC_3 = (int)((OTELC_PLUGIN_MAGIC >> 48) & 0xffff),
    OTELC_ABI_FROZEN_CAP_MUTATES_DATA = OTELC_CAP_MUTATES_DATA,
    OTELC_ABI_FROZEN_CAP_SINGLETON = OTELC_CAP_SINGLETON,
    OTELC_ABI_FROZEN_IO_READ = OTELC_IO_READ,
    OTELC_ABI_FROZEN_IO_WRITE = OTELC_IO_WRITE,
    OTELC_ABI_FROZEN_STATIC = (int)(intptr_t)OTELC_STATIC,
    OTELC_ABI_FROZEN_COPY = (int)(intptr_t)OTELC_COPY,
    OTELC_ABI_FROZEN_SERVER_HTTP = OTELC_SERVER_HTTP,
    OTELC_ABI_FROZEN_SERVER_GRPC = OTELC_SERVER_GRPC,
    OTELC_ABI_FROZEN_ROUTE_HTTP = OTELC_ROUTE_HTTP,
    OTELC_ABI_FROZEN_ROUTE_GRPC = OTELC_ROUTE_GRPC,
    OTELC_ABI_FROZEN_PROTO_HTTP1 = OTELC_PROTO_HTTP1,
    OTELC_ABI_FROZEN_PROTO_HTTP2 = OTELC_PROTO_HTTP2,
    OTELC_ABI_FROZEN_PROTO_GRPC = OTELC_PROTO_GRPC,
    OTELC_ABI_FROZEN_RESPONSE_JSON = OTELC_RESPONSE_JSON
};

/* Prototypes keep -Wmissing-prototypes quiet; the functions are the ABI
 * surface abidw walks. Each returns its argument so nothing is optimised
 * into a different signature. */
ANCHOR const otelc_plugin *otelc_abi_anchor_plugin(const otelc_plugin *p);
ANCHOR const otelc_component_def *
otelc_abi_anchor_component_def(const otelc_component_def *d);
ANCHOR const otelc_host_api                    *
otelc_abi_anchor_host_api(const otelc_host_api *api);
ANCHOR otelc_iter *otelc_abi_anchor_iter(otelc_iter *it);
/* The attrs_* members take an otelc_attrs_mode as int: its values are ABI. */
ANCHOR otelc_attrs_iter *otelc_abi_anchor_attrs(otelc_attrs_iter *it,
                                                otelc_attrs_mode  mode);
ANCHOR const otelc_http_response *
otelc_abi_anchor_http_response(const otelc_http_response *r);
ANCHOR const otelc_grpc_response *
otelc_abi_anchor_grpc_response(const otelc_grpc_response *r);
ANCHOR const void *
otelc_abi_anchor_clients(otelc_http_client *http, otelc_grpc_client *grpc,
                         otelc_exporter *exporter, otelc_export_attempt *att,
                         otelc_http_cb http_cb, otelc_grpc_cb grpc_cb,
                         otelc_send_fn send);
ANCHOR int otelc_abi_anchor_enums(
    otelc_kind kind, otelc_signal signal, otelc_stability stability,
    otelc_log_level level, otelc_cfg_node_kind cfg_kind,
    otelc_field_kind field_kind, otelc_report_kind report_kind,
    enum otelc_status status, otelc_grpc_status grpc_status,
    enum otelc_abi_frozen_values frozen);
ANCHOR otelc_destructor otelc_abi_anchor_callbacks(otelc_cb         cb,
                                                   otelc_io_cb      io_cb,
                                                   otelc_request_cb req_cb,
                                                   otelc_destructor dtor);
ANCHOR const void      *otelc_abi_anchor_opaque(
         otelc_ctx *ctx, const otelc_config *cfg, otelc_batch *batch,
         otelc_node *node, otelc_timer *timer, otelc_io *io, otelc_async *async,
         otelc_metric *metric, otelc_server *server, otelc_request *request);
ANCHOR const otelc_plugin *otelc_plugin_v1(void);

const otelc_plugin *
otelc_abi_anchor_plugin(const otelc_plugin *p)
{
    return p;
}

const otelc_component_def *
otelc_abi_anchor_component_def(const otelc_component_def *d)
{
    return d;
}

const otelc_host_api *
otelc_abi_anchor_host_api(const otelc_host_api *api)
{
    return api;
}

otelc_iter *
otelc_abi_anchor_iter(otelc_iter *it)
{
    return it;
}

otelc_attrs_iter *
otelc_abi_anchor_attrs(otelc_attrs_iter *it, otelc_attrs_mode mode)
{
    (void)mode;
    return it;
}

const otelc_http_response *
otelc_abi_anchor_http_response(const otelc_http_response *r)
{
    return r;
}

const otelc_grpc_response *
otelc_abi_anchor_grpc_response(const otelc_grpc_response *r)
{
    return r;
}

const void *
otelc_abi_anchor_clients(otelc_http_client *http, otelc_grpc_client *grpc,
                         otelc_exporter *exporter, otelc_export_attempt *att,
                         otelc_http_cb http_cb, otelc_grpc_cb grpc_cb,
                         otelc_send_fn send)
{
    (void)grpc;
    (void)exporter;
    (void)att;
    (void)http_cb;
    (void)grpc_cb;
    (void)send;
    return http;
}

int
otelc_abi_anchor_enums(otelc_kind kind, otelc_signal signal,
                       otelc_stability stability, otelc_log_level level,
                       otelc_cfg_node_kind cfg_kind,
                       otelc_field_kind    field_kind,
                       otelc_report_kind report_kind, enum otelc_status status,
                       otelc_grpc_status            grpc_status,
                       enum otelc_abi_frozen_values frozen)
{
    return (int)kind + (int)signal + (int)stability + (int)level +
           (int)cfg_kind + (int)field_kind + (int)report_kind + (int)status +
           (int)grpc_status + (int)frozen;
}

otelc_destructor
otelc_abi_anchor_callbacks(otelc_cb cb, otelc_io_cb io_cb,
                           otelc_request_cb req_cb, otelc_destructor dtor)
{
    (void)cb;
    (void)io_cb;
    (void)req_cb;
    return dtor;
}

const void *
otelc_abi_anchor_opaque(otelc_ctx *ctx, const otelc_config *cfg,
                        otelc_batch *batch, otelc_node *node,
                        otelc_timer *timer, otelc_io *io, otelc_async *async,
                        otelc_metric *metric, otelc_server *server,
                        otelc_request *request)
{
    (void)server;
    (void)request;
    (void)cfg;
    (void)batch;
    (void)node;
    (void)timer;
    (void)io;
    (void)async;
    (void)metric;
    return ctx;
}

/* The entry point's signature is part of the ABI too. */
const otelc_plugin *
otelc_plugin_v1(void)
{
    return NULL;
}
