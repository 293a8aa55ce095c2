/* Reads otelcol's confighttp / configgrpc server settings into
 * struct otelc__srv_settings. Everything goes through the ctx-bound
 * config getters, so a wrong type or a bad value is reported with its
 * YAML path and line during `otelc validate`; keys otelcol accepts that
 * we do not act on are marked used so they are not "unknown". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ssl.h>

#include <otelc/config.h>

#include "config.h"
#include "ctx.h"
#include "host_table.h"
#include "server.h"

#define MiB (UINT64_C(1) << 20)

/* Every key is read even after an error, so one run reports all problems
 * and no key is left unread (which would read as "unknown key"). */
#define KEEP(expr)                                                             \
    do {                                                                       \
        int keep_rc_ = (expr);                                                 \
        if (keep_rc_ != OTELC_OK && rc == OTELC_OK)                            \
            rc = keep_rc_;                                                     \
    } while (0)

/* A list of strings. */
static int
str_list(otelc_ctx *ctx, const otelc_config *map, const char *key, char ***out,
         size_t *n_out)
{
    const otelc_config *n = otelc__cfg_get(map, key);
    char              **v;
    if (n == NULL || n->kind == OTELC_CFG_NULL)
        return OTELC_OK;
    if (n->kind != OTELC_CFG_SEQ)
        return otelc_cfg_error(ctx, n, "expected a list of strings");
    v = calloc(n->n + 1, sizeof(*v));
    if (v == NULL)
        return OTELC_E_NOMEM;
    for (size_t i = 0; i < n->n; i++) {
        const otelc_config *it = n->items[i];
        if (it->kind != OTELC_CFG_SCALAR) {
            for (size_t j = 0; j < i; j++)
                free(v[j]);
            free(v);
            return otelc_cfg_error(ctx, it, "expected a string");
        }
        v[i] = strdup(it->scalar);
    }
    *out = v;
    *n_out = n->n;
    return OTELC_OK;
}

static int
tls_version(otelc_ctx *ctx, const otelc_config *tls, const char *key,
            const char *def, int *out)
{
    const char *v = NULL;
    int         rc = otelc__host()->cfg_str(ctx, tls, key, def, &v);
    if (rc != OTELC_OK)
        return rc;
    if (v == NULL || *v == '\0')
        *out = 0;
    else if (strcmp(v, "1.2") == 0)
        *out = TLS1_2_VERSION;
    else if (strcmp(v, "1.3") == 0)
        *out = TLS1_3_VERSION;
    else if (strcmp(v, "1.0") == 0 || strcmp(v, "1.1") == 0)
        /* OpenSSL's security level refuses these anyway; say so now. */
        return otelc_cfg_error(
            ctx, otelc__cfg_get(tls, key),
            "TLS version \"%s\" is not supported (use \"1.2\" or "
            "\"1.3\")",
            v);
    else
        return otelc_cfg_error(
            ctx, otelc__cfg_get(tls, key),
            "invalid TLS version \"%s\" (expected \"1.2\" or \"1.3\")", v);
    return OTELC_OK;
}

static char *
dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static int
read_tls(otelc_ctx *ctx, const otelc_config *map, struct otelc__srv_settings *s)
{
    const otelc_config   *tls;
    const otelc_host_api *api = otelc__host();
    const char           *cert = NULL, *key = NULL, *cca = NULL, *ca = NULL;
    int64_t               reload = 0;
    int                   rc = otelc__cfg_child_map(ctx, map, "tls", &tls);
    int                   ins = 0;

    if (rc != OTELC_OK || tls == NULL)
        return rc;
    KEEP(api->cfg_str(ctx, tls, "cert_file", NULL, &cert));
    KEEP(api->cfg_str(ctx, tls, "key_file", NULL, &key));
    KEEP(api->cfg_str(ctx, tls, "client_ca_file", NULL, &cca));
    KEEP(api->cfg_str(ctx, tls, "ca_file", NULL, &ca));
    KEEP(tls_version(ctx, tls, "min_version", "1.2", &s->tls_min));
    KEEP(tls_version(ctx, tls, "max_version", NULL, &s->tls_max));
    KEEP(api->cfg_duration(ctx, tls, "reload_interval", 0, &reload));
    KEEP(api->cfg_bool(ctx, tls, "insecure_skip_verify", 0, &ins));
    /* Accepted for otelcol compatibility, not acted upon. */
    otelc__cfg_mark_used(otelc__cfg_get(tls, "ca_pem"));
    otelc__cfg_mark_used(otelc__cfg_get(tls, "cert_pem"));
    otelc__cfg_mark_used(otelc__cfg_get(tls, "key_pem"));
    otelc__cfg_mark_used(otelc__cfg_get(tls, "cipher_suites"));
    otelc__cfg_mark_used(otelc__cfg_get(tls, "include_system_ca_certs_pool"));
    otelc__cfg_mark_used(otelc__cfg_get(tls, "client_ca_file_reload"));
    if (rc != OTELC_OK)
        return rc;
    if (cert == NULL || *cert == '\0' || key == NULL || *key == '\0')
        return otelc_cfg_error(
            ctx, tls, "a TLS server needs both cert_file and key_file");
    if (s->tls_max && s->tls_min > s->tls_max)
        return otelc_cfg_error(ctx, tls, "min_version is above max_version");
    s->tls = 1;
    s->cert_file = strdup(cert);
    s->key_file = strdup(key);
    s->client_ca_file = dup_or_null(cca);
    return OTELC_OK;
}

static int
read_cors(otelc_ctx *ctx, const otelc_config *map,
          struct otelc__srv_settings *s)
{
    const otelc_config *cors;
    int                 rc = otelc__cfg_child_map(ctx, map, "cors", &cors);
    if (rc != OTELC_OK || cors == NULL)
        return rc;
    s->cors_on = 1;
    KEEP(str_list(ctx, cors, "allowed_origins", &s->cors_origins,
                  &s->n_cors_origins));
    KEEP(str_list(ctx, cors, "allowed_headers", &s->cors_headers,
                  &s->n_cors_headers));
    KEEP(otelc__host()->cfg_int(ctx, cors, "max_age", 0, &s->cors_max_age));
    if (s->cors_max_age < 0)
        return otelc_cfg_error(ctx, otelc__cfg_get(cors, "max_age"),
                               "max_age must not be negative");
    return OTELC_OK;
}

static int
read_resp_headers(otelc_ctx *ctx, const otelc_config *map,
                  struct otelc__srv_settings *s)
{
    const otelc_config *h;
    int rc = otelc__cfg_child_map(ctx, map, "response_headers", &h);
    if (rc != OTELC_OK || h == NULL)
        return rc;
    otelc__cfg_mark_used(h); /* checked entry by entry below */
    s->resp_headers = calloc(h->n ? h->n : 1, sizeof(*s->resp_headers));
    if (s->resp_headers == NULL)
        return OTELC_E_NOMEM;
    for (size_t i = 0; i < h->n; i++) {
        const otelc_config *v = h->items[i];
        if (v->kind != OTELC_CFG_SCALAR)
            return otelc_cfg_error(ctx, v, "expected a string");
        /* A CR or LF would let a config value split the response. */
        if (strpbrk(v->key, "\r\n: ") || strpbrk(v->scalar, "\r\n"))
            return otelc_cfg_error(ctx, v, "invalid header name or value");
        s->resp_headers[s->n_resp_headers].name = strdup(v->key);
        s->resp_headers[s->n_resp_headers].value = strdup(v->scalar);
        s->n_resp_headers++;
    }
    return OTELC_OK;
}

/* "host:port", ":port", "[v6]:port". */
static int
check_endpoint(const char *ep)
{
    const char *colon = strrchr(ep, ':');
    char       *end;
    long        port;
    if (colon == NULL || colon[1] == '\0')
        return -1;
    if (ep[0] == '[' && (colon == ep || colon[-1] != ']'))
        return -1;
    port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || port < 0 || port > 65535)
        return -1;
    return 0;
}

static double
secs(int64_t ns)
{
    return (double)ns / 1e9;
}

static int
read_http(otelc_ctx *ctx, const otelc_config *cfg,
          struct otelc__srv_settings *s)
{
    const otelc_host_api *api = otelc__host();
    int64_t max = (int64_t)s->max_body, rht = 0, rt = 0, it = 0, wt = 0;
    int     rc = OTELC_OK;

    KEEP(read_cors(ctx, cfg, s));
    KEEP(read_resp_headers(ctx, cfg, s));
    KEEP(api->cfg_int(ctx, cfg, "max_request_body_size", max, &max));
    KEEP(api->cfg_duration(ctx, cfg, "read_header_timeout",
                           INT64_C(60000000000), &rht));
    KEEP(api->cfg_duration(ctx, cfg, "read_timeout", 0, &rt));
    KEEP(
        api->cfg_duration(ctx, cfg, "idle_timeout", INT64_C(60000000000), &it));
    KEEP(api->cfg_duration(ctx, cfg, "write_timeout", INT64_C(30000000000),
                           &wt));
    otelc__cfg_mark_used(otelc__cfg_get(cfg, "compression_algorithms"));
    otelc__cfg_mark_used(otelc__cfg_get(cfg, "auth"));
    otelc__cfg_mark_used(otelc__cfg_get(cfg, "keepalives_enabled"));
    if (rc != OTELC_OK)
        return rc;
    if (max <= 0)
        max = (int64_t)s->max_body; /* otelcol: 0 means the default */
    s->max_body = (uint64_t)max;
    s->read_header_timeout = secs(rht);
    s->idle_timeout = secs(it);
    s->read_timeout = secs(rt);
    s->write_timeout = wt ? secs(wt) : 30;
    return OTELC_OK;
}

static int
read_grpc(otelc_ctx *ctx, const otelc_config *cfg,
          struct otelc__srv_settings *s)
{
    const otelc_host_api *api = otelc__host();
    const otelc_config   *ka, *sp = NULL, *ep = NULL;
    const char           *transport = NULL;
    double                mib = 4;
    int64_t streams = 100, idle = 0, age = 0, grace = 0, ptime = 0,
            ptimeout = 0, mintime = 0, rb = 0, wb = 0;
    int pws = 0, rc = OTELC_OK;

    KEEP(api->cfg_str(ctx, cfg, "transport", "tcp", &transport));
    KEEP(api->cfg_double(ctx, cfg, "max_recv_msg_size_mib", 4, &mib));
    KEEP(api->cfg_int(ctx, cfg, "max_concurrent_streams", 100, &streams));
    KEEP(api->cfg_int(ctx, cfg, "read_buffer_size", 0, &rb));
    KEEP(api->cfg_int(ctx, cfg, "write_buffer_size", 0, &wb));
    KEEP(otelc__cfg_child_map(ctx, cfg, "keepalive", &ka));
    KEEP(otelc__cfg_child_map(ctx, ka, "server_parameters", &sp));
    KEEP(otelc__cfg_child_map(ctx, ka, "enforcement_policy", &ep));
    KEEP(api->cfg_duration(ctx, sp, "max_connection_idle", 0, &idle));
    KEEP(api->cfg_duration(ctx, sp, "max_connection_age", 0, &age));
    KEEP(api->cfg_duration(ctx, sp, "max_connection_age_grace", 0, &grace));
    KEEP(api->cfg_duration(ctx, sp, "time", 0, &ptime));
    KEEP(api->cfg_duration(ctx, sp, "timeout", 0, &ptimeout));
    KEEP(api->cfg_duration(ctx, ep, "min_time", 0, &mintime));
    KEEP(api->cfg_bool(ctx, ep, "permit_without_stream", 0, &pws));
    otelc__cfg_mark_used(otelc__cfg_get(cfg, "auth"));
    if (transport && strcmp(transport, "tcp") != 0)
        KEEP(otelc_cfg_error(ctx, otelc__cfg_get(cfg, "transport"),
                             "unsupported transport \"%s\" (only \"tcp\")",
                             transport));
    if (mib < 0 || mib > 4096)
        KEEP(otelc_cfg_error(ctx, otelc__cfg_get(cfg, "max_recv_msg_size_mib"),
                             "max_recv_msg_size_mib out of range"));
    if (streams < 0 || streams > UINT32_MAX)
        KEEP(otelc_cfg_error(ctx, otelc__cfg_get(cfg, "max_concurrent_streams"),
                             "max_concurrent_streams out of range"));
    if (rc != OTELC_OK)
        return rc;
    if (mib == 0)
        mib = 4; /* configgrpc: 0 means grpc-go's default */
    s->max_body = (uint64_t)(mib * (double)MiB);
    s->max_streams = (uint32_t)streams;
    s->idle_timeout = secs(idle);
    s->max_conn_age = age ? secs(age) + secs(grace) : 0;
    s->ping_time = secs(ptime);
    /* grpc-go's default keepalive timeout. */
    s->ping_timeout = ptimeout ? secs(ptimeout) : 20;
    /* gRPC has no header timeout setting; keep slowloris out anyway. */
    s->read_header_timeout = 60;
    s->write_timeout = 30;
    return OTELC_OK;
}

void
otelc__srv_settings_defaults(struct otelc__srv_settings *s, int flavor,
                             const char *endpoint)
{
    memset(s, 0, sizeof(*s));
    s->flavor = flavor;
    s->endpoint = strdup(endpoint ? endpoint : "localhost:0");
    s->max_body = flavor == OTELC_SERVER_GRPC ? 4 * MiB : 20 * MiB;
    s->max_streams = 100;
    s->read_header_timeout = 60;
    s->idle_timeout = flavor == OTELC_SERVER_GRPC ? 0 : 60;
    s->write_timeout = 30;
    s->tls_min = TLS1_2_VERSION;
}

int
otelc__srv_settings_read(otelc_ctx *ctx, const otelc_config *cfg, int flavor,
                         const char                 *def_endpoint,
                         struct otelc__srv_settings *s)
{
    const char *ep = NULL;
    int         rc = OTELC_OK;

    otelc__srv_settings_defaults(s, flavor, def_endpoint);
    if (cfg != NULL && cfg->kind != OTELC_CFG_MAP &&
        cfg->kind != OTELC_CFG_NULL)
        return otelc_cfg_error(ctx, cfg, "expected a map of server settings");
    if (cfg && cfg->kind == OTELC_CFG_NULL)
        cfg = NULL;
    KEEP(otelc__host()->cfg_str(ctx, cfg, "endpoint", def_endpoint, &ep));
    if (rc == OTELC_OK && (ep == NULL || check_endpoint(ep) != 0))
        KEEP(otelc_cfg_error(ctx, otelc__cfg_get(cfg, "endpoint"),
                             "invalid endpoint \"%s\" (expected host:port)",
                             ep ? ep : ""));
    else if (rc == OTELC_OK) {
        free(s->endpoint);
        s->endpoint = strdup(ep);
    }
    KEEP(otelc__host()->cfg_bool(ctx, cfg, "include_metadata", 0,
                                 &s->include_metadata));
    KEEP(read_tls(ctx, cfg, s));
    KEEP(flavor == OTELC_SERVER_GRPC ? read_grpc(ctx, cfg, s)
                                     : read_http(ctx, cfg, s));
    return rc;
}

static void
free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void
otelc__srv_settings_free(struct otelc__srv_settings *s)
{
    free(s->endpoint);
    free(s->cert_file);
    free(s->key_file);
    free(s->client_ca_file);
    free_list(s->cors_origins, s->n_cors_origins);
    free_list(s->cors_headers, s->n_cors_headers);
    for (size_t i = 0; i < s->n_resp_headers; i++) {
        free(s->resp_headers[i].name);
        free(s->resp_headers[i].value);
    }
    free(s->resp_headers);
    memset(s, 0, sizeof(*s));
}

/* ---- the schema of these settings (otelc/config.h) ----
 *
 * What `otelc validate`, JSON Schema and the README tables know about the
 * keys read above; test_schema.c checks that the parser reads exactly
 * these keys. Semantic checks stay in the parser. */
#define K(key, type, ...) OTELC_OPTION_NOFIELD(key, type, __VA_ARGS__)
#define TLS_VERSIONS                                                           \
    (const char *const[])                                                      \
    {                                                                          \
        "1.2", "1.3", NULL                                                     \
    }
#define IGNORED OTELC_OPT_IGNORED

const otelc_option otelc__tls_server_options[] = {
    K("cert_file", OTELC_OPT_STRING, .help = "server certificate (PEM file)"),
    K("key_file", OTELC_OPT_STRING, .help = "server key (PEM file)"),
    K("client_ca_file", OTELC_OPT_STRING,
      .help = "CA for client certificates (mutual TLS)"),
    K("ca_file", OTELC_OPT_STRING, .help = "CA certificates (PEM file)"),
    K("min_version", OTELC_OPT_ENUM, .def = "1.2", .values = TLS_VERSIONS,
      .help = "lowest TLS version"),
    K("max_version", OTELC_OPT_ENUM, .values = TLS_VERSIONS,
      .help = "highest TLS version (default: the newest)"),
    K("reload_interval", OTELC_OPT_DURATION, .flags = IGNORED,
      .help = "certificate reload interval"),
    K("insecure_skip_verify", OTELC_OPT_BOOL, .flags = IGNORED,
      .help = "client setting, meaningless on a server"),
    K("ca_pem", OTELC_OPT_STRING, .flags = IGNORED,
      .help = "CA certificates (inline PEM)"),
    K("cert_pem", OTELC_OPT_STRING, .flags = IGNORED,
      .help = "server certificate (inline PEM)"),
    K("key_pem", OTELC_OPT_STRING, .flags = IGNORED | OTELC_OPT_SECRET,
      .help = "server key (inline PEM)"),
    K("cipher_suites", OTELC_OPT_STRING_LIST, .flags = IGNORED,
      .help = "TLS 1.2 cipher suites"),
    K("include_system_ca_certs_pool", OTELC_OPT_BOOL, .flags = IGNORED,
      .help = "also trust the system CAs"),
    K("client_ca_file_reload", OTELC_OPT_BOOL, .flags = IGNORED,
      .help = "reload client_ca_file when it changes"),
    OTELC_OPTIONS_END};

static const otelc_option common_server_options[] = {
    K("endpoint", OTELC_OPT_STRING,
      .help = "host:port to listen on (default: the component's)"),
    K("include_metadata", OTELC_OPT_BOOL, .def = "false",
      .help = "pass request headers on as client metadata"),
    K("tls", OTELC_OPT_BLOCK, .block = OTELC_BLOCK_TLS_SERVER,
      .help = "TLS settings (absent: plaintext)"),
    K("auth", OTELC_OPT_NODE, .flags = IGNORED, .help = "authenticator"),
    OTELC_OPTIONS_END};

static const otelc_option cors_options[] = {
    K("allowed_origins", OTELC_OPT_STRING_LIST,
      .help = "origins allowed to send requests (\"*\" wildcards)"),
    K("allowed_headers", OTELC_OPT_STRING_LIST,
      .help = "extra request headers allowed"),
    K("max_age", OTELC_OPT_INT, .min = "0",
      .help = "seconds a preflight answer may be cached"),
    OTELC_OPTIONS_END};

const otelc_option otelc__http_server_options[] = {
    K(NULL, OTELC_OPT_SECTION, .sub = common_server_options,
      .help = "shared server keys"),
    K("cors", OTELC_OPT_SECTION, .sub = cors_options,
      .help = "CORS for browser clients (absent: off)"),
    K("response_headers", OTELC_OPT_STRING_MAP,
      .help = "headers added to every response"),
    K("max_request_body_size", OTELC_OPT_INT, .def = "20971520",
      .help = "largest request body in bytes, after decompression "
              "(0: the default)"),
    K("read_header_timeout", OTELC_OPT_DURATION, .def = "1m",
      .help = "time to read the request headers"),
    K("read_timeout", OTELC_OPT_DURATION, .def = "0s",
      .help = "time to read a whole request (0: none)"),
    K("idle_timeout", OTELC_OPT_DURATION, .def = "1m",
      .help = "idle keep-alive connection lifetime"),
    K("write_timeout", OTELC_OPT_DURATION, .def = "30s",
      .help = "time to write a response"),
    K("compression_algorithms", OTELC_OPT_STRING_LIST, .flags = IGNORED,
      .help = "accepted request encodings"),
    K("keepalives_enabled", OTELC_OPT_BOOL, .flags = IGNORED,
      .help = "HTTP keep-alive"),
    OTELC_OPTIONS_END};

static const otelc_option grpc_server_params_options[] = {
    K("max_connection_idle", OTELC_OPT_DURATION,
      .help = "close connections idle this long (0: never)"),
    K("max_connection_age", OTELC_OPT_DURATION,
      .help = "close connections this old (0: never)"),
    K("max_connection_age_grace", OTELC_OPT_DURATION,
      .help = "grace period after max_connection_age"),
    K("time", OTELC_OPT_DURATION, .help = "ping idle clients this often"),
    K("timeout", OTELC_OPT_DURATION, .def = "20s",
      .help = "wait this long for a ping's answer"),
    OTELC_OPTIONS_END};

static const otelc_option grpc_enforcement_options[] = {
    K("min_time", OTELC_OPT_DURATION,
      .help = "shortest interval between client pings"),
    K("permit_without_stream", OTELC_OPT_BOOL, .def = "false",
      .help = "allow pings without active calls"),
    OTELC_OPTIONS_END};

static const otelc_option grpc_keepalive_options[] = {
    K("server_parameters", OTELC_OPT_SECTION, .sub = grpc_server_params_options,
      .help = "server keepalive"),
    K("enforcement_policy", OTELC_OPT_SECTION, .sub = grpc_enforcement_options,
      .help = "client ping policy"),
    OTELC_OPTIONS_END};

const otelc_option otelc__grpc_server_options[] = {
    K(NULL, OTELC_OPT_SECTION, .sub = common_server_options,
      .help = "shared server keys"),
    K("transport", OTELC_OPT_ENUM, .def = "tcp",
      .values = (const char *const[]){"tcp", NULL},
      .help = "network (otelc listens on TCP only)"),
    K("max_recv_msg_size_mib", OTELC_OPT_DOUBLE, .def = "4", .min = "0",
      .max = "4096", .help = "largest message in MiB (0: the default)"),
    K("max_concurrent_streams", OTELC_OPT_INT, .def = "100", .min = "0",
      .max = "4294967295", .help = "concurrent calls per connection"),
    K("read_buffer_size", OTELC_OPT_INT,
      .help = "accepted for otelcol compatibility"),
    K("write_buffer_size", OTELC_OPT_INT,
      .help = "accepted for otelcol compatibility"),
    K("keepalive", OTELC_OPT_SECTION, .sub = grpc_keepalive_options,
      .help = "keepalive pings"),
    OTELC_OPTIONS_END};
#undef K
#undef TLS_VERSIONS
#undef IGNORED
