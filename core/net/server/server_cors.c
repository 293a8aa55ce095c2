/* CORS and configured response headers for HTTP responses.
 *
 * Behaves like otelcol's confighttp, which wraps handlers in rs/cors with
 * AllowedOrigins/AllowedHeaders/MaxAge from the config and
 * AllowCredentials: a preflight (OPTIONS with Origin and
 * Access-Control-Request-Method) is always answered 204 by the host, with
 * the Allow-* headers only when origin, method (GET, POST, HEAD) and
 * requested headers are all allowed; an actual request from an allowed
 * origin gets Access-Control-Allow-Origin. Both carry Vary. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"

/* A pattern like "https://" "*" ".example.com": one '*' matches any run
 * of characters. */
static int
origin_match(const char *pat, const char *origin)
{
    const char *star = strchr(pat, '*');
    size_t      pl, sl, ol = strlen(origin);
    if (strcmp(pat, "*") == 0)
        return 1;
    if (star == NULL)
        return strcasecmp(pat, origin) == 0;
    pl = (size_t)(star - pat);
    sl = strlen(star + 1);
    return ol >= pl + sl && strncasecmp(origin, pat, pl) == 0 &&
           strcasecmp(origin + ol - sl, star + 1) == 0;
}

static int
origin_allowed(const otelc_server *s, const char *origin)
{
    if (origin == NULL || *origin == '\0')
        return 0;
    for (size_t i = 0; i < s->set.n_cors_origins; i++)
        if (origin_match(s->set.cors_origins[i], origin))
            return 1;
    return 0;
}

static int
method_allowed(const char *m)
{
    return strcasecmp(m, "GET") == 0 || strcasecmp(m, "POST") == 0 ||
           strcasecmp(m, "HEAD") == 0;
}

static int
header_allowed(const otelc_server *s, const char *h, size_t n)
{
    /* rs/cors: an empty list means its defaults; Origin is always ok. */
    static const char *const defaults[] = {"Origin", "Accept", "Content-Type",
                                           "X-Requested-With"};
    if (n == 6 && strncasecmp(h, "origin", 6) == 0)
        return 1;
    if (s->set.n_cors_headers == 0) {
        for (size_t i = 0; i < 4; i++)
            if (strlen(defaults[i]) == n && strncasecmp(defaults[i], h, n) == 0)
                return 1;
        return 0;
    }
    for (size_t i = 0; i < s->set.n_cors_headers; i++) {
        const char *a = s->set.cors_headers[i];
        if (strcmp(a, "*") == 0 ||
            (strlen(a) == n && strncasecmp(a, h, n) == 0))
            return 1;
    }
    return 0;
}

static int
headers_allowed(const otelc_server *s, const char *list)
{
    const char *p = list;
    while (p && *p) {
        const char *e;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        e = p;
        while (*e && *e != ',')
            e++;
        {
            const char *t = e;
            while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
                t--;
            if (t > p && !header_allowed(s, p, (size_t)(t - p)))
                return 0;
        }
        p = e;
    }
    return 1;
}

int
otelc__srv_cors_preflight(struct otelc_request *r)
{
    const otelc_server *s = r->srv;
    const char         *origin, *acrm, *acrh;
    const char         *h[16];
    char                age[24], *meth = NULL;
    size_t              n = 0;
    int                 rc;

    if (!s->set.cors_on || r->method == NULL ||
        strcmp(r->method, "OPTIONS") != 0)
        return 0;
    acrm = otelc__srv_req_hdr(r, "access-control-request-method");
    if (acrm == NULL || *acrm == '\0')
        return 0;
    origin = otelc__srv_req_hdr(r, "origin");
    acrh = otelc__srv_req_hdr(r, "access-control-request-headers");
    h[n++] = "Vary";
    h[n++] = "Origin, Access-Control-Request-Method, "
             "Access-Control-Request-Headers";
    if (origin_allowed(s, origin) && method_allowed(acrm) &&
        headers_allowed(s, acrh)) {
        meth = strdup(acrm);
        for (char *q = meth; q && *q; q++)
            *q = (char)toupper((unsigned char)*q);
        h[n++] = "Access-Control-Allow-Origin";
        h[n++] = origin;
        h[n++] = "Access-Control-Allow-Methods";
        h[n++] = meth ? meth : acrm;
        if (acrh && *acrh) {
            h[n++] = "Access-Control-Allow-Headers";
            h[n++] = acrh;
        }
        h[n++] = "Access-Control-Allow-Credentials";
        h[n++] = "true";
        if (s->set.cors_max_age > 0) {
            snprintf(age, sizeof(age), "%lld", (long long)s->set.cors_max_age);
            h[n++] = "Access-Control-Max-Age";
            h[n++] = age;
        }
    }
    h[n] = NULL;
    /* Preflights are answered here and never reach a handler. */
    r->dispatched = 0;
    rc = r->proto == OTELC_PROTO_HTTP1
             ? otelc__srv_h1_respond(r, 204, NULL, NULL, 0, h)
             : otelc__srv_h2_respond(r, 204, NULL, NULL, 0, h);
    free(meth);
    (void)rc;
    return 1;
}

void
otelc__srv_resp_headers(struct otelc_request *r,
                        void (*add)(void *arg, const char *n, const char *v),
                        void *arg)
{
    const otelc_server *s = r->srv;
    const char         *origin = otelc__srv_req_hdr(r, "origin");
    int preflight = r->method && strcmp(r->method, "OPTIONS") == 0 &&
                    otelc__srv_req_hdr(r, "access-control-request-method");

    if (s->set.cors_on && !preflight) {
        add(arg, "Vary", "Origin");
        if (origin_allowed(s, origin) && r->method &&
            method_allowed(r->method)) {
            add(arg, "Access-Control-Allow-Origin", origin);
            add(arg, "Access-Control-Allow-Credentials", "true");
        }
    }
    for (size_t i = 0; i < s->set.n_resp_headers; i++)
        add(arg, s->set.resp_headers[i].name, s->set.resp_headers[i].value);
}
