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

/* Which otelcol settings block otelc_server_new() reads: confighttp (endpoint,
 * tls, cors, max_request_body_size, include_metadata, response_headers, ...)
 * or configgrpc (endpoint, tls, max_recv_msg_size_mib, max_concurrent_streams,
 * keepalive, include_metadata, ...). Values of its `flavor`. */
#define OTELC_SERVER_HTTP 1
#define OTELC_SERVER_GRPC 2

/* Route kinds, an unsigned bit mask for otelc_server_route(): an HTTP request
 * of any method, and a unary gRPC call (path /pkg.Service/Method). */
#define OTELC_ROUTE_HTTP 0x1u
#define OTELC_ROUTE_GRPC 0x2u

/* What a request arrived as (otelc_req_protocol()). */
#define OTELC_PROTO_HTTP1 1
#define OTELC_PROTO_HTTP2 2
#define OTELC_PROTO_GRPC  3

/* A route's handler: called on the instance's loop with a complete,
 * decompressed, size-checked request. req stays valid until the handler
 * answers it with exactly one otelc_req_respond() or otelc_req_grpc_respond()
 * call, now or later (on the loop). */
typedef void (*otelc_request_cb)(void *arg, otelc_request *req);

/* A listener configured from the otelcol settings under `settings` (flavor
 * OTELC_SERVER_HTTP or OTELC_SERVER_GRPC; default_endpoint, borrowed, when the
 * config has none), not yet listening: *out, owned by the caller until
 * otelc_server_free(). No I/O: allowed in create(). OTELC_OK, or
 * OTELC_E_CONFIG (reported with the YAML location) / another negative status
 * with the reason in otelc_last_error(ctx). Loop. */
static inline int
otelc_server_new(otelc_ctx *ctx, const otelc_config *settings, int flavor,
                 const char *default_endpoint, otelc_server **out)
{
    return OTELC__API(ctx)->server_new(ctx, settings, flavor, default_endpoint,
                                       out);
}
/* Registers cb(arg, request) for requests to `path` of the kinds in flags
 * (OTELC_ROUTE_*); path is copied, arg borrowed until the server is freed.
 * Before otelc_server_start(). OTELC_OK, OTELC_E_INVALID (bad path, no kind,
 * no callback) or OTELC_E_NOMEM. Loop. */
static inline int
otelc_server_route(otelc_server *s, const char *path, unsigned flags,
                   otelc_request_cb cb, void *arg)
{
    return OTELC__API(s)->server_route(s, path, flags, cb, arg);
}
/* Binds and listens (SO_REUSEPORT, so every worker's replica shares the port).
 * OTELC_OK, or OTELC_E_IO (address in use, TLS files unreadable, ...) /
 * OTELC_E_STATE (not on a running instance) with the reason in the instance's
 * otelc_last_error(). Loop (start()). */
static inline int
otelc_server_start(otelc_server *s)
{
    return OTELC__API(s)->server_start(s);
}
/* Stops accepting and closes connections; requests not yet answered are
 * dropped. NULL is a no-op. Loop. */
static inline void
otelc_server_stop(otelc_server *s)
{
    if (s)
        OTELC__API(s)->server_stop(s);
}
/* Stops (as otelc_server_stop()) and frees s; NULL is a no-op. Loop. */
static inline void
otelc_server_free(otelc_server *s)
{
    if (s)
        OTELC__API(s)->server_free(s);
}
/* The address being listened on once started (with the real port when the
 * config said :0), else the configured endpoint. Owned by the server, valid
 * until it is freed. Loop. */
static inline const char *
otelc_server_endpoint(otelc_server *s)
{
    return OTELC__API(s)->server_endpoint(s);
}

/* What r arrived as: OTELC_PROTO_HTTP1, OTELC_PROTO_HTTP2 or OTELC_PROTO_GRPC.
 * Loop. */
static inline int
otelc_req_protocol(otelc_request *r)
{
    return OTELC__API(r)->req_protocol(r);
}
/* r's method ("POST"). Owned by the request, valid until it is answered. Loop.
 */
static inline const char *
otelc_req_method(otelc_request *r)
{
    return OTELC__API(r)->req_method(r);
}
/* r's path, without the query. Owned by the request, valid until it is
 * answered. Loop. */
static inline const char *
otelc_req_path(otelc_request *r)
{
    return OTELC__API(r)->req_path(r);
}
/* Value of header `name` (case-insensitive; for gRPC, metadata), or NULL when
 * absent (not a failure). Valid until r is answered. Loop. */
static inline const char *
otelc_req_header(otelc_request *r, const char *name)
{
    return OTELC__API(r)->req_header(r, name);
}
/* Number of headers of r, for otelc_req_header_at(). Loop. */
static inline size_t
otelc_req_header_count(otelc_request *r)
{
    return OTELC__API(r)->req_header_count(r);
}
/* Header i of r: *name (lower case) and *value, valid until r is answered.
 * OTELC_OK or OTELC_E_RANGE. Loop. */
static inline int
otelc_req_header_at(otelc_request *r, size_t i, const char **name,
                    const char **value)
{
    return OTELC__API(r)->req_header_at(r, i, name, value);
}
/* r's complete, decompressed body (for gRPC: the one message, unframed):
 * *buf and *len ("" and 0 when empty), valid until r is answered.
 * OTELC_OK, or OTELC_E_INVALID for NULL arguments. Loop. */
static inline int
otelc_req_body(otelc_request *r, const void **buf, size_t *len)
{
    return OTELC__API(r)->req_body(r, buf, len);
}
/* Answers an HTTP request: status, content_type, body (len bytes; copied) and
 * extra headers (a NULL-terminated name, value, name, value, ... list, or
 * NULL; copied). r is finished by a successful call: do not use it afterwards.
 * OTELC_OK (also when the client has gone away: the answer is then dropped),
 * OTELC_E_INVALID (a status outside 100..999, or a gRPC request: use
 * otelc_req_grpc_respond()), OTELC_E_STATE when r was already answered. Loop.
 */
static inline int
otelc_req_respond(otelc_request *r, int http_status, const char *content_type,
                  const void *body, size_t len, const char *const *headers)
{
    return OTELC__API(r)->req_respond(r, http_status, content_type, body, len,
                                      headers);
}
/* Answers a gRPC call with grpc_status (OTELC_GRPC_*), an optional message
 * and, for OTELC_GRPC_OK, the response message body (len bytes; everything
 * copied). Finishes r like otelc_req_respond(); OTELC_E_INVALID for a request
 * that is not gRPC. Loop. */
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
