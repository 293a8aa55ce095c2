/* Turns one otelc_http_post() into a configured libcurl easy handle:
 * URL resolution against the endpoint, body compression, headers, HTTP
 * version, TLS, proxy and connection options from the client settings. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compress.h"
#include "ctx.h"
#include "http_client.h"

#ifndef OTELC_VERSION
#define OTELC_VERSION "0"
#endif

static size_t
write_cb(char *data, size_t size, size_t n, void *userp)
{
    struct otelc__http_req *r = userp;
    size_t                  len = size * n;

    if (r->resp_len + len > OTELC__HTTP_MAX_RESPONSE) {
        r->resp_too_large = 1;
        return 0; /* makes libcurl fail the transfer */
    }
    if (r->resp_len + len > r->resp_cap) {
        size_t         cap = r->resp_cap ? r->resp_cap : 1024;
        unsigned char *p;
        while (cap < r->resp_len + len)
            cap *= 2;
        if ((p = realloc(r->resp, cap)) == NULL)
            return 0;
        r->resp = p;
        r->resp_cap = cap;
    }
    memcpy(r->resp + r->resp_len, data, len);
    r->resp_len += len;
    return len;
}

static int
is_absolute(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 ||
           strncasecmp(url, "https://", 8) == 0;
}

static int
fail(struct otelc__http_req *r, int *rc, int status, const char *what)
{
    *rc = otelc__ctx_fail(r->c->ctx, status, "HTTP client: %s", what);
    return -1;
}

/* r->url: absolute as given, or the endpoint's base URL + path. */
static int
resolve_url(struct otelc__http_req *r, const char *url, int *rc)
{
    const struct otelc__client_settings *s = &r->c->set;
    int                                  n;

    if (is_absolute(url)) {
        r->url = strdup(url);
    } else {
        if (s->endpoint == NULL)
            return fail(r, rc, OTELC_E_INVALID,
                        "a relative URL needs an endpoint in the settings");
        n = asprintf(&r->url, "%s://%s%s%s%s", s->scheme, s->hostport,
                     s->base_path, url[0] == '/' ? "" : "/", url);
        if (n < 0)
            r->url = NULL;
    }
    if (r->url == NULL)
        return fail(r, rc, OTELC_E_NOMEM, "out of memory");
    return 0;
}

/* tls.server_name_override for an https URL: the request names the
 * override (so SNI and certificate verification use it) while
 * CURLOPT_CONNECT_TO sends the connection to the real host, and the Host
 * header keeps the real authority, which is what Go's
 * tls.Config.ServerName does for otelcol. */
static int
apply_sni_override(struct otelc__http_req *r, struct curl_slist **hdrs,
                   int have_host_header, int *rc)
{
    const char *sno = r->c->set.server_name_override;
    CURLU      *u;
    char       *scheme = NULL, *host = NULL, *port = NULL, *nurl = NULL;
    char       *line = NULL, *hostline = NULL;
    int         ret = 0;

    if (sno == NULL)
        return 0;
    if ((u = curl_url()) == NULL)
        return fail(r, rc, OTELC_E_NOMEM, "out of memory");
    if (curl_url_set(u, CURLUPART_URL, r->url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
        ret = fail(r, rc, OTELC_E_INVALID, "invalid URL");
        goto out;
    }
    if (strcasecmp(scheme, "https") != 0)
        goto out; /* no TLS, nothing to override */
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
            CURLUE_OK ||
        curl_url_set(u, CURLUPART_HOST, sno, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_URL, &nurl, 0) != CURLUE_OK) {
        ret = fail(r, rc, OTELC_E_INVALID, "invalid URL");
        goto out;
    }
    if (asprintf(&line, "%s:%s:%s:%s", sno, port, host, port) < 0 ||
        (r->connect_to = curl_slist_append(NULL, line)) == NULL) {
        ret = fail(r, rc, OTELC_E_NOMEM, "out of memory");
        goto out;
    }
    if (!have_host_header) {
        struct curl_slist *t;
        int                n = strcmp(port, "443") == 0
                                   ? asprintf(&hostline, "Host: %s", host)
                                   : asprintf(&hostline, "Host: %s:%s", host, port);
        if (n < 0 || (t = curl_slist_append(*hdrs, hostline)) == NULL) {
            ret = fail(r, rc, OTELC_E_NOMEM, "out of memory");
            goto out;
        }
        *hdrs = t;
    }
    free(r->url);
    r->url = strdup(nurl);
    if (r->url == NULL)
        ret = fail(r, rc, OTELC_E_NOMEM, "out of memory");
out:
    if (line)
        free(line);
    if (hostline)
        free(hostline);
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(nurl);
    curl_url_cleanup(u);
    return ret;
}

static int
append(struct curl_slist **l, const char *line)
{
    struct curl_slist *t = curl_slist_append(*l, line);
    if (t == NULL)
        return -1;
    *l = t;
    return 0;
}

static int
appendf(struct curl_slist **l, const char *fmt, const char *a, const char *b)
{
    char *line = NULL;
    int   ret;
    if (asprintf(&line, fmt, a, b) < 0)
        return -1;
    ret = append(l, line);
    free(line);
    return ret;
}

/* Is `name` among the per-call headers (they override configured ones)? */
static int
in_call_headers(const char *const *headers, const char *name, size_t nlen)
{
    for (size_t i = 0; headers && headers[i] && headers[i + 1]; i += 2)
        if (strlen(headers[i]) == nlen &&
            strncasecmp(headers[i], name, nlen) == 0)
            return 1;
    return 0;
}

static int
build_headers(struct otelc__http_req *r, const char *content_type,
              const char *const *headers, int *rc)
{
    struct otelc_http_client *c = r->c;
    const char               *enc = otelc__compress_name(c->set.compression);
    int                       have_host = 0;

    for (size_t i = 0; headers && headers[i]; i += 2) {
        if (headers[i + 1] == NULL)
            return fail(r, rc, OTELC_E_INVALID,
                        "headers must be name, value pairs");
        if (strpbrk(headers[i], ":\r\n ") || strpbrk(headers[i + 1], "\r\n"))
            return fail(r, rc, OTELC_E_INVALID, "invalid header");
        if (strcasecmp(headers[i], "host") == 0)
            have_host = 1;
        if (appendf(&r->hdrs, *headers[i + 1] ? "%s: %s" : "%s;%s", headers[i],
                    headers[i + 1]) != 0)
            return fail(r, rc, OTELC_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < c->set.n_headers; i++) {
        const char *name = c->set.headers[i].name;
        if (in_call_headers(headers, name, strlen(name)))
            continue;
        if (strcasecmp(name, "host") == 0)
            have_host = 1;
        if (append(&r->hdrs, c->hdr_lines[i]) != 0)
            return fail(r, rc, OTELC_E_NOMEM, "out of memory");
    }
    if ((content_type &&
         appendf(&r->hdrs, "%s%s", "Content-Type: ", content_type) != 0) ||
        (enc && appendf(&r->hdrs, "%s%s", "Content-Encoding: ", enc) != 0) ||
        /* No "Expect: 100-continue" round trip for large bodies: the
         * peers we talk to answer the POST directly. */
        append(&r->hdrs, "Expect:") != 0)
        return fail(r, rc, OTELC_E_NOMEM, "out of memory");
    return apply_sni_override(r, &r->hdrs, have_host, rc);
}

static long
ssl_version(const struct otelc__client_settings *s)
{
    long v;
    switch (s->tls_min) {
    case OTELC__TLS_1_0:
        v = CURL_SSLVERSION_TLSv1_0;
        break;
    case OTELC__TLS_1_1:
        v = CURL_SSLVERSION_TLSv1_1;
        break;
    case OTELC__TLS_1_3:
        v = CURL_SSLVERSION_TLSv1_3;
        break;
    default:
        v = CURL_SSLVERSION_TLSv1_2;
        break;
    }
    switch (s->tls_max) {
    case OTELC__TLS_1_0:
        v |= CURL_SSLVERSION_MAX_TLSv1_0;
        break;
    case OTELC__TLS_1_1:
        v |= CURL_SSLVERSION_MAX_TLSv1_1;
        break;
    case OTELC__TLS_1_2:
        v |= CURL_SSLVERSION_MAX_TLSv1_2;
        break;
    case OTELC__TLS_1_3:
        v |= CURL_SSLVERSION_MAX_TLSv1_3;
        break;
    default:
        break;
    }
    return v;
}

static CURLcode
set_blob(CURL *e, CURLoption opt, const char *pem)
{
    struct curl_blob b;
    b.data = (void *)(uintptr_t)pem;
    b.len = strlen(pem);
    b.flags = CURL_BLOB_COPY;
    return curl_easy_setopt(e, opt, &b);
}

static CURLcode
set_tls(CURL *e, const struct otelc__client_settings *s)
{
    CURLcode rc = CURLE_OK;

    if (s->insecure_skip_verify) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (s->ca_file)
        rc = curl_easy_setopt(e, CURLOPT_CAINFO, s->ca_file);
    if (!rc && s->ca_pem)
        rc = set_blob(e, CURLOPT_CAINFO_BLOB, s->ca_pem);
    if (!rc && s->cert_file)
        rc = curl_easy_setopt(e, CURLOPT_SSLCERT, s->cert_file);
    if (!rc && s->cert_pem)
        rc = set_blob(e, CURLOPT_SSLCERT_BLOB, s->cert_pem);
    if (!rc && s->key_file)
        rc = curl_easy_setopt(e, CURLOPT_SSLKEY, s->key_file);
    if (!rc && s->key_pem)
        rc = set_blob(e, CURLOPT_SSLKEY_BLOB, s->key_pem);
    if (!rc)
        rc = curl_easy_setopt(e, CURLOPT_SSLVERSION, ssl_version(s));
    return rc;
}

static long
clamp(int64_t v, long lo, long hi)
{
    return v < lo ? lo : v > hi ? hi : (long)v;
}

static CURLcode
set_options(struct otelc__http_req *r, int64_t timeout_ns)
{
    struct otelc_http_client            *c = r->c;
    const struct otelc__client_settings *s = &c->set;
    CURL                                *e = r->easy;
    CURLcode                             rc = CURLE_OK;
    long                                 ver;

    if (timeout_ns <= 0)
        timeout_ns = s->timeout_ns;
    curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)r);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    /* Go's http.Client (otelcol) follows up to 10 redirects: 307/308
     * repeat the POST with its body, 301/302/303 turn into a GET. That is
     * libcurl's default POST behaviour too; custom Authorization and
     * Cookie headers are not sent on to another host. */
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_URL, r->url);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "otelc/" OTELC_VERSION);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    /* Decode a compressed response body for the caller. */
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    if (timeout_ns > 0)
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
                         clamp((timeout_ns + 999999) / 1000000, 1, LONG_MAX));
    if (s->http2_prior_knowledge)
        ver = CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
    else if (s->force_attempt_http2)
        ver = CURL_HTTP_VERSION_2TLS; /* h2 by ALPN, else HTTP/1.1 */
    else
        ver = CURL_HTTP_VERSION_1_1;
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, ver);
    /* With h2 in prospect, wait for a connection being set up to learn
     * whether it multiplexes instead of opening a second one. */
    if (ver != CURL_HTTP_VERSION_1_1)
        curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    if (r->connect_to)
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, r->connect_to);
    if (s->proxy_url) {
        /* Go's http.ProxyURL: this proxy for everything, NO_PROXY
         * does not apply. */
        curl_easy_setopt(e, CURLOPT_PROXY, s->proxy_url);
        curl_easy_setopt(e, CURLOPT_NOPROXY, "");
    } else if (c->env_http_proxy && strncasecmp(r->url, "http://", 7) == 0) {
        curl_easy_setopt(e, CURLOPT_PROXY, c->env_http_proxy);
        if (c->env_no_proxy)
            curl_easy_setopt(e, CURLOPT_NOPROXY, c->env_no_proxy);
    }
    if (s->read_buffer_size > 0)
        curl_easy_setopt(e, CURLOPT_BUFFERSIZE,
                         clamp(s->read_buffer_size, 1024, CURL_MAX_READ_SIZE));
    if (s->write_buffer_size > 0)
        curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE,
                         clamp(s->write_buffer_size, 16384, 2L << 20));
    if (s->disable_keep_alives) {
        curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    }
    if (s->idle_conn_timeout_ns > 0)
        curl_easy_setopt(
            e, CURLOPT_MAXAGE_CONN,
            clamp(s->idle_conn_timeout_ns / 1000000000, 1, LONG_MAX));
    rc = set_tls(e, s);
    return rc;
}

void
otelc__http_req_free(struct otelc__http_req *r)
{
    if (r == NULL)
        return;
    if (r->easy)
        curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->hdrs);
    curl_slist_free_all(r->connect_to);
    free(r->url);
    free(r->body);
    free(r->resp);
    free(r);
}

struct otelc__http_req *
otelc__http_req_new(struct otelc_http_client *c, const char *url,
                    const char *content_type, const void *body, size_t len,
                    const char *const *headers, int64_t timeout_ns, int *rc)
{
    struct otelc__http_req *r = calloc(1, sizeof(*r));
    CURLcode                cc;
    int                     st;

    if (r == NULL) {
        *rc = OTELC_E_NOMEM;
        return NULL;
    }
    r->c = c;
    if (resolve_url(r, url, rc) != 0 ||
        build_headers(r, content_type, headers, rc) != 0)
        goto fail;
    /* The body is ours from here (compressed, or copied): the caller may
     * free its buffer as soon as the post returns. */
    st = otelc__compress_level(c->set.compression, c->set.compression_level,
                               body, len, &r->body, &r->body_len);
    if (st != OTELC_OK) {
        fail(r, rc, st, "compressing the body failed");
        goto fail;
    }
    if ((r->easy = curl_easy_init()) == NULL) {
        fail(r, rc, OTELC_E_NOMEM, "out of memory");
        goto fail;
    }
    if ((cc = set_options(r, timeout_ns)) != CURLE_OK) {
        *rc = otelc__ctx_fail(c->ctx, OTELC_E_INVALID, "HTTP client: %s",
                              curl_easy_strerror(cc));
        goto fail;
    }
    return r;
fail:
    otelc__http_req_free(r);
    return NULL;
}
