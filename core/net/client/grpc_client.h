/* The host's gRPC client (otelc_grpc_client_new / otelc_grpc_call /
 * otelc_grpc_client_free in <otelc/client.h>): unary calls over one
 * HTTP/2 connection (nghttp2) on TCP or TLS (OpenSSL, ALPN "h2"), driven
 * by the owning instance's libev loop.
 *
 * Semantics the SDK header leaves open, decided here:
 *  - grpc_client_new() parses and validates the settings and opens no
 *    socket and resolves no name (it runs during `otelc validate`). For
 *    a running instance (not during validate) it also loads the TLS CA,
 *    certificate and key, so a bad file fails startup with its YAML path
 *    instead of failing every call later.
 *  - grpc_call() returns OTELC_OK and then calls back exactly once, always
 *    later on the instance's loop, never from inside grpc_call() itself.
 *    A negative return (bad arguments, out of memory, no loop) means the
 *    callback will never be called.
 *  - Connections are made lazily by the first call. A failed connection
 *    attempt starts an exponential backoff (1s, x1.6, +-20% jitter, up to
 *    120s, gRPC's connection-backoff defaults). Calls made during the
 *    backoff fail fast with UNAVAILABLE, as gRPC does by default, unless
 *    `wait_for_ready: true`: then they wait (until their deadline) for the
 *    next attempt, which the backoff timer starts.
 *  - A connection closed by the peer after it was up is not a failure of
 *    the connection attempt: the next call reconnects at once.
 *  - GOAWAY: calls on streams above the peer's last_stream_id fail with
 *    UNAVAILABLE (safe to retry: the server never saw them); the others
 *    finish; new calls wait for the draining connection to close and then
 *    go out on a fresh one.
 *  - grpc_client_free() cancels everything in flight, and callbacks of
 *    cancelled calls are NOT called (the caller is tearing down the state
 *    its callback would touch). It may be called from inside a callback.
 *  - The response body handed to the callback is valid only during it;
 *    `message` is never NULL ("" when the server sent none).
 *  - The connection is READY, and calls go out, once the server's first
 *    SETTINGS frame has arrived: its MAX_CONCURRENT_STREAMS is honoured
 *    from the first call, extra calls queue (in call order) for a slot.
 *  - Keepalive: with keepalive.time set, a PING every `time` while calls
 *    are active (always with permit_without_stream); no ACK within
 *    keepalive.timeout closes the connection (its calls fail UNAVAILABLE)
 *    and the next call reconnects. */
#ifndef OTELC_GRPC_CLIENT_H
#define OTELC_GRPC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <otelc/host.h>

#include "rpc_status.h"

/* The grpc_client_new, grpc_call and grpc_client_free members. */
int otelc__grpc_client_new(otelc_ctx *ctx, const otelc_config *settings,
                           const char         *default_compression,
                           otelc_grpc_client **out);
int otelc__grpc_client_call(
    otelc_grpc_client *c, const char *path, const void *msg, size_t len,
    const char *const *metadata, int64_t timeout_ns,
    void (*cb)(void *arg, const struct otelc_grpc_response *resp), void *arg);
void otelc__grpc_client_free(otelc_grpc_client *c);

/* ---- wire helpers (grpc_client_wire.c), exposed for unit tests ---- */

/* grpc-timeout value for a deadline of ns (> 0): at most 8 digits and a
 * unit (n u m S M H), rounded up so the server never sees a shorter
 * deadline than ours. buf needs 10 bytes. */
void otelc__grpc_timeout_str(int64_t ns, char buf[16]);

/* Percent-decodes a grpc-message value into a malloc'd string; malformed
 * escapes are kept as written. NULL when out of memory. */
char *otelc__grpc_percent_decode(const char *s);

/* The codec (compress.h) behind a grpc-encoding for a configured
 * compression: gRPC's "snappy" is the snappy *framing* format (what
 * otelcol's gRPC stack, golang/snappy's buffered writer, sends), not the
 * raw block format otelcol's HTTP side uses under the same name. */
int otelc__grpc_codec(int compress_algo);

/* The gRPC status for an HTTP status other than 200 (gRPC's
 * "HTTP to gRPC status code mapping"). */
int otelc__grpc_from_http(int http_status);

/* The gRPC status for an RST_STREAM / GOAWAY error code. */
int otelc__grpc_from_h2_error(uint32_t h2_error);

#endif
