/* Reads otelcol's confighttp / configgrpc client settings into
 * struct otelc__client_settings (see client_config.h for the key list).
 * Only the ctx-bound getters are used, so every problem is reported with
 * its YAML path and line, and validation (which has no loop) runs the very
 * same code as startup. */
#include "client_config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <otelc/config.h>

#include "compress.h"
#include "config.h"
#include "ctx.h"
#include "host_table.h"

/* strdup of a non-empty string, NULL for NULL or "". Sets *oom on
 * allocation failure so a chain of copies can be checked once. */
static char *
dup_opt(const char *s, int *oom)
{
    char *d;
    if (s == NULL || *s == '\0')
        return NULL;
    d = strdup(s);
    if (d == NULL)
        *oom = 1;
    return d;
}

static void
accept_keys(const otelc_config *map, const char *const *keys)
{
    for (; *keys; keys++)
        otelc__cfg_mark_used(otelc__cfg_get(map, *keys));
}

/* ---- tls ---- */

static int
tls_version(otelc_ctx *ctx, const otelc_config *tls, const char *key,
            const char *def, int *out)
{
    static const struct {
        const char *name;
        int         v;
    } vers[] = {{"1.0", OTELC__TLS_1_0},
                {"1.1", OTELC__TLS_1_1},
                {"1.2", OTELC__TLS_1_2},
                {"1.3", OTELC__TLS_1_3}};
    const char *v = NULL;
    int         rc = otelc__host()->cfg_str(ctx, tls, key, def, &v);

    if (rc != OTELC_OK)
        return rc;
    *out = 0;
    if (v == NULL || *v == '\0')
        return OTELC_OK;
    for (size_t i = 0; i < sizeof(vers) / sizeof(vers[0]); i++) {
        if (strcmp(v, vers[i].name) == 0) {
            *out = vers[i].v;
            return OTELC_OK;
        }
    }
    return otelc_cfg_error(
        ctx, otelc__cfg_get(tls, key),
        "invalid TLS version \"%s\" (expected \"1.0\", \"1.1\", "
        "\"1.2\" or \"1.3\")",
        v);
}

static int
read_tls(otelc_ctx *ctx, const otelc_config *map,
         struct otelc__client_settings *s)
{
    static const char *const accepted[] = {
        "reload_interval",   "cipher_suites", "include_system_ca_certs_pool",
        "curve_preferences", "tpm",           NULL};
    const otelc_host_api *api = otelc__host();
    const otelc_config   *tls;
    const char           *ca = NULL, *cert = NULL, *key = NULL, *sno = NULL;
    const char           *ca_pem = NULL, *cert_pem = NULL, *key_pem = NULL;
    int64_t               reload = 0;
    int                   oom = 0, rc;

    s->tls_min = OTELC__TLS_1_2; /* configtls default */
    if ((rc = otelc__cfg_child_map(ctx, map, "tls", &tls)) != OTELC_OK)
        return rc;
    if (tls == NULL)
        return OTELC_OK;
    if ((rc = api->cfg_bool(ctx, tls, "insecure", 0, &s->insecure)) ||
        (rc = api->cfg_bool(ctx, tls, "insecure_skip_verify", 0,
                            &s->insecure_skip_verify)) ||
        (rc = api->cfg_str(ctx, tls, "ca_file", NULL, &ca)) ||
        (rc = api->cfg_str(ctx, tls, "ca_pem", NULL, &ca_pem)) ||
        (rc = api->cfg_str(ctx, tls, "cert_file", NULL, &cert)) ||
        (rc = api->cfg_str(ctx, tls, "cert_pem", NULL, &cert_pem)) ||
        (rc = api->cfg_str(ctx, tls, "key_file", NULL, &key)) ||
        (rc = api->cfg_str(ctx, tls, "key_pem", NULL, &key_pem)) ||
        (rc = api->cfg_str(ctx, tls, "server_name_override", NULL, &sno)) ||
        (rc = tls_version(ctx, tls, "min_version", "1.2", &s->tls_min)) ||
        (rc = tls_version(ctx, tls, "max_version", NULL, &s->tls_max)) ||
        (rc = api->cfg_duration(ctx, tls, "reload_interval", 0, &reload)))
        return rc;
    accept_keys(tls, accepted);
    if (s->tls_min == 0)
        s->tls_min = OTELC__TLS_1_2;
    if (s->tls_max && s->tls_min > s->tls_max)
        return otelc_cfg_error(ctx, tls, "min_version is above max_version");
    /* configtls: a certificate without its key (or the reverse) is an
     * error, and each may come from a file or inline PEM, not both. */
    if ((ca && *ca) && (ca_pem && *ca_pem))
        return otelc_cfg_error(ctx, tls, "set ca_file or ca_pem, not both");
    if ((cert && *cert) && (cert_pem && *cert_pem))
        return otelc_cfg_error(ctx, tls, "set cert_file or cert_pem, not both");
    if ((key && *key) && (key_pem && *key_pem))
        return otelc_cfg_error(ctx, tls, "set key_file or key_pem, not both");
    if (((cert && *cert) || (cert_pem && *cert_pem)) !=
        ((key && *key) || (key_pem && *key_pem)))
        return otelc_cfg_error(
            ctx, tls,
            "a client certificate needs both a certificate "
            "(cert_file/cert_pem) and its key (key_file/key_pem)");
    if (sno && strpbrk(sno, " /:\r\n[]@"))
        return otelc_cfg_error(ctx, otelc__cfg_get(tls, "server_name_override"),
                               "server_name_override must be a host name");
    s->ca_file = dup_opt(ca, &oom);
    s->ca_pem = dup_opt(ca_pem, &oom);
    s->cert_file = dup_opt(cert, &oom);
    s->cert_pem = dup_opt(cert_pem, &oom);
    s->key_file = dup_opt(key, &oom);
    s->key_pem = dup_opt(key_pem, &oom);
    s->server_name_override = dup_opt(sno, &oom);
    return oom ? OTELC_E_NOMEM : OTELC_OK;
}

/* ---- headers ---- */

static int
valid_header_name(const char *n)
{
    /* RFC 9110 token characters. */
    if (n == NULL || *n == '\0')
        return 0;
    for (; *n; n++) {
        unsigned char ch = (unsigned char)*n;
        if (!isalnum(ch) && !strchr("!#$%&'*+-.^_`|~", ch))
            return 0;
    }
    return 1;
}

static int
add_header(otelc_ctx *ctx, const otelc_config *at,
           struct otelc__client_settings *s, const char *name,
           const char *value)
{
    struct otelc__client_header *h = &s->headers[s->n_headers];
    if (!valid_header_name(name))
        return otelc_cfg_error(ctx, at, "invalid header name \"%s\"", name);
    /* A CR or LF in a value would let the config inject headers. */
    if (strpbrk(value, "\r\n"))
        return otelc_cfg_error(ctx, at, "header value contains a line break");
    h->name = strdup(name);
    h->value = strdup(value);
    if (h->name == NULL || h->value == NULL) {
        free(h->name);
        free(h->value);
        return OTELC_E_NOMEM;
    }
    s->n_headers++;
    return OTELC_OK;
}

/* A map of name: value, or (configopaque.MapList, newer otelcol) a list
 * of {name, value} maps. */
static int
read_headers(otelc_ctx *ctx, const otelc_config *map,
             struct otelc__client_settings *s)
{
    const otelc_host_api *api = otelc__host();
    const otelc_config   *h = otelc__cfg_get(map, "headers");
    int                   rc;

    if (h == NULL || h->kind == OTELC_CFG_NULL)
        return OTELC_OK;
    if (h->kind != OTELC_CFG_MAP && h->kind != OTELC_CFG_SEQ)
        return otelc_cfg_error(ctx, h,
                               "expected a map of header names to values");
    s->headers = calloc(h->n ? h->n : 1, sizeof(*s->headers));
    if (s->headers == NULL)
        return OTELC_E_NOMEM;
    for (size_t i = 0; i < h->n; i++) {
        const otelc_config *it = h->items[i];
        if (h->kind == OTELC_CFG_MAP) {
            const char *v = NULL;
            if ((rc = api->cfg_str(ctx, h, it->key, "", &v)) != OTELC_OK)
                return rc;
            if (it->kind != OTELC_CFG_SCALAR && it->kind != OTELC_CFG_NULL)
                return otelc_cfg_error(ctx, it, "expected a string");
            rc = add_header(ctx, it, s, it->key, v ? v : "");
        } else {
            const char *name = NULL, *v = NULL;
            if (it->kind != OTELC_CFG_MAP)
                return otelc_cfg_error(ctx, it,
                                       "expected a map with name and value");
            if ((rc = api->cfg_str(ctx, it, "name", NULL, &name)) ||
                (rc = api->cfg_str(ctx, it, "value", "", &v)))
                return rc;
            if (name == NULL)
                return otelc_cfg_error(ctx, it, "header without a name");
            rc = add_header(ctx, it, s, name, v ? v : "");
        }
        if (rc != OTELC_OK)
            return rc;
    }
    return OTELC_OK;
}

const char *
otelc__client_settings_header(const struct otelc__client_settings *s,
                              const char                          *name)
{
    for (size_t i = 0; i < s->n_headers; i++)
        if (strcasecmp(s->headers[i].name, name) == 0)
            return s->headers[i].value;
    return NULL;
}

/* ---- endpoint ---- */

/* Splits "host[:port]" / "[v6][:port]" (an authority without userinfo).
 * Returns 0, -1 when malformed, -2 when out of memory. */
static int
split_hostport(const char *a, size_t len, char **host, int *port)
{
    const char *end = a + len, *h = a, *hend, *p;

    *port = 0;
    *host = NULL;
    if (len == 0)
        return -1;
    if (*a == '[') {
        hend = memchr(a, ']', len);
        if (hend == NULL || hend == a + 1)
            return -1;
        h = a + 1;
        p = hend + 1;
    } else {
        hend = memchr(a, ':', len);
        if (hend == NULL)
            hend = end;
        if (hend == a)
            return -1;
        p = hend;
    }
    if (p < end) {
        long v = 0;
        if (*p != ':' || end - p - 1 < 1 || end - p - 1 > 5)
            return -1;
        for (const char *d = p + 1; d < end; d++) {
            if (*d < '0' || *d > '9')
                return -1;
            v = v * 10 + (*d - '0');
        }
        if (v <= 0 || v > 65535)
            return -1;
        *port = (int)v;
    }
    *host = strndup(h, (size_t)(hend - h));
    return *host ? 0 : -2;
}

static int
make_hostport(struct otelc__client_settings *s)
{
    int v6 = strchr(s->host, ':') != NULL;
    if (asprintf(&s->hostport, v6 ? "[%s]:%d" : "%s:%d", s->host, s->port) <
        0) {
        s->hostport = NULL;
        return OTELC_E_NOMEM;
    }
    return OTELC_OK;
}

static int
parse_http_endpoint(otelc_ctx *ctx, const otelc_config *at,
                    struct otelc__client_settings *s)
{
    const char *ep = s->endpoint, *auth, *path;
    size_t      alen;
    int         rc;

    if (strncasecmp(ep, "http://", 7) == 0) {
        s->scheme = strdup("http");
        auth = ep + 7;
    } else if (strncasecmp(ep, "https://", 8) == 0) {
        s->scheme = strdup("https");
        auth = ep + 8;
    } else {
        return otelc_cfg_error(
            ctx, at,
            "invalid endpoint \"%s\": expected an http:// or "
            "https:// URL",
            ep);
    }
    if (s->scheme == NULL)
        return OTELC_E_NOMEM;
    path = auth + strcspn(auth, "/?#");
    alen = (size_t)(path - auth);
    if (memchr(auth, '@', alen))
        return otelc_cfg_error(
            ctx, at,
            "invalid endpoint \"%s\": credentials in the URL are not "
            "supported (use headers)",
            ep);
    rc = split_hostport(auth, alen, &s->host, &s->port);
    if (rc == -2)
        return OTELC_E_NOMEM;
    if (rc != 0)
        return otelc_cfg_error(ctx, at,
                               "invalid endpoint \"%s\": bad host or port", ep);
    if (s->port == 0)
        s->port = strcmp(s->scheme, "https") == 0 ? 443 : 80;
    if (*path != '\0' && *path != '/')
        return otelc_cfg_error(
            ctx, at, "invalid endpoint \"%s\": query or fragment not allowed",
            ep);
    s->base_path = strdup(path);
    if (s->base_path == NULL)
        return OTELC_E_NOMEM;
    /* "http://h:1/" and "http://h:1" name the same base. */
    for (size_t n = strlen(s->base_path); n > 0 && s->base_path[n - 1] == '/';
         n--)
        s->base_path[n - 1] = '\0';
    s->use_tls = strcmp(s->scheme, "https") == 0;
    return make_hostport(s);
}

static int
parse_grpc_endpoint(otelc_ctx *ctx, const otelc_config *at,
                    struct otelc__client_settings *s)
{
    const char *ep = s->endpoint, *auth = ep;
    size_t      alen;
    int         rc;

    if (strncasecmp(ep, "http://", 7) == 0) {
        s->scheme = strdup("http");
        auth = ep + 7;
    } else if (strncasecmp(ep, "https://", 8) == 0) {
        s->scheme = strdup("https");
        auth = ep + 8;
    } else if (strncmp(ep, "dns:///", 7) == 0) {
        auth = ep + 7;
    } else if (strncmp(ep, "dns://", 6) == 0) {
        /* dns://resolver/host:port: the resolver is not used. */
        auth = strchr(ep + 6, '/');
        auth = auth ? auth + 1 : ep + strlen(ep);
    } else if (strstr(ep, "://") != NULL || strncmp(ep, "unix:", 5) == 0) {
        return otelc_cfg_error(
            ctx, at,
            "unsupported endpoint \"%s\" (expected host:port or an "
            "http(s):// URL)",
            ep);
    }
    if (auth != ep && strncasecmp(ep, "http", 4) == 0 && s->scheme == NULL)
        return OTELC_E_NOMEM;
    alen = strcspn(auth, "/");
    if (auth[alen] == '/' && auth[alen + 1] != '\0')
        return otelc_cfg_error(
            ctx, at, "invalid endpoint \"%s\": a path is not allowed", ep);
    rc = split_hostport(auth, alen, &s->host, &s->port);
    if (rc == -2)
        return OTELC_E_NOMEM;
    if (rc != 0)
        return otelc_cfg_error(
            ctx, at,
            "invalid endpoint \"%s\": expected host:port (e.g. "
            "collector:4317)",
            ep);
    if (s->port == 0)
        s->port = 443; /* grpc-go's default port */
    /* configgrpc: TLS unless tls.insecure; an https:// scheme forces it. */
    s->use_tls = !s->insecure || (s->scheme && strcmp(s->scheme, "https") == 0);
    s->base_path = strdup("");
    if (s->base_path == NULL)
        return OTELC_E_NOMEM;
    return make_hostport(s);
}

/* ---- flavour-specific keys ---- */

static int
read_http_keys(otelc_ctx *ctx, const otelc_config *map,
               struct otelc__client_settings *s)
{
    static const char *const accepted[] = {"max_idle_conns_per_host",
                                           "http2_read_idle_timeout",
                                           "http2_ping_timeout",
                                           "cookies",
                                           "keep_alive",
                                           NULL};
    const otelc_host_api    *api = otelc__host();
    const char              *proxy = NULL;
    int                      oom = 0, rc;

    if ((rc = api->cfg_duration(ctx, map, "timeout", 0, &s->timeout_ns)) ||
        (rc = api->cfg_str(ctx, map, "proxy_url", NULL, &proxy)) ||
        (rc = api->cfg_int(ctx, map, "max_idle_conns", 100,
                           &s->max_idle_conns)) ||
        (rc = api->cfg_int(ctx, map, "max_conns_per_host", 0,
                           &s->max_conns_per_host)) ||
        (rc = api->cfg_duration(ctx, map, "idle_conn_timeout",
                                INT64_C(90000000000),
                                &s->idle_conn_timeout_ns)) ||
        (rc = api->cfg_bool(ctx, map, "disable_keep_alives", 0,
                            &s->disable_keep_alives)) ||
        (rc = api->cfg_bool(ctx, map, "force_attempt_http2", 1,
                            &s->force_attempt_http2)) ||
        (rc = api->cfg_bool(ctx, map, "http2_prior_knowledge", 0,
                            &s->http2_prior_knowledge)))
        return rc;
    accept_keys(map, accepted);
    if (s->max_idle_conns < 0)
        return otelc_cfg_error(ctx, otelc__cfg_get(map, "max_idle_conns"),
                               "must not be negative");
    if (s->max_conns_per_host < 0)
        return otelc_cfg_error(ctx, otelc__cfg_get(map, "max_conns_per_host"),
                               "must not be negative");
    if (proxy && *proxy && strstr(proxy, "://") == NULL)
        return otelc_cfg_error(
            ctx, otelc__cfg_get(map, "proxy_url"),
            "invalid proxy_url \"%s\": expected a URL such as "
            "http://proxy:3128",
            proxy);
    s->proxy_url = dup_opt(proxy, &oom);
    return oom ? OTELC_E_NOMEM : OTELC_OK;
}

static int
read_grpc_keys(otelc_ctx *ctx, const otelc_config *map,
               struct otelc__client_settings *s)
{
    const otelc_host_api *api = otelc__host();
    const otelc_config   *ka;
    const char           *authority = NULL, *balancer = NULL;
    int                   oom = 0, rc;

    if ((rc = otelc__cfg_child_map(ctx, map, "keepalive", &ka)) ||
        (rc = api->cfg_duration(ctx, ka, "time", 0, &s->keepalive_time_ns)) ||
        (rc = api->cfg_duration(ctx, ka, "timeout", INT64_C(20000000000),
                                &s->keepalive_timeout_ns)) ||
        (rc = api->cfg_bool(ctx, ka, "permit_without_stream", 0,
                            &s->keepalive_permit_without_stream)) ||
        (rc = api->cfg_str(ctx, map, "authority", NULL, &authority)) ||
        (rc = api->cfg_str(ctx, map, "balancer_name", NULL, &balancer)) ||
        (rc = api->cfg_bool(ctx, map, "wait_for_ready", 0, &s->wait_for_ready)))
        return rc;
    if (authority && strpbrk(authority, " /\r\n"))
        return otelc_cfg_error(ctx, otelc__cfg_get(map, "authority"),
                               "authority must be host[:port]");
    if (balancer && *balancer && strcmp(balancer, "pick_first") != 0 &&
        strcmp(balancer, "round_robin") != 0)
        return otelc_cfg_error(ctx, otelc__cfg_get(map, "balancer_name"),
                               "unknown balancer_name \"%s\" (pick_first or "
                               "round_robin)",
                               balancer);
    s->authority = dup_opt(authority, &oom);
    s->balancer_name = dup_opt(balancer, &oom);
    return oom ? OTELC_E_NOMEM : OTELC_OK;
}

static int
read_compression(otelc_ctx *ctx, const otelc_config *map,
                 const char                    *default_compression,
                 struct otelc__client_settings *s)
{
    const otelc_host_api *api = otelc__host();
    const otelc_config   *params;
    const char           *name = NULL;
    int64_t               level = 0;
    int                   algo, rc;

    if ((rc = api->cfg_str(ctx, map, "compression",
                           default_compression ? default_compression : "",
                           &name)) ||
        (rc = otelc__cfg_child_map(ctx, map, "compression_params", &params)) ||
        (rc = api->cfg_int(ctx, params, "level", 0, &level)))
        return rc;
    algo = otelc__compress_parse(name ? name : "");
    if (algo == -2)
        return otelc_cfg_error(
            ctx, otelc__cfg_get(map, "compression"),
            "compression \"%s\" is not supported by otelc (use gzip, "
            "zstd, snappy, zlib, deflate or none)",
            name);
    /* configgrpc knows grpc-go's codecs only: gzip, zstd, snappy. */
    if (algo < 0 || (s->grpc && (algo == OTELC__COMPRESS_ZLIB ||
                                 algo == OTELC__COMPRESS_DEFLATE ||
                                 algo == OTELC__COMPRESS_SNAPPY_FRAMED)))
        return otelc_cfg_error(ctx, otelc__cfg_get(map, "compression"),
                               "unknown compression \"%s\" (expected %s)", name,
                               s->grpc ? "gzip, zstd, snappy or none"
                                       : "gzip, zstd, snappy, zlib, deflate, "
                                         "x-snappy-framed or none");
    if (level < -1 || level > 22)
        return otelc_cfg_error(ctx, otelc__cfg_get(params, "level"),
                               "compression level out of range");
    s->compression = algo;
    s->compression_level = (int)level;
    return OTELC_OK;
}

int
otelc__client_settings_parse(otelc_ctx *ctx, const otelc_config *settings,
                             int grpc, const char *default_compression,
                             struct otelc__client_settings *out)
{
    static const char *const accepted[] = {"auth", "middlewares", NULL};
    const otelc_host_api    *api = otelc__host();
    const char              *ep = NULL;
    int                      rc;

    memset(out, 0, sizeof(*out));
    out->grpc = grpc;
    out->tls_min = OTELC__TLS_1_2;
    out->force_attempt_http2 = 1;
    if (settings && settings->kind == OTELC_CFG_NULL)
        settings = NULL;
    if (settings && settings->kind != OTELC_CFG_MAP)
        return otelc_cfg_error(ctx, settings,
                               "expected a map of client settings");
    if ((rc = api->cfg_str(ctx, settings, "endpoint", NULL, &ep)) ||
        (rc = read_tls(ctx, settings, out)) ||
        (rc = read_headers(ctx, settings, out)) ||
        (rc = read_compression(ctx, settings, default_compression, out)) ||
        (rc = api->cfg_int(ctx, settings, "read_buffer_size", 0,
                           &out->read_buffer_size)) ||
        (rc = api->cfg_int(ctx, settings, "write_buffer_size", 0,
                           &out->write_buffer_size)))
        return rc;
    accept_keys(settings, accepted);
    if (out->read_buffer_size < 0)
        return otelc_cfg_error(ctx,
                               otelc__cfg_get(settings, "read_buffer_size"),
                               "must not be negative");
    if (out->write_buffer_size < 0)
        return otelc_cfg_error(ctx,
                               otelc__cfg_get(settings, "write_buffer_size"),
                               "must not be negative");
    rc = grpc ? read_grpc_keys(ctx, settings, out)
              : read_http_keys(ctx, settings, out);
    if (rc != OTELC_OK)
        return rc;
    if (ep == NULL || *ep == '\0') {
        if (grpc)
            return otelc_cfg_error(ctx, settings, "endpoint is required");
        return OTELC_OK; /* per-call absolute URLs only */
    }
    if ((out->endpoint = strdup(ep)) == NULL)
        return OTELC_E_NOMEM;
    return grpc ? parse_grpc_endpoint(ctx, otelc__cfg_get(settings, "endpoint"),
                                      out)
                : parse_http_endpoint(ctx, otelc__cfg_get(settings, "endpoint"),
                                      out);
}

void
otelc__client_settings_free(struct otelc__client_settings *s)
{
    char **strs[] = {&s->endpoint,  &s->scheme,    &s->host,
                     &s->base_path, &s->hostport,  &s->ca_file,
                     &s->cert_file, &s->key_file,  &s->ca_pem,
                     &s->cert_pem,  &s->key_pem,   &s->server_name_override,
                     &s->proxy_url, &s->authority, &s->balancer_name};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        free(*strs[i]);
    for (size_t i = 0; i < s->n_headers; i++) {
        free(s->headers[i].name);
        free(s->headers[i].value);
    }
    free(s->headers);
    memset(s, 0, sizeof(*s));
}

/* ---- the schema of these settings (otelc/config.h) ----
 *
 * What `otelc validate`, JSON Schema and the README tables know about the
 * keys read above. Keys and types must match the parser: test_schema.c
 * runs the parser over every key of these tables and checks it reads
 * exactly them. Semantic checks (both cert and key, file or PEM) stay in
 * the parser. */
#define K(key, type, ...) OTELC_OPTION_NOFIELD(key, type, __VA_ARGS__)
#define TLS_VERSIONS                                                           \
    (const char *const[])                                                      \
    {                                                                          \
        "1.0", "1.1", "1.2", "1.3", NULL                                       \
    }
#define IGNORED OTELC_OPT_IGNORED

const otelc_option otelc__tls_client_options[] = {
    K("insecure", OTELC_OPT_BOOL, .def = "false",
      .help = "gRPC: plaintext instead of TLS; HTTP: see the endpoint scheme"),
    K("insecure_skip_verify", OTELC_OPT_BOOL, .def = "false",
      .help = "do not verify the server's certificate"),
    K("ca_file", OTELC_OPT_STRING, .help = "CA certificates (PEM file)"),
    K("ca_pem", OTELC_OPT_STRING, .help = "CA certificates (inline PEM)"),
    K("cert_file", OTELC_OPT_STRING,
      .help = "client certificate (PEM file), with key_file"),
    K("cert_pem", OTELC_OPT_STRING, .help = "client certificate (inline PEM)"),
    K("key_file", OTELC_OPT_STRING, .help = "client key (PEM file)"),
    K("key_pem", OTELC_OPT_STRING, .flags = OTELC_OPT_SECRET,
      .help = "client key (inline PEM)"),
    K("server_name_override", OTELC_OPT_STRING,
      .help = "host name for SNI and certificate verification"),
    K("min_version", OTELC_OPT_ENUM, .def = "1.2", .values = TLS_VERSIONS,
      .help = "lowest TLS version"),
    K("max_version", OTELC_OPT_ENUM, .values = TLS_VERSIONS,
      .help = "highest TLS version (default: the newest)"),
    K("reload_interval", OTELC_OPT_DURATION, .flags = IGNORED,
      .help = "certificate reload interval"),
    K("cipher_suites", OTELC_OPT_STRING_LIST, .flags = IGNORED,
      .help = "TLS 1.2 cipher suites"),
    K("include_system_ca_certs_pool", OTELC_OPT_BOOL, .flags = IGNORED,
      .help = "also trust the system CAs"),
    K("curve_preferences", OTELC_OPT_STRING_LIST, .flags = IGNORED,
      .help = "key exchange curves"),
    K("tpm", OTELC_OPT_NODE, .flags = IGNORED, .help = "TPM key settings"),
    OTELC_OPTIONS_END};

static const otelc_option compression_params_options[] = {
    K("level", OTELC_OPT_INT, .min = "-1", .max = "22",
      .help = "compression level (0: the codec's default)"),
    OTELC_OPTIONS_END};

/* Keys both flavours share, squashed into each. */
static const otelc_option common_client_options[] = {
    K("tls", OTELC_OPT_BLOCK, .block = OTELC_BLOCK_TLS_CLIENT,
      .help = "TLS settings"),
    K("headers", OTELC_OPT_STRING_MAP, .flags = OTELC_OPT_SECRET,
      .help = "headers sent with every request (values may hold tokens)"),
    K("read_buffer_size", OTELC_OPT_INT, .min = "0",
      .help = "accepted for otelcol compatibility"),
    K("write_buffer_size", OTELC_OPT_INT, .min = "0",
      .help = "accepted for otelcol compatibility"),
    K("compression_params", OTELC_OPT_SECTION,
      .sub = compression_params_options, .help = "compression tuning"),
    K("auth", OTELC_OPT_NODE, .flags = IGNORED, .help = "authenticator"),
    K("middlewares", OTELC_OPT_NODE, .flags = IGNORED, .help = "middlewares"),
    OTELC_OPTIONS_END};

const otelc_option otelc__http_client_options[] = {
    K("endpoint", OTELC_OPT_STRING,
      .help = "base URL, http:// or https:// (absent: per-request URLs)"),
    K("compression", OTELC_OPT_STRING,
      .help = "gzip, zstd, snappy, zlib, deflate, x-snappy-framed or none "
              "(default: the component's)"),
    K("timeout", OTELC_OPT_DURATION, .help = "request timeout (0: none)"),
    K("proxy_url", OTELC_OPT_STRING, .help = "HTTP proxy URL"),
    K("max_idle_conns", OTELC_OPT_INT, .def = "100", .min = "0",
      .help = "idle connections kept"),
    K("max_conns_per_host", OTELC_OPT_INT, .def = "0", .min = "0",
      .help = "connections per host (0: no limit)"),
    K("idle_conn_timeout", OTELC_OPT_DURATION, .def = "90s",
      .help = "idle connection lifetime"),
    K("disable_keep_alives", OTELC_OPT_BOOL, .def = "false",
      .help = "one request per connection"),
    K("force_attempt_http2", OTELC_OPT_BOOL, .def = "true",
      .help = "HTTP/2 over TLS when the server offers it"),
    K("http2_prior_knowledge", OTELC_OPT_BOOL, .def = "false",
      .help = "otelc extension: h2c without upgrade on http:// endpoints"),
    K("max_idle_conns_per_host", OTELC_OPT_INT, .flags = IGNORED,
      .help = "idle connections per host"),
    K("http2_read_idle_timeout", OTELC_OPT_DURATION, .flags = IGNORED,
      .help = "HTTP/2 health check interval"),
    K("http2_ping_timeout", OTELC_OPT_DURATION, .flags = IGNORED,
      .help = "HTTP/2 health check timeout"),
    K("cookies", OTELC_OPT_NODE, .flags = IGNORED, .help = "cookie jar"),
    K("keep_alive", OTELC_OPT_NODE, .flags = IGNORED, .help = "TCP keep-alive"),
    K(NULL, OTELC_OPT_SECTION, .sub = common_client_options,
      .help = "shared client keys"),
    OTELC_OPTIONS_END};

static const otelc_option grpc_keepalive_options[] = {
    K("time", OTELC_OPT_DURATION,
      .help = "ping after this long idle (0: "
              "never)"),
    K("timeout", OTELC_OPT_DURATION, .def = "20s",
      .help = "wait this long for a ping's answer"),
    K("permit_without_stream", OTELC_OPT_BOOL, .def = "false",
      .help = "ping without active calls"),
    OTELC_OPTIONS_END};

const otelc_option otelc__grpc_client_options[] = {
    K("endpoint", OTELC_OPT_STRING, .flags = OTELC_OPT_REQUIRED,
      .help = "host:port, or an http(s):// URL"),
    K("compression", OTELC_OPT_STRING,
      .help = "gzip, zstd, snappy or none (default: the component's)"),
    K("keepalive", OTELC_OPT_SECTION, .sub = grpc_keepalive_options,
      .help = "client keepalive pings"),
    K("authority", OTELC_OPT_STRING, .help = ":authority of the calls"),
    K("balancer_name", OTELC_OPT_ENUM,
      .values = (const char *const[]){"pick_first", "round_robin", NULL},
      .help = "accepted; otelc uses one connection per worker"),
    K("wait_for_ready", OTELC_OPT_BOOL, .def = "false",
      .help = "wait for the connection instead of failing fast"),
    K(NULL, OTELC_OPT_SECTION, .sub = common_client_options,
      .help = "shared client keys"),
    OTELC_OPTIONS_END};
#undef K
#undef TLS_VERSIONS
#undef IGNORED
