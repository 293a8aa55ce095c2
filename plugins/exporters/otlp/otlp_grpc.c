/* The `otlp` exporter (type `otlp_grpc`; otelcol's otlpexporter): sends
 * batches as OTLP Export calls over gRPC.
 *
 * The host does the heavy lifting: its gRPC client (configgrpc settings:
 * endpoint, tls, headers, compression, keepalive, authority, ...) and its
 * exporter helper (timeout, retry_on_failure, sending_queue) both read their
 * keys from this exporter's own config map. What is left here is choosing
 * the bytes to send and turning the call's outcome into a helper status.
 *
 * The bytes are the batch's OTLP encoding as the host holds it: when no
 * processor decoded the batch, these are the bytes the receiver got
 * (concatenated segments are a valid merged request), so a pass-through
 * pipeline never re-encodes. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <otelc/otelc.h>

/* Longest server message kept for a log line. */
#define OTLP_MSG_MAX 512

#define OTLP_GRPC_VERSION "0.1.0"

struct otlp_grpc {
    otelc_ctx         *ctx;
    otelc_grpc_client *client;
    otelc_exporter    *helper;
};

/* One in-flight Export call. */
struct call {
    struct otlp_grpc     *me;
    otelc_export_attempt *att;
    int                   signal;
};

static const char *
export_path(int signal)
{
    static const char *const paths[OTELC_SIGNAL_COUNT] = {
        "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
        "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
        "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
    };
    int si = otelc_signal_index(signal);

    return si < 0 ? NULL : paths[si];
}

/* otelcol's retry policy for OTLP/gRPC (exporterhelper + otlpexporter):
 * the transient codes are retried; RESOURCE_EXHAUSTED only when the server
 * said when to come back, because without RetryInfo it usually means the
 * request itself is too large and would fail forever. */
static int
grpc_retryable(int code, int64_t retry_after_ns)
{
    switch (code) {
    case OTELC_GRPC_CANCELLED:
    case OTELC_GRPC_DEADLINE_EXCEEDED:
    case OTELC_GRPC_ABORTED:
    case OTELC_GRPC_OUT_OF_RANGE:
    case OTELC_GRPC_UNAVAILABLE:
    case OTELC_GRPC_DATA_LOSS:
        return 1;
    case OTELC_GRPC_RESOURCE_EXHAUSTED:
        return retry_after_ns >= 0;
    }
    return 0;
}

static void
call_done(void *arg, const otelc_grpc_response *resp)
{
    struct call          *call = arg;
    struct otlp_grpc     *me = call->me;
    otelc_export_attempt *att = call->att;
    int                   signal = call->signal;
    char                  msg[OTLP_MSG_MAX + 64];

    otelc_free(me->ctx, call);
    if (resp->status == OTELC_GRPC_OK) {
        int64_t rejected = 0;
        if (resp->body_len > 0 &&
            otelc_otlp_response_read(me->ctx, signal, resp->body,
                                     resp->body_len, 0, &rejected, msg,
                                     OTLP_MSG_MAX) == OTELC_OK &&
            (rejected > 0 || msg[0] != '\0'))
            otelc_attempt_partial(att, (uint64_t)rejected, msg);
        otelc_attempt_done(att, OTELC_OK, -1, NULL);
        return;
    }
    snprintf(msg, sizeof(msg), "Export %s: %s: %s", otelc_signal_name(signal),
             otelc_grpc_status_name(resp->status),
             resp->message ? resp->message : "");
    if (grpc_retryable(resp->status, resp->retry_after_ns))
        otelc_attempt_done(att, OTELC_E_RETRYABLE, resp->retry_after_ns, msg);
    else
        otelc_attempt_done(att, OTELC_E_PERMANENT, -1, msg);
}

static void
otlp_grpc_send(void *arg, otelc_export_attempt *att, otelc_batch *batch)
{
    struct otlp_grpc *me = arg;
    int               signal = otelc_batch_signal(batch);
    const char       *path = export_path(signal);
    const void       *buf = NULL;
    size_t            len = 0;
    struct call      *call;
    int               rc;

    if (path == NULL) {
        otelc_attempt_done(att, OTELC_E_PERMANENT, -1, "unknown signal");
        return;
    }
    rc = otelc_batch_to_otlp(batch, &buf, &len);
    if (rc != OTELC_OK) {
        otelc_attempt_done(att, OTELC_E_PERMANENT, -1,
                           "cannot encode the batch as OTLP protobuf");
        return;
    }
    call = otelc_malloc(me->ctx, sizeof(*call));
    if (call == NULL) {
        otelc_attempt_done(att, OTELC_E_RETRYABLE, -1, "out of memory");
        return;
    }
    call->me = me;
    call->att = att;
    call->signal = signal;
    /* The batch stays alive until otelc_attempt_done (the helper owns it), so
     * the client may send from buf without copying. */
    rc = otelc_grpc_call(me->client, path, buf, len, NULL,
                         otelc_attempt_timeout_ns(att), call_done, call);
    if (rc != OTELC_OK) {
        /* Not started: the callback will not run. A refusal of the call
         * itself (client shutting down, out of memory) is transient. */
        otelc_free(me->ctx, call);
        otelc_attempt_done(
            att, rc == OTELC_E_INVALID ? OTELC_E_PERMANENT : OTELC_E_RETRYABLE,
            -1, otelc_status_message(rc));
    }
}

/* ---- configuration ---- */

/* Both blocks are otelcol's squashed structs: their keys sit in the
 * exporter's own section, and both fields receive that section. */
struct otlp_grpc_cfg {
    const otelc_config *client; /* configgrpc client settings */
    const otelc_config *helper; /* timeout, retry_on_failure, sending_queue */
};

static const otelc_option otlp_grpc_options[] = {
    OTELC_OPTION(NULL, OTELC_OPT_BLOCK, struct otlp_grpc_cfg, client,
                 .block = OTELC_BLOCK_GRPC_CLIENT,
                 .help = "where and how to connect (compression default "
                         "gzip)"),
    OTELC_OPTION(NULL, OTELC_OPT_BLOCK, struct otlp_grpc_cfg, helper,
                 .block = OTELC_BLOCK_EXPORTER_HELPER,
                 .help = "queue, retries and timeout"),
    OTELC_OPTIONS_END};

/* ---- lifecycle ---- */

static void otlp_grpc_destroy(void *state);

static int
otlp_grpc_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct otlp_grpc    *me;
    struct otlp_grpc_cfg c;
    const char          *balancer;
    int                  rc;

    if (!otelc_host_has(ctx, grpc_client_new) ||
        !otelc_host_has(ctx, exporter_new)) {
        otelc_error(ctx, "this host has no gRPC client or exporter helper");
        return OTELC_E_UNSUPPORTED;
    }
    me = otelc_calloc(ctx, 1, sizeof(*me));
    if (me == NULL)
        return OTELC_E_NOMEM;
    me->ctx = ctx;

    if ((rc = otelc_config_read(ctx, cfg, otlp_grpc_options, &c)) != OTELC_OK) {
        otlp_grpc_destroy(me);
        return rc;
    }
    /* gRPC-Go's load-balancing policy has no equivalent in a single-
     * connection client; accept otelcol configs that set it. */
    balancer = otelc_cfg_scalar(otelc_cfg_child(c.client, "balancer_name"));
    if (balancer != NULL && balancer[0] != '\0')
        otelc_warn(ctx,
                   "balancer_name \"%s\" is ignored: otelc uses one "
                   "connection per worker",
                   balancer);

    /* Creating the client reads the configgrpc keys (and so validates
     * them) but opens no connection: that happens on the first call. */
    rc = otelc_grpc_client_new(ctx, c.client, "gzip", &me->client);
    if (rc == OTELC_OK)
        rc = otelc_exporter_new(ctx, c.helper, otlp_grpc_send, me, &me->helper);
    if (rc != OTELC_OK) {
        otlp_grpc_destroy(me);
        return rc;
    }
    *state = me;
    return OTELC_OK;
}

static int
otlp_grpc_consume(void *state, otelc_batch *batch)
{
    struct otlp_grpc *me = state;

    return otelc_exporter_consume(me->helper, batch);
}

static int
otlp_grpc_shutdown(void *state)
{
    struct otlp_grpc *me = state;

    return otelc_exporter_shutdown(me->helper);
}

static void
otlp_grpc_destroy(void *state)
{
    struct otlp_grpc *me = state;

    /* The client first: calls it still holds complete (as failures) into a
     * helper that is still alive. */
    otelc_grpc_client_free(me->client);
    otelc_exporter_free(me->helper);
    otelc_free(me->ctx, me);
}

static const char *const otlp_grpc_aliases[] = {"otlp", "jaeger", NULL};

static const otelc_component_def otlp_grpc_components[] = {OTELC_COMPONENT(
        .kind = OTELC_KIND_EXPORTER, .type = "otlp_grpc",
        .aliases = otlp_grpc_aliases, .signals = OTELC_SIGNALS_ALL,
        .stability = OTELC_STABILITY_BETA,
        .description = "sends OTLP over gRPC (alias `jaeger` runs configs "
                       "written for a Jaeger endpoint that speaks OTLP)",
        .create = otlp_grpc_create, .consume = otlp_grpc_consume,
        .shutdown = otlp_grpc_shutdown, .destroy = otlp_grpc_destroy,
        OTELC_CONFIG_SCHEMA(otlp_grpc_options, struct otlp_grpc_cfg))};

OTELC_PLUGIN("otelc-otlp-exporter", OTLP_GRPC_VERSION, "Apache-2.0",
             otlp_grpc_components)
