/* The `otlp_http` exporter (alias `otlphttp`; otelcol's otlphttpexporter):
 * POSTs batches as OTLP/HTTP, protobuf or JSON.
 *
 * The host's HTTP client reads the confighttp keys (endpoint, tls, headers,
 * compression, timeout, buffer sizes, proxy) and its exporter helper the
 * timeout/retry_on_failure/sending_queue keys, both from this exporter's
 * config map. This file picks the URL per signal, encodes (or forwards the
 * original protobuf bytes untouched), and maps the HTTP outcome to a helper
 * status the way the OTLP/HTTP specification says a client must. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <otelc/otelc.h>

/* Longest server message kept for a log line. */
#define OTLP_MSG_MAX 512

#define OTLP_HTTP_VERSION "0.1.0"

#define CT_PROTO "application/x-protobuf"
#define CT_JSON  "application/json"

struct otlp_http {
    otelc_ctx         *ctx;
    otelc_http_client *client;
    otelc_exporter    *helper;
    int                json;                    /* encoding: json */
    char              *url[OTELC_SIGNAL_COUNT]; /* absolute URLs, or NULL */
};

struct post {
    struct otlp_http     *me;
    otelc_export_attempt *att;
    int                   signal;
};

/* ---- sending ---- */

/* OTELC_RESPONSE_JSON when the answer is JSON (by its Content-Type, else
 * by what we sent). */
static unsigned
response_flags(const char *content_type, int sent_json)
{
    if (content_type != NULL && strstr(content_type, "json") != NULL)
        return OTELC_RESPONSE_JSON;
    if (content_type != NULL && strstr(content_type, "protobuf") != NULL)
        return 0;
    return sent_json ? OTELC_RESPONSE_JSON : 0;
}

static void
post_done(void *arg, const otelc_http_response *resp)
{
    struct post          *post = arg;
    struct otlp_http     *me = post->me;
    otelc_export_attempt *att = post->att;
    int                   signal = post->signal;
    const char           *sig = otelc_signal_name(signal);
    char                  msg[OTLP_MSG_MAX + 128];

    otelc_free(me->ctx, post);

    if (resp->status == 0) {
        /* No response at all (refused, reset, timed out): the data may
         * not have arrived, so send it again. */
        snprintf(msg, sizeof(msg), "POST %s: %s", sig,
                 resp->error ? resp->error : "no response");
        otelc_attempt_done(att, OTELC_E_RETRYABLE, -1, msg);
        return;
    }
    if (resp->status >= 200 && resp->status < 300) {
        int64_t rejected = 0;
        char    partial[OTLP_MSG_MAX];
        int     rc = OTELC_E_NOTFOUND;

        if (resp->body_len > 0) {
            rc = otelc_otlp_response_read(
                me->ctx, signal, resp->body, resp->body_len,
                response_flags(resp->content_type, me->json), &rejected,
                partial, sizeof(partial));
            if (rc != OTELC_OK)
                otelc_debug(me->ctx,
                            "POST %s: unreadable success response body "
                            "(%zu bytes) ignored",
                            sig, resp->body_len);
        }
        if (rc == OTELC_OK && (rejected > 0 || partial[0] != '\0'))
            otelc_attempt_partial(att, (uint64_t)rejected, partial);
        otelc_attempt_done(att, OTELC_OK, -1, NULL);
        return;
    }

    /* An error: the body should be a google.rpc.Status saying why. */
    char status_msg[OTLP_MSG_MAX] = "";
    if (resp->body_len > 0) {
        int code;
        if (otelc_rpc_status_read(me->ctx, resp->body, resp->body_len,
                                  response_flags(resp->content_type, me->json),
                                  &code, status_msg,
                                  sizeof(status_msg)) != OTELC_OK)
            status_msg[0] = '\0';
    }
    snprintf(msg, sizeof(msg), "POST %s: HTTP %d%s%s", sig, resp->status,
             status_msg[0] ? ": " : "", status_msg);

    switch (resp->status) {
    case 429: /* the OTLP/HTTP spec's retryable set */
    case 502:
    case 503:
    case 504:
        otelc_attempt_done(att, OTELC_E_RETRYABLE, resp->retry_after_ns, msg);
        return;
    }
    otelc_attempt_done(att, OTELC_E_PERMANENT, -1, msg);
}

static void
otlp_http_send(void *arg, otelc_export_attempt *att, otelc_batch *batch)
{
    struct otlp_http *me = arg;
    int               signal = otelc_batch_signal(batch);
    int               si = otelc_signal_index(signal);
    const void       *buf = NULL;
    size_t            len = 0;
    struct post      *post;
    int               rc;

    if (si < 0 || me->url[si] == NULL) {
        otelc_attempt_done(att, OTELC_E_PERMANENT, -1,
                           "no endpoint configured for this signal");
        return;
    }
    /* Protobuf: the bytes as they arrived unless a processor changed the
     * batch. JSON always needs a (cached) decode. */
    rc = me->json ? otelc_batch_to_otlp_json(batch, &buf, &len)
                  : otelc_batch_to_otlp(batch, &buf, &len);
    if (rc != OTELC_OK) {
        otelc_attempt_done(att, OTELC_E_PERMANENT, -1,
                           "cannot encode the batch");
        return;
    }
    post = otelc_malloc(me->ctx, sizeof(*post));
    if (post == NULL) {
        otelc_attempt_done(att, OTELC_E_RETRYABLE, -1, "out of memory");
        return;
    }
    post->me = me;
    post->att = att;
    post->signal = signal;
    /* buf lives as long as the batch, which the helper keeps until
     * otelc_attempt_done. */
    rc = otelc_http_post(me->client, me->url[si], me->json ? CT_JSON : CT_PROTO,
                         buf, len, NULL, otelc_attempt_timeout_ns(att),
                         post_done, post);
    if (rc != OTELC_OK) {
        otelc_free(me->ctx, post);
        otelc_attempt_done(
            att, rc == OTELC_E_INVALID ? OTELC_E_PERMANENT : OTELC_E_RETRYABLE,
            -1, otelc_status_message(rc));
    }
}

/* ---- configuration ---- */

static int
valid_url(const char *u)
{
    return strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0;
}

/* otelcol's composition: base + "/v1/<signal>", without doubling a
 * trailing slash. */
static char *
signal_url(otelc_ctx *ctx, const char *base, const char *signal)
{
    size_t n = strlen(base);
    size_t cap = n + strlen(signal) + 8;
    char  *u = otelc_malloc(ctx, cap);

    if (u == NULL)
        return NULL;
    snprintf(u, cap, "%s%sv1/%s", base,
             (n > 0 && base[n - 1] == '/') ? "" : "/", signal);
    return u;
}

struct otlp_http_cfg {
    const char         *endpoint;
    int                 json; /* encoding: the index of "json" */
    const char         *signal_url[OTELC_SIGNAL_COUNT];
    const otelc_config *client; /* confighttp client settings */
    const otelc_config *helper; /* timeout, retry_on_failure, sending_queue */
};

#define HTTP_OPT(key, type, member, ...)                                       \
    OTELC_OPTION(key, type, struct otlp_http_cfg, member, __VA_ARGS__)

/* The first of several same-named keys in a section is the one that
 * describes it: the exporter's own `endpoint` (also a client key, read
 * here to build the signal URLs), then the helper's `timeout` (also a
 * client key; both take it). */
static const otelc_option otlp_http_options[] = {
    HTTP_OPT("endpoint", OTELC_OPT_STRING, endpoint,
             .help = "base URL: /v1/traces, /v1/metrics, /v1/logs are "
                     "appended"),
    HTTP_OPT("encoding", OTELC_OPT_ENUM, json, .def = "proto",
             .values = (const char *const[]){"proto", "json", NULL},
             .help = "request body: OTLP protobuf or OTLP/JSON"),
    HTTP_OPT("traces_endpoint", OTELC_OPT_STRING, signal_url[0],
             .help = "URL for traces (default: endpoint + /v1/traces)"),
    HTTP_OPT("metrics_endpoint", OTELC_OPT_STRING, signal_url[1],
             .help = "URL for metrics (default: endpoint + /v1/metrics)"),
    HTTP_OPT("logs_endpoint", OTELC_OPT_STRING, signal_url[2],
             .help = "URL for logs (default: endpoint + /v1/logs)"),
    HTTP_OPT(NULL, OTELC_OPT_BLOCK, helper,
             .block = OTELC_BLOCK_EXPORTER_HELPER,
             .help = "queue, retries and timeout"),
    HTTP_OPT(NULL, OTELC_OPT_BLOCK, client, .block = OTELC_BLOCK_HTTP_CLIENT,
             .help = "how to connect (compression default gzip)"),
    OTELC_OPTIONS_END};

static int
otlp_http_config(struct otlp_http *me, const otelc_config *cfg,
                 struct otlp_http_cfg *c)
{
    static const char *const sig_keys[OTELC_SIGNAL_COUNT] = {
        "traces_endpoint", "metrics_endpoint", "logs_endpoint"};
    static const int sig_bits[OTELC_SIGNAL_COUNT] = {
        OTELC_SIGNAL_TRACES, OTELC_SIGNAL_METRICS, OTELC_SIGNAL_LOGS};
    otelc_ctx  *ctx = me->ctx;
    const char *endpoint;
    int         rc = otelc_config_read(ctx, cfg, otlp_http_options, c);

    if (rc != OTELC_OK)
        return rc;
    endpoint = c->endpoint;
    if (endpoint != NULL && endpoint[0] != '\0' && !valid_url(endpoint))
        return otelc_cfg_error(ctx, otelc_cfg_child(cfg, "endpoint"),
                               "endpoint must be an http:// or https:// URL, "
                               "got \"%s\"",
                               endpoint);
    me->json = c->json;

    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++) {
        const char *u = c->signal_url[i];
        if (u != NULL && u[0] != '\0') {
            if (!valid_url(u))
                return otelc_cfg_error(ctx, otelc_cfg_child(cfg, sig_keys[i]),
                                       "%s must be an http:// or https:// "
                                       "URL, got \"%s\"",
                                       sig_keys[i], u);
            me->url[i] = otelc_strdup(ctx, u);
            if (me->url[i] == NULL)
                return OTELC_E_NOMEM;
        } else if (endpoint != NULL && endpoint[0] != '\0') {
            me->url[i] =
                signal_url(ctx, endpoint, otelc_signal_name(sig_bits[i]));
            if (me->url[i] == NULL)
                return OTELC_E_NOMEM;
        }
    }

    /* Every signal this instance carries needs somewhere to go. */
    int carried = otelc_ctx_signals(ctx);
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++) {
        if ((carried & sig_bits[i]) && me->url[i] == NULL)
            rc = otelc_cfg_error(ctx, cfg,
                                 "no endpoint for %s: set endpoint or %s",
                                 otelc_signal_name(sig_bits[i]), sig_keys[i]);
    }
    if (rc == OTELC_OK && me->url[0] == NULL && me->url[1] == NULL &&
        me->url[2] == NULL)
        rc = otelc_cfg_error(ctx, cfg,
                             "at least one endpoint must be specified");
    return rc;
}

/* ---- lifecycle ---- */

static void otlp_http_destroy(void *state);

static int
otlp_http_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct otlp_http    *me;
    struct otlp_http_cfg c;
    int                  rc;

    if (!otelc_host_has(ctx, http_client_new) ||
        !otelc_host_has(ctx, exporter_new)) {
        otelc_error(ctx, "this host has no HTTP client or exporter helper");
        return OTELC_E_UNSUPPORTED;
    }
    me = otelc_calloc(ctx, 1, sizeof(*me));
    if (me == NULL)
        return OTELC_E_NOMEM;
    me->ctx = ctx;

    rc = otlp_http_config(me, cfg, &c);
    /* The client reads confighttp's keys (the same `endpoint` included;
     * the per-signal URLs passed to it are absolute). No I/O yet. */
    if (rc == OTELC_OK)
        rc = otelc_http_client_new(ctx, c.client, "gzip", &me->client);
    if (rc == OTELC_OK)
        rc = otelc_exporter_new(ctx, c.helper, otlp_http_send, me, &me->helper);
    if (rc != OTELC_OK) {
        otlp_http_destroy(me);
        return rc;
    }
    *state = me;
    return OTELC_OK;
}

static int
otlp_http_consume(void *state, otelc_batch *batch)
{
    struct otlp_http *me = state;

    return otelc_exporter_consume(me->helper, batch);
}

static int
otlp_http_shutdown(void *state)
{
    struct otlp_http *me = state;

    return otelc_exporter_shutdown(me->helper);
}

static void
otlp_http_destroy(void *state)
{
    struct otlp_http *me = state;

    /* The client first, so requests it still holds complete into a live
     * helper. */
    otelc_http_client_free(me->client);
    otelc_exporter_free(me->helper);
    for (int i = 0; i < OTELC_SIGNAL_COUNT; i++)
        otelc_free(me->ctx, me->url[i]);
    otelc_free(me->ctx, me);
}

static const char *const otlp_http_aliases[] = {"otlphttp", NULL};

static const otelc_component_def otlp_http_components[] = {OTELC_COMPONENT(
        .kind = OTELC_KIND_EXPORTER, .type = "otlp_http",
        .aliases = otlp_http_aliases, .signals = OTELC_SIGNALS_ALL,
        .stability = OTELC_STABILITY_BETA,
        .description = "sends OTLP over HTTP, protobuf or JSON",
        .create = otlp_http_create, .consume = otlp_http_consume,
        .shutdown = otlp_http_shutdown, .destroy = otlp_http_destroy,
        OTELC_CONFIG_SCHEMA(otlp_http_options, struct otlp_http_cfg))};

OTELC_PLUGIN("otelc-otlp-http-exporter", OTLP_HTTP_VERSION, "Apache-2.0",
             otlp_http_components)
