/* libFuzzer target: arbitrary bytes into a server connection's input path,
 * exactly where socket reads go (sniffing, HTTP/1.1 via http-parser, h2
 * and gRPC via nghttp2, bodies, CORS), with no socket: the connection has
 * no fd and its output is discarded.
 *
 * The first input byte picks how the rest is cut into reads (so request
 * boundaries fall everywhere) and whether the handler answers at once or
 * holds the request past the connection's end (the detached path). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "fuzz_init.h"
#include "server.h"

static otelc_request *held[64];
static size_t         n_held;

static void
answer(otelc_request *r)
{
    const void *b;
    size_t      n;
    otelc_req_body(r, &b, &n);
    if (otelc_req_protocol(r) == OTELC_PROTO_GRPC)
        otelc_req_grpc_respond(r, n & 1 ? OTELC_GRPC_INVALID_ARGUMENT : 0,
                               "m\xff%", b, n);
    else
        otelc_req_respond(r, 200, "text/plain", b, n, NULL);
}

static void
handler(void *arg, otelc_request *r)
{
    int hold = *(const int *)arg;
    otelc_req_header(r, "content-type");
    for (size_t i = 0; i < otelc_req_header_count(r); i++) {
        const char *n, *v;
        otelc_req_header_at(r, i, &n, &v);
    }
    if (hold && n_held < 64)
        held[n_held++] = r;
    else
        answer(r);
}

static int hold_flag;

static otelc_server *
server(void)
{
    static otelc_server   *s;
    static struct ev_loop *loop;
    static const char     *origins[] = {"https://*.example.com"};
    if (s)
        return s;
    loop = ev_loop_new(EVFLAG_AUTO);
    if (otelc__srv_new_detached(loop, OTELC_SERVER_HTTP, &s) != OTELC_OK)
        abort();
    /* Small limits so the fuzzer reaches them. */
    s->set.max_body = 4096;
    s->set.max_streams = 8;
    s->set.cors_on = 1;
    s->set.cors_origins = calloc(1, sizeof(char *));
    s->set.cors_origins[0] = strdup(origins[0]);
    s->set.n_cors_origins = 1;
    otelc__srv_route(s, "/v1/traces", OTELC_ROUTE_HTTP, handler, &hold_flag);
    otelc__srv_route(s, "/pkg.Svc/M", OTELC_ROUTE_GRPC, handler, &hold_flag);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    otelc_server *s = server();
    size_t        chunk;

    if (size < 1)
        return 0;
    chunk = (data[0] & 0x3f) + 1;
    if (data[0] & 0x40)
        chunk = size; /* one read */
    hold_flag = (data[0] & 0x80) != 0;
    data++;
    size--;
    if (otelc__srv_conn_new(s, -1) == NULL)
        return 0;
    for (size_t off = 0; off < size && s->conns; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;
        otelc__srv_conn_input(s->conns, (const char *)data + off, n);
    }
    while (s->conns)
        otelc__srv_conn_close(s->conns);
    /* Answers after the connection died are discarded. */
    for (size_t i = 0; i < n_held; i++)
        answer(held[i]);
    n_held = 0;
    return 0;
}
