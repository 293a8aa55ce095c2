/* The host gRPC client against a real peer: a python3-grpcio server
 * (tests/integration/grpc_sink.py) started by each case, and a real
 * runtime in-process whose receiver instance drives the client on its own
 * loop. The main thread posts commands (make N calls) to the instance and
 * waits for their outcomes, so it can restart the sink between calls.
 *
 * Covered: response bytes, configured headers + per-call metadata +
 * user-agent + :authority override seen by the sink, gzip on the wire
 * (seen by the sink's frame tap) and gzip responses, zstd/snappy framing
 * (decoded back from the wire), status + percent-decoded message,
 * RetryInfo, deadline, connection refused and the fail-fast backoff,
 * reconnect after a sink restart, TLS with a client certificate (and
 * without one: refused), 50 concurrent calls through a 8-stream limit,
 * free with calls in flight (no callback afterwards), plus the pure wire
 * helpers.
 *
 * No case measures time: each waits for an event (a callback, a line in
 * the sink's log, a connection accepted) and asserts outcomes. The GOAWAY
 * case talks to a peer the test scripts frame by frame, so that the
 * GOAWAY comes between a call's arrival and its answer. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <otelc/otelc.h>

#include "compress.h"
#include "grpc_client.h"
#include "harness.h"
#include "testlib.h"
#include "testnet.h"

/* Calls per case (the reconnect case retries until the backoff is over). */
#define MAX_RES 512

/* ---------------------------------------------------------------- sink */

struct sink {
    pid_t pid;
    int   port;
    char  dir[64];
    char  out[128];
};

static char g_tmpdir[64];

static int
have_grpcio(void)
{
    return system("/usr/bin/python3 -c 'import grpc' >/dev/null 2>&1") == 0;
}

static void
tmpdir_init(void)
{
    if (g_tmpdir[0] == '\0') {
        snprintf(g_tmpdir, sizeof(g_tmpdir), "/tmp/otelc-grpcc-XXXXXX");
        CHECK(mkdtemp(g_tmpdir) != NULL);
    }
}

/* Starts the sink with extra arguments (space separated); port 0: any. */
static void
sink_start(struct sink *s, int port, const char *extra)
{
    char       portfile[160], portarg[16];
    char      *args[40], *copy = strdup(extra ? extra : "");
    int        n = 0;
    static int seq;

    tmpdir_init();
    snprintf(s->dir, sizeof(s->dir), "%s", g_tmpdir);
    /* Per test process and sink; kept across a restart of this sink. */
    if (s->out[0] == '\0')
        snprintf(s->out, sizeof(s->out), "%s/calls-%d-%d.jsonl", g_tmpdir,
                 (int)getpid(), ++seq);
    snprintf(portfile, sizeof(portfile), "%s/port-%d", g_tmpdir, (int)getpid());
    snprintf(portarg, sizeof(portarg), "%d", port);
    unlink(portfile);
    args[n++] = (char *)"/usr/bin/python3";
    args[n++] = (char *)testnet_script("grpc_sink.py");
    args[n++] = (char *)"--out";
    args[n++] = s->out;
    args[n++] = (char *)"--port-file";
    args[n++] = portfile;
    args[n++] = (char *)"--port";
    args[n++] = portarg;
    for (char *tok = strtok(copy, " "); tok && n < 38; tok = strtok(NULL, " "))
        args[n++] = tok;
    args[n] = NULL;
    s->pid = testnet_spawn((const char *const *)args, 1);
    free(copy);
    s->port = testnet_wait_port_file(portfile);
    if (s->port > 0)
        return;
    fprintf(stderr, "grpc_sink.py did not start\n");
    exit(1);
}

static void
sink_stop(struct sink *s)
{
    testnet_stop(&s->pid);
}

static char *
slurp(const char *path)
{
    FILE  *f = fopen(path, "r");
    char  *buf;
    long   n;
    size_t got;

    if (f == NULL)
        return strdup("");
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = calloc(1, (size_t)n + 1);
    got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

static size_t
count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static char *
b64(const void *data, size_t len)
{
    static const char tbl[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const uint8_t *p = data;
    char          *out = malloc(len / 3 * 4 + 8), *o = out;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        *o++ = tbl[v >> 18 & 63];
        *o++ = tbl[v >> 12 & 63];
        *o++ = i + 1 < len ? tbl[v >> 6 & 63] : '=';
        *o++ = i + 2 < len ? tbl[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

static size_t
unb64(const char *s, size_t n, uint8_t *out)
{
    size_t   o = 0;
    uint32_t acc = 0;
    int      bits = 0;
    for (size_t i = 0; i < n && s[i] != '=' && s[i] != '"'; i++) {
        const char *tbl =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *q = strchr(tbl, s[i]);
        if (q == NULL)
            break;
        acc = acc << 6 | (uint32_t)(q - tbl);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    return o;
}

/* Lines of the sink's log containing needle (e.g. "\"kind\": \"call\""). */
static size_t
log_count(const struct sink *s, const char *needle)
{
    char  *log = slurp(s->out);
    size_t n = count_of(log, needle);
    free(log);
    return n;
}

#define CALL_REC "\"kind\": \"call\""
#define WIRE_REC "\"kind\": \"wire\""

/* ------------------------------------------------- in-process component */

struct result {
    int     called;
    int     status;
    char    message[256];
    uint8_t body[64];
    size_t  body_len;
    int64_t retry_after_ns;
};

struct cmd {
    int                which; /* 0: client, 1: client2 */
    const char        *path;
    const char *const *md;
    const void        *msg;
    size_t             len;
    int64_t            timeout_ns;
    int                count;
    int                free_after_ms; /* >0: free the client then */
    int                free_in_cb;    /* free it in the first callback */
};

static struct result g_res[MAX_RES];
static struct cmd    g_cmd;
static atomic_int    g_cmd_seq, g_done, g_freed;
static atomic_int    g_made; /* calls made on the loop so far */
static int           g_cmd_taken, g_issued, g_issued_main;
static void         *g_args[MAX_RES]; /* call args not yet called back */

struct inst {
    otelc_ctx         *ctx;
    otelc_grpc_client *client[2];
    otelc_timer       *poll, *free_timer;
};

struct call_arg {
    struct inst *i;
    int          idx;
};

static void free_clients_and_args(struct inst *i);

static void
on_resp(void *arg, const otelc_grpc_response *r)
{
    struct call_arg *a = arg;
    struct result   *res = &g_res[a->idx];

    CHECK(r->struct_size >= sizeof(*r));
    res->status = r->status;
    snprintf(res->message, sizeof(res->message), "%s",
             r->message ? r->message : "(null)");
    res->body_len = r->body_len;
    if (r->body_len && r->body_len <= sizeof(res->body))
        memcpy(res->body, r->body, r->body_len);
    res->retry_after_ns = r->retry_after_ns;
    res->called++;
    g_args[a->idx] = NULL;
    if (g_cmd.free_in_cb) {
        struct inst *i = a->i;
        otelc_free(i->ctx, a);
        free_clients_and_args(i);
    } else {
        otelc_free(a->i->ctx, a);
    }
    atomic_fetch_add(&g_done, 1);
}

static void
free_clients(struct inst *i)
{
    for (int k = 0; k < 2; k++) {
        otelc_grpc_client_free(i->client[k]);
        i->client[k] = NULL;
    }
}

/* Frees the first client only: the second (client2) can still make a
 * call afterwards, which is how the free cases know when the answers to
 * the cancelled calls would have been called back. */
static void
free_clients_and_args(struct inst *i)
{
    otelc_grpc_client_free(i->client[0]);
    i->client[0] = NULL;
    /* No callback comes for cancelled calls: their args are ours. */
    for (int n = 0; n < MAX_RES; n++) {
        otelc_free(i->ctx, g_args[n]);
        g_args[n] = NULL;
    }
    atomic_store(&g_freed, 1);
}

static void
free_fire(void *arg)
{
    struct inst *i = arg;
    otelc_timer_stop(i->free_timer);
    i->free_timer = NULL;
    free_clients_and_args(i);
}

static void
poll_fire(void *arg)
{
    struct inst *i = arg;
    int          seq = atomic_load(&g_cmd_seq);

    if (seq == g_cmd_taken)
        return;
    g_cmd_taken = seq;
    for (int n = 0; n < g_cmd.count; n++) {
        struct call_arg *a = otelc_calloc(i->ctx, 1, sizeof(*a));
        a->i = i;
        a->idx = g_issued++;
        CHECK(a->idx < MAX_RES);
        g_args[a->idx] = a;
        CHECK_INT(otelc_grpc_call(i->client[g_cmd.which], g_cmd.path, g_cmd.msg,
                                  g_cmd.len, g_cmd.md, g_cmd.timeout_ns,
                                  on_resp, a),
                  OTELC_OK);
        /* Never synchronously: the callback runs later on the loop. */
        CHECK_INT(g_res[a->idx].called, 0);
        atomic_store(&g_made, g_issued);
    }
    if (g_cmd.free_after_ms > 0)
        i->free_timer = otelc_timer_start(i->ctx, OTELC_MS(g_cmd.free_after_ms),
                                          0, free_fire, i);
}

static int
gc_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct inst *i = otelc_calloc(ctx, 1, sizeof(*i));
    int          rc;

    i->ctx = ctx;
    rc = otelc_grpc_client_new(ctx, otelc_cfg_child(cfg, "client"), "none",
                               &i->client[0]);
    if (rc == OTELC_OK && otelc_cfg_child(cfg, "client2"))
        rc = otelc_grpc_client_new(ctx, otelc_cfg_child(cfg, "client2"), "none",
                                   &i->client[1]);
    if (rc != OTELC_OK) {
        free_clients(i);
        otelc_free(ctx, i);
        return rc;
    }
    *state = i;
    return OTELC_OK;
}

static int
gc_start(void *state)
{
    struct inst *i = state;
    i->poll = otelc_timer_start(i->ctx, OTELC_MS(2), OTELC_MS(2), poll_fire, i);
    return i->poll ? OTELC_OK : OTELC_E_NOMEM;
}

static int
gc_shutdown(void *state)
{
    struct inst *i = state;
    otelc_timer_stop(i->poll);
    otelc_timer_stop(i->free_timer);
    i->poll = i->free_timer = NULL;
    /* On the loop: the client's watchers belong to it. */
    free_clients(i);
    return OTELC_OK;
}

static void
gc_destroy(void *state)
{
    struct inst *i = state;
    free_clients(i); /* validation instances never started */
    otelc_free(i->ctx, i);
}

static otelc_component_def defs[] = {
    {sizeof(otelc_component_def),
     OTELC_KIND_RECEIVER,
     "gc",
     NULL,
     OTELC_SIGNALS_ALL,
     0,
     OTELC_STABILITY_BETA,
     0,
     NULL,
     NULL,
     gc_create,
     gc_start,
     NULL,
     gc_shutdown,
     gc_destroy,
     NULL,
     0,
     0,
     {0}},
    HARNESS_NOP_EXPORTER,
};
#define N_DEFS (sizeof(defs) / sizeof(defs[0]))

static struct harness g_env;

/* client / client2: flow maps, e.g. "{endpoint: ..., tls: {...}}". */
static void
rt_up(const char *client, const char *client2)
{
    char yaml[4096];

    snprintf(yaml, sizeof(yaml),
             "receivers:\n  gc:\n    client: %s\n%s%s%s"
             "exporters:\n  nop:\n"
             "service:\n  workers: 1\n  shutdown_timeout: 5s\n"
             "  pipelines:\n    traces:\n"
             "      receivers: [gc]\n      exporters: [nop]\n",
             client, client2 ? "    client2: " : "", client2 ? client2 : "",
             client2 ? "\n" : "");
    harness_start(&g_env, defs, N_DEFS, yaml);
}

static void
rt_down(void)
{
    CHECK_INT(harness_stop(&g_env), 0);
    otelc__tel_free_all();
}

/* Posts a command: the instance makes `count` calls. */
static void
post(int which, const char *path, const char *const *md, const void *msg,
     size_t len, int64_t timeout_ns, int count)
{
    g_cmd.which = which;
    g_cmd.path = path;
    g_cmd.md = md;
    g_cmd.msg = msg;
    g_cmd.len = len;
    g_cmd.timeout_ns = timeout_ns;
    g_cmd.count = count;
    g_cmd.free_after_ms = 0;
    atomic_fetch_add(&g_cmd_seq, 1);
}

static void
wait_done(int target)
{
    for (int i = 0; i < 3000 && atomic_load(&g_done) < target; i++)
        usleep(10000);
    CHECK_INT(atomic_load(&g_done), target);
}

/* Makes `count` calls and waits for their outcomes. Returns the index of
 * the first result (calls are numbered in the order they were made). */
static int
run(int which, const char *path, const char *const *md, const void *msg,
    size_t len, int64_t timeout_ns, int count)
{
    int first = g_issued_main;

    post(which, path, md, msg, len, timeout_ns, count);
    g_issued_main += count;
    wait_done(g_issued_main);
    return first;
}

#define TRACES "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
#define SEC    INT64_C(1000000000)

static char *
client_cfg(const char *fmt, int port)
{
    static char buf[1024];
    snprintf(buf, sizeof(buf), fmt, port);
    return buf;
}

#define SKIP_WITHOUT_GRPCIO()                                                  \
    do {                                                                       \
        if (!have_grpcio()) {                                                  \
            fprintf(stderr, "skip: /usr/bin/python3 has no grpc module\n");    \
            return;                                                            \
        }                                                                      \
    } while (0)

/* -------------------------------------------------------------- cases */

static void
t_wire_helpers(void)
{
    char buf[16];
    /* Status{code 8, details [Any{RetryInfo{retry_delay {2s, 500ms}}}]} */
    static const uint8_t st[] = {
        0x08, 0x08, 0x1a, 0x36, 0x0a, 0x28, 't',  'y',  'p',  'e', '.',  'g',
        'o',  'o',  'g',  'l',  'e',  'a',  'p',  'i',  's',  '.', 'c',  'o',
        'm',  '/',  'g',  'o',  'o',  'g',  'l',  'e',  '.',  'r', 'p',  'c',
        '.',  'R',  'e',  't',  'r',  'y',  'I',  'n',  'f',  'o', 0x12, 0x0a,
        0x0a, 0x08, 0x08, 0x02, 0x10, 0x80, 0xca, 0xb5, 0xee, 0x01};
    char *enc = b64(st, sizeof(st)), *dec;

    otelc__grpc_timeout_str(INT64_C(5) * SEC, buf);
    CHECK_STR(buf, "5000000u");
    otelc__grpc_timeout_str(1, buf);
    CHECK_STR(buf, "1n");
    otelc__grpc_timeout_str(INT64_C(300) * SEC, buf);
    CHECK_STR(buf, "300000m");
    otelc__grpc_timeout_str(INT64_C(99999999001), buf); /* rounds up */
    CHECK_STR(buf, "100000m");
    otelc__grpc_timeout_str(INT64_C(200000) * SEC, buf);
    CHECK_STR(buf, "200000S");

    dec = otelc__grpc_percent_decode("a%20b%zz%C3%A9%");
    CHECK_STR(dec, "a b%zz\xc3\xa9%");
    free(dec);

    CHECK_INT(otelc__grpc_details_retry_ns(enc, strlen(enc)),
              INT64_C(2500000000));
    /* unpadded, as gRPC sends it */
    while (enc[strlen(enc) - 1] == '=')
        enc[strlen(enc) - 1] = '\0';
    CHECK_INT(otelc__grpc_details_retry_ns(enc, strlen(enc)),
              INT64_C(2500000000));
    CHECK_INT(otelc__grpc_details_retry_ns("CAg", 3), -1); /* no details */
    CHECK_INT(otelc__grpc_details_retry_ns("!!", 2), -1);
    free(enc);

    CHECK_INT(otelc__grpc_from_http(503), OTELC_GRPC_UNAVAILABLE);
    CHECK_INT(otelc__grpc_from_http(429), OTELC_GRPC_UNAVAILABLE);
    CHECK_INT(otelc__grpc_from_http(401), OTELC_GRPC_UNAUTHENTICATED);
    CHECK_INT(otelc__grpc_from_http(404), OTELC_GRPC_UNIMPLEMENTED);
    CHECK_INT(otelc__grpc_from_http(500), OTELC_GRPC_UNKNOWN);
    CHECK_INT(otelc__grpc_from_h2_error(7), OTELC_GRPC_UNAVAILABLE);
    CHECK_INT(otelc__grpc_from_h2_error(8), OTELC_GRPC_CANCELLED);
    CHECK_INT(otelc__grpc_codec(OTELC__COMPRESS_SNAPPY),
              OTELC__COMPRESS_SNAPPY_FRAMED);
    CHECK_INT(otelc__grpc_codec(OTELC__COMPRESS_GZIP), OTELC__COMPRESS_GZIP);
}

static void
t_ok_response_metadata_headers_authority(void)
{
    struct sink        s = {0};
    static const char *md[] = {"X-Call",       "c1",         "x-call-2",
                               "c2",           "te",         "gzip",
                               "content-type", "text/plain", NULL};
    char              *log, *req;
    int                r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--response-hex 0a03616263");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}, "
                     "headers: {X-Custom: v1, x-other: \"a b\"}, "
                     "authority: \"foo.example:1234\"}",
                     s.port),
          NULL);
    r = run(0, TRACES, md, "hello", 5, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, 0);
    CHECK_INT(g_res[r].body_len, 5);
    CHECK(memcmp(g_res[r].body,
                 "\x0a\x03"
                 "abc",
                 5) == 0);
    CHECK_INT(g_res[r].retry_after_ns, -1);
    rt_down();
    sink_stop(&s);

    log = slurp(s.out);
    req = b64("hello", 5);
    CHECK_CONTAINS(log, "\"method\": \"" TRACES "\"");
    CHECK_CONTAINS(log, "[\"x-custom\", \"v1\"]");
    CHECK_CONTAINS(log, "[\"x-other\", \"a b\"]");
    CHECK_CONTAINS(log, "[\"x-call\", \"c1\"]");
    CHECK_CONTAINS(log, "[\"x-call-2\", \"c2\"]");
    CHECK_CONTAINS(log, "\"authority\": \"foo.example:1234\"");
    CHECK_CONTAINS(log, "otelc/");
    /* Reserved fields in metadata were dropped (grpcio would have
     * refused a te other than "trailers" or a non-gRPC content-type). */
    CHECK(strstr(log, "text/plain") == NULL);
    CHECK_CONTAINS(log, req);
    free(req);
    free(log);
}

static void
t_gzip_request_and_response(void)
{
    struct sink s = {0};
    char        msg[2000], *log, *req;
    int         r;

    SKIP_WITHOUT_GRPCIO();
    for (size_t i = 0; i < sizeof(msg); i++)
        msg[i] = (char)('a' + i % 7);
    sink_start(&s, 0,
               "--tap --compress-response gzip --response-hex "
               "0a0a61616161616161616161616161616161");
    rt_up(client_cfg("{endpoint: \"http://127.0.0.1:%d\", "
                     "tls: {insecure: true}, compression: gzip}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, msg, sizeof(msg), 5 * SEC, 1);
    CHECK_INT(g_res[r].status, 0);
    /* grpcio compressed its answer (we accept gzip); we inflated it. */
    CHECK_INT(g_res[r].body_len, 18);
    CHECK(memcmp(g_res[r].body,
                 "\x0a\x0a"
                 "aaaaaaaaaaaaaaaa",
                 18) == 0);
    rt_down();
    sink_stop(&s);

    log = slurp(s.out);
    req = b64(msg, sizeof(msg));
    CHECK_CONTAINS(log, req); /* grpcio inflated it back to ours */
    /* On the wire: flagged compressed, a gzip member (1f 8b = "H4s"). */
    CHECK_CONTAINS(log, "\"compressed\": 1, \"message_b64\": \"H4s");
    free(req);
    free(log);
}

/* grpcio cannot inflate zstd or snappy, so the sink's frame tap hands the
 * wire bytes back and we decode them. */
static void
framing_roundtrip(const char *name, int algo)
{
    struct sink s = {0};
    char        cfg[256], msg[3000], *log, *p;
    uint8_t    *wire;
    void       *out = NULL;
    size_t      n, out_len = 0;
    int         r;

    for (size_t i = 0; i < sizeof(msg); i++)
        msg[i] = (char)('A' + i % 11);
    sink_start(&s, 0, "--tap");
    snprintf(cfg, sizeof(cfg),
             "{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}, "
             "compression: %s}",
             s.port, name);
    rt_up(cfg, NULL);
    r = run(0, TRACES, NULL, msg, sizeof(msg), 5 * SEC, 1);
    /* grpcio drops a grpc-encoding it does not know, so what it answers
     * says nothing about us: only the call's completion matters. */
    CHECK_INT(g_res[r].called, 1);
    rt_down();
    sink_stop(&s);

    log = slurp(s.out);
    p = strstr(log, "\"compressed\": 1, \"message_b64\": \"");
    CHECK(p != NULL);
    p += strlen("\"compressed\": 1, \"message_b64\": \"");
    wire = malloc(strlen(p));
    n = unb64(p, strlen(p), wire);
    CHECK_INT(otelc__decompress(algo, wire, n, 1 << 20, &out, &out_len),
              OTELC_OK);
    CHECK_INT(out_len, sizeof(msg));
    CHECK(memcmp(out, msg, sizeof(msg)) == 0);
    free(out);
    free(wire);
    free(log);
}

static void
t_zstd_snappy_framing(void)
{
    SKIP_WITHOUT_GRPCIO();
    framing_roundtrip("zstd", OTELC__COMPRESS_ZSTD);
    /* gRPC's snappy is the framing format (golang/snappy's writer). */
    framing_roundtrip("snappy", OTELC__COMPRESS_SNAPPY_FRAMED);
}

static void
t_error_status_and_message(void)
{
    struct sink s = {0};
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0,
               "--fail 1 --fail-code INVALID_ARGUMENT --fail-message "
               "bad_data:100%_wrong_\xc3\xa9");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, "x", 1, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_INVALID_ARGUMENT);
    CHECK_STR(g_res[r].message, "bad_data:100%_wrong_\xc3\xa9");
    CHECK_INT(g_res[r].retry_after_ns, -1);
    CHECK_INT(g_res[r].body_len, 0);
    /* The next call (same connection) succeeds. */
    r = run(0, TRACES, NULL, "x", 1, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, 0);
    rt_down();
    sink_stop(&s);
}

static void
t_retry_info(void)
{
    struct sink s = {0};
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0,
               "--fail 1 --fail-code RESOURCE_EXHAUSTED --retry-delay 2.5");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, "x", 1, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_RESOURCE_EXHAUSTED);
    CHECK_INT(g_res[r].retry_after_ns, INT64_C(2500000000));
    CHECK_STR(g_res[r].message, "sink failure");
    rt_down();
    sink_stop(&s);
}

static void
t_deadline_exceeded(void)
{
    struct sink s = {0};
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--sleep 1");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, "x", 1, INT64_C(300000000), 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_DEADLINE_EXCEEDED);
    /* Our timer or the server's (it got grpc-timeout) wins the race. */
    CHECK_CONTAINS(g_res[r].message, "eadline");
    /* The deadline is the call's own: one longer than the server's delay
     * gets the answer. */
    r = run(0, TRACES, NULL, "x", 1, 10 * SEC, 1);
    CHECK_INT(g_res[r].status, 0);
    rt_down();
    sink_stop(&s);
}

static void
t_connection_refused(void)
{
    int r;

    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     testnet_free_port()),
          NULL);
    r = run(0, TRACES, NULL, "x", 1, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_UNAVAILABLE);
    CHECK_CONTAINS(g_res[r].message, "refused");
    /* Within the backoff: fails fast without a new attempt, saying so. */
    r = run(0, TRACES, NULL, "x", 1, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_UNAVAILABLE);
    CHECK_CONTAINS(g_res[r].message, "backoff");
    rt_down();
}

static void
t_reconnect_after_sink_restart(void)
{
    struct sink s = {0};
    int         r, port, tries = 0;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, NULL);
    port = s.port;
    rt_up(
        client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}", port),
        NULL);
    r = run(0, TRACES, NULL, "one", 3, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, 0);
    sink_stop(&s);
    r = run(0, TRACES, NULL, "two", 3, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_UNAVAILABLE);
    sink_start(&s, port, NULL);
    CHECK_INT(s.port, port);
    /* Calls fail fast until the backoff (1s +- 20%) is over; then one
     * reconnects and gets through. */
    for (;;) {
        r = run(0, TRACES, NULL, "three", 5, 5 * SEC, 1);
        if (g_res[r].status == 0)
            break;
        CHECK_INT(g_res[r].status, OTELC_GRPC_UNAVAILABLE);
        CHECK_CONTAINS(g_res[r].message, "backoff");
        if (++tries == MAX_RES - 8) {
            fprintf(stderr, "no reconnect after %d calls\n", tries);
            exit(1);
        }
        usleep(20000);
    }
    rt_down();
    sink_stop(&s);
    /* The failed-fast calls never reached it. */
    CHECK_INT(log_count(&s, CALL_REC), 2);
}

static void
t_tls_with_client_certificate(void)
{
    struct sink s = {0};
    char        extra[512], c1[1024], c2[1024], *d;
    int         r;

    SKIP_WITHOUT_GRPCIO();
    d = g_tmpdir;
    /* A CA, a server certificate for localhost/127.0.0.1, a client one. */
    testnet_make_pki(d, TESTNET_KEY_RSA, "DNS:localhost,IP:127.0.0.1");
    snprintf(extra, sizeof(extra),
             "--tls-cert %s/srv.crt --tls-key %s/srv.key --client-ca "
             "%s/ca.crt",
             d, d, d);
    sink_start(&s, 0, extra);
    /* "localhost" goes through the resolver on the work queue and may
     * try ::1 first, where nothing listens. */
    snprintf(c1, sizeof(c1),
             "{endpoint: \"localhost:%d\", tls: {ca_file: %s/ca.crt, "
             "cert_file: %s/cli.crt, key_file: %s/cli.key}}",
             s.port, d, d, d);
    snprintf(c2, sizeof(c2),
             "{endpoint: \"https://127.0.0.1:%d\", tls: {ca_file: "
             "%s/ca.crt}}",
             s.port, d);
    rt_up(c1, c2);
    r = run(0, TRACES, NULL, "tls", 3, 10 * SEC, 1);
    CHECK_INT(g_res[r].status, 0);
    /* Without a client certificate the server refuses the handshake. */
    r = run(1, TRACES, NULL, "tls", 3, 10 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_UNAVAILABLE);
    rt_down();
    sink_stop(&s);
}

/* The log's order says how many calls were at the server at once: the tap
 * records a call's request as it passes ("wire"), the sink records it
 * again once answered ("call"); wire minus call lines so far is the
 * number of streams open. The client can only open a stream after an
 * answer closed one, so the peak never exceeds the server's limit. */
static int
peak_in_flight(const char *log)
{
    int         open = 0, peak = 0;
    const char *p = log;

    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t      n = eol ? (size_t)(eol - p) : strlen(p);
        if (memmem(p, n, WIRE_REC, strlen(WIRE_REC)))
            open++;
        else if (memmem(p, n, CALL_REC, strlen(CALL_REC)))
            open--;
        if (open > peak)
            peak = open;
        p += n + (eol != NULL);
    }
    return peak;
}

static void
t_fifty_concurrent_calls_through_stream_limit(void)
{
    struct sink s = {0};
    char       *log;
    int         r, peak;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--tap --sleep 0.2 --max-streams 8");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, "many", 4, 20 * SEC, 50);
    for (int i = 0; i < 50; i++) {
        if (g_res[r + i].status != 0)
            fprintf(stderr, "call %d: %d %s\n", i, g_res[r + i].status,
                    g_res[r + i].message);
        CHECK_INT(g_res[r + i].status, 0);
        CHECK_INT(g_res[r + i].called, 1);
    }
    rt_down();
    sink_stop(&s);
    log = slurp(s.out);
    CHECK_INT(count_of(log, CALL_REC), 50);
    CHECK_INT(count_of(log, WIRE_REC), 50);
    /* Concurrent up to the 8 streams the server allows (it holds each
     * call 0.2s and the client opens them at once), never more. */
    peak = peak_in_flight(log);
    CHECK_INT(peak, 8);
    free(log);
}

/* A call on client2 (same sink, its own connection) made after the free:
 * the sink holds it as long as the freed client's calls, which it got
 * earlier, so by its callback their answers (or the error of a closed
 * connection), had they not been cancelled, would have been called back
 * too. */
static int
call_on_client2(void)
{
    int r = g_issued_main;
    post(1, TRACES, NULL, "after", 5, 10 * SEC, 1);
    g_issued_main++;
    return r;
}

static void
t_free_with_calls_in_flight(void)
{
    struct sink s = {0};
    char        cfg[128];
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--tap --sleep 1");
    snprintf(cfg, sizeof(cfg),
             "{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}", s.port);
    rt_up(cfg, cfg);
    post(0, TRACES, NULL, "x", 1, 5 * SEC, 3);
    g_issued_main += 3;
    WAIT_UNTIL(log_count(&s, WIRE_REC) == 3, 20,
               "the three calls to reach the sink");
    /* Free the client while the sink holds them. */
    g_cmd.count = 0;
    g_cmd.free_after_ms = 1;
    atomic_fetch_add(&g_cmd_seq, 1);
    WAIT_UNTIL(atomic_load(&g_freed), 20, "the client to be freed");
    r = call_on_client2();
    wait_done(1);
    CHECK_INT(g_res[r].called, 1);
    CHECK_INT(g_res[r].status, 0);
    /* Cancelled by free: no callback, and (under ASan) no leak. */
    for (int i = 0; i < 3; i++)
        CHECK_INT(g_res[i].called, 0);
    rt_down();
    sink_stop(&s);
}

/* Freeing the client from inside a callback: the other calls, finished
 * or not, are never called back. */
static void
t_free_inside_callback(void)
{
    struct sink s = {0};
    char        cfg[128];
    int         r, first = -1;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--sleep 0.3");
    snprintf(cfg, sizeof(cfg),
             "{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}", s.port);
    rt_up(cfg, cfg);
    g_cmd.free_in_cb = 1;
    post(0, TRACES, NULL, "x", 1, 5 * SEC, 4);
    g_issued_main += 4;
    WAIT_UNTIL(atomic_load(&g_freed), 20, "the first callback to free");
    g_cmd.free_in_cb = 0;
    r = call_on_client2();
    wait_done(2);
    CHECK_INT(g_res[r].called, 1);
    CHECK_INT(g_res[r].status, 0);
    for (int i = 0; i < 4; i++) {
        if (g_res[i].called) {
            CHECK_INT(first, -1); /* only one of them */
            first = i;
        }
    }
    CHECK(first >= 0);
    rt_down();
    sink_stop(&s);
}

static void
t_keepalive_pings_acknowledged(void)
{
    struct sink s = {0};
    char       *log;
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--tap --permit-pings --sleep 0.8");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}, "
                     "keepalive: {time: 100ms, timeout: 2s}}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, "ka", 2, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, 0);
    rt_down();
    sink_stop(&s);
    log = slurp(s.out);
    CHECK(count_of(log, "\"kind\": \"ping\", \"dropped\": false") >= 3);
    free(log);
}

static void
t_keepalive_unacknowledged_closes(void)
{
    struct sink s = {0};
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--tap --drop-pings --permit-pings --sleep 3");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}, "
                     "keepalive: {time: 200ms, timeout: 300ms}}",
                     s.port),
          NULL);
    /* The sink would answer after 3s: the call ends before, because the
     * connection went away, and says why. */
    r = run(0, TRACES, NULL, "ka", 2, 10 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_UNAVAILABLE);
    CHECK_CONTAINS(g_res[r].message, "keepalive");
    rt_down();
    sink_stop(&s);
    CHECK(log_count(&s, "\"kind\": \"ping\", \"dropped\": true") >= 1);
}

/* A peer that accepts TCP but never speaks HTTP/2: the call waits for
 * the connection and its deadline ends it. */
static void
t_silent_peer_deadline(void)
{
    struct sockaddr_in a;
    socklen_t          len = sizeof(a);
    int                fd = socket(AF_INET, SOCK_STREAM, 0), r;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
    CHECK(listen(fd, 8) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     ntohs(a.sin_port)),
          NULL);
    r = run(0, TRACES, NULL, "x", 1, INT64_C(300000000), 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_DEADLINE_EXCEEDED);
    CHECK_CONTAINS(g_res[r].message, "waiting for a connection");
    rt_down();
    close(fd);
}

/* ---- a scripted HTTP/2 peer: frames written and read by the test ---- */

static void
h2_frame(int fd, int type, int flags, uint32_t sid, const void *p, size_t n)
{
    unsigned char h[9] = {
        (unsigned char)(n >> 16),   (unsigned char)(n >> 8),
        (unsigned char)n,           (unsigned char)type,
        (unsigned char)flags,       (unsigned char)(sid >> 24),
        (unsigned char)(sid >> 16), (unsigned char)(sid >> 8),
        (unsigned char)sid};
    CHECK(send(fd, h, 9, MSG_NOSIGNAL) == 9);
    if (n > 0)
        CHECK(send(fd, p, n, MSG_NOSIGNAL) == (ssize_t)n);
}

/* What the peer has read of the client's side of the connection. */
struct h2peer {
    int           fd;
    unsigned char buf[65536];
    size_t        len;
    int           preface_done, eof;
    uint32_t      max_stream; /* highest stream the client opened */
    uint32_t      ended;      /* last stream the client finished */
};

/* Reads and parses what the client sends (acknowledging its SETTINGS)
 * until `until_stream` ends, or until EOF when it is 0. The limit is a
 * hang guard. */
static void
h2_read(struct h2peer *h, uint32_t until_stream)
{
    for (;;) {
        struct pollfd pfd = {h->fd, POLLIN, 0};
        ssize_t       r;

        while (1) {
            size_t   off = 0, flen;
            unsigned type, flags;
            uint32_t sid;
            if (!h->preface_done) {
                if (h->len < 24)
                    break;
                CHECK(memcmp(h->buf, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24) ==
                      0);
                off = 24;
                h->preface_done = 1;
            } else {
                if (h->len < 9)
                    break;
                flen = (size_t)h->buf[0] << 16 | (size_t)h->buf[1] << 8 |
                       h->buf[2];
                if (h->len < 9 + flen)
                    break;
                type = h->buf[3];
                flags = h->buf[4];
                sid = ((uint32_t)h->buf[5] << 24 | (uint32_t)h->buf[6] << 16 |
                       (uint32_t)h->buf[7] << 8 | h->buf[8]) &
                      0x7fffffffu;
                if (type == 4 && !(flags & 1))
                    h2_frame(h->fd, 4, 1, 0, NULL, 0); /* SETTINGS ACK */
                if (type == 1 && sid > h->max_stream)
                    h->max_stream = sid;
                if ((type == 0 || type == 1) && (flags & 1))
                    h->ended = sid;
                off = 9 + flen;
            }
            memmove(h->buf, h->buf + off, h->len - off);
            h->len -= off;
            if (until_stream && h->ended == until_stream)
                return;
        }
        if (poll(&pfd, 1, 20000) != 1) {
            fprintf(stderr, "the client said nothing for 20s\n");
            exit(1);
        }
        CHECK(h->len < sizeof(h->buf));
        r = recv(h->fd, h->buf + h->len, sizeof(h->buf) - h->len, 0);
        if (r <= 0) {
            h->eof = 1;
            CHECK(until_stream == 0);
            return;
        }
        h->len += (size_t)r;
    }
}

/* The server goes away (GOAWAY) with a call in flight: that call still
 * completes with its response; one waiting for a stream slot (the peer
 * allows one) when the GOAWAY comes is not sent on the draining
 * connection, and fails UNAVAILABLE once it closed (nothing listens any
 * more). The peer is scripted so that the order is the one on the wire:
 * the GOAWAY (last stream 1) goes out after the first call arrived and
 * before its answer. */
static void
t_goaway_drains(void)
{
    static const unsigned char settings[] = {0, 3, 0, 0, 0, 1}; /* 1 stream */
    static const unsigned char goaway[] = {0, 0, 0, 1, 0, 0, 0, 0};
    /* HPACK without Huffman: ":status: 200", "content-type:
     * application/grpc" (a literal with the name from the static table),
     * and the trailer "grpc-status: 0" (a literal with a new name). */
    static const char          resp_headers[] = "\x88\x0f\x10\x10"
                                                "application/grpc";
    static const char          trailers[] = "\x00\x0b"
                                            "grpc-status\x01"
                                            "0";
    static const unsigned char empty_msg[] = {0, 0, 0, 0, 0};
    struct sockaddr_in         a;
    socklen_t                  alen = sizeof(a);
    static struct h2peer       h;
    int                        lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct pollfd              pfd;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
    CHECK(listen(lfd, 8) == 0);
    CHECK(getsockname(lfd, (struct sockaddr *)&a, &alen) == 0);
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     ntohs(a.sin_port)),
          NULL);
    post(0, TRACES, NULL, "first", 5, 10 * SEC, 1);
    pfd = (struct pollfd){lfd, POLLIN, 0};
    CHECK(poll(&pfd, 1, 20000) == 1);
    memset(&h, 0, sizeof(h));
    h.fd = accept(lfd, NULL, NULL);
    CHECK(h.fd >= 0);
    close(lfd); /* from now on, connecting is refused */
    h2_frame(h.fd, 4, 0, 0, settings, sizeof(settings));
    h2_read(&h, 1);
    /* The second call is made, and waits for the only stream slot. */
    post(0, TRACES, NULL, "second", 6, 10 * SEC, 1);
    WAIT_UNTIL(atomic_load(&g_made) == 2, 20, "the second call to be made");
    h2_frame(h.fd, 7, 0, 0, goaway, sizeof(goaway));
    h2_frame(h.fd, 1, 4, 1, resp_headers, sizeof(resp_headers) - 1);
    h2_frame(h.fd, 0, 0, 1, empty_msg, sizeof(empty_msg));
    h2_frame(h.fd, 1, 5, 1, trailers, sizeof(trailers) - 1); /* END_STREAM */
    g_issued_main += 2;
    wait_done(2);
    CHECK_INT(g_res[0].status, 0);
    CHECK_INT(g_res[1].status, OTELC_GRPC_UNAVAILABLE);
    /* The drained connection was closed, and carried no second call. */
    h2_read(&h, 0);
    CHECK(h.eof);
    CHECK_INT(h.max_stream, 1);
    close(h.fd);
    rt_down();
}

/* A response over the 64 MiB limit is cut off (RST_STREAM) rather than
 * buffered whole, and reported as RESOURCE_EXHAUSTED. */
static void
t_response_too_large(void)
{
    struct sink s = {0};
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--response-size 67200000");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, "x", 1, 30 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_RESOURCE_EXHAUSTED);
    CHECK_CONTAINS(g_res[r].message, "larger than");
    rt_down();
    sink_stop(&s);
}

/* A non-gRPC HTTP/2 answer (a proxy's 503) maps per the gRPC spec. */
static void
t_http_status_mapped(void)
{
    struct sink s = {0};
    int         r;

    SKIP_WITHOUT_GRPCIO();
    sink_start(&s, 0, "--raw-http-status 503");
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}}",
                     s.port),
          NULL);
    r = run(0, TRACES, NULL, "x", 1, 5 * SEC, 1);
    CHECK_INT(g_res[r].status, OTELC_GRPC_UNAVAILABLE);
    CHECK_CONTAINS(g_res[r].message, "HTTP status 503");
    rt_down();
    sink_stop(&s);
}

/* wait_for_ready: the call outlives failed attempts and goes out on the
 * connection the backoff timer makes once the server is up. Until then
 * the port is ours: it accepts and closes at once (an attempt that fails
 * before the connection is ready), so the test sees each attempt. */
static void
t_wait_for_ready(void)
{
    struct sockaddr_in a;
    socklen_t          len = sizeof(a);
    struct sink        s = {0};
    int                lfd = socket(AF_INET, SOCK_STREAM, 0), port;

    SKIP_WITHOUT_GRPCIO();
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)) ==
          0);
    CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
    CHECK(listen(lfd, 8) == 0);
    CHECK(getsockname(lfd, (struct sockaddr *)&a, &len) == 0);
    port = ntohs(a.sin_port);
    rt_up(client_cfg("{endpoint: \"127.0.0.1:%d\", tls: {insecure: true}, "
                     "wait_for_ready: true}",
                     port),
          NULL);
    post(0, TRACES, NULL, "wfr", 3, 20 * SEC, 1);
    g_issued_main++;
    /* Two attempts: the second is the backoff timer's, for a call that
     * is still waiting (without wait_for_ready it would have failed). */
    for (int attempt = 0; attempt < 2; attempt++) {
        struct pollfd pfd = {lfd, POLLIN, 0};
        int           fd;
        if (poll(&pfd, 1, 20000) != 1) {
            fprintf(stderr, "no connection attempt %d within 20s\n",
                    attempt + 1);
            exit(1);
        }
        fd = accept(lfd, NULL, NULL);
        CHECK(fd >= 0);
        close(fd);
    }
    CHECK_INT(atomic_load(&g_done), 0);
    close(lfd);
    sink_start(&s, port, NULL);
    CHECK_INT(s.port, port);
    wait_done(1);
    CHECK_INT(g_res[0].status, 0);
    rt_down();
    sink_stop(&s);
    CHECK_INT(log_count(&s, CALL_REC), 1);
}

/* Validation opens no file; creating the instance reads the CA and
 * reports a bad one. */
static void
t_tls_bad_ca_file_fails_create(void)
{
    const char *yaml = "receivers:\n  gc:\n    client: {endpoint: "
                       "\"127.0.0.1:1\", tls: {ca_file: "
                       "/nonexistent/ca.pem}}\n"
                       "exporters:\n  nop:\n"
                       "service:\n  workers: 1\n  pipelines:\n    traces:\n"
                       "      receivers: [gc]\n      exporters: [nop]\n";

    harness_registry(&g_env, defs, N_DEFS);
    CHECK_INT(harness_validate(&g_env, yaml), 0);
    CHECK(otelc__graph_build(&g_env.rt, &g_env.svc, 1) != 0);
    otelc__graph_free(&g_env.rt);
    harness_free(&g_env);
    otelc__tel_free_all();
}

static void
t_validate_reports_bad_settings(void)
{
    const char *yaml = "receivers:\n  gc:\n    client: {tls: {insecure: "
                       "true}}\n"
                       "exporters:\n  nop:\n"
                       "service:\n  pipelines:\n    traces:\n"
                       "      receivers: [gc]\n      exporters: [nop]\n";
    int         errors;

    harness_registry(&g_env, defs, N_DEFS);
    errors = (int)harness_validate(&g_env, yaml);
    CHECK(errors >= 1);
    CHECK_CONTAINS(otelc__diag_text(&g_env.diag, 0), "receivers.gc.client");
    CHECK_CONTAINS(otelc__diag_text(&g_env.diag, 0), "endpoint");
    harness_free(&g_env);
    otelc__tel_free_all();
}

static const struct test_case cases[] = {
    TEST_CASE(t_wire_helpers),
    TEST_CASE(t_ok_response_metadata_headers_authority),
    TEST_CASE(t_gzip_request_and_response),
    TEST_CASE(t_zstd_snappy_framing),
    TEST_CASE(t_error_status_and_message),
    TEST_CASE(t_retry_info),
    TEST_CASE(t_deadline_exceeded),
    TEST_CASE(t_connection_refused),
    TEST_CASE(t_reconnect_after_sink_restart),
    TEST_CASE(t_tls_with_client_certificate),
    TEST_CASE(t_fifty_concurrent_calls_through_stream_limit),
    TEST_CASE(t_free_with_calls_in_flight),
    TEST_CASE(t_free_inside_callback),
    TEST_CASE(t_keepalive_pings_acknowledged),
    TEST_CASE(t_keepalive_unacknowledged_closes),
    TEST_CASE(t_silent_peer_deadline),
    TEST_CASE(t_goaway_drains),
    TEST_CASE(t_http_status_mapped),
    TEST_CASE(t_response_too_large),
    TEST_CASE(t_wait_for_ready),
    TEST_CASE(t_validate_reports_bad_settings),
    TEST_CASE(t_tls_bad_ca_file_fails_create),
};

int
main(int argc, char **argv)
{
    int rc;

    tmpdir_init(); /* shared by the forked cases, removed at the end */
    rc = test_main(argc, argv, cases, TEST_COUNT(cases));
    if (g_tmpdir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", g_tmpdir);
        if (system(cmd) != 0)
            rc = 1;
    }
    return rc;
}
