/* otelc plugin SDK: the host's HTTP and gRPC clients.
 *
 * Clients are configured from otelcol's client settings (confighttp /
 * configgrpc keys under the node the plugin passes: endpoint, tls, headers,
 * compression, ...), run on the instance's loop, and call back exactly
 * once per request, on that loop. */
#ifndef OTELC_CLIENT_H
#define OTELC_CLIENT_H

#include <otelc/host.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Outcome of an HTTP request. status is 0 when no response arrived
 * (connection failure, timeout): then `error` says why and `failure` is
 * OTELC_E_TIMEOUT or OTELC_E_IO. */
typedef struct otelc_http_response {
    uint32_t    struct_size;
    int         status;
    int         failure;
    const char *error;
    const void *body;
    size_t      body_len;
    const char *content_type;   /* or NULL */
    int64_t     retry_after_ns; /* parsed Retry-After, or -1 */
} otelc_http_response;

/* Outcome of a unary gRPC call. Connection failures are UNAVAILABLE,
 * timeouts DEADLINE_EXCEEDED. retry_after_ns comes from a
 * google.rpc.RetryInfo detail, or is -1. */
typedef struct otelc_grpc_response {
    uint32_t    struct_size;
    int         status;
    const char *message;
    const void *body;
    size_t      body_len;
    int64_t     retry_after_ns;
} otelc_grpc_response;

/* Completion callbacks of otelc_http_post() and otelc_grpc_call(): called
 * exactly once per request that started (returned OTELC_OK), on the instance's
 * loop, never from inside the call that started it. resp is borrowed for the
 * callback. Not called when the client is freed first. */
typedef void (*otelc_http_cb)(void *arg, const otelc_http_response *resp);
typedef void (*otelc_grpc_cb)(void *arg, const otelc_grpc_response *resp);

/* An HTTP client configured from the confighttp client settings under
 * `settings`: endpoint, tls {insecure, insecure_skip_verify, ca_file,
 * cert_file, key_file, server_name_override, min_version}, headers (map),
 * compression (gzip|zstd|snappy|deflate|none; default_compression, borrowed,
 * when absent), timeout, proxy_url, read_buffer_size, write_buffer_size, ...
 * Proxies also come from the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).
 * *out is the caller's until otelc_http_client_free(). No I/O: allowed in
 * create() (a client made while validating only validates). OTELC_OK, or
 * OTELC_E_CONFIG (reported with the YAML location) / a negative status with
 * the reason in otelc_last_error(ctx). Loop. */
static inline int
otelc_http_client_new(otelc_ctx *ctx, const otelc_config *settings,
                      const char *default_compression, otelc_http_client **out)
{
    return OTELC__API(ctx)->http_client_new(ctx, settings, default_compression,
                                            out);
}
/* POSTs body (len bytes, copied or compressed before the call returns) to url
 * (borrowed): absolute, or a path appended to the endpoint. headers:
 * NULL-terminated name, value pairs added to the configured ones (copied).
 * timeout_ns 0: the settings' timeout. OTELC_OK, and cb(arg, resp) runs once
 * later; otherwise a negative status (OTELC_E_STATE for a validation-only
 * client, OTELC_E_INVALID, OTELC_E_NOMEM) and cb never runs. Loop. */
static inline int
otelc_http_post(otelc_http_client *c, const char *url, const char *content_type,
                const void *body, size_t len, const char *const *headers,
                int64_t timeout_ns, otelc_http_cb cb, void *arg)
{
    return OTELC__API(c)->http_post(c, url, content_type, body, len, headers,
                                    timeout_ns, cb, arg);
}
/* Cancels what is in flight (without calling its callbacks) and frees c; NULL
 * is a no-op. Allowed from one of c's callbacks. Loop. */
static inline void
otelc_http_client_free(otelc_http_client *c)
{
    if (c)
        OTELC__API(c)->http_client_free(c);
}

/* A gRPC client configured from the configgrpc client settings under
 * `settings`: endpoint (host:port or URL), tls, headers, compression
 * (gzip|zstd|snappy|none; default_compression when absent), keepalive {time,
 * timeout, permit_without_stream}, authority, balancer_name, read_buffer_size,
 * write_buffer_size, wait_for_ready. Reconnects with backoff. *out is the
 * caller's until otelc_grpc_client_free(). No I/O: allowed in create().
 * OTELC_OK, or OTELC_E_CONFIG / a negative status with the reason in
 * otelc_last_error(ctx). Loop. */
static inline int
otelc_grpc_client_new(otelc_ctx *ctx, const otelc_config *settings,
                      const char *default_compression, otelc_grpc_client **out)
{
    return OTELC__API(ctx)->grpc_client_new(ctx, settings, default_compression,
                                            out);
}
/* Unary call of `path` ("/pkg.Service/Method") with one message (len bytes of
 * msg, borrowed until cb runs: keep it alive). metadata: NULL-terminated name,
 * value pairs added to the configured headers (copied). timeout_ns 0: none
 * beyond the settings. OTELC_OK, and cb(arg, resp) runs once later; otherwise
 * a negative status and cb never runs. Loop. */
static inline int
otelc_grpc_call(otelc_grpc_client *c, const char *path, const void *msg,
                size_t len, const char *const *metadata, int64_t timeout_ns,
                otelc_grpc_cb cb, void *arg)
{
    return OTELC__API(c)->grpc_call(c, path, msg, len, metadata, timeout_ns, cb,
                                    arg);
}
/* Cancels what is in flight (without calling its callbacks) and frees c; NULL
 * is a no-op. Loop. */
static inline void
otelc_grpc_client_free(otelc_grpc_client *c)
{
    if (c)
        OTELC__API(c)->grpc_client_free(c);
}

#ifdef __cplusplus
}
#endif
#endif
