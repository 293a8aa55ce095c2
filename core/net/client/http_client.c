/* HTTP client lifecycle and the glue between libcurl's multi_socket
 * interface and the instance's libev loop (see http_client.h).
 *
 * Callback contract (otelc/client.h): a post that returned OTELC_OK calls
 * its callback exactly once, on the loop, never from inside
 * otelc_http_post() itself. http_client_free() cancels whatever is in
 * flight WITHOUT calling those callbacks: the owner is going away and
 * must not be called back into. Freeing the client from inside one of its
 * callbacks is allowed: destruction is deferred until our frames are off
 * the stack.
 *
 * Other decisions the SDK header leaves open:
 *  - The body is copied (or compressed into a buffer of ours) before
 *    otelc_http_post() returns; the caller's buffer is free afterwards.
 *  - Everything in the otelc_http_response (body, content_type, error) is
 *    valid only during the callback.
 *  - Retry-After is parsed here, once for every exporter: delay-seconds or
 *    an HTTP-date (curl_getdate), as retry_after_ns; -1 when absent or
 *    unreadable, 0 for a date in the past.
 *  - A response that arrived is reported with its status whatever it is
 *    (4xx/5xx included); status 0 means no complete response, with
 *    failure OTELC_E_TIMEOUT for the request timeout and OTELC_E_IO for
 *    everything else (refused, TLS, proxy, reset, response > 16 MiB).
 *  - Redirects are followed like Go's http.Client (otelcol) does.
 *  - A client made in a validation context (no loop) only validates:
 *    otelc_http_post() on it returns OTELC_E_STATE. */
#include "http_client.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "host_table.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int            curl_ok;

static void
curl_init_once(void)
{
    /* Once per process, before any handle exists (libcurl's rule). */
    curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

/* ---- completion ---- */

/* A year: a longer Retry-After is a server bug, not a plan. */
#define RETRY_AFTER_MAX_S (INT64_C(86400) * 365)

int64_t
otelc__http_retry_after_ns(const char *v, uint64_t now_unix_ns)
{
    int64_t when, now;

    if (v == NULL)
        return -1;
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v >= '0' && *v <= '9') {
        int64_t secs = 0;
        for (; *v >= '0' && *v <= '9'; v++) {
            secs = secs * 10 + (*v - '0');
            if (secs > RETRY_AFTER_MAX_S)
                return -1;
        }
        while (*v == ' ' || *v == '\t')
            v++;
        return *v == '\0' ? secs * INT64_C(1000000000) : -1;
    }
    /* RFC 9110 section 10.2.3: otherwise an HTTP-date (IMF-fixdate, or the
     * obsolete RFC 850 and asctime forms, which curl_getdate reads too). */
    when = (int64_t)curl_getdate(v, NULL);
    if (when < 0)
        return -1;
    now = (int64_t)(now_unix_ns / UINT64_C(1000000000));
    if (when <= now)
        return 0;
    if (when - now > RETRY_AFTER_MAX_S)
        return -1;
    return (when - now) * INT64_C(1000000000);
}

static void
unlink_req(struct otelc__http_req *r)
{
    struct otelc_http_client *c = r->c;
    if (r->prev)
        r->prev->next = r->next;
    else
        c->reqs = r->next;
    if (r->next)
        r->next->prev = r->prev;
    r->next = r->prev = NULL;
}

static void
finish(struct otelc__http_req *r, CURLcode res)
{
    otelc_http_response resp;
    struct curl_header *h = NULL;
    long                code = 0;
    char               *ct = NULL;
    char                err[CURL_ERROR_SIZE + 64];

    memset(&resp, 0, sizeof(resp));
    resp.struct_size = (uint32_t)sizeof(resp);
    resp.retry_after_ns = -1;
    if (res == CURLE_OK && r->resp_too_large)
        res = CURLE_WRITE_ERROR;
    if (res == CURLE_OK) {
        curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct);
        /* -1: the last request of the transfer (after redirects). */
        if (curl_easy_header(r->easy, "Retry-After", 0, CURLH_HEADER, -1, &h) ==
            CURLHE_OK)
            resp.retry_after_ns = otelc__http_retry_after_ns(
                h->value, otelc__host()->time_unix_ns());
        resp.status = (int)code;
        resp.body = r->resp ? (const void *)r->resp : (const void *)"";
        resp.body_len = r->resp_len;
        resp.content_type = ct;
    } else {
        const char *why =
            r->resp_too_large
                ? "response body too large"
                : (r->errbuf[0] ? r->errbuf : curl_easy_strerror(res));
        /* A timeout is the one failure the caller treats differently
         * (DEADLINE semantics); everything else is a transport error. */
        resp.failure =
            res == CURLE_OPERATION_TIMEDOUT ? OTELC_E_TIMEOUT : OTELC_E_IO;
        snprintf(err, sizeof(err), "POST %s: %s", r->url, why);
        resp.error = err;
    }
    r->cb(r->arg, &resp);
}

/* Hands every finished transfer to its callback. Stops as soon as the
 * client was freed by one of those callbacks. */
static void
check_done(struct otelc_http_client *c)
{
    CURLMsg *msg;
    int      left;

    while (!c->dead && (msg = curl_multi_info_read(c->multi, &left))) {
        struct otelc__http_req *r;
        CURLcode                res = msg->data.result;
        CURL                   *e = msg->easy_handle;
        char                   *priv = NULL;

        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
        r = (struct otelc__http_req *)(void *)priv;
        curl_multi_remove_handle(c->multi, e);
        unlink_req(r);
        finish(r, res);
        otelc__http_req_free(r);
    }
}

static void destroy(struct otelc_http_client *c);

static void
leave(struct otelc_http_client *c)
{
    if (--c->busy == 0 && c->dead)
        destroy(c);
}

/* ---- libev -> libcurl ---- */

static void
io_fire(struct ev_loop *loop, ev_io *w, int revents)
{
    struct otelc__http_sock  *sk = (struct otelc__http_sock *)w;
    struct otelc_http_client *c = sk->c;
    curl_socket_t             fd = sk->fd; /* sk may be freed below */
    int                       flags = 0, running;
    (void)loop;

    if (revents & EV_READ)
        flags |= CURL_CSELECT_IN;
    if (revents & EV_WRITE)
        flags |= CURL_CSELECT_OUT;
    if (revents & EV_ERROR)
        flags |= CURL_CSELECT_ERR;
    c->busy++;
    curl_multi_socket_action(c->multi, fd, flags, &running);
    check_done(c);
    leave(c);
}

static void
timer_fire(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_http_client *c =
        (struct otelc_http_client *)((char *)w -
                                     offsetof(struct otelc_http_client, timer));
    int running;
    (void)loop;
    (void)revents;

    c->busy++;
    curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(c);
    leave(c);
}

/* ---- libcurl -> libev ---- */

static void
sock_drop(struct otelc_http_client *c, struct otelc__http_sock *sk)
{
    ev_io_stop(c->loop, &sk->io);
    if (sk->prev)
        sk->prev->next = sk->next;
    else
        c->socks = sk->next;
    if (sk->next)
        sk->next->prev = sk->prev;
    free(sk);
}

static int
sock_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
    struct otelc_http_client *c = userp;
    struct otelc__http_sock  *sk = socketp;
    int                       ev = 0;
    (void)e;

    if (what == CURL_POLL_REMOVE) {
        if (sk)
            sock_drop(c, sk);
        return 0;
    }
    if (sk == NULL) {
        sk = calloc(1, sizeof(*sk));
        if (sk == NULL)
            return -1; /* libcurl fails the transfers on this socket */
        sk->c = c;
        sk->fd = s;
        sk->next = c->socks;
        if (c->socks)
            c->socks->prev = sk;
        c->socks = sk;
        curl_multi_assign(c->multi, s, sk);
    } else {
        ev_io_stop(c->loop, &sk->io);
    }
    if (what & CURL_POLL_IN)
        ev |= EV_READ;
    if (what & CURL_POLL_OUT)
        ev |= EV_WRITE;
    ev_io_init(&sk->io, io_fire, s, ev);
    if (ev) /* CURL_POLL_NONE: known socket, nothing to wait for yet */
        ev_io_start(c->loop, &sk->io);
    return 0;
}

static int
timer_cb(CURLM *m, long timeout_ms, void *userp)
{
    struct otelc_http_client *c = userp;
    (void)m;

    /* Never call back into libcurl from here (its rule): a 0 timeout
     * becomes a timer that fires on the next loop iteration. */
    ev_timer_stop(c->loop, &c->timer);
    if (timeout_ms >= 0) {
        ev_timer_set(&c->timer, (double)timeout_ms / 1000.0, 0.);
        ev_timer_start(c->loop, &c->timer);
    }
    return 0;
}

/* ---- lifecycle ---- */

static void
destroy(struct otelc_http_client *c)
{
    if (c->multi) {
        /* May still call sock_cb/timer_cb: c is intact until after. */
        curl_multi_cleanup(c->multi);
        c->multi = NULL;
    }
    if (c->loop) {
        ev_timer_stop(c->loop, &c->timer);
        while (c->socks)
            sock_drop(c, c->socks);
    }
    if (c->hdr_lines) {
        for (size_t i = 0; i < c->set.n_headers; i++)
            free(c->hdr_lines[i]);
        free(c->hdr_lines);
    }
    free(c->env_http_proxy);
    free(c->env_no_proxy);
    otelc__client_settings_free(&c->set);
    free(c);
}

static char *
env_dup(const char *a, const char *b)
{
    const char *v = getenv(a);
    if ((v == NULL || *v == '\0') && b)
        v = getenv(b);
    return v && *v ? strdup(v) : NULL;
}

/* Proxies from the environment, as Go's ProxyFromEnvironment (which
 * otelcol uses) reads them. libcurl already honours http_proxy,
 * https_proxy/HTTPS_PROXY and no_proxy/NO_PROXY by itself, but ignores an
 * upper-case HTTP_PROXY (the "httpoxy" CGI precaution); Go accepts it
 * unless running as CGI, so fill that gap explicitly. */
static int
read_env_proxy(struct otelc_http_client *c)
{
    const char *lower = getenv("http_proxy");
    if ((lower == NULL || *lower == '\0') && getenv("REQUEST_METHOD") == NULL) {
        const char *upper = getenv("HTTP_PROXY");
        if (upper && *upper) {
            if ((c->env_http_proxy = strdup(upper)) == NULL)
                return OTELC_E_NOMEM;
            c->env_no_proxy = env_dup("no_proxy", "NO_PROXY");
        }
    }
    return OTELC_OK;
}

static int
build_header_lines(struct otelc_http_client *c)
{
    c->hdr_lines = calloc(c->set.n_headers + 1, sizeof(char *));
    if (c->hdr_lines == NULL)
        return OTELC_E_NOMEM;
    for (size_t i = 0; i < c->set.n_headers; i++) {
        const struct otelc__client_header *h = &c->set.headers[i];
        /* "Name;" is libcurl's spelling of a header with an empty value
         * ("Name:" would delete the header). */
        int n = *h->value
                    ? asprintf(&c->hdr_lines[i], "%s: %s", h->name, h->value)
                    : asprintf(&c->hdr_lines[i], "%s;", h->name);
        if (n < 0) {
            c->hdr_lines[i] = NULL;
            return OTELC_E_NOMEM;
        }
    }
    return OTELC_OK;
}

static int
multi_setup(struct otelc_http_client *c)
{
    c->multi = curl_multi_init();
    if (c->multi == NULL)
        return OTELC_E_NOMEM;
    curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
    curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
    curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
    curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
    curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    if (c->set.max_conns_per_host > 0)
        curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                          (long)c->set.max_conns_per_host);
    /* The connection cache: Go's max_idle_conns is the closest knob. */
    if (c->set.max_idle_conns > 0)
        curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS,
                          (long)c->set.max_idle_conns);
    ev_init(&c->timer, timer_fire);
    return OTELC_OK;
}

int
otelc__http_client_new(otelc_ctx *ctx, const otelc_config *settings,
                       const char *default_compression, otelc_http_client **out)
{
    struct otelc_http_client *c;
    int                       rc;

    if (out == NULL || ctx == NULL)
        return OTELC_E_INVALID;
    *out = NULL;
    pthread_once(&curl_once, curl_init_once);
    if (!curl_ok)
        return otelc__ctx_fail(ctx, OTELC_E_IO, "libcurl failed to start");
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return OTELC_E_NOMEM;
    c->api = otelc__host();
    c->ctx = ctx;
    rc = otelc__client_settings_parse(ctx, settings, 0, default_compression,
                                      &c->set);
    if (rc == OTELC_OK)
        rc = build_header_lines(c);
    if (rc == OTELC_OK)
        rc = read_env_proxy(c);
    /* A validation context has no worker: settings only, no loop. */
    if (rc == OTELC_OK && otelc__ctx_loop(ctx) != NULL) {
        c->loop = otelc__ctx_loop(ctx);
        rc = multi_setup(c);
    }
    if (rc != OTELC_OK) {
        destroy(c);
        if (rc == OTELC_E_CONFIG)
            return otelc__ctx_fail(ctx, rc, "invalid HTTP client settings");
        return otelc__ctx_fail(ctx, rc, "HTTP client: %s",
                               otelc_status_message(rc));
    }
    *out = c;
    return OTELC_OK;
}

int
otelc__http_post(otelc_http_client *c, const char *url,
                 const char *content_type, const void *body, size_t len,
                 const char *const *headers, int64_t timeout_ns,
                 void (*cb)(void *arg, const otelc_http_response *resp),
                 void *arg)
{
    struct otelc__http_req *r;
    int                     rc;

    if (c == NULL || url == NULL || cb == NULL || (body == NULL && len))
        return OTELC_E_INVALID;
    if (c->dead || c->multi == NULL)
        return otelc__ctx_fail(c->ctx, OTELC_E_STATE,
                               "HTTP client is not running");
    r = otelc__http_req_new(c, url, content_type, body, len, headers,
                            timeout_ns, &rc);
    if (r == NULL)
        return rc;
    r->cb = cb;
    r->arg = arg;
    /* Adding only arms the timer (timeout 0): the transfer starts, and
     * can finish, on a later loop iteration, never inside this call. */
    if (curl_multi_add_handle(c->multi, r->easy) != CURLM_OK) {
        otelc__http_req_free(r);
        return otelc__ctx_fail(c->ctx, OTELC_E_IO,
                               "HTTP client: cannot start a request");
    }
    r->next = c->reqs;
    if (c->reqs)
        c->reqs->prev = r;
    c->reqs = r;
    return OTELC_OK;
}

void
otelc__http_client_free(otelc_http_client *c)
{
    if (c == NULL || c->dead)
        return;
    /* Cancel in-flight requests without calling their callbacks. */
    while (c->reqs) {
        struct otelc__http_req *r = c->reqs;
        unlink_req(r);
        curl_multi_remove_handle(c->multi, r->easy);
        otelc__http_req_free(r);
    }
    c->dead = 1;
    if (c->busy == 0)
        destroy(c);
}
