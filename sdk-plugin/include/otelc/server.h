/* otelc plugin SDK: the host's network server.
 *
 * A plugin asks the host for a listener configured from otelcol's server
 * settings (confighttp or configgrpc keys under the node it passes) and
 * registers routes; the host does all protocol work on the instance's
 * loop: HTTP/1.1, HTTP/2 (prior knowledge, h2c upgrade, TLS+ALPN) on one
 * port, gRPC framing and status, Content-Encoding, size limits, CORS and
 * timeouts. A handler sees a complete, decompressed, size-checked body and
 * answers with exactly one otelc_req_respond*() call, now or later. */
#ifndef OTELC_SERVER_H
#define OTELC_SERVER_H

#include <otelc/host.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which otelcol settings block server_new() reads. */
#define OTELC_SERVER_HTTP                                                      \
    1 /* confighttp: endpoint, tls, cors,                                      \
         max_request_body_size, include_metadata,                              \
         response_headers, ... */
#define OTELC_SERVER_GRPC                                                      \
    2 /* configgrpc: endpoint, tls,                                            \
         max_recv_msg_size_mib, max_concurrent_streams,                        \
         keepalive, include_metadata, ... */

/* Route kinds (bit mask). */
#define OTELC_ROUTE_HTTP 0x1u /* an HTTP request, any method */
#define OTELC_ROUTE_GRPC                                                       \
    0x2u /* a unary gRPC call, path /pkg.Service/Method                        \
          */

/* What a request arrived as. */
#define OTELC_PROTO_HTTP1 1
#define OTELC_PROTO_HTTP2 2
#define OTELC_PROTO_GRPC  3

typedef void (*otelc_request_cb)(void *arg, otelc_request *req);

static inline int
otelc_server_new(otelc_ctx *ctx, const otelc_config *settings, int flavor,
                 const char *default_endpoint, otelc_server **out)
{
    return OTELC__API(ctx)->server_new(ctx, settings, flavor, default_endpoint,
                                       out);
}
static inline int
otelc_server_route(otelc_server *s, const char *path, unsigned flags,
                   otelc_request_cb cb, void *arg)
{
    return OTELC__API(s)->server_route(s, path, flags, cb, arg);
}
static inline int
otelc_server_start(otelc_server *s)
{
    return OTELC__API(s)->server_start(s);
}
static inline void
otelc_server_stop(otelc_server *s)
{
    if (s)
        OTELC__API(s)->server_stop(s);
}
static inline void
otelc_server_free(otelc_server *s)
{
    if (s)
        OTELC__API(s)->server_free(s);
}
static inline const char *
otelc_server_endpoint(otelc_server *s)
{
    return OTELC__API(s)->server_endpoint(s);
}

static inline int
otelc_req_protocol(otelc_request *r)
{
    return OTELC__API(r)->req_protocol(r);
}
static inline const char *
otelc_req_method(otelc_request *r)
{
    return OTELC__API(r)->req_method(r);
}
static inline const char *
otelc_req_path(otelc_request *r)
{
    return OTELC__API(r)->req_path(r);
}
static inline const char *
otelc_req_header(otelc_request *r, const char *name)
{
    return OTELC__API(r)->req_header(r, name);
}
static inline size_t
otelc_req_header_count(otelc_request *r)
{
    return OTELC__API(r)->req_header_count(r);
}
static inline int
otelc_req_header_at(otelc_request *r, size_t i, const char **name,
                    const char **value)
{
    return OTELC__API(r)->req_header_at(r, i, name, value);
}
static inline int
otelc_req_body(otelc_request *r, const void **buf, size_t *len)
{
    return OTELC__API(r)->req_body(r, buf, len);
}
/* headers: NULL-terminated name, value, name, value, ... list, or NULL. */
static inline int
otelc_req_respond(otelc_request *r, int http_status, const char *content_type,
                  const void *body, size_t len, const char *const *headers)
{
    return OTELC__API(r)->req_respond(r, http_status, content_type, body, len,
                                      headers);
}
static inline int
otelc_req_grpc_respond(otelc_request *r, int grpc_status, const char *message,
                       const void *body, size_t len)
{
    return OTELC__API(r)->req_grpc_respond(r, grpc_status, message, body, len);
}

#ifdef __cplusplus
}
#endif
#endif
