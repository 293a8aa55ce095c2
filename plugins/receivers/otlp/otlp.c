/* The `otlp` receiver: otelcol's OTLP receiver over gRPC and HTTP.
 *
 * All protocol work (HTTP/1.1, HTTP/2, TLS, gRPC framing, decompression,
 * size limits, CORS, timeouts) is the host's server (otelc/server.h); this
 * file maps OTLP requests onto batches and pipeline outcomes onto the
 * status codes of the OTLP specification:
 *
 *   malformed payload          INVALID_ARGUMENT    400
 *   downstream PERMANENT       INVALID_ARGUMENT    400
 *   downstream RETRYABLE       UNAVAILABLE         503 + Retry-After
 *   downstream OVERLOADED      RESOURCE_EXHAUSTED  429 + Retry-After
 *
 * Protobuf bodies are handed to the host as they arrived: it validates
 * them and counts the items with a shallow scan, and nothing decodes them
 * unless a processor looks inside (DESIGN.md section 4). JSON is parsed
 * once into the internal form.
 *
 * Every listener serves every OTLP transport: the host detects the
 * protocol of each connection, so the gRPC port also answers OTLP/HTTP
 * and the HTTP port also answers gRPC (README.md). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <otelc/otelc.h>

#include "wire.h"

#define OTLP_VERSION "0.1.0"

/* Seconds a client is asked to wait before retrying a refused request.
 * SDKs back off exponentially on top of it. */
#define OTLP_RETRY_AFTER "1"

#define CT_PROTOBUF "application/x-protobuf"
#define CT_JSON     "application/json"

/* Per-signal tables are indexed in otelc_signal_index() order. */
enum { SIG_TRACES, SIG_METRICS, SIG_LOGS };

static const struct otlp_signal {
    int         signal;
    const char *grpc_path;
    const char *path_key;
    const char *noun; /* for messages */
} otlp_signals[OTELC_SIGNAL_COUNT] = {
    {OTELC_SIGNAL_TRACES,
     "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
     "traces_url_path", "spans"},
    {OTELC_SIGNAL_METRICS,
     "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
     "metrics_url_path", "data points"},
    {OTELC_SIGNAL_LOGS,
     "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
     "logs_url_path", "log records"},
};

struct otlp_rcv;

/* The argument of one signal's routes. */
struct otlp_route {
    struct otlp_rcv          *rcv;
    const struct otlp_signal *sig;
};

struct otlp_rcv {
    otelc_ctx        *ctx;
    otelc_server     *grpc; /* NULL when protocols.grpc is absent */
    otelc_server     *http; /* NULL when protocols.http is absent */
    char             *http_paths[OTELC_SIGNAL_COUNT];
    struct otlp_route routes[OTELC_SIGNAL_COUNT];
};

/* What became of one request. */
struct outcome {
    int         grpc_code; /* OTELC_GRPC_* */
    int         retry;     /* send Retry-After */
    uint64_t    rejected;  /* partial success */
    const char *message;   /* error or partial-success text, or NULL */
    char        buf[256];  /* storage for message when composed here */
};

/* ---- small helpers ---- */

static int
ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* True when the media type of a Content-Type value (parameters such as
 * "; charset=utf-8" ignored, case-insensitive) is `want`. */
static int
media_type_is(const char *value, const char *want)
{
    const char *p = value;
    size_t      n = strlen(want);

    while (*p == ' ' || *p == '\t')
        p++;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)p[i]) != want[i])
            return 0;
    p += n;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p == '\0' || *p == ';';
}

static int
http_status_of(int grpc_code)
{
    switch (grpc_code) {
    case OTELC_GRPC_OK:
        return 200;
    case OTELC_GRPC_INVALID_ARGUMENT:
        return 400;
    case OTELC_GRPC_RESOURCE_EXHAUSTED:
        return 429;
    case OTELC_GRPC_UNAVAILABLE:
        return 503;
    case OTELC_GRPC_UNIMPLEMENTED:
        return 404;
    }
    return 500;
}

/* ---- turning a body into a batch and passing it on ---- */

static int
ids_bad(const otelc_node *item, int traces)
{
    uint32_t    f_trace = traces ? OTELC_SPAN_TRACE_ID : OTELC_LOG_TRACE_ID;
    uint32_t    f_span = traces ? OTELC_SPAN_SPAN_ID : OTELC_LOG_SPAN_ID;
    size_t      t, s, p = 0;
    const char *tid = otelc_node_str(item, f_trace, &t);
    const char *sid = otelc_node_str(item, f_span, &s);
    const char *pid = "";

    if (traces)
        pid = otelc_node_str(item, OTELC_SPAN_PARENT_SPAN_ID, &p);
    return !wire_id_ok(tid, t, 16, traces) || !wire_id_ok(sid, s, 8, traces) ||
           !wire_id_ok(pid, p, 8, 0);
}

/* Removes the spans and log records whose ids are invalid and returns
 * how many. The OTLP specification makes a span's trace_id (16 bytes) and
 * span_id (8 bytes) required and calls empty or all-zero ids invalid; a
 * log record's ids are optional but must have those lengths when present.
 * Such items cannot be written by the exporters downstream (Jaeger, Zipkin,
 * OTLP/JSON consumers key on the ids) and would poison a whole batch
 * there, so they are refused here, where the client can still be told
 * (OTLP partial success) and the rest of its request is kept. Decodes the
 * batch: callers only get here when a cheap scan of the bytes found such
 * an item, or for JSON, which is decoded already. */
static uint64_t
drop_bad_ids(otelc_batch *b, int signal)
{
    int         traces = signal == OTELC_SIGNAL_TRACES;
    otelc_node *root;
    uint64_t    dropped = 0;

    if (!traces && signal != OTELC_SIGNAL_LOGS)
        return 0;
    root = otelc_batch_root(b);
    for (size_t ri = 0; ri < otelc_node_count(root, OTELC_REQUEST_RESOURCES);
         ri++) {
        otelc_node *rx = otelc_node_msg(root, OTELC_REQUEST_RESOURCES, ri);
        for (size_t si = 0; si < otelc_node_count(rx, OTELC_RESOURCE_X_SCOPES);
             si++) {
            otelc_node *sx = otelc_node_msg(rx, OTELC_RESOURCE_X_SCOPES, si);
            /* Backwards, so removing keeps the indexes still to visit. */
            for (size_t ii = otelc_node_count(sx, OTELC_SCOPE_X_ITEMS);
                 ii-- > 0;) {
                otelc_node *it = otelc_node_msg(sx, OTELC_SCOPE_X_ITEMS, ii);
                if (ids_bad(it, traces) &&
                    otelc_node_remove(sx, OTELC_SCOPE_X_ITEMS, ii) == OTELC_OK)
                    dropped++;
            }
        }
    }
    return dropped;
}

static void
fail(struct outcome *o, int grpc_code, int retry, const char *message)
{
    o->grpc_code = grpc_code;
    o->retry = retry;
    o->message = message;
}

/* Decodes `body` (OTLP protobuf, or OTLP/JSON when json is set), drops
 * items with impossible ids, and emits the rest. */
static void
ingest(struct otlp_rcv *r, const struct otlp_signal *sig, const void *body,
       size_t len, int json, const char *transport, struct outcome *o)
{
    otelc_batch *b = NULL;
    int          rc;

    memset(o, 0, sizeof(*o));
    if (json)
        rc = otelc_batch_from_otlp_json(r->ctx, sig->signal, body, len, &b);
    else
        /* The request's body dies with the request; the batch outlives
         * it in queues downstream. */
        rc = otelc_batch_from_otlp(r->ctx, sig->signal, body, len, OTELC_COPY,
                                   &b);
    if (rc != OTELC_OK) {
        /* The item count of bytes that do not parse is unknown, so there
         * is nothing to add to the refused counters. */
        if (rc == OTELC_E_NOMEM || rc == OTELC_E_OVERLOADED)
            fail(o, OTELC_GRPC_RESOURCE_EXHAUSTED, 1, otelc_last_error(r->ctx));
        else if (rc == OTELC_E_PERMANENT || rc == OTELC_E_INVALID ||
                 rc == OTELC_E_TYPE || rc == OTELC_E_RANGE)
            fail(o, OTELC_GRPC_INVALID_ARGUMENT, 0, otelc_last_error(r->ctx));
        else
            fail(o, OTELC_GRPC_INTERNAL, 0, otelc_last_error(r->ctx));
        otelc_debug(r->ctx, "refused a %s request: %s", transport, o->message);
        return;
    }

    if (json || wire_has_bad_ids(sig->signal, body, len)) {
        o->rejected = drop_bad_ids(b, sig->signal);
        if (o->rejected > 0) {
            snprintf(o->buf, sizeof(o->buf), "%llu %s rejected: %s",
                     (unsigned long long)o->rejected, sig->noun,
                     sig->signal == OTELC_SIGNAL_TRACES
                         ? "a span needs a trace_id of 16 bytes and a "
                           "span_id of 8 bytes, not all zero"
                         : "trace_id must be 16 bytes and span_id 8 bytes, "
                           "or empty");
            o->message = o->buf;
            otelc_report(r->ctx, OTELC_REPORT_REFUSED, sig->signal,
                         o->rejected);
            otelc_debug(r->ctx, "%s", o->buf);
        }
    }

    /* An empty request is valid and answered OK; nothing to pass on. */
    if (otelc_batch_items(b) == 0) {
        otelc_batch_release(b);
        return;
    }
    rc = otelc_emit_transport(r->ctx, b, transport);
    switch (rc) {
    case OTELC_OK:
        return;
    case OTELC_E_RETRYABLE:
    case OTELC_E_TIMEOUT:
    case OTELC_E_SHUTDOWN:
        fail(o, OTELC_GRPC_UNAVAILABLE, 1,
             "the collector cannot accept data now, retry later");
        break;
    case OTELC_E_OVERLOADED:
    case OTELC_E_NOMEM:
        fail(o, OTELC_GRPC_RESOURCE_EXHAUSTED, 1,
             "the collector is over its memory limit, retry later");
        break;
    case OTELC_E_PERMANENT:
        fail(o, OTELC_GRPC_INVALID_ARGUMENT, 0,
             "the data was rejected by the pipeline");
        break;
    default:
        snprintf(o->buf, sizeof(o->buf), "internal error: %s",
                 otelc_status_message(rc));
        fail(o, OTELC_GRPC_INTERNAL, 0, o->buf);
        break;
    }
    o->rejected = 0; /* the whole request failed */
}

/* ---- gRPC ---- */

static void
serve_grpc(struct otlp_rcv *r, const struct otlp_signal *sig,
           otelc_request *req)
{
    const void    *body = NULL;
    size_t         len = 0;
    struct outcome o;
    struct wbuf    out;
    char           text[WIRE_MAX_MESSAGE + 1];

    if (otelc_req_body(req, &body, &len) != OTELC_OK) {
        otelc_req_grpc_respond(req, OTELC_GRPC_INTERNAL,
                               "cannot read the request", NULL, 0);
        return;
    }
    ingest(r, sig, body, len, 0, "grpc", &o);
    if (o.grpc_code != OTELC_GRPC_OK) {
        wire_clean_text(text, o.message);
        otelc_req_grpc_respond(req, o.grpc_code, text, NULL, 0);
        return;
    }
    out.len = 0;
    wire_response_pb(&out, o.rejected, o.rejected ? o.message : NULL);
    otelc_req_grpc_respond(req, OTELC_GRPC_OK, NULL, out.p, out.len);
}

/* ---- HTTP ---- */

/* An error as a google.rpc.Status in the request's encoding (OTLP/HTTP). */
static void
http_error(otelc_request *req, int json, int http_status, int grpc_code,
           const char *message, const char *const *headers)
{
    struct wbuf out;

    out.len = 0;
    if (json)
        wire_status_json(&out, grpc_code, message);
    else
        wire_status_pb(&out, grpc_code, message);
    otelc_req_respond(req, http_status, json ? CT_JSON : CT_PROTOBUF, out.p,
                      out.len, headers);
}

static void
serve_http(struct otlp_rcv *r, const struct otlp_signal *sig,
           otelc_request *req)
{
    static const char *const allow[] = {"Allow", "POST", NULL};
    static const char *const retry[] = {"Retry-After", OTLP_RETRY_AFTER, NULL};
    const char              *method = otelc_req_method(req);
    const char              *ctype = otelc_req_header(req, "content-type");
    const void              *body = NULL;
    size_t                   len = 0;
    int                      json;
    struct outcome           o;
    struct wbuf              out;

    if (ctype != NULL && media_type_is(ctype, CT_PROTOBUF))
        json = 0;
    else if (ctype != NULL && media_type_is(ctype, CT_JSON))
        json = 1;
    else
        json = -1;

    if (method == NULL || strcmp(method, "POST") != 0) {
        /* Without a usable content type there is no encoding for a
         * Status: answer in plain text, as otelcol does. */
        if (json < 0) {
            static const char msg[] =
                "405 method not allowed, supported: [POST]";
            otelc_req_respond(req, 405, "text/plain", msg, sizeof(msg) - 1,
                              allow);
        } else {
            http_error(req, json, 405, OTELC_GRPC_UNIMPLEMENTED,
                       "method not allowed, supported: [POST]", allow);
        }
        return;
    }
    if (json < 0 || (json && !otelc_host_has(r->ctx, batch_from_otlp_json))) {
        static const char msg[] = "415 unsupported media type, supported: "
                                  "[" CT_JSON ", " CT_PROTOBUF "]";
        otelc_req_respond(req, 415, "text/plain", msg, sizeof(msg) - 1, NULL);
        return;
    }
    if (otelc_req_body(req, &body, &len) != OTELC_OK) {
        http_error(req, json, 500, OTELC_GRPC_INTERNAL,
                   "cannot read the request", NULL);
        return;
    }
    ingest(r, sig, body, len, json, "http", &o);
    if (o.grpc_code != OTELC_GRPC_OK) {
        http_error(req, json, http_status_of(o.grpc_code), o.grpc_code,
                   o.message, o.retry ? retry : NULL);
        return;
    }
    out.len = 0;
    if (json)
        wire_response_json(&out, sig->signal, o.rejected,
                           o.rejected ? o.message : NULL);
    else
        wire_response_pb(&out, o.rejected, o.rejected ? o.message : NULL);
    otelc_req_respond(req, 200, json ? CT_JSON : CT_PROTOBUF, out.p, out.len,
                      NULL);
}

static void
on_request(void *arg, otelc_request *req)
{
    struct otlp_route *rt = arg;

    if (otelc_req_protocol(req) == OTELC_PROTO_GRPC)
        serve_grpc(rt->rcv, rt->sig, req);
    else
        serve_http(rt->rcv, rt->sig, req);
}

/* ---- configuration ---- */

/* The port of a host:port endpoint ("" when there is none). */
static const char *
endpoint_port(const char *endpoint)
{
    const char *colon = strrchr(endpoint, ':');
    return colon ? colon + 1 : "";
}

/* otelcol makes a relative URL path absolute ("v1/traces" -> "/v1/traces"). */
static char *
url_path(otelc_ctx *ctx, const char *path)
{
    size_t n = strlen(path);
    int    slash = path[0] != '/';
    char  *p = otelc_malloc(ctx, n + (size_t)slash + 1);

    if (p == NULL)
        return NULL;
    p[0] = '/';
    memcpy(p + slash, path, n + 1);
    return p;
}

/* ---- configuration ---- */

struct otlp_http_cfg {
    const otelc_config *server; /* the http node: confighttp settings */
    const char         *paths[OTELC_SIGNAL_COUNT];
};

struct otlp_cfg {
    struct {
        const otelc_config  *grpc; /* NULL: protocols.grpc absent */
        struct otlp_http_cfg http; /* .server NULL: protocols.http absent */
    } protocols;
};

#define HTTP_OPT(key, member, ...)                                             \
    OTELC_OPTION(key, OTELC_OPT_STRING, struct otlp_http_cfg, member,          \
                 __VA_ARGS__)

static const otelc_option otlp_http_options[] = {
    OTELC_OPTION(NULL, OTELC_OPT_BLOCK, struct otlp_http_cfg, server,
                 .block = OTELC_BLOCK_HTTP_SERVER,
                 .help = "confighttp server settings (default endpoint "
                         "localhost:4318)"),
    HTTP_OPT("traces_url_path", paths[SIG_TRACES], .def = "/v1/traces",
             .help = "URL path of OTLP/HTTP traces"),
    HTTP_OPT("metrics_url_path", paths[SIG_METRICS], .def = "/v1/metrics",
             .help = "URL path of OTLP/HTTP metrics"),
    HTTP_OPT("logs_url_path", paths[SIG_LOGS], .def = "/v1/logs",
             .help = "URL path of OTLP/HTTP logs"),
    OTELC_OPTIONS_END};

static const otelc_option otlp_protocol_options[] = {
    OTELC_OPTION("grpc", OTELC_OPT_BLOCK, struct otlp_cfg, protocols.grpc,
                 .block = OTELC_BLOCK_GRPC_SERVER,
                 .help = "OTLP/gRPC listener (default endpoint "
                         "localhost:4317); present, even empty, enables it"),
    OTELC_OPTION("http", OTELC_OPT_SECTION, struct otlp_cfg, protocols.http,
                 .sub = otlp_http_options,
                 .help = "OTLP/HTTP listener; present, even empty, enables "
                         "it"),
    OTELC_OPTIONS_END};

/* offsetof(struct otlp_cfg, protocols.grpc) is relative to struct
 * otlp_cfg, and protocols is at offset 0, so the protocol options are
 * read straight into struct otlp_cfg. */
_Static_assert(offsetof(struct otlp_cfg, protocols) == 0,
               "otlp_protocol_options' offsets assume protocols comes first");
static const otelc_option otlp_options[] = {
    OTELC_OPTION("protocols", OTELC_OPT_SECTION, struct otlp_cfg, protocols,
                 .sub = otlp_protocol_options,
                 .help = "the listeners: at least one of grpc and http"),
    OTELC_OPTIONS_END};

static int
otlp_config(struct otlp_rcv *r, const otelc_config *cfg)
{
    otelc_ctx                  *ctx = r->ctx;
    struct otlp_cfg             c;
    const struct otlp_http_cfg *http = &c.protocols.http;
    const otelc_config         *grpc;
    int                         rc;

    if ((rc = otelc_config_read(ctx, cfg, otlp_options, &c)) != OTELC_OK)
        return rc;
    grpc = c.protocols.grpc;
    if (grpc == NULL && http->server == NULL)
        return otelc_cfg_error(ctx, otelc_cfg_child(cfg, "protocols"),
                               "must specify at least one protocol when "
                               "using the OTLP receiver");

    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++) {
        r->http_paths[i] = url_path(ctx, http->paths[i]);
        if (r->http_paths[i] == NULL)
            return OTELC_E_NOMEM;
        for (int j = 0; j < i; j++)
            if (strcmp(r->http_paths[i], r->http_paths[j]) == 0)
                rc = otelc_cfg_error(
                    ctx,
                    otelc_cfg_child(http->server, otlp_signals[i].path_key),
                    "%s and %s are the same path (%s)",
                    otlp_signals[j].path_key, otlp_signals[i].path_key,
                    r->http_paths[i]);
    }

    /* Both listeners on one port would each get a share of the
     * connections (SO_REUSEPORT), with different settings: refuse it. One
     * listener serves both protocols anyway. */
    if (grpc != NULL && http->server != NULL) {
        const char *ge = otelc_cfg_scalar(otelc_cfg_child(grpc, "endpoint"));
        const char *he =
            otelc_cfg_scalar(otelc_cfg_child(http->server, "endpoint"));
        if (ge == NULL)
            ge = "localhost:4317";
        if (he == NULL)
            he = "localhost:4318";
        if (strcmp(endpoint_port(ge), "0") != 0 &&
            endpoint_port(ge)[0] != '\0' &&
            strcmp(endpoint_port(ge), endpoint_port(he)) == 0)
            rc = otelc_cfg_error(
                ctx, otelc_cfg_child(http->server, "endpoint"),
                "protocols.http and protocols.grpc use the same port (%s); "
                "configure protocols.grpc only: its listener serves OTLP/HTTP "
                "too",
                endpoint_port(ge));
    }
    if (rc != OTELC_OK)
        return rc;

    if (!otelc_host_has(ctx, server_new))
        return otelc_cfg_error(ctx, cfg,
                               "this collector has no network server");
    if (grpc != NULL) {
        rc = otelc_server_new(ctx, grpc, OTELC_SERVER_GRPC, "localhost:4317",
                              &r->grpc);
        if (rc != OTELC_OK)
            return rc;
    }
    if (http->server != NULL) {
        rc = otelc_server_new(ctx, http->server, OTELC_SERVER_HTTP,
                              "localhost:4318", &r->http);
        if (rc != OTELC_OK)
            return rc;
    }
    return OTELC_OK;
}

/* Registers the routes of the signals this instance's pipelines carry on
 * one listener; the others get the server's 404 / UNIMPLEMENTED. */
static int
otlp_routes(struct otlp_rcv *r, otelc_server *s)
{
    int signals = otelc_ctx_signals(r->ctx);
    int rc;

    if (s == NULL)
        return OTELC_OK;
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++) {
        if (!(signals & otlp_signals[i].signal))
            continue;
        rc = otelc_server_route(s, otlp_signals[i].grpc_path, OTELC_ROUTE_GRPC,
                                on_request, &r->routes[i]);
        if (rc == OTELC_OK)
            rc = otelc_server_route(s, r->http_paths[i], OTELC_ROUTE_HTTP,
                                    on_request, &r->routes[i]);
        if (rc != OTELC_OK)
            return rc;
    }
    return OTELC_OK;
}

/* ---- lifecycle ---- */

static void
otlp_destroy(void *state)
{
    struct otlp_rcv *r = state;

    if (r == NULL)
        return;
    otelc_server_free(r->grpc);
    otelc_server_free(r->http);
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++)
        otelc_free(r->ctx, r->http_paths[i]);
    otelc_free(r->ctx, r);
}

static int
otlp_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct otlp_rcv *r = otelc_calloc(ctx, 1, sizeof(*r));
    int              rc;

    if (r == NULL)
        return OTELC_E_NOMEM;
    r->ctx = ctx;
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++) {
        r->routes[i].rcv = r;
        r->routes[i].sig = &otlp_signals[i];
    }
    rc = otlp_config(r, cfg);
    if (rc == OTELC_OK)
        rc = otlp_routes(r, r->grpc);
    if (rc == OTELC_OK)
        rc = otlp_routes(r, r->http);
    if (rc != OTELC_OK) {
        otlp_destroy(r);
        return rc;
    }
    *state = r;
    return OTELC_OK;
}

static int
otlp_start(void *state)
{
    struct otlp_rcv *r = state;
    int              rc = OTELC_OK;

    if (r->grpc != NULL)
        rc = otelc_server_start(r->grpc);
    if (rc == OTELC_OK && r->http != NULL) {
        rc = otelc_server_start(r->http);
        if (rc != OTELC_OK)
            otelc_server_stop(r->grpc);
    }
    if (rc == OTELC_OK)
        otelc_debug(r->ctx, "listening:%s%s%s%s", r->grpc ? " grpc " : "",
                    r->grpc ? otelc_server_endpoint(r->grpc) : "",
                    r->http ? " http " : "",
                    r->http ? otelc_server_endpoint(r->http) : "");
    return rc;
}

/* Requests are answered as they arrive (emit is synchronous), so there is
 * nothing in flight to wait for: closing the listeners is all. */
static int
otlp_shutdown(void *state)
{
    struct otlp_rcv *r = state;

    otelc_server_stop(r->grpc);
    otelc_server_stop(r->http);
    return OTELC_OK;
}

static const otelc_component_def otlp_components[] = {
    OTELC_COMPONENT(.kind = OTELC_KIND_RECEIVER, .type = "otlp",
                    .signals = OTELC_SIGNALS_ALL,
                    .stability = OTELC_STABILITY_STABLE,
                    .description =
                        "Receives OTLP over gRPC and HTTP (protobuf and JSON)",
                    .create = otlp_create, .start = otlp_start,
                    .shutdown = otlp_shutdown, .destroy = otlp_destroy,
                    OTELC_CONFIG_SCHEMA(otlp_options, struct otlp_cfg))};

OTELC_PLUGIN("otelc-otlp-receiver", OTLP_VERSION, "Apache-2.0", otlp_components)
