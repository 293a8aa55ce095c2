/* The host server end to end: a real runtime with an in-process receiver
 * that serves routes through otelc_server_*, driven by real clients —
 * curl (HTTP/1.1, h2 prior knowledge, h2c upgrade, TLS with a CA made by
 * openssl here), python3-grpcio for gRPC, and raw sockets for garbage and
 * slowloris. Needs curl, openssl, gzip, zstd and /usr/bin/python3 with
 * grpc; a case whose tool is missing fails (it does not skip). No case
 * measures time: timeouts are shown by what the client sees (the
 * connection closed, the status), with only the limit under test short
 * and the others an hour, and waits are for events. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <otelc/otelc.h>
#include <otelc/server.h>

#include "harness.h"
#include "server.h"
#include "testlib.h"
#include "testnet.h"

static char            g_endpoint[128];
static atomic_int      g_ready;
static char            g_dir[256];
static const char     *g_section = "http"; /* or "grpc": which flavor */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
/* Events the loop reports: an /async request arrived, the late answer
 * of a /pkg.Svc/Slow call was given (and discarded). */
static atomic_int g_async_started, g_slow_answered;

struct inst {
    otelc_ctx     *ctx;
    otelc_server  *srv;
    otelc_request *pending; /* /async and /pkg.Svc/Slow */
    otelc_timer   *timer;
    int            pending_grpc;
};

/* ---- handlers ---- */
static void
echo(void *arg, otelc_request *r)
{
    const void *b;
    size_t      n;
    char        proto[4];
    const char *ce = otelc_req_header(r, "X-Echo-Header");
    (void)arg;
    snprintf(proto, sizeof(proto), "%d", otelc_req_protocol(r));
    const char *hdrs[] = {"X-Path",   otelc_req_path(r),
                          "X-Method", otelc_req_method(r),
                          "X-Proto",  proto,
                          "X-Echoed", ce ? ce : "-",
                          NULL};
    CHECK_INT(otelc_req_body(r, &b, &n), OTELC_OK);
    CHECK_INT(otelc_req_respond(r, 200, "text/plain", b, n, hdrs), OTELC_OK);
    /* Exactly one answer. */
}

static void
async_fire(void *arg)
{
    struct inst   *i = arg;
    otelc_request *r = i->pending;
    i->pending = NULL;
    otelc_timer_stop(i->timer);
    i->timer = NULL;
    if (i->pending_grpc) {
        CHECK_INT(otelc_req_grpc_respond(r, 0, NULL, "late", 4), OTELC_OK);
        atomic_fetch_add(&g_slow_answered, 1);
    } else {
        CHECK_INT(otelc_req_respond(r, 202, "text/plain", "later", 5, NULL),
                  OTELC_OK);
    }
}

static void
async_route(void *arg, otelc_request *r)
{
    struct inst *i = arg;
    CHECK(i->pending == NULL);
    i->pending = r;
    i->pending_grpc = 0;
    i->timer = otelc_timer_start(i->ctx, 50000000, 0, async_fire, i);
    atomic_fetch_add(&g_async_started, 1);
}

static void
stop_route(void *arg, otelc_request *r)
{
    struct inst *i = arg;
    otelc_server_stop(i->srv);
    CHECK_INT(otelc_req_respond(r, 200, "text/plain", "stopped", 7, NULL),
              OTELC_OK);
}

static void
grpc_echo(void *arg, otelc_request *r)
{
    const void *b;
    size_t      n;
    (void)arg;
    CHECK_INT(otelc_req_protocol(r), OTELC_PROTO_GRPC);
    CHECK_INT(otelc_req_body(r, &b, &n), OTELC_OK);
    /* The wrong kind of answer is refused and does not count. */
    CHECK_INT(otelc_req_respond(r, 200, NULL, NULL, 0, NULL), OTELC_E_INVALID);
    if (n >= 4 && memcmp(b, "fail", 4) == 0)
        CHECK_INT(otelc_req_grpc_respond(r, OTELC_GRPC_INVALID_ARGUMENT,
                                         "bad thing: 100% broken\n", NULL, 0),
                  OTELC_OK);
    else
        CHECK_INT(otelc_req_grpc_respond(r, 0, NULL, b, n), OTELC_OK);
    CHECK_INT(otelc_req_grpc_respond(r, 0, NULL, NULL, 0), OTELC_E_STATE);
}

static void
grpc_slow(void *arg, otelc_request *r)
{
    struct inst *i = arg;
    CHECK(i->pending == NULL);
    i->pending = r;
    i->pending_grpc = 1;
    /* Answers after the client's deadline: the host has answered
     * DEADLINE_EXCEEDED and this answer is discarded. */
    i->timer = otelc_timer_start(i->ctx, 600000000, 0, async_fire, i);
}

/* ---- the component ---- */
static int
srv_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct inst *i = otelc_calloc(ctx, 1, sizeof(*i));
    int          rc;
    i->ctx = ctx;
    *state = i;
    if (otelc_cfg_child(cfg, "grpc"))
        rc = otelc_server_new(ctx, otelc_cfg_child(cfg, "grpc"),
                              OTELC_SERVER_GRPC, "127.0.0.1:0", &i->srv);
    else
        rc = otelc_server_new(ctx, otelc_cfg_child(cfg, "http"),
                              OTELC_SERVER_HTTP, "127.0.0.1:0", &i->srv);
    if (rc != OTELC_OK)
        return rc;
    CHECK_INT(otelc_server_route(i->srv, "/echo", OTELC_ROUTE_HTTP, echo, i),
              OTELC_OK);
    CHECK_INT(
        otelc_server_route(i->srv, "/async", OTELC_ROUTE_HTTP, async_route, i),
        OTELC_OK);
    CHECK_INT(
        otelc_server_route(i->srv, "/stop", OTELC_ROUTE_HTTP, stop_route, i),
        OTELC_OK);
    CHECK_INT(otelc_server_route(i->srv, "/pkg.Svc/Echo", OTELC_ROUTE_GRPC,
                                 grpc_echo, i),
              OTELC_OK);
    CHECK_INT(otelc_server_route(i->srv, "/pkg.Svc/Slow", OTELC_ROUTE_GRPC,
                                 grpc_slow, i),
              OTELC_OK);
    return OTELC_OK;
}

static int
srv_start(void *state)
{
    struct inst *i = state;
    int          rc = otelc_server_start(i->srv);
    if (rc != OTELC_OK)
        return rc;
    pthread_mutex_lock(&g_mu);
    snprintf(g_endpoint, sizeof(g_endpoint), "%s",
             otelc_server_endpoint(i->srv));
    pthread_mutex_unlock(&g_mu);
    atomic_store(&g_ready, 1);
    return OTELC_OK;
}

static int
srv_shutdown(void *state)
{
    struct inst *i = state;
    otelc_server_stop(i->srv);
    if (i->timer)
        otelc_timer_stop(i->timer);
    i->timer = NULL;
    return OTELC_OK;
}

static void
srv_destroy(void *state)
{
    struct inst *i = state;
    otelc_server_free(i->srv);
    otelc_free(i->ctx, i);
}

static int
sink_consume(void *state, otelc_batch *b)
{
    (void)state;
    otelc_batch_release(b);
    return OTELC_OK;
}

static int
sink_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    (void)ctx;
    (void)cfg;
    *state = (void *)1;
    return OTELC_OK;
}

static void
sink_destroy(void *state)
{
    (void)state;
}

static otelc_component_def defs[] = {
    {sizeof(otelc_component_def),
     OTELC_KIND_RECEIVER,
     "srv",
     NULL,
     OTELC_SIGNALS_ALL,
     0,
     OTELC_STABILITY_BETA,
     0,
     NULL,
     NULL,
     srv_create,
     srv_start,
     NULL,
     srv_shutdown,
     srv_destroy,
     NULL,
     0,
     0,
     {0}},
    {sizeof(otelc_component_def),
     OTELC_KIND_EXPORTER,
     "sink",
     NULL,
     OTELC_SIGNALS_ALL,
     0,
     OTELC_STABILITY_BETA,
     0,
     NULL,
     NULL,
     sink_create,
     NULL,
     sink_consume,
     NULL,
     sink_destroy,
     NULL,
     0,
     0,
     {0}},
};
#define N_DEFS (sizeof(defs) / sizeof(defs[0]))

/* ---- runtime around one server ---- */
struct env {
    struct harness h;
    char           host[64];
    int            port;
};

static void
env_start_at(struct env *e, const char *endpoint, int workers,
             const char *http_yaml)
{
    char yaml[4096];
    memset(e, 0, sizeof(*e));
    snprintf(yaml, sizeof(yaml),
             "receivers:\n  srv:\n    %s:\n      endpoint: %s\n%s"
             "exporters:\n  sink:\n"
             "service:\n  workers: %d\n  shutdown_timeout: 5s\n"
             "  pipelines:\n    traces:\n"
             "      receivers: [srv]\n      exporters: [sink]\n",
             g_section, endpoint, http_yaml, workers);
    atomic_store(&g_ready, 0);
    harness_start(&e->h, defs, N_DEFS, yaml);
    for (int i = 0; i < 200 && !atomic_load(&g_ready); i++)
        usleep(10000);
    CHECK(atomic_load(&g_ready));
    pthread_mutex_lock(&g_mu);
    {
        /* "host:port" or "[v6]:port" */
        const char *colon = strrchr(g_endpoint, ':');
        CHECK(colon != NULL);
        snprintf(e->host, sizeof(e->host), "%.*s", (int)(colon - g_endpoint),
                 g_endpoint);
        e->port = atoi(colon + 1);
    }
    pthread_mutex_unlock(&g_mu);
    CHECK(e->port > 0);
}

/* Port 0 gives each SO_REUSEPORT replica its own port: one worker. */
static void
env_start(struct env *e, const char *http_yaml)
{
    env_start_at(e, "127.0.0.1:0", 1, http_yaml);
}

static void
env_stop(struct env *e)
{
    CHECK_INT(harness_stop(&e->h), 0);
    otelc__tel_free_all();
}

/* Runs a shell command, returns its stdout (static buffer). */
static char g_out[1 << 16];

static const char *run(const char *fmt, ...) OTELC_PRINTF(1, 2);
static const char *
run(const char *fmt, ...)
{
    char    cmd[4096];
    va_list ap;
    FILE   *p;
    size_t  n;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    n = fread(g_out, 1, sizeof(g_out) - 1, p);
    g_out[n] = '\0';
    pclose(p);
    return g_out;
}

static void
mkdir_tmp(void)
{
    snprintf(g_dir, sizeof(g_dir), "/tmp/otelc-srv-test-XXXXXX");
    CHECK(mkdtemp(g_dir) != NULL);
}

static void
rm_tmp(void)
{
    run("rm -rf %s", g_dir);
}

#define CURL "curl -s -S --max-time 10 "
#define W    " -w '|%%{http_code}|%%{http_version}'"

/* ---- cases ---- */
static void
t_http1_routes_keepalive(void)
{
    struct env e;
    env_start(&e, "");
    /* Echo with body; a query string is not part of the path. */
    CHECK_STR(run(CURL "--http1.1 -d hello 'http://%s:%d/echo?x=1'" W, e.host,
                  e.port),
              "hello|200|1.1");
    CHECK_CONTAINS(run(CURL "--http1.1 -D - -o /dev/null -d hi "
                            "-H 'X-Echo-Header: v1' http://%s:%d/echo",
                       e.host, e.port),
                   "X-Path: /echo\r\n");
    CHECK_CONTAINS(g_out, "X-Echoed: v1\r\n");
    CHECK_CONTAINS(g_out, "X-Proto: 1\r\n");
    CHECK_CONTAINS(g_out, "Content-Length: 2\r\n");
    /* Methods other than POST reach the handler too. */
    CHECK_CONTAINS(run(CURL "--http1.1 -D - -o /dev/null http://%s:%d/echo",
                       e.host, e.port),
                   "X-Method: GET\r\n");
    /* Unknown path: 404 from the host. */
    CHECK_STR(run(CURL "--http1.1 http://%s:%d/nope" W, e.host, e.port),
              "404 page not found\n|404|1.1");
    /* Keep-alive: three requests, one connection. */
    run(CURL "--http1.1 -v -d a http://%s:%d/echo -d b http://%s:%d/echo "
             "http://%s:%d/async 2>&1",
        e.host, e.port, e.host, e.port, e.host, e.port);
    CHECK_CONTAINS(g_out, "Re-using existing connection");
    CHECK_CONTAINS(g_out, "later");
    /* Chunked body. */
    CHECK_STR(run(CURL "--http1.1 -H 'Transfer-Encoding: chunked' -d chunky "
                       "http://%s:%d/echo" W,
                  e.host, e.port),
              "chunky|200|1.1");
    /* Async answer. */
    CHECK_STR(run(CURL "--http1.1 -d x http://%s:%d/async" W, e.host, e.port),
              "later|202|1.1");
    env_stop(&e);
}

static void
t_http2_prior_knowledge_and_h2c(void)
{
    struct env e;
    env_start(&e, "");
    CHECK_STR(run(CURL "--http2-prior-knowledge -d hello http://%s:%d/echo" W,
                  e.host, e.port),
              "hello|200|2");
    CHECK_CONTAINS(run(CURL "--http2-prior-knowledge -D - -o /dev/null "
                            "http://%s:%d/echo?q",
                       e.host, e.port),
                   "x-proto: 2\r\n");
    CHECK_CONTAINS(g_out, "x-path: /echo\r\n");
    CHECK_STR(
        run(CURL "--http2-prior-knowledge http://%s:%d/nope" W, e.host, e.port),
        "404 page not found\n|404|2");
    CHECK_STR(run(CURL "--http2-prior-knowledge -d x http://%s:%d/async" W,
                  e.host, e.port),
              "later|202|2");
    /* h2c upgrade from HTTP/1.1 (GET, then POST with a body). */
    CHECK_STR(run(CURL "--http2 http://%s:%d/echo" W, e.host, e.port),
              "|200|2");
    CHECK_STR(
        run(CURL "--http2 -d upgraded http://%s:%d/echo" W, e.host, e.port),
        "upgraded|200|2");
    /* Several parallel streams on one connection. */
    run("h2load -n 20 -c 1 -m 5 -d /etc/hostname http://%s:%d/echo 2>&1",
        e.host, e.port);
    CHECK_CONTAINS(g_out, "20 succeeded");
    env_stop(&e);
}

static void
t_compression(void)
{
    struct env e;
    mkdir_tmp();
    env_start(&e, "      max_request_body_size: 100000\n");
    run("printf 'compressed body' > %s/b && gzip -c %s/b > %s/b.gz && "
        "python3 -c \"import zlib,sys; "
        "open('%s/b.zz','wb').write(zlib.compress(open('%s/b','rb').read()))\" "
        "&& zstd -q -c %s/b > %s/b.zst",
        g_dir, g_dir, g_dir, g_dir, g_dir, g_dir, g_dir);
    CHECK_STR(run(CURL "--http1.1 -H 'Content-Encoding: gzip' --data-binary "
                       "@%s/b.gz http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "compressed body|200|1.1");
    CHECK_STR(run(CURL "--http2-prior-knowledge -H 'Content-Encoding: deflate' "
                       "--data-binary @%s/b.zz http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "compressed body|200|2");
    CHECK_STR(run(CURL "--http1.1 -H 'Content-Encoding: zstd' --data-binary "
                       "@%s/b.zst http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "compressed body|200|1.1");
    CHECK_STR(run(CURL "--http1.1 -H 'Content-Encoding: br' -d x "
                       "http://%s:%d/echo" W,
                  e.host, e.port),
              "unsupported Content-Encoding: br|400|1.1");
    CHECK_STR(run(CURL "--http1.1 -H 'Content-Encoding: gzip' -d notgzip "
                       "http://%s:%d/echo" W,
                  e.host, e.port),
              "invalid gzip data in request body|400|1.1");
    /* A gzip bomb: 50 MB of zeros in ~50 KB. */
    run("head -c 50000000 /dev/zero | gzip -c > %s/bomb.gz", g_dir);
    CHECK_STR(run(CURL "--http1.1 -H 'Content-Encoding: gzip' --data-binary "
                       "@%s/bomb.gz http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "request body too large after decompression (limit 100000 "
              "bytes)|413|1.1");
    CHECK_STR(run(CURL "--http2-prior-knowledge -H 'Content-Encoding: gzip' "
                       "--data-binary @%s/bomb.gz http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "request body too large after decompression (limit 100000 "
              "bytes)|413|2");
    env_stop(&e);
    rm_tmp();
}

static void
t_body_limits(void)
{
    struct env e;
    mkdir_tmp();
    env_start(&e, "      max_request_body_size: 1000\n");
    run("head -c 1000 /dev/zero > %s/ok && head -c 5000000 /dev/zero > %s/big",
        g_dir, g_dir);
    CHECK_STR(run(CURL "--http1.1 --data-binary @%s/ok -o /dev/null "
                       "http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "|200|1.1");
    /* Declared: refused before the body is read. */
    CHECK_STR(run(CURL "--http1.1 --data-binary @%s/big http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "413 Request Entity Too Large|413|1.1");
    /* Undeclared (chunked): counted as it arrives. */
    CHECK_STR(run(CURL "--http1.1 -H 'Transfer-Encoding: chunked' "
                       "--data-binary @%s/big http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "413 Request Entity Too Large|413|1.1");
    CHECK_STR(run(CURL "--http2-prior-knowledge --data-binary @%s/big "
                       "http://%s:%d/echo" W,
                  g_dir, e.host, e.port),
              "413 Request Entity Too Large|413|2");
    /* The server is still fine. */
    CHECK_STR(run(CURL "--http1.1 -d fine http://%s:%d/echo" W, e.host, e.port),
              "fine|200|1.1");
    env_stop(&e);
    rm_tmp();
}

static void
t_cors_and_response_headers(void)
{
    struct env e;
    env_start(&e, "      cors:\n"
                  "        allowed_origins: [\"https://*.example.com\", "
                  "\"http://exact.test\"]\n"
                  "        allowed_headers: [X-Custom]\n"
                  "        max_age: 600\n"
                  "      response_headers:\n        X-Test: yes\n");
    /* Allowed preflight. */
    run(CURL "--http1.1 -D - -o /dev/null -X OPTIONS "
             "-H 'Origin: https://app.example.com' "
             "-H 'Access-Control-Request-Method: post' "
             "-H 'Access-Control-Request-Headers: X-Custom' "
             "http://%s:%d/echo",
        e.host, e.port);
    CHECK_CONTAINS(g_out, "HTTP/1.1 204 No Content\r\n");
    CHECK_CONTAINS(g_out,
                   "Access-Control-Allow-Origin: https://app.example.com\r\n");
    CHECK_CONTAINS(g_out, "Access-Control-Allow-Methods: POST\r\n");
    CHECK_CONTAINS(g_out, "Access-Control-Allow-Headers: X-Custom\r\n");
    CHECK_CONTAINS(g_out, "Access-Control-Max-Age: 600\r\n");
    CHECK_CONTAINS(g_out, "Access-Control-Allow-Credentials: true\r\n");
    CHECK_CONTAINS(g_out, "X-Test: yes\r\n");
    CHECK(strstr(g_out, "X-Path") == NULL); /* never reached the handler */
    /* Disallowed origin: 204 without Allow-* headers. */
    run(CURL "--http1.1 -D - -o /dev/null -X OPTIONS "
             "-H 'Origin: https://evil.test' "
             "-H 'Access-Control-Request-Method: POST' http://%s:%d/echo",
        e.host, e.port);
    CHECK_CONTAINS(g_out, "HTTP/1.1 204 No Content\r\n");
    CHECK(strstr(g_out, "Access-Control-Allow-Origin") == NULL);
    /* Disallowed request header. */
    run(CURL "--http1.1 -D - -o /dev/null -X OPTIONS "
             "-H 'Origin: http://exact.test' "
             "-H 'Access-Control-Request-Method: POST' "
             "-H 'Access-Control-Request-Headers: X-Other' http://%s:%d/echo",
        e.host, e.port);
    CHECK_CONTAINS(g_out, "HTTP/1.1 204 No Content\r\n");
    CHECK(strstr(g_out, "Access-Control-Allow-Origin") == NULL);
    /* Actual request from an allowed origin. */
    run(CURL "--http1.1 -D - -d x -H 'Origin: http://exact.test' "
             "http://%s:%d/echo",
        e.host, e.port);
    CHECK_CONTAINS(g_out, "HTTP/1.1 200 OK\r\n");
    CHECK_CONTAINS(g_out, "Access-Control-Allow-Origin: http://exact.test\r\n");
    CHECK_CONTAINS(g_out, "Vary: Origin\r\n");
    CHECK_CONTAINS(g_out, "X-Test: yes\r\n");
    /* ... and from another one: no Allow-Origin, still served. */
    run(CURL "--http2-prior-knowledge -D - -d x "
             "-H 'Origin: http://evil.test' http://%s:%d/echo",
        e.host, e.port);
    CHECK_CONTAINS(g_out, "HTTP/2 200");
    CHECK(strstr(g_out, "access-control-allow-origin") == NULL);
    CHECK_CONTAINS(g_out, "x-test: yes\r\n");
    CHECK_CONTAINS(g_out, "vary: Origin\r\n");
    /* response_headers on host answers too. */
    CHECK_CONTAINS(run(CURL "--http1.1 -D - http://%s:%d/none", e.host, e.port),
                   "X-Test: yes\r\n");
    env_stop(&e);
}

static void
t_tls_alpn(void)
{
    struct env e;
    char       yaml[1024];
    mkdir_tmp();
    testnet_make_pki(g_dir, TESTNET_KEY_RSA, "DNS:localhost,IP:127.0.0.1");
    snprintf(yaml, sizeof(yaml),
             "      tls:\n        cert_file: %s/srv.crt\n"
             "        key_file: %s/srv.key\n",
             g_dir, g_dir);
    env_start(&e, yaml);
    CHECK_STR(run(CURL "--cacert %s/ca.crt --http1.1 -d tls "
                       "https://127.0.0.1:%d/echo" W,
                  g_dir, e.port),
              "tls|200|1.1");
    CHECK_STR(run(CURL "--cacert %s/ca.crt --http2 -d tls2 "
                       "https://127.0.0.1:%d/echo" W,
                  g_dir, e.port),
              "tls2|200|2");
    CHECK_STR(run(CURL "--cacert %s/ca.crt --http1.1 --tls-max 1.2 -d v12 "
                       "https://127.0.0.1:%d/echo" W,
                  g_dir, e.port),
              "v12|200|1.1");
    /* Plaintext on the TLS port is refused. */
    CHECK_STR(run(CURL "--http1.1 -d x http://127.0.0.1:%d/echo" W, e.port),
              "Client sent an HTTP request to an HTTPS server.\n|400|1");
    env_stop(&e);
    rm_tmp();
}

static void
t_tls_client_cert(void)
{
    struct env e;
    char       yaml[1024];
    mkdir_tmp();
    testnet_make_pki(g_dir, TESTNET_KEY_RSA, "DNS:localhost,IP:127.0.0.1");
    snprintf(yaml, sizeof(yaml),
             "      tls:\n        cert_file: %s/srv.crt\n"
             "        key_file: %s/srv.key\n"
             "        client_ca_file: %s/ca.crt\n"
             "        min_version: \"1.3\"\n",
             g_dir, g_dir, g_dir);
    env_start(&e, yaml);
    CHECK_STR(run(CURL "--cacert %s/ca.crt --cert %s/cli.crt --key %s/cli.key "
                       "-d mtls https://127.0.0.1:%d/echo" W,
                  g_dir, g_dir, g_dir, e.port),
              "mtls|200|2");
    /* No client certificate: the handshake fails. */
    run("curl -s --max-time 10 --cacert %s/ca.crt -d x "
        "https://127.0.0.1:%d/echo; echo \" rc=$?\"",
        g_dir, e.port);
    CHECK(strstr(g_out, " rc=0") == NULL);
    CHECK(strstr(g_out, "x") == NULL || strstr(g_out, "rc=") != NULL);
    /* TLS 1.2 is below min_version. */
    run("curl -s --max-time 10 --cacert %s/ca.crt --cert %s/cli.crt --key "
        "%s/cli.key --tls-max 1.2 https://127.0.0.1:%d/echo; echo \" rc=$?\"",
        g_dir, g_dir, g_dir, e.port);
    CHECK(strstr(g_out, " rc=0") == NULL);
    env_stop(&e);
    rm_tmp();
}

static const char grpc_py[] =
    "import grpc, sys\n"
    "ch = grpc.insecure_channel(sys.argv[1], options=[('grpc.max_send_message_"
    "length', 64<<20), ('grpc.max_receive_message_length', 64<<20)])\n"
    "def call(path, data, **kw):\n"
    "    f = ch.unary_unary(path, request_serializer=None, "
    "response_deserializer=None)\n"
    "    try:\n"
    "        r = f(data, **kw)\n"
    "        return 'OK:' + (r.decode() if len(r) < 100 else 'len=%d' % "
    "len(r))\n"
    "    except grpc.RpcError as e:\n"
    "        return '%s:%s' % (e.code().name, e.details())\n"
    "print(call('/pkg.Svc/Echo', b'ping'))\n"
    "print(call('/pkg.Svc/Echo', b'zipped', "
    "compression=grpc.Compression.Gzip))\n"
    "print(call('/pkg.Svc/Echo', b''))\n"
    "print(call('/pkg.Svc/Echo', b'fail'))\n"
    "print(call('/pkg.Svc/Nope', b'x'))\n"
    "print(call('/other.Svc/M', b'x'))\n"
    "print(call('/pkg.Svc/Echo', b'x' * (5 << 20)))\n"
    "print(call('/pkg.Svc/Echo', b'\\0' * (5 << 20), "
    "compression=grpc.Compression.Gzip))\n"
    "print(call('/pkg.Svc/Slow', b'x', timeout=0.2).split(':')[0])\n"
    "print(call('/pkg.Svc/Echo', b'still'))\n";

static void
t_grpc(void)
{
    struct env e;
    FILE      *f;
    char       path[300];
    mkdir_tmp();
    env_start(&e, "");
    snprintf(path, sizeof(path), "%s/c.py", g_dir);
    f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(grpc_py, f);
    fclose(f);
    /* The HTTP flavor's default limit (20 MiB) lets 5 MiB through. */
    run("/usr/bin/python3 %s %s:%d 2>&1", path, e.host, e.port);
    CHECK_STR(g_out, "OK:ping\n"
                     "OK:zipped\n"
                     "OK:\n"
                     "INVALID_ARGUMENT:bad thing: 100% broken\n\n"
                     "UNIMPLEMENTED:unknown method Nope for service pkg.Svc\n"
                     "UNIMPLEMENTED:unknown service other.Svc\n"
                     "OK:len=5242880\n"
                     "OK:len=5242880\n"
                     "DEADLINE_EXCEEDED\n"
                     "OK:still\n");
    env_stop(&e);
    rm_tmp();
}

static void
t_grpc_limits_and_deadline(void)
{
    struct env  e;
    FILE       *f;
    char        path[300];
    const char *p;
    mkdir_tmp();
    env_start(&e, "      max_request_body_size: 4194304\n");
    snprintf(path, sizeof(path), "%s/c.py", g_dir);
    f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(grpc_py, f);
    fclose(f);
    run("/usr/bin/python3 %s %s:%d 2>&1", path, e.host, e.port);
    p = strstr(g_out, "UNIMPLEMENTED:unknown service other.Svc\n");
    CHECK(p != NULL);
    p += strlen("UNIMPLEMENTED:unknown service other.Svc\n");
    CHECK_STR(p, "RESOURCE_EXHAUSTED:grpc: received message larger than max "
                 "(5242880 vs. 4194304)\n"
                 "RESOURCE_EXHAUSTED:grpc: received message after "
                 "decompression larger than max (limit 4194304)\n"
                 "DEADLINE_EXCEEDED\n"
                 "OK:still\n");
    /* The host answers the deadline itself (a client that does not time
     * out on its own sees the host's DEADLINE_EXCEEDED in trailers). The
     * route takes one call at a time: first the late answer to the
     * script's call. */
    WAIT_UNTIL(atomic_load(&g_slow_answered) == 1, 20,
               "the late answer to the script's Slow call");
    run("printf '\\000\\000\\000\\000\\001x' > %s/m && nghttp -v -H "
        "'content-type: application/grpc' -H 'te: trailers' "
        "-H 'grpc-timeout: 200m' -d %s/m http://%s:%d/pkg.Svc/Slow 2>&1",
        g_dir, g_dir, e.host, e.port);
    CHECK_CONTAINS(g_out, "grpc-status: 4");
    CHECK_CONTAINS(g_out, "grpc-message: context deadline exceeded");
    /* The late answer of /pkg.Svc/Slow is discarded (no crash, no leak). */
    WAIT_UNTIL(atomic_load(&g_slow_answered) == 2, 20,
               "the late answer to nghttp's Slow call");
    CHECK_STR(run("/usr/bin/python3 -c \"import grpc; "
                  "ch=grpc.insecure_channel('%s:%d'); "
                  "print(ch.unary_unary('/pkg.Svc/Echo')(b'after'))\"",
                  e.host, e.port),
              "b'after'\n");
    env_stop(&e);
    rm_tmp();
}

static int
connect_to(struct env *e)
{
    struct sockaddr_in a;
    int                fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval     tv = {5, 0};
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)e->port);
    inet_pton(AF_INET, e->host, &a.sin_addr);
    CHECK(fd >= 0);
    CHECK_INT(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return fd;
}

/* Reads until EOF; returns bytes read, or -1 on timeout. */
static long
read_to_eof(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        char    tmp[4096];
        ssize_t r = recv(fd, tmp, sizeof(tmp), 0);
        if (r == 0)
            return (long)n;
        if (r < 0)
            return errno == ECONNRESET ? (long)n : -1;
        if (n + (size_t)r <= cap) {
            memcpy(buf + n, tmp, (size_t)r);
            n += (size_t)r;
        }
    }
}

static void
t_h2_garbage_closed(void)
{
    struct env        e;
    static const char pre[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    char              buf[4096];
    long              n;
    int               fd;
    env_start(&e, "");
    fd = connect_to(&e);
    CHECK(send(fd, pre, sizeof(pre) - 1, 0) > 0);
    CHECK(send(fd, "\xff\xff\xff garbage garbage garbage garbage", 35, 0) > 0);
    n = read_to_eof(fd, buf, sizeof(buf));
    CHECK(n >= 9);
    /* SETTINGS first, and a GOAWAY (type 7) somewhere after it. */
    {
        int  goaway = 0;
        long off = 0;
        while (off + 9 <= n) {
            long len = ((unsigned char)buf[off] << 16) |
                       ((unsigned char)buf[off + 1] << 8) |
                       (unsigned char)buf[off + 2];
            if (buf[off + 3] == 7)
                goaway = 1;
            off += 9 + len;
        }
        CHECK(goaway);
    }
    close(fd);
    /* HTTP/1.1 garbage: 400 and closed. */
    fd = connect_to(&e);
    CHECK(send(fd, "\x01\x02garbage\r\n\r\n", 13, 0) > 0);
    n = read_to_eof(fd, buf, sizeof(buf) - 1);
    CHECK(n > 0);
    buf[n] = '\0';
    CHECK_CONTAINS(buf, "HTTP/1.1 400 Bad Request\r\n");
    CHECK_CONTAINS(buf, "Connection: close\r\n");
    close(fd);
    CHECK_STR(run(CURL "--http2-prior-knowledge -d ok http://%s:%d/echo" W,
                  e.host, e.port),
              "ok|200|2");
    env_stop(&e);
}

/* Sends `line` whenever the connection stays quiet for 100ms (poll), until
 * the server closes it; fails when it is still open after 100 lines. */
static void
trickle_until_closed(int fd, const char *line)
{
    char buf[256];
    for (int sent = 0;; sent++) {
        struct pollfd p = {fd, POLLIN, 0};
        if (sent == 100) {
            fprintf(stderr, "still open after trickling %d lines\n", sent);
            exit(1);
        }
        if (poll(&p, 1, 100) == 1) {
            /* Whatever the server says last, then the end. */
            CHECK(read_to_eof(fd, buf, sizeof(buf)) >= 0);
            return;
        }
        if (send(fd, line, strlen(line), MSG_NOSIGNAL) < 0)
            return; /* closed under us */
    }
}

/* Reads one response with a Content-Length body; returns its length. */
static long
read_response(int fd, char *buf, size_t cap)
{
    size_t      n = 0;
    const char *end, *cl;
    for (;;) {
        ssize_t r = recv(fd, buf + n, cap - 1 - n, 0);
        CHECK(r > 0);
        n += (size_t)r;
        buf[n] = '\0';
        end = strstr(buf, "\r\n\r\n");
        cl = strstr(buf, "Content-Length: ");
        if (end && cl && n >= (size_t)(end + 4 - buf) + (size_t)atol(cl + 16))
            return (long)n;
    }
}

/* Each limit against the client it is for, with the other limits an hour
 * long, so a connection that closes was closed by the limit under test. */
static void
t_slowloris(void)
{
    struct env e;
    char       buf[1024];
    int        fd;

    /* Headers that never complete: read_header_timeout, counted from the
     * first byte, so a trickle of header lines does not help. */
    env_start(&e, "      read_header_timeout: 300ms\n      idle_timeout: 1h\n"
                  "      read_timeout: 1h\n");
    fd = connect_to(&e);
    CHECK(send(fd, "POST /echo HTTP/1.1\r\nHost: x\r\n", 30, 0) > 0);
    /* Others are served meanwhile. */
    CHECK_STR(run(CURL "--http1.1 -d ok http://%s:%d/echo" W, e.host, e.port),
              "ok|200|1.1");
    trickle_until_closed(fd, "X-A: b\r\n");
    close(fd);
    /* A connection that never says anything goes too. */
    fd = connect_to(&e);
    CHECK_INT(read_to_eof(fd, buf, sizeof(buf)), 0);
    close(fd);
    env_stop(&e);

    /* A keep-alive connection: answered and kept, then closed once idle
     * for idle_timeout, with nothing more said. */
    env_start(&e, "      read_header_timeout: 1h\n      idle_timeout: 300ms\n"
                  "      read_timeout: 1h\n");
    fd = connect_to(&e);
    CHECK(send(fd, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n", 31, 0) > 0);
    CHECK(read_response(fd, buf, sizeof(buf)) > 0);
    CHECK_CONTAINS(buf, "HTTP/1.1 200 OK\r\n");
    CHECK(strstr(buf, "Connection: close") == NULL);
    CHECK_INT(read_to_eof(fd, buf, sizeof(buf)), 0);
    close(fd);
    env_stop(&e);

    /* A body that never completes: read_timeout. */
    env_start(&e, "      read_header_timeout: 1h\n      idle_timeout: 1h\n"
                  "      read_timeout: 300ms\n");
    fd = connect_to(&e);
    {
        static const char part[] =
            "POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nab";
        CHECK(send(fd, part, sizeof(part) - 1, 0) > 0);
    }
    CHECK(read_to_eof(fd, buf, sizeof(buf)) >= 0);
    close(fd);
    env_stop(&e);
}

static void
t_header_limit_and_pipelining(void)
{
    struct env  e;
    static char big[80000];
    char        buf[8192];
    long        n;
    int         fd;
    env_start(&e, "");
    fd = connect_to(&e);
    /* Two pipelined requests answered in order. */
    {
        static const char two[] =
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
            "Connection: close\r\n\r\ntwo";
        CHECK(send(fd, two, sizeof(two) - 1, 0) > 0);
        n = read_to_eof(fd, buf, sizeof(buf) - 1);
        CHECK(n > 0);
        buf[n] = '\0';
        CHECK(strstr(buf, "\r\n\r\none") != NULL);
        CHECK(strstr(buf, "\r\n\r\ntwo") > strstr(buf, "\r\n\r\none"));
    }
    close(fd);
    fd = connect_to(&e);
    memcpy(big, "GET /echo HTTP/1.1\r\nX-Big: ", 27);
    memset(big + 27, 'a', sizeof(big) - 27);
    CHECK(send(fd, big, sizeof(big), MSG_NOSIGNAL) > 0);
    n = read_to_eof(fd, buf, sizeof(buf) - 1);
    CHECK(n > 0);
    buf[n] = '\0';
    CHECK_CONTAINS(buf, "HTTP/1.1 431 Request Header Fields Too Large\r\n");
    close(fd);
    env_stop(&e);
}

/* Two workers, one endpoint: both replicas bind it (SO_REUSEPORT) and
 * both serve. */
static void
t_reuseport_two_workers(void)
{
    struct env e;
    char       ep[64];
    snprintf(ep, sizeof(ep), "127.0.0.1:%d", testnet_free_port());
    env_start_at(&e, ep, 2, "");
    for (int i = 0; i < 8; i++)
        CHECK_STR(run(CURL "--http1.1 -d r http://%s/echo" W, ep), "r|200|1.1");
    env_stop(&e);
}

/* server_stop: no new connections, idle ones closed, the request in
 * flight still answered (then its connection closes). */
static void
t_stop_lets_inflight_finish(void)
{
    struct env         e;
    char               buf[4096];
    long               n;
    int                a, b, idle, fd;
    struct sockaddr_in sa;
    env_start(&e, "");
    idle = connect_to(&e);
    a = connect_to(&e);
    b = connect_to(&e);
    {
        static const char ra[] =
            "POST /async HTTP/1.1\r\nContent-Length: 1\r\n\r\nx";
        CHECK(send(a, ra, sizeof(ra) - 1, 0) == (ssize_t)sizeof(ra) - 1);
    }
    WAIT_UNTIL(atomic_load(&g_async_started) == 1, 20,
               "the /async request to reach its handler");
    {
        static const char rb[] = "GET /stop HTTP/1.1\r\n\r\n";
        CHECK(send(b, rb, sizeof(rb) - 1, 0) == (ssize_t)sizeof(rb) - 1);
    }
    n = read_to_eof(b, buf, sizeof(buf) - 1);
    CHECK(n > 0);
    buf[n] = '\0';
    CHECK_CONTAINS(buf, "Connection: close\r\n");
    CHECK_CONTAINS(buf, "\r\n\r\nstopped");
    n = read_to_eof(a, buf, sizeof(buf) - 1);
    CHECK(n > 0);
    buf[n] = '\0';
    CHECK_CONTAINS(buf, "HTTP/1.1 202 Accepted\r\n");
    CHECK_CONTAINS(buf, "Connection: close\r\n");
    CHECK_CONTAINS(buf, "\r\n\r\nlater");
    CHECK_INT(read_to_eof(idle, buf, sizeof(buf)), 0);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)e.port);
    inet_pton(AF_INET, e.host, &sa.sin_addr);
    CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0);
    close(fd);
    close(a);
    close(b);
    close(idle);
    env_stop(&e);
}

/* Endpoint forms: a name listens on its IPv4 address, ":port" on every
 * address (dual stack), "[::1]:port" on IPv6 loopback. */
static void
t_endpoint_forms(void)
{
    struct env e;
    env_start_at(&e, "localhost:0", 1, "");
    CHECK_STR(e.host, "127.0.0.1");
    CHECK_STR(run(CURL "--http1.1 -d a http://localhost:%d/echo" W, e.port),
              "a|200|1.1");
    env_stop(&e);
    env_start_at(&e, ":0", 1, "");
    CHECK_STR(e.host, "[::]");
    CHECK_STR(run(CURL "--http1.1 -d b http://127.0.0.1:%d/echo" W, e.port),
              "b|200|1.1");
    CHECK_STR(run(CURL "--http1.1 -d c 'http://[::1]:%d/echo'" W, e.port),
              "c|200|1.1");
    env_stop(&e);
    env_start_at(&e, "\"[::1]:0\"", 1, "");
    CHECK_STR(e.host, "[::1]");
    CHECK_STR(run(CURL "--http2-prior-knowledge -d d 'http://[::1]:%d/echo'" W,
                  e.port),
              "d|200|2");
    env_stop(&e);
}

/* gRPC flavor: keepalive PINGs an idle connection and closes it when
 * the PING goes unanswered; max_recv_msg_size_mib applies. */
static void
t_grpc_keepalive_ping(void)
{
    struct env        e;
    static const char pre[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                              "\0\0\0\x04\0\0\0\0\0"; /* + SETTINGS */
    char              buf[4096];
    long              n, off = 0;
    int               fd, ping = 0;
    g_section = "grpc";
    env_start(&e, "      max_recv_msg_size_mib: 1\n"
                  "      keepalive:\n        server_parameters:\n"
                  "          time: 300ms\n          timeout: 300ms\n");
    fd = connect_to(&e);
    CHECK(send(fd, pre, sizeof(pre) - 1, 0) > 0);
    /* The connection is closed (within SO_RCVTIMEO) after a PING. */
    n = read_to_eof(fd, buf, sizeof(buf));
    CHECK(n > 0);
    while (off + 9 <= n) {
        long len = ((unsigned char)buf[off] << 16) |
                   ((unsigned char)buf[off + 1] << 8) |
                   (unsigned char)buf[off + 2];
        if (buf[off + 3] == 6 && !(buf[off + 4] & 1))
            ping = 1;
        off += 9 + len;
    }
    CHECK(ping);
    close(fd);
    /* A client that answers PINGs (grpcio) is served normally. */
    CHECK_STR(run("/usr/bin/python3 -c \"import grpc; "
                  "ch=grpc.insecure_channel('%s:%d'); "
                  "f=ch.unary_unary('/pkg.Svc/Echo'); print(f(b'a'))\n"
                  "try: f(b'x' * (2 << 20))\n"
                  "except grpc.RpcError as e: print(e.code().name)\"",
                  e.host, e.port),
              "b'a'\nRESOURCE_EXHAUSTED\n");
    env_stop(&e);
    g_section = "http";
}

/* Config errors are reported with the YAML path during validation, and
 * server_new opens no socket there. */
static void
t_config_validation(void)
{
    static const char      yaml[] = "http:\n"
                                    "  endpoint: 127.0.0.1:1\n"
                                    "  tls:\n"
                                    "    cert_file: a\n"
                                    "    key_file: b\n"
                                    "    min_version: \"1.5\"\n"
                                    "  cors: [x]\n"
                                    "  max_request_body_size: big\n"
                                    "  bogus: 1\n"
                                    "grpc:\n"
                                    "  endpoint: nope\n"
                                    "  keepalive:\n"
                                    "    server_parameters:\n"
                                    "      time: 10s\n"
                                    "  max_recv_msg_size_mib: 8\n";
    otelc__diag            d = {0};
    otelc_config          *root = otelc__cfg_load_string("v.yaml", yaml, &d);
    struct otelc__compdef  cd = {0};
    struct otelc__comp_cfg cc = {0};
    otelc_ctx             *ctx;
    otelc_server          *s = NULL;
    char                  *all = NULL;
    size_t                 len = 0;
    FILE                  *mem = open_memstream(&all, &len);

    CHECK(root != NULL);
    cd.def = defs[0];
    cc.kind = OTELC_KIND_RECEIVER;
    cc.id = (char *)"srv";
    cc.cfg = root;
    cc.where = root;
    cc.def = &cd;
    ctx = otelc__ctx_new_validation(&cc, OTELC_SIGNAL_TRACES, &d);
    CHECK(ctx != NULL);
    CHECK_INT(otelc_server_new(ctx, otelc_cfg_child(root, "http"),
                               OTELC_SERVER_HTTP, "localhost:4318", &s),
              OTELC_E_CONFIG);
    CHECK(s == NULL);
    CHECK_INT(otelc_server_new(ctx, otelc_cfg_child(root, "grpc"),
                               OTELC_SERVER_GRPC, "localhost:4317", &s),
              OTELC_E_CONFIG);
    otelc__cfg_report_unused(root, &d);
    otelc__diag_print(&d, mem);
    fclose(mem);
    CHECK_CONTAINS(all, "v.yaml:6:");
    CHECK_CONTAINS(all, "http.tls.min_version");
    CHECK_CONTAINS(all, "invalid TLS version \"1.5\"");
    CHECK_CONTAINS(all, "grpc.endpoint");
    CHECK_CONTAINS(all, "invalid endpoint \"nope\"");
    /* Every problem in one run, and no known key called unknown. */
    CHECK_CONTAINS(all, "v.yaml:7:3: http.cors: expected a map");
    CHECK_CONTAINS(all, "http.max_request_body_size");
    CHECK_CONTAINS(all, "http.bogus");
    CHECK(strstr(all, "unknown key \"cors\"") == NULL);
    CHECK(strstr(all, "max_recv_msg_size_mib: unknown") == NULL);
    CHECK(strstr(all, "keepalive: unknown") == NULL);
    free(all);
    /* A valid gRPC block passes, without opening a socket. */
    {
        otelc_config *ok = otelc__cfg_load_string(
            "ok.yaml",
            "endpoint: 127.0.0.1:1\nmax_recv_msg_size_mib: 8\n"
            "keepalive:\n  server_parameters:\n    max_connection_age: 10s\n"
            "  enforcement_policy:\n    min_time: 1s\n",
            &d);
        otelc__diag_free(&d);
        CHECK_INT(otelc_server_new(ctx, ok, OTELC_SERVER_GRPC, NULL, &s),
                  OTELC_OK);
        CHECK_INT(s->set.max_body, 8 << 20);
        CHECK_STR(otelc_server_endpoint(s), "127.0.0.1:1");
        CHECK_INT(otelc_server_start(s), OTELC_E_STATE);
        otelc_server_free(s);
        otelc__cfg_report_unused(ok, &d);
        CHECK_INT(otelc__diag_errors(&d), 0);
        otelc__cfg_free(ok);
    }
    otelc__ctx_free(ctx);
    otelc__cfg_free(root);
    otelc__diag_free(&d);
}

static const struct test_case cases[] = {
    TEST_CASE(t_http1_routes_keepalive),
    TEST_CASE(t_http2_prior_knowledge_and_h2c),
    TEST_CASE(t_compression),
    TEST_CASE(t_body_limits),
    TEST_CASE(t_cors_and_response_headers),
    TEST_CASE(t_tls_alpn),
    TEST_CASE(t_tls_client_cert),
    TEST_CASE(t_grpc),
    TEST_CASE(t_grpc_limits_and_deadline),
    TEST_CASE(t_h2_garbage_closed),
    TEST_CASE(t_slowloris),
    TEST_CASE(t_header_limit_and_pipelining),
    TEST_CASE(t_config_validation),
    TEST_CASE(t_reuseport_two_workers),
    TEST_CASE(t_grpc_keepalive_ping),
    TEST_CASE(t_endpoint_forms),
    TEST_CASE(t_stop_lets_inflight_finish),
};

int
main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
