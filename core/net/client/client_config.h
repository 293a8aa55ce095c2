/* otelcol's client settings (confighttp.ClientConfig and
 * configgrpc.ClientConfig), parsed once into a plain struct that both the
 * HTTP client (http_client.c) and the gRPC client (grpc_client*.c) use.
 *
 * Parsing goes through the ctx-bound config getters, so a wrong type or a
 * bad value is reported with its YAML path and line during `otelc
 * validate`, and it opens no file and no socket (validate runs it too).
 * Keys otelcol accepts that we do not act on are marked used so strict
 * unknown-key checking does not reject configs written for otelcol.
 *
 * Keys read, both flavours:
 *   endpoint, headers (map of strings), compression, compression_params
 *   {level}, read_buffer_size, write_buffer_size, auth (accepted),
 *   middlewares (accepted), tls {insecure, insecure_skip_verify, ca_file,
 *   ca_pem, cert_file, cert_pem, key_file, key_pem, server_name_override,
 *   min_version, max_version, reload_interval, cipher_suites,
 *   include_system_ca_certs_pool, curve_preferences (accepted)}
 * HTTP only (grpc == 0):
 *   timeout, proxy_url, max_idle_conns, max_idle_conns_per_host,
 *   max_conns_per_host, idle_conn_timeout, disable_keep_alives,
 *   force_attempt_http2, http2_read_idle_timeout, http2_ping_timeout,
 *   cookies (accepted), and the otelc extension http2_prior_knowledge
 *   (otelcol's Go client cannot speak h2c; we can, so it is opt-in).
 * gRPC only (grpc != 0):
 *   keepalive {time, timeout, permit_without_stream}, authority,
 *   balancer_name, wait_for_ready.
 * (`timeout` is not a configgrpc key: the exporter helper reads it.) */
#ifndef OTELC__CLIENT_CONFIG_H
#define OTELC__CLIENT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include <otelc/config.h>
#include <otelc/host.h>

/* TLS protocol versions, numerically equal to OpenSSL's TLS1_x_VERSION so
 * they can be handed to SSL_CTX_set_min_proto_version() as they are. */
#define OTELC__TLS_1_0 0x0301
#define OTELC__TLS_1_1 0x0302
#define OTELC__TLS_1_2 0x0303
#define OTELC__TLS_1_3 0x0304

struct otelc__client_header {
    char *name;  /* as configured (HTTP/2 lower-cases on the wire) */
    char *value; /* ${env:...} already expanded by the config layer */
};

struct otelc__client_settings {
    int grpc; /* parsed as configgrpc (1) or confighttp (0) */

    /* ---- endpoint ----
     * HTTP: an absolute URL "http(s)://host[:port][/base]"; may be absent
     * (NULL) when the exporter only uses full per-signal URLs.
     * gRPC: "host:port", or a URL "http(s)://host:port" (scheme stripped,
     * https forces TLS, as configgrpc does); "dns:///host:port" accepted.
     * Required. */
    char *endpoint;  /* as configured, NULL when absent */
    char *scheme;    /* "http" or "https"; gRPC: NULL when none written */
    char *host;      /* without IPv6 brackets */
    int   port;      /* explicit, else 80/443 (HTTP); gRPC: required */
    char *base_path; /* HTTP: URL path without trailing '/', "" if none */
    char *hostport;  /* "host:port" ("[v6]:port") for :authority / Host */

    /* ---- transport security ----
     * use_tls: HTTP: scheme is https. gRPC: !tls.insecure, or scheme
     * https (configtls: TLS is on unless `insecure: true`). */
    int   use_tls;
    int   insecure;             /* tls.insecure as written */
    int   insecure_skip_verify; /* do not verify the server certificate */
    char *ca_file, *cert_file, *key_file; /* NULL when not set */
    char *ca_pem, *cert_pem, *key_pem;    /* inline PEM, NULL when not set */
    char *server_name_override; /* SNI + name checked in the cert, or NULL */
    int   tls_min;              /* OTELC__TLS_1_x; default 1.2 */
    int   tls_max;              /* OTELC__TLS_1_x, 0 = highest */

    /* ---- request shaping ---- */
    struct otelc__client_header *headers; /* configured headers */
    size_t                       n_headers;
    int     compression;       /* enum otelc__compress_algo (compress.h) */
    int     compression_level; /* compression_params.level; 0 = default */
    int64_t timeout_ns;        /* HTTP `timeout`; 0 = none. gRPC: 0 */
    int64_t read_buffer_size, write_buffer_size; /* bytes, 0 = default */

    /* ---- HTTP ---- */
    char   *proxy_url; /* NULL: from the environment (libcurl's rules) */
    int     disable_keep_alives;
    int     force_attempt_http2;   /* default 1: offer h2 by ALPN over TLS */
    int     http2_prior_knowledge; /* otelc: h2c without upgrade */
    int64_t max_idle_conns;        /* 0 = unlimited (otelcol default 100) */
    int64_t max_conns_per_host;    /* 0 = unlimited */
    int64_t idle_conn_timeout_ns;  /* otelcol default 90s */

    /* ---- gRPC ---- */
    int64_t keepalive_time_ns;    /* 0 = no keepalive pings */
    int64_t keepalive_timeout_ns; /* ping ack deadline; default 20s */
    int     keepalive_permit_without_stream;
    char   *authority;     /* :authority override, or NULL */
    char   *balancer_name; /* accepted; only pick_first semantics exist */
    int     wait_for_ready;
};

/* Parses the client settings in the map `settings` (NULL or a null node:
 * all defaults) into *out, which the caller provides and must release
 * with otelc__client_settings_free() whatever the result. grpc selects
 * the configgrpc flavour. default_compression applies when `compression`
 * is absent (NULL: none). Errors are reported through ctx (YAML path and
 * line) and returned as OTELC_E_CONFIG; OTELC_E_NOMEM otherwise. */
int otelc__client_settings_parse(otelc_ctx *ctx, const otelc_config *settings,
                                 int grpc, const char *default_compression,
                                 struct otelc__client_settings *out);

void otelc__client_settings_free(struct otelc__client_settings *s);

/* Looks up a configured header, case-insensitively; NULL when absent. */
const char *
otelc__client_settings_header(const struct otelc__client_settings *s,
                              const char                          *name);

/* The keys otelc__client_settings_parse() reads, as option tables (the
 * OTELC_BLOCK_TLS_CLIENT, _HTTP_CLIENT and _GRPC_CLIENT blocks). */
extern const otelc_option otelc__tls_client_options[];
extern const otelc_option otelc__http_client_options[];
extern const otelc_option otelc__grpc_client_options[];

#endif
