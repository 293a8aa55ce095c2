/* The host HTTP client against real peers, from a real runtime.
 *
 * An in-process receiver ("drv") owns an otelc_http_client built from its
 * own config section and posts on its loop whatever the test thread asks
 * for (through an otelc_async). The peers are tests/integration/
 * http_sink.py (python's HTTP/1.1 server, with TLS and client
 * certificates from a CA this test makes with openssl(1)) and, for HTTP/2,
 * the host's own nghttp2-based server run by a second receiver ("h2srv"),
 * which reports the protocol each request arrived with. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <otelc/client.h>
#include <otelc/otelc.h>
#include <otelc/server.h>

#include "client_config.h"
#include "compress.h"
#include "harness.h"
#include "http_client.h"
#include "testlib.h"
#include "testnet.h"

/* ---- what the test thread asks the loop to do ---- */

/* CMD_POST waits for the callback; the others only for the issue. */
enum { CMD_POST = 1, CMD_POST_ASYNC, CMD_POST_THEN_FREE, CMD_FREE, CMD_RENEW };

struct call {
    int                cmd;
    const char        *url;
    const char        *ctype;
    const void        *body;
    size_t             len;
    const char *const *hdrs;
    int64_t            timeout_ns;
    int                free_in_cb; /* free the client from the callback */
    /* results */
    int     issued, rc, done, ncb, on_loop, inside_post;
    int     status, failure;
    char   *error, *resp, *ctype_out;
    int64_t retry_after_ns;
};

struct drv {
    otelc_ctx          *ctx;
    const otelc_config *cfg;
    otelc_http_client  *c;
    otelc_async        *a;
    pthread_t           loop;
    int                 in_post;
};

static pthread_mutex_t      mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t       cv = PTHREAD_COND_INITIALIZER;
static struct drv *_Atomic  g_drv;
static struct call *_Atomic g_call;
static char *_Atomic        g_h2_endpoint;
static atomic_int           g_cb_after_free;

static char *
dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void
http_done(void *arg, const otelc_http_response *resp)
{
    struct call *c = arg;
    struct drv  *d = atomic_load(&g_drv);
    int          free_now;

    pthread_mutex_lock(&mu);
    /* Read before `done`: the test thread may leave the scope of *c as
     * soon as it sees done. */
    free_now = c->free_in_cb;
    c->ncb++;
    c->on_loop = pthread_equal(pthread_self(), d->loop);
    c->inside_post = d->in_post;
    c->status = resp->status;
    c->failure = resp->failure;
    c->error = dup_or_null(resp->error);
    c->ctype_out = dup_or_null(resp->content_type);
    c->retry_after_ns = resp->retry_after_ns;
    c->resp = calloc(1, resp->body_len + 1);
    if (resp->body_len)
        memcpy(c->resp, resp->body, resp->body_len);
    if (d->c == NULL)
        atomic_store(&g_cb_after_free, 1);
    c->done = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    if (free_now) {
        otelc_http_client_free(d->c);
        d->c = NULL;
    }
}

static void
drv_async(void *arg)
{
    struct drv  *d = arg;
    struct call *c = atomic_exchange(&g_call, NULL);
    int          rc = OTELC_OK;

    if (c == NULL)
        return;
    if (c->cmd == CMD_POST || c->cmd == CMD_POST_ASYNC ||
        c->cmd == CMD_POST_THEN_FREE) {
        d->in_post = 1;
        rc = d->c ? otelc_http_post(d->c, c->url, c->ctype, c->body, c->len,
                                    c->hdrs, c->timeout_ns, http_done, c)
                  : OTELC_E_STATE;
        d->in_post = 0;
    }
    if (c->cmd == CMD_POST_THEN_FREE || c->cmd == CMD_FREE) {
        otelc_http_client_free(d->c);
        d->c = NULL;
    }
    if (c->cmd == CMD_RENEW) {
        /* A fresh client from the same settings, after a free. */
        otelc_http_client_free(d->c);
        d->c = NULL;
        rc = otelc_http_client_new(d->ctx, d->cfg, "gzip", &d->c);
    }
    pthread_mutex_lock(&mu);
    c->rc = rc;
    c->issued = 1;
    if (rc != OTELC_OK)
        c->done = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static int
drv_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct drv *d = otelc_calloc(ctx, 1, sizeof(*d));
    d->ctx = ctx;
    d->cfg = cfg;
    *state = d;
    return OTELC_OK;
}

/* The same client constructor runs in `otelc validate` (no loop). */
static int
drv_validate(otelc_ctx *ctx, const otelc_config *cfg)
{
    otelc_http_client *c = NULL;
    int                rc = otelc_http_client_new(ctx, cfg, "gzip", &c);
    otelc_http_client_free(c);
    return rc;
}

static int
drv_start(void *state)
{
    struct drv *d = state;
    int         rc = otelc_http_client_new(d->ctx, d->cfg, "gzip", &d->c);
    if (rc != OTELC_OK)
        return rc;
    d->a = otelc_async_new(d->ctx, drv_async, d);
    d->loop = pthread_self();
    atomic_store(&g_drv, d);
    return OTELC_OK;
}

static int
drv_shutdown(void *state)
{
    struct drv *d = state;
    otelc_http_client_free(d->c);
    d->c = NULL;
    otelc_async_free(d->a);
    d->a = NULL;
    return OTELC_OK;
}

static void
drv_destroy(void *state)
{
    struct drv *d = state;
    otelc_free(d->ctx, d);
}

/* ---- h2srv: the host's own server as an HTTP/2 peer ---- */

struct h2srv {
    otelc_ctx          *ctx;
    const otelc_config *cfg;
    otelc_server       *s;
};

static void
h2_route(void *arg, otelc_request *r)
{
    const void *body;
    size_t      len = 0;
    char        out[256];
    (void)arg;
    otelc_req_body(r, &body, &len);
    /* "h2 <decoded body length> <x-call header>" */
    snprintf(out, sizeof(out), "%s %zu %s",
             otelc_req_protocol(r) == OTELC_PROTO_HTTP2 ? "h2" : "h1", len,
             otelc_req_header(r, "x-call") ? otelc_req_header(r, "x-call")
                                           : "-");
    otelc_req_respond(r, 200, "text/plain", out, strlen(out), NULL);
}

static int
h2_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct h2srv *h = otelc_calloc(ctx, 1, sizeof(*h));
    h->ctx = ctx;
    h->cfg = cfg;
    *state = h;
    return OTELC_OK;
}

static int
h2_validate(otelc_ctx *ctx, const otelc_config *cfg)
{
    (void)ctx;
    otelc_cfg_mark_used(cfg);
    return OTELC_OK;
}

static int
h2_start(void *state)
{
    struct h2srv *h = state;
    int           rc;
    if ((rc = otelc_server_new(h->ctx, h->cfg, OTELC_SERVER_HTTP, "127.0.0.1:0",
                               &h->s)) ||
        (rc = otelc_server_route(h->s, "/h2", OTELC_ROUTE_HTTP, h2_route, h)) ||
        (rc = otelc_server_start(h->s)))
        return rc;
    atomic_store(&g_h2_endpoint, strdup(otelc_server_endpoint(h->s)));
    return OTELC_OK;
}

static int
h2_shutdown(void *state)
{
    struct h2srv *h = state;
    otelc_server_free(h->s);
    h->s = NULL;
    return OTELC_OK;
}

static void
h2_destroy(void *state)
{
    struct h2srv *h = state;
    otelc_free(h->ctx, h);
}

#define DEF(kind, type, validate, create, start, consume, shutdown, destroy)   \
    {                                                                          \
        sizeof(otelc_component_def), kind, type, NULL, OTELC_SIGNALS_ALL, 0,   \
            OTELC_STABILITY_BETA, 0, NULL, validate, create, start, consume,   \
            shutdown, destroy, NULL, 0, 0,                                     \
        {                                                                      \
            0                                                                  \
        }                                                                      \
    }

static otelc_component_def defs[] = {
    DEF(OTELC_KIND_RECEIVER, "drv", drv_validate, drv_create, drv_start, NULL,
        drv_shutdown, drv_destroy),
    DEF(OTELC_KIND_RECEIVER, "h2srv", h2_validate, h2_create, h2_start, NULL,
        h2_shutdown, h2_destroy),
    HARNESS_NOP_EXPORTER,
};
#define N_DEFS (sizeof(defs) / sizeof(defs[0]))

/* ---- running the collector ---- */

static struct harness H;

/* drv's settings (YAML lines indented under "drv:"), plus optionally an
 * h2srv section. */
static void
start_collector(const char *drv_yaml, const char *h2_yaml)
{
    char yaml[8192];
    snprintf(yaml, sizeof(yaml),
             "receivers:\n  drv:\n%s%s%s"
             "exporters:\n  nop:\n"
             "service:\n  workers: 1\n  telemetry:\n    metrics:\n"
             "      level: none\n"
             "  pipelines:\n    traces:\n      receivers: [drv%s]\n"
             "      exporters: [nop]\n",
             drv_yaml, h2_yaml ? "  h2srv:\n" : "", h2_yaml ? h2_yaml : "",
             h2_yaml ? ", h2srv" : "");
    atomic_store(&g_drv, NULL);
    harness_start(&H, defs, N_DEFS, yaml);
    for (int i = 0; i < 500 && atomic_load(&g_drv) == NULL; i++)
        usleep(10000);
    CHECK(atomic_load(&g_drv) != NULL);
}

static void
stop_collector(void)
{
    CHECK_INT(harness_stop(&H), 0);
    otelc__tel_free_all();
}

/* Runs c on the loop; waits (up to secs) for its callback. */
static void
run(struct call *c, int secs)
{
    struct drv     *d = atomic_load(&g_drv);
    struct timespec ts;

    if (c->cmd == 0)
        c->cmd = CMD_POST;
    if (c->ctype == NULL && c->cmd != CMD_FREE && c->cmd != CMD_RENEW)
        c->ctype = "application/x-protobuf";
    atomic_store(&g_call, c);
    otelc_async_send(d->a);
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += secs;
    pthread_mutex_lock(&mu);
    while (!(c->cmd == CMD_POST ? c->done : c->issued)) {
        if (pthread_cond_timedwait(&cv, &mu, &ts) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&mu);
    CHECK(c->cmd == CMD_POST ? c->done : c->issued);
}

static void
wait_done(struct call *c, int secs)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += secs;
    pthread_mutex_lock(&mu);
    while (!c->done && pthread_cond_timedwait(&cv, &mu, &ts) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&mu);
    CHECK(c->done);
}

static void
post(struct call *c, const char *url, const char *body)
{
    c->url = url;
    c->body = body;
    c->len = body ? strlen(body) : 0;
    run(c, 20);
    CHECK_INT(c->rc, OTELC_OK);
    CHECK_INT(c->ncb, 1);
    CHECK(c->on_loop);
    CHECK(!c->inside_post);
}

static void
call_free(struct call *c)
{
    free(c->error);
    free(c->resp);
    free(c->ctype_out);
}

/* ---- the python sink ---- */

static char tmp[] = "/tmp/otelc-httpc-XXXXXX";

struct sink {
    pid_t pid;
    int   port;
    char  out[256];
};

static void
make_tmp(void)
{
    /* A flag, not a look at the template: mkdtemp may well put an 'X'
     * at the end of the name it picks. */
    static int made;
    if (!made) {
        CHECK(mkdtemp(tmp) != NULL);
        made = 1;
    }
}

/* extra: further arguments, NULL-terminated. */
static void
sink_start(struct sink *s, const char *name, const char *const *extra)
{
    char        portfile[300];
    const char *argv[40];
    int         n = 0;

    make_tmp();
    snprintf(s->out, sizeof(s->out), "%s/%s.jsonl", tmp, name);
    snprintf(portfile, sizeof(portfile), "%s/%s.port", tmp, name);
    unlink(portfile);
    argv[n++] = "/usr/bin/python3";
    argv[n++] = testnet_script("http_sink.py");
    argv[n++] = "--out";
    argv[n++] = s->out;
    argv[n++] = "--port-file";
    argv[n++] = portfile;
    for (size_t i = 0; extra && extra[i]; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    s->pid = testnet_spawn(argv, 0);
    s->port = testnet_wait_port_file(portfile);
    CHECK(s->port > 0 || !"sink did not start");
}

static void
sink_stop(struct sink *s)
{
    testnet_stop(&s->pid);
}

/* Record i (0-based) of the sink's JSONL file, or NULL. */
static json_object *
sink_record(struct sink *s, int i)
{
    FILE        *f = fopen(s->out, "r");
    char        *line = NULL;
    size_t       cap = 0;
    json_object *o = NULL;
    int          n = 0;

    if (f == NULL)
        return NULL;
    while (getline(&line, &cap, f) > 0) {
        if (n++ == i) {
            o = json_tokener_parse(line);
            break;
        }
    }
    free(line);
    fclose(f);
    return o;
}

static int
sink_count(struct sink *s)
{
    int          n = 0;
    json_object *o;
    while ((o = sink_record(s, n)) != NULL) {
        json_object_put(o);
        n++;
    }
    return n;
}

static const char *
jstr(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) ||
        json_object_is_type(v, json_type_null))
        return NULL;
    return json_object_get_string(v);
}

static int64_t
jint(json_object *o, const char *key)
{
    json_object *v;
    CHECK(json_object_object_get_ex(o, key, &v));
    return json_object_get_int64(v);
}

static const char *
jhdr(json_object *o, const char *name)
{
    json_object *h;
    CHECK(json_object_object_get_ex(o, "headers", &h));
    return jstr(h, name);
}

/* The decoded body the sink recorded equals want[0..len). */
static int
body_equals(json_object *o, const void *want, size_t len)
{
    const char    *b64 = jstr(o, "body_b64");
    size_t         blen = strlen(b64);
    unsigned char *buf = malloc(blen + 4);
    int            n, same;

    n = EVP_DecodeBlock(buf, (const unsigned char *)b64, (int)blen);
    CHECK(n >= 0);
    /* EVP_DecodeBlock counts '=' padding as zero bytes. */
    if (blen >= 1 && b64[blen - 1] == '=')
        n--;
    if (blen >= 2 && b64[blen - 2] == '=')
        n--;
    same = (size_t)n == len && memcmp(buf, want, len) == 0;
    free(buf);
    return same;
}

static char url_buf[512];
static const char *
url(const char *fmt, int port)
{
    snprintf(url_buf, sizeof(url_buf), fmt, port);
    return url_buf;
}

/* A port nothing listens on: bound, then closed. */
static int
dead_port(void)
{
    struct sockaddr_in a;
    socklen_t          l = sizeof(a);
    int                fd = socket(AF_INET, SOCK_STREAM, 0), port;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&a, &l) == 0);
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}

/* ---- tests ---- */

static void
t_compression_headers_and_paths(void)
{
    static const char *const algos[] = {
        "none", "gzip", "zlib", "deflate", "zstd", "snappy", "x-snappy-framed"};
    struct sink s;
    char        cfg[1024];
    size_t      big_len = 300000;
    char       *big = malloc(big_len + 1);

    for (size_t i = 0; i < big_len; i++)
        big[i] = "abcdefghij0123456789 spans\n"[(i * 7 + i / 97) % 27];
    big[big_len] = '\0';
    setenv("TEST_HTTPC_TOKEN", "s3cr3t", 1);
    sink_start(&s, "comp", NULL);
    for (size_t a = 0; a < sizeof(algos) / sizeof(algos[0]); a++) {
        int         base = sink_count(&s);
        const char *hdrs[] = {"x-call", "per-call", "x-override", "call-wins",
                              NULL};
        struct call c1 = {0}, c2 = {0}, c3 = {0};

        snprintf(cfg, sizeof(cfg),
                 "    endpoint: http://127.0.0.1:%d/base/\n"
                 "    compression: %s\n"
                 "    headers:\n"
                 "      x-configured: from-config\n"
                 "      x-token: ${env:TEST_HTTPC_TOKEN}\n"
                 "      x-override: config-loses\n"
                 "      x-empty: \"\"\n",
                 s.port, algos[a]);
        start_collector(cfg, NULL);
        c1.hdrs = hdrs;
        post(&c1, "v1/traces", "hello, sink");
        CHECK_INT(c1.status, 200);
        post(&c2, "/v1/logs", big);
        CHECK_INT(c2.status, 200);
        post(&c3, url("http://127.0.0.1:%d/elsewhere", s.port), "");
        CHECK_INT(c3.status, 200);
        stop_collector();

        CHECK_INT(sink_count(&s), base + 3);
        {
            json_object *r1 = sink_record(&s, base);
            json_object *r2 = sink_record(&s, base + 1);
            json_object *r3 = sink_record(&s, base + 2);
            CHECK(r1 && r2 && r3);
            CHECK_STR(jstr(r1, "method"), "POST");
            CHECK_STR(jstr(r1, "path"), "/base/v1/traces");
            CHECK_STR(jstr(r2, "path"), "/base/v1/logs");
            CHECK_STR(jstr(r3, "path"), "/elsewhere");
            CHECK(jstr(r1, "decode_error") == NULL);
            CHECK(body_equals(r1, "hello, sink", 11));
            CHECK(body_equals(r2, big, big_len));
            CHECK(body_equals(r3, "", 0));
            if (strcmp(algos[a], "none") == 0) {
                CHECK(jhdr(r1, "content-encoding") == NULL);
            } else {
                CHECK_STR(jhdr(r1, "content-encoding"), algos[a]);
                /* Really compressed on the wire. */
                CHECK(jint(r2, "raw_len") < (int64_t)big_len / 2);
            }
            CHECK_STR(jhdr(r1, "content-type"), "application/x-protobuf");
            CHECK_STR(jhdr(r1, "x-configured"), "from-config");
            CHECK_STR(jhdr(r1, "x-token"), "s3cr3t");
            CHECK_STR(jhdr(r1, "x-empty"), "");
            CHECK_STR(jhdr(r1, "x-call"), "per-call");
            CHECK_STR(jhdr(r1, "x-override"), "call-wins");
            CHECK(jhdr(r2, "x-call") == NULL);
            CHECK_STR(jhdr(r2, "x-override"), "config-loses");
            CHECK(strncmp(jhdr(r1, "user-agent"), "otelc/", 6) == 0);
            CHECK(jhdr(r2, "expect") == NULL);
            json_object_put(r1);
            json_object_put(r2);
            json_object_put(r3);
        }
        call_free(&c1);
        call_free(&c2);
        call_free(&c3);
    }
    sink_stop(&s);
    free(big);
}

static void
t_status_retry_after_and_response(void)
{
    static const char *const args[] = {"--fail",
                                       "2",
                                       "--fail-status",
                                       "503",
                                       "--retry-after",
                                       "2",
                                       "--response-body",
                                       "partial",
                                       "--response-type",
                                       "application/json",
                                       "--redirect",
                                       "/moved=/v1/moved-here",
                                       NULL};
    struct sink              s;
    char                     cfg[256];
    struct call              c1 = {0}, c2 = {0}, c3 = {0}, c4 = {0};

    sink_start(&s, "status", args);
    snprintf(cfg, sizeof(cfg), "    endpoint: http://127.0.0.1:%d\n", s.port);
    start_collector(cfg, NULL);
    post(&c1, "/v1/metrics", "a");
    post(&c2, "/v1/metrics", "b");
    post(&c3, "/v1/metrics", "c");
    /* A 307 is followed, body and all. */
    post(&c4, "/moved", "redirected body");
    stop_collector();
    CHECK_INT(c4.status, 200);
    CHECK_INT(sink_count(&s), 5);
    {
        json_object *r = sink_record(&s, 4);
        CHECK_STR(jstr(r, "path"), "/v1/moved-here");
        CHECK(body_equals(r, "redirected body", 15));
        json_object_put(r);
    }
    call_free(&c4);
    CHECK_INT(c1.status, 503);
    CHECK_INT(c1.failure, 0);
    CHECK(c1.error == NULL);
    CHECK_INT(c1.retry_after_ns, INT64_C(2000000000));
    CHECK_INT(c2.status, 503);
    CHECK_INT(c3.status, 200);
    CHECK_INT(c3.retry_after_ns, -1);
    CHECK_STR(c3.resp, "partial");
    CHECK_STR(c3.ctype_out, "application/json");
    /* Default compression (the caller's "gzip") applied. */
    {
        json_object *r = sink_record(&s, 0);
        CHECK_STR(jhdr(r, "content-encoding"), "gzip");
        json_object_put(r);
    }
    call_free(&c1);
    call_free(&c2);
    call_free(&c3);
    sink_stop(&s);
}

static void
t_transport_failures(void)
{
    static const char *const args[] = {"--delay", "3", NULL};
    struct sink              s;
    char                     cfg[256];
    struct call              refused = {0}, slow = {0}, slow_cfg = {0};
    int                      dead = dead_port();

    sink_start(&s, "slow", args);
    snprintf(cfg, sizeof(cfg),
             "    endpoint: http://127.0.0.1:%d\n    timeout: 400ms\n", s.port);
    start_collector(cfg, NULL);
    post(&refused, url("http://127.0.0.1:%d/x", dead), "x");
    CHECK_INT(refused.status, 0);
    CHECK_INT(refused.failure, OTELC_E_IO);
    CHECK(refused.error != NULL && *refused.error);
    /* The sink answers after 3s: both calls end before, timed out. */
    slow.timeout_ns = 300 * 1000000LL;
    post(&slow, "/slow", "x");
    CHECK_INT(slow.status, 0);
    CHECK_INT(slow.failure, OTELC_E_TIMEOUT);
    CHECK_CONTAINS(slow.error, "timed out");
    /* timeout_ns 0: the settings' 400ms. */
    post(&slow_cfg, "/slow", "x");
    CHECK_INT(slow_cfg.failure, OTELC_E_TIMEOUT);
    stop_collector();
    call_free(&refused);
    call_free(&slow);
    call_free(&slow_cfg);
    sink_stop(&s);
}

static void
t_keepalive_reuse(void)
{
    struct sink s;
    char        cfg[256];

    sink_start(&s, "keep", NULL);
    for (int disable = 0; disable < 2; disable++) {
        int base = sink_count(&s);
        snprintf(cfg, sizeof(cfg),
                 "    endpoint: http://127.0.0.1:%d\n"
                 "    compression: none\n"
                 "    disable_keep_alives: %s\n",
                 s.port, disable ? "true" : "false");
        start_collector(cfg, NULL);
        for (int i = 0; i < 4; i++) {
            struct call c = {0};
            post(&c, "/k", "k");
            CHECK_INT(c.status, 200);
            call_free(&c);
        }
        stop_collector();
        {
            json_object *first = sink_record(&s, base);
            int64_t      conn0 = jint(first, "conn");
            json_object_put(first);
            for (int i = 1; i < 4; i++) {
                json_object *r = sink_record(&s, base + i);
                /* Reused: one connection. Disabled: one each. */
                CHECK_INT(jint(r, "conn"), disable ? conn0 + i : conn0);
                json_object_put(r);
            }
        }
    }
    sink_stop(&s);
}

/* ---- TLS ---- */

static void sh(const char *fmt, ...) OTELC_PRINTF(1, 2);
static void
sh(const char *fmt, ...)
{
    char    cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (system(cmd) != 0) {
        fprintf(stderr, "failed: %s\n", cmd);
        CHECK(!"command failed");
    }
}

/* ca/ (the trusted CA), wrong/ (another CA), a server certificate for
 * DNS:localhost and DNS:sink.test (not the IP), a client certificate. */
static void
make_pki(void)
{
    make_tmp();
    testnet_make_pki(tmp, TESTNET_KEY_EC, "DNS:localhost,DNS:sink.test");
    sh("cd %s && openssl req -x509 " TESTNET_KEY_EC " -nodes -keyout "
       "wrong.key -out wrong.crt -days 2 -subj /CN=wrong >/dev/null 2>&1",
       tmp);
}

/* One collector with the given tls lines, one post; returns the call. */
static void
tls_post(struct call *c, const char *endpoint_fmt, int port, const char *tls)
{
    char cfg[2048];
    snprintf(cfg, sizeof(cfg), "    endpoint: %s\n    tls:\n%s",
             url(endpoint_fmt, port), tls);
    start_collector(cfg, NULL);
    post(c, "/tls", "secret payload");
    stop_collector();
}

static void
t_tls_verification(void)
{
    char        crt[300], key[300], tls[1024];
    struct sink s;
    struct call ok = {0}, wrong = {0}, skip = {0}, ipname = {0}, sno = {0},
                nover = {0};

    make_pki();
    snprintf(crt, sizeof(crt), "%s/srv.crt", tmp);
    snprintf(key, sizeof(key), "%s/srv.key", tmp);
    {
        const char *const args[] = {"--tls-cert", crt, "--tls-key", key, NULL};
        sink_start(&s, "tls", args);
    }
    /* Verified against our CA, by name. */
    snprintf(tls, sizeof(tls), "      ca_file: %s/ca.crt\n", tmp);
    tls_post(&ok, "https://localhost:%d", s.port, tls);
    CHECK_INT(ok.status, 200);
    /* Another CA: refused. */
    snprintf(tls, sizeof(tls), "      ca_file: %s/wrong.crt\n", tmp);
    tls_post(&wrong, "https://localhost:%d", s.port, tls);
    CHECK_INT(wrong.status, 0);
    CHECK_INT(wrong.failure, OTELC_E_IO);
    CHECK(wrong.error != NULL);
    /* ... unless verification is off. */
    snprintf(tls, sizeof(tls),
             "      ca_file: %s/wrong.crt\n      insecure_skip_verify: true\n",
             tmp);
    tls_post(&skip, "https://localhost:%d", s.port, tls);
    CHECK_INT(skip.status, 200);
    /* The certificate does not name 127.0.0.1 ... */
    snprintf(tls, sizeof(tls), "      ca_file: %s/ca.crt\n", tmp);
    tls_post(&ipname, "https://127.0.0.1:%d", s.port, tls);
    CHECK_INT(ipname.status, 0);
    CHECK_INT(ipname.failure, OTELC_E_IO);
    /* ... but server_name_override checks it as sink.test. */
    snprintf(tls, sizeof(tls),
             "      ca_file: %s/ca.crt\n"
             "      server_name_override: sink.test\n",
             tmp);
    tls_post(&sno, "https://127.0.0.1:%d", s.port, tls);
    CHECK_INT(sno.status, 200);
    /* min_version 1.3 (python's server speaks it). */
    snprintf(tls, sizeof(tls),
             "      ca_file: %s/ca.crt\n      min_version: \"1.3\"\n", tmp);
    tls_post(&nover, "https://localhost:%d", s.port, tls);
    CHECK_INT(nover.status, 200);
    sink_stop(&s);

    CHECK_INT(sink_count(&s), 4);
    {
        json_object *r = sink_record(&s, 0);
        CHECK(body_equals(r, "secret payload", 14));
        json_object_put(r);
        /* The override is for TLS only: Host stays the endpoint's. */
        r = sink_record(&s, 2);
        CHECK_STR(jhdr(r, "host"), url("127.0.0.1:%d", s.port));
        json_object_put(r);
    }
    call_free(&ok);
    call_free(&wrong);
    call_free(&skip);
    call_free(&ipname);
    call_free(&sno);
    call_free(&nover);
}

static void
t_tls_client_cert(void)
{
    char        crt[300], key[300], ca[300], tls[1024];
    struct sink s;
    struct call without = {0}, with = {0};

    make_pki();
    snprintf(crt, sizeof(crt), "%s/srv.crt", tmp);
    snprintf(key, sizeof(key), "%s/srv.key", tmp);
    snprintf(ca, sizeof(ca), "%s/ca.crt", tmp);
    {
        const char *const args[] = {"--tls-cert",  crt, "--tls-key", key,
                                    "--client-ca", ca,  NULL};
        sink_start(&s, "mtls", args);
    }
    snprintf(tls, sizeof(tls), "      ca_file: %s/ca.crt\n", tmp);
    tls_post(&without, "https://localhost:%d", s.port, tls);
    CHECK_INT(without.status, 0);
    CHECK_INT(without.failure, OTELC_E_IO);
    snprintf(tls, sizeof(tls),
             "      ca_file: %s/ca.crt\n"
             "      cert_file: %s/cli.crt\n"
             "      key_file: %s/cli.key\n",
             tmp, tmp, tmp);
    tls_post(&with, "https://localhost:%d", s.port, tls);
    CHECK_INT(with.status, 200);
    sink_stop(&s);
    CHECK_INT(sink_count(&s), 1);
    {
        json_object *r = sink_record(&s, 0);
        CHECK_STR(jstr(r, "client_cn"), "client");
        json_object_put(r);
    }
    call_free(&without);
    call_free(&with);
}

/* ---- HTTP/2 against the host's nghttp2 server ---- */

static void
t_http2(void)
{
    char        cfg[1024], h2[1024];
    struct call c = {0}, c2 = {0}, t = {0};
    const char *hdrs[] = {"x-call", "yes", NULL};

    make_pki();
    /* h2c with prior knowledge. */
    atomic_store(&g_h2_endpoint, NULL);
    snprintf(h2, sizeof(h2), "    endpoint: 127.0.0.1:0\n");
    start_collector("    compression: gzip\n"
                    "    http2_prior_knowledge: true\n",
                    h2);
    CHECK(atomic_load(&g_h2_endpoint) != NULL);
    snprintf(cfg, sizeof(cfg), "http://%s/h2", atomic_load(&g_h2_endpoint));
    c.hdrs = hdrs;
    post(&c, cfg, "0123456789");
    CHECK_INT(c.status, 200);
    /* The server decoded our gzip body back to 10 bytes. */
    CHECK_STR(c.resp, "h2 10 yes");
    stop_collector();
    free(atomic_exchange(&g_h2_endpoint, NULL));

    /* TLS: h2 negotiated by ALPN, verified against the CA. */
    snprintf(h2, sizeof(h2),
             "    endpoint: 127.0.0.1:0\n    tls:\n"
             "      cert_file: %s/srv.crt\n      key_file: %s/srv.key\n",
             tmp, tmp);
    snprintf(cfg, sizeof(cfg),
             "    compression: zstd\n    tls:\n      ca_file: %s/ca.crt\n"
             "      server_name_override: sink.test\n",
             tmp);
    start_collector(cfg, h2);
    snprintf(cfg, sizeof(cfg), "https://%s/h2", atomic_load(&g_h2_endpoint));
    post(&c2, cfg, "abc");
    CHECK_INT(c2.status, 200);
    CHECK_STR(c2.resp, "h2 3 -");
    stop_collector();
    free(atomic_exchange(&g_h2_endpoint, NULL));

    /* Without force_attempt_http2, HTTP/1.1 over the same TLS. */
    snprintf(cfg, sizeof(cfg),
             "    force_attempt_http2: false\n    tls:\n"
             "      ca_file: %s/ca.crt\n"
             "      server_name_override: sink.test\n",
             tmp);
    start_collector(cfg, h2);
    snprintf(cfg, sizeof(cfg), "https://%s/h2", atomic_load(&g_h2_endpoint));
    post(&t, cfg, "abcd");
    CHECK_INT(t.status, 200);
    CHECK_STR(t.resp, "h1 4 -");
    stop_collector();
    free(atomic_exchange(&g_h2_endpoint, NULL));
    call_free(&c);
    call_free(&c2);
    call_free(&t);
}

/* ---- proxies ---- */

static void
t_proxies(void)
{
    static const char *const vars[] = {
        "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
        "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};
    struct sink s;
    char        cfg[512], env[128];
    struct call viaenv = {0}, upper = {0}, noproxy = {0}, tunnel = {0},
                dead = {0};
    int dport = dead_port();

    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
    sink_start(&s, "proxy", NULL);
    snprintf(env, sizeof(env), "http://127.0.0.1:%d", s.port);

    /* http_proxy from the environment: the sink gets the absolute form. */
    setenv("http_proxy", env, 1);
    start_collector("    compression: none\n", NULL);
    post(&viaenv, "http://collector.invalid:4318/v1/traces", "p");
    CHECK_INT(viaenv.status, 200);
    stop_collector();
    unsetenv("http_proxy");

    /* Upper-case HTTP_PROXY (Go honours it; libcurl alone does not), and
     * NO_PROXY exempting a host. */
    setenv("HTTP_PROXY", env, 1);
    setenv("NO_PROXY", "127.0.0.1", 1);
    start_collector("    compression: none\n", NULL);
    post(&upper, "http://collector.invalid:4318/v1/logs", "u");
    CHECK_INT(upper.status, 200);
    post(&noproxy, url("http://127.0.0.1:%d/direct", s.port), "n");
    CHECK_INT(noproxy.status, 200);
    stop_collector();
    unsetenv("HTTP_PROXY");
    unsetenv("NO_PROXY");

    /* HTTPS_PROXY (upper case): a CONNECT tunnel request, which the sink
     * records and refuses. */
    setenv("HTTPS_PROXY", env, 1);
    start_collector("    compression: none\n", NULL);
    post(&tunnel, "https://collector.invalid:4318/v1/traces", "t");
    CHECK_INT(tunnel.status, 0);
    CHECK_INT(tunnel.failure, OTELC_E_IO);
    stop_collector();
    unsetenv("HTTPS_PROXY");

    /* proxy_url to a dead port: fails, even for a live target. */
    snprintf(cfg, sizeof(cfg),
             "    endpoint: http://127.0.0.1:%d\n"
             "    proxy_url: http://127.0.0.1:%d\n",
             s.port, dport);
    start_collector(cfg, NULL);
    post(&dead, "/x", "d");
    CHECK_INT(dead.status, 0);
    CHECK_INT(dead.failure, OTELC_E_IO);
    stop_collector();
    sink_stop(&s);

    CHECK_INT(sink_count(&s), 4);
    {
        json_object *r = sink_record(&s, 0);
        CHECK(jint(r, "absolute_form"));
        CHECK_STR(jstr(r, "path"), "http://collector.invalid:4318/v1/traces");
        CHECK(body_equals(r, "p", 1));
        json_object_put(r);
        r = sink_record(&s, 1);
        CHECK_STR(jstr(r, "path"), "http://collector.invalid:4318/v1/logs");
        json_object_put(r);
        r = sink_record(&s, 2);
        CHECK_STR(jstr(r, "path"), "/direct");
        json_object_put(r);
        r = sink_record(&s, 3);
        CHECK_STR(jstr(r, "method"), "CONNECT");
        CHECK_STR(jstr(r, "path"), "collector.invalid:4318");
        json_object_put(r);
    }
    call_free(&viaenv);
    call_free(&upper);
    call_free(&noproxy);
    call_free(&tunnel);
    call_free(&dead);
}

/* ---- lifetime ---- */

static void
t_free_cancels_without_callback(void)
{
    static const char *const args[] = {"--delay", "1", NULL};
    struct sink              s;
    char                     cfg[256];
    struct call inflight = {0}, renew = {0}, probe = {0}, first = {0};

    sink_start(&s, "free", args);
    snprintf(cfg, sizeof(cfg), "    endpoint: http://127.0.0.1:%d\n", s.port);
    start_collector(cfg, NULL);
    /* Post, then free the client at once: no callback, ever. */
    inflight.cmd = CMD_POST_THEN_FREE;
    inflight.url = "/cancelled";
    inflight.body = "x";
    inflight.len = 1;
    run(&inflight, 5);
    CHECK_INT(inflight.rc, OTELC_OK);
    /* A request from a new client on the same loop, issued after it and
     * held by the sink as long: by its callback, an answer to the freed
     * client's request (had it gone on) would have been called back. */
    renew.cmd = CMD_RENEW;
    run(&renew, 5);
    CHECK_INT(renew.rc, OTELC_OK);
    post(&probe, "/probe", "z");
    CHECK_INT(probe.status, 200);
    CHECK_INT(inflight.ncb, 0);
    stop_collector();

    /* Freeing from inside the callback is allowed; the freed client then
     * refuses work. */
    start_collector(cfg, NULL);
    first.free_in_cb = 1;
    post(&first, "/first", "y");
    CHECK_INT(first.status, 200);
    stop_collector();
    CHECK_INT(atomic_load(&g_cb_after_free), 0);
    sink_stop(&s);
    call_free(&probe);
    call_free(&first);
}

static void
t_many_concurrent(void)
{
    struct sink  s;
    char         cfg[256];
    struct call *calls = calloc(40, sizeof(*calls));

    sink_start(&s, "many", NULL);
    snprintf(cfg, sizeof(cfg), "    endpoint: http://127.0.0.1:%d\n", s.port);
    start_collector(cfg, NULL);
    /* Issue 40 posts back to back, then wait for all callbacks. */
    for (int i = 0; i < 40; i++) {
        calls[i].cmd = CMD_POST_ASYNC;
        calls[i].url = "/many";
        calls[i].body = "m";
        calls[i].len = 1;
        calls[i].ctype = "text/plain";
        run(&calls[i], 20);
        CHECK_INT(calls[i].rc, OTELC_OK);
    }
    for (int i = 0; i < 40; i++) {
        wait_done(&calls[i], 20);
        CHECK_INT(calls[i].ncb, 1);
        CHECK(calls[i].on_loop && !calls[i].inside_post);
        CHECK_INT(calls[i].status, 200);
        call_free(&calls[i]);
    }
    stop_collector();
    CHECK_INT(sink_count(&s), 40);
    sink_stop(&s);
    free(calls);
}

/* ---- validation (no loop, no sockets) ---- */

static void
expect_invalid(const char *drv_yaml, const char *needle)
{
    char           yaml[2048];
    struct harness h;
    int            found = 0;

    snprintf(yaml, sizeof(yaml),
             "receivers:\n  drv:\n%s"
             "exporters:\n  nop:\n"
             "service:\n  pipelines:\n    traces:\n"
             "      receivers: [drv]\n      exporters: [nop]\n",
             drv_yaml);
    harness_registry(&h, defs, N_DEFS);
    CHECK(harness_validate(&h, yaml) > 0);
    for (size_t i = 0; i < otelc__diag_count(&h.diag); i++)
        if (strstr(otelc__diag_text(&h.diag, i), needle))
            found = 1;
    if (!found) {
        otelc__diag_print(&h.diag, stderr);
        fprintf(stderr, "expected an error containing \"%s\"\n", needle);
    }
    CHECK(found);
    harness_free(&h);
}

static void
t_validation(void)
{
    struct harness h;

    expect_invalid("    endpoint: ftp://x:1\n", "receivers.drv.endpoint");
    expect_invalid("    endpoint: http://x:99999\n", "bad host or port");
    expect_invalid("    endpoint: http://x:1\n    compression: lz4\n",
                   "not supported");
    expect_invalid("    endpoint: http://x:1\n    compression: brotli\n",
                   "receivers.drv.compression");
    expect_invalid("    endpoint: http://x:1\n    tls:\n"
                   "      min_version: \"1.5\"\n",
                   "receivers.drv.tls.min_version");
    expect_invalid("    endpoint: http://x:1\n    tls:\n"
                   "      cert_file: /c.pem\n",
                   "key_file");
    expect_invalid("    endpoint: http://x:1\n    timeout: soon\n",
                   "receivers.drv.timeout");
    expect_invalid("    endpoint: http://x:1\n    headers:\n"
                   "      \"bad name\": v\n",
                   "invalid header name");
    expect_invalid("    endpoint: http://x:1\n    endpoitn: typo\n",
                   "endpoitn");
    /* otelcol keys we accept without acting on them validate fine. */
    harness_registry(&h, defs, N_DEFS);
    CHECK_INT(harness_validate(
                  &h, "receivers:\n  drv:\n"
                      "    endpoint: https://h:4318/p\n"
                      "    max_idle_conns: 10\n"
                      "    max_idle_conns_per_host: 5\n"
                      "    idle_conn_timeout: 30s\n"
                      "    http2_read_idle_timeout: 10s\n"
                      "    read_buffer_size: 65536\n"
                      "    write_buffer_size: 524288\n"
                      "    compression_params:\n      level: 1\n"
                      "    auth:\n      authenticator: basicauth\n"
                      "    tls:\n      insecure: false\n"
                      "      reload_interval: 1h\n      ca_file: /nonexistent\n"
                      "exporters:\n  nop:\n"
                      "service:\n  pipelines:\n    traces:\n"
                      "      receivers: [drv]\n      exporters: [nop]\n"),
              0);
    harness_free(&h);
}

/* ---- the settings parser directly (shared with the gRPC client) ---- */

static struct otelc__client_settings g_set;
static int                           g_set_grpc, g_set_rc;

static int
cfg_validate(otelc_ctx *ctx, const otelc_config *cfg)
{
    otelc__client_settings_free(&g_set);
    g_set_rc =
        otelc__client_settings_parse(ctx, cfg, g_set_grpc, "gzip", &g_set);
    return g_set_rc;
}

static otelc_component_def cfg_defs[] = {
    DEF(OTELC_KIND_RECEIVER, "cfg", cfg_validate, harness_nop_create, NULL,
        NULL, NULL, harness_nop_destroy),
    HARNESS_NOP_EXPORTER,
};

/* Parses settings (YAML lines under the component); returns the number
 * of config errors. */
static size_t
parse_settings(int grpc, const char *lines)
{
    char           yaml[2048];
    struct harness h;
    size_t         errors;

    snprintf(yaml, sizeof(yaml),
             "receivers:\n  cfg:\n%s"
             "exporters:\n  nop:\n"
             "service:\n  pipelines:\n    traces:\n"
             "      receivers: [cfg]\n      exporters: [nop]\n",
             lines);
    g_set_grpc = grpc;
    harness_registry(&h, cfg_defs, 2);
    errors = harness_validate(&h, yaml);
    if (errors)
        otelc__diag_print(&h.diag, stderr);
    harness_free(&h);
    return errors;
}

static void
t_settings_grpc(void)
{
    /* configgrpc: TLS unless insecure; host:port. */
    CHECK_INT(parse_settings(1, "    endpoint: collector:4317\n"), 0);
    CHECK_STR(g_set.host, "collector");
    CHECK_INT(g_set.port, 4317);
    CHECK_STR(g_set.hostport, "collector:4317");
    CHECK_INT(g_set.use_tls, 1);
    CHECK_INT(g_set.compression, OTELC__COMPRESS_GZIP);
    CHECK_INT(g_set.tls_min, OTELC__TLS_1_2);
    CHECK_INT(g_set.keepalive_time_ns, 0);
    /* A host that merely starts with "http". */
    CHECK_INT(parse_settings(1, "    endpoint: httpbin:4317\n"
                                "    tls:\n      insecure: true\n"),
              0);
    CHECK_STR(g_set.host, "httpbin");
    CHECK_INT(g_set.use_tls, 0);
    CHECK(g_set.scheme == NULL);
    /* https:// forces TLS even with insecure. */
    CHECK_INT(parse_settings(1, "    endpoint: https://h\n"
                                "    tls:\n      insecure: true\n"),
              0);
    CHECK_INT(g_set.use_tls, 1);
    CHECK_INT(g_set.port, 443);
    CHECK_INT(parse_settings(1, "    endpoint: \"[::1]:4317\"\n"
                                "    compression: none\n"
                                "    authority: api.example\n"
                                "    balancer_name: round_robin\n"
                                "    wait_for_ready: true\n"
                                "    headers:\n      k: v\n"
                                "    keepalive:\n      time: 10s\n"
                                "      timeout: 5s\n"
                                "      permit_without_stream: true\n"
                                "    tls:\n      insecure: true\n"),
              0);
    CHECK_STR(g_set.host, "::1");
    CHECK_STR(g_set.hostport, "[::1]:4317");
    CHECK_INT(g_set.compression, OTELC__COMPRESS_NONE);
    CHECK_STR(g_set.authority, "api.example");
    CHECK_INT(g_set.wait_for_ready, 1);
    CHECK_INT(g_set.keepalive_time_ns, 10000000000LL);
    CHECK_INT(g_set.keepalive_timeout_ns, 5000000000LL);
    CHECK_INT(g_set.keepalive_permit_without_stream, 1);
    CHECK_INT(g_set.n_headers, 1);
    CHECK_STR(otelc__client_settings_header(&g_set, "K"), "v");
    /* Errors: no endpoint; an HTTP-only key; zlib is not a gRPC codec. */
    CHECK(parse_settings(1, "    compression: gzip\n") > 0);
    CHECK(parse_settings(1, "    endpoint: h:1\n    proxy_url: http://p\n") >
          0);
    CHECK(parse_settings(1, "    endpoint: h:1\n    compression: zlib\n") > 0);
    CHECK(parse_settings(1, "    endpoint: unix:///sock\n") > 0);
    otelc__client_settings_free(&g_set);
}

static void
t_settings_http(void)
{
    CHECK_INT(parse_settings(0, "    endpoint: https://h.example/base/\n"
                                "    timeout: 2s\n"
                                "    proxy_url: http://proxy:3128\n"
                                "    compression: x-snappy-framed\n"
                                "    headers:\n"
                                "      - name: a\n        value: b\n"
                                "    tls:\n      min_version: \"1.3\"\n"
                                "      max_version: \"1.3\"\n"
                                "      server_name_override: n.example\n"),
              0);
    CHECK_STR(g_set.scheme, "https");
    CHECK_STR(g_set.host, "h.example");
    CHECK_INT(g_set.port, 443);
    CHECK_STR(g_set.base_path, "/base");
    CHECK_INT(g_set.use_tls, 1);
    CHECK_INT(g_set.timeout_ns, 2000000000LL);
    CHECK_STR(g_set.proxy_url, "http://proxy:3128");
    CHECK_INT(g_set.compression, OTELC__COMPRESS_SNAPPY_FRAMED);
    CHECK_STR(otelc__client_settings_header(&g_set, "a"), "b");
    CHECK_INT(g_set.tls_min, OTELC__TLS_1_3);
    CHECK_INT(g_set.tls_max, OTELC__TLS_1_3);
    CHECK_STR(g_set.server_name_override, "n.example");
    CHECK_INT(g_set.force_attempt_http2, 1);
    /* No endpoint is fine for HTTP (absolute URLs per call). */
    CHECK_INT(parse_settings(0, "    compression: none\n"), 0);
    CHECK(g_set.endpoint == NULL);
    CHECK(parse_settings(0, "    endpoint: h:4318\n") > 0); /* no scheme */
    CHECK(parse_settings(0, "    endpoint: http://u:p@h\n") > 0);
    CHECK(parse_settings(0, "    endpoint: http://h\n    keepalive:\n"
                            "      time: 1s\n") > 0); /* gRPC-only key */
    CHECK(parse_settings(0, "    endpoint: http://h\n    tls:\n"
                            "      min_version: \"1.3\"\n"
                            "      max_version: \"1.2\"\n") > 0);
    otelc__client_settings_free(&g_set);
}

/* Retry-After as the host parses it for every exporter (RFC 9110 10.2.3):
 * delay-seconds, or an HTTP-date in any of its three forms, relative to
 * "now"; -1 for what cannot be read. */
static void
t_retry_after_parsing(void)
{
    /* Sun, 06 Nov 1994 08:49:37 GMT */
    const uint64_t now = UINT64_C(784111777) * UINT64_C(1000000000);
    const int64_t  s = INT64_C(1000000000);

    CHECK_INT(otelc__http_retry_after_ns("120", now), 120 * s);
    CHECK_INT(otelc__http_retry_after_ns("  0 ", now), 0);
    CHECK_INT(otelc__http_retry_after_ns(NULL, now), -1);
    CHECK_INT(otelc__http_retry_after_ns("", now), -1);
    CHECK_INT(otelc__http_retry_after_ns("12abc", now), -1);
    CHECK_INT(otelc__http_retry_after_ns("-5", now), -1);
    CHECK_INT(otelc__http_retry_after_ns("99999999999999999999", now), -1);
    /* IMF-fixdate, RFC 850 and asctime, 30 s after "now". */
    CHECK_INT(otelc__http_retry_after_ns("Sun, 06 Nov 1994 08:50:07 GMT", now),
              30 * s);
    CHECK_INT(otelc__http_retry_after_ns("Sunday, 06-Nov-94 08:50:07 GMT", now),
              30 * s);
    CHECK_INT(otelc__http_retry_after_ns("Sun Nov  6 08:50:07 1994", now),
              30 * s);
    /* A date in the past: retry now. */
    CHECK_INT(otelc__http_retry_after_ns("Sat, 05 Nov 1994 08:49:37 GMT", now),
              0);
    /* More than a year away is not a plan; garbage is not a date. */
    CHECK_INT(otelc__http_retry_after_ns("Mon, 06 Nov 2095 08:49:37 GMT", now),
              -1);
    CHECK_INT(otelc__http_retry_after_ns("soon", now), -1);
}

static const struct test_case cases[] = {
    TEST_CASE(t_validation),
    TEST_CASE(t_retry_after_parsing),
    TEST_CASE(t_settings_grpc),
    TEST_CASE(t_settings_http),
    TEST_CASE(t_compression_headers_and_paths),
    TEST_CASE(t_status_retry_after_and_response),
    TEST_CASE(t_transport_failures),
    TEST_CASE(t_keepalive_reuse),
    TEST_CASE(t_tls_verification),
    TEST_CASE(t_tls_client_cert),
    TEST_CASE(t_http2),
    TEST_CASE(t_proxies),
    TEST_CASE(t_free_cancels_without_callback),
    TEST_CASE(t_many_concurrent),
};

int
main(int argc, char **argv)
{
    int rc;
    /* Made here, not in the forked cases, so it is removed once. */
    make_tmp();
    rc = test_main(argc, argv, cases, TEST_COUNT(cases));
    {
        char cmd[300];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
        if (system(cmd) != 0)
            rc = 1;
    }
    return rc;
}
