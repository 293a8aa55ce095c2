/* The host server object and its listener: settings, routes, binding the
 * endpoint (SO_REUSEPORT, one listener per worker's replica), accepting
 * connections (handed to server_conn.c), stopping and freeing, and the
 * API entry points about the server itself. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ctx.h"
#include "host_table.h"
#include "log.h"

/* ---- listener ---- */
static void
accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    otelc_server *s = w->data;
    (void)loop;
    (void)revents;
    for (int i = 0; i < 64; i++) {
        int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        int one = 1;
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK && s->ctx)
                otelc__log(OTELC_LOG_WARN, otelc__ctx_label(s->ctx),
                           "accept: %s", strerror(errno));
            return;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (otelc__srv_conn_new(s, fd) == NULL)
            close(fd);
    }
}

/* Splits "host:port" (host may be empty or "[v6]"). */
static int
split_endpoint(const char *ep, char *host, size_t hl, char *port, size_t pl)
{
    const char *colon = strrchr(ep, ':');
    size_t      n;
    if (colon == NULL)
        return -1;
    n = (size_t)(colon - ep);
    if (n >= 2 && ep[0] == '[' && ep[n - 1] == ']') {
        ep++;
        n -= 2;
    }
    if (n >= hl || strlen(colon + 1) >= pl)
        return -1;
    memcpy(host, ep, n);
    host[n] = '\0';
    strcpy(port, colon + 1);
    return 0;
}

static void
format_bound(otelc_server *s)
{
    struct sockaddr_storage ss;
    socklen_t               len = sizeof(ss);
    char                    a[INET6_ADDRSTRLEN] = "";
    int                     port = 0;

    if (getsockname(s->lfd, (struct sockaddr *)&ss, &len) != 0)
        return;
    if (ss.ss_family == AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &in6->sin6_addr, a, sizeof(a));
        port = ntohs(in6->sin6_port);
        snprintf(s->bound, sizeof(s->bound), "[%s]:%d", a, port);
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &in->sin_addr, a, sizeof(a));
        port = ntohs(in->sin_port);
        snprintf(s->bound, sizeof(s->bound), "%s:%d", a, port);
    }
}

static int srv_fail(otelc_server *s, int rc, const char *fmt, ...)
    OTELC_PRINTF(3, 4);
static int
srv_fail(otelc_server *s, int rc, const char *fmt, ...)
{
    char    msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (s->ctx)
        return otelc__ctx_fail(s->ctx, rc, "%s", msg);
    return rc;
}

static int
srv_start(otelc_server *s)
{
    struct addrinfo hints, *res = NULL, *ai;
    char            host[256], port[16], err[256] = "";
    int             rc, fd = -1, saved = 0;

    if (s->started)
        return srv_fail(s, OTELC_E_STATE, "server already started");
    if (s->ctx == NULL || otelc__ctx_loop(s->ctx) == NULL)
        return srv_fail(s, OTELC_E_STATE,
                        "server cannot start without a worker loop");
    s->loop = otelc__ctx_loop(s->ctx);
    if (s->set.tls && s->ssl_ctx == NULL &&
        otelc__srv_tls_ctx(s, err, sizeof(err)) != 0)
        return srv_fail(s, OTELC_E_CONFIG, "tls: %s", err);
    if (split_endpoint(s->set.endpoint, host, sizeof(host), port,
                       sizeof(port)) != 0)
        return srv_fail(s, OTELC_E_CONFIG, "invalid endpoint \"%s\"",
                        s->set.endpoint);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (rc != 0)
        return srv_fail(s, OTELC_E_IO, "resolving \"%s\": %s", s->set.endpoint,
                        gai_strerror(rc));
    /* Like Go's net.Listen: a host name listens on one address, IPv4
     * first; an empty host on every address (dual-stack IPv6 socket). */
    for (int pass = 0; pass < 2 && fd < 0; pass++) {
        int want = (host[0] == '\0') == (pass == 0) ? AF_INET6 : AF_INET;
        for (ai = res; ai && fd < 0; ai = ai->ai_next) {
            int one = 1, zero = 0;
            if (ai->ai_family != want)
                continue;
            fd = socket(ai->ai_family,
                        ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd < 0) {
                saved = errno;
                continue;
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            /* Every worker's replica binds the same endpoint; the kernel
             * spreads connections across them. */
            setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
            if (want == AF_INET6 && host[0] == '\0')
                setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
                listen(fd, 1024) == 0)
                break;
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        return srv_fail(s, OTELC_E_IO, "cannot listen on %s: %s",
                        s->set.endpoint, strerror(saved));
    s->lfd = fd;
    format_bound(s);
    ev_io_init(&s->lio, accept_cb, fd, EV_READ);
    s->lio.data = s;
    ev_io_start(s->loop, &s->lio);
    s->started = 1;
    /* Every worker's replica listens on the endpoint (SO_REUSEPORT); the
     * user sees one listener, so the first replica says it. */
    if (s->ctx)
        otelc__log(otelc__ctx_replica(s->ctx) == 0 ? OTELC_LOG_INFO
                                                   : OTELC_LOG_DEBUG,
                   otelc__ctx_label(s->ctx), "listening on %s (%s%s)", s->bound,
                   s->set.flavor == OTELC_SERVER_GRPC ? "grpc" : "http",
                   s->set.tls ? ", tls" : "");
    return OTELC_OK;
}

static void
srv_stop(otelc_server *s)
{
    if (s->stopping)
        return;
    s->stopping = 1;
    if (s->started) {
        ev_io_stop(s->loop, &s->lio);
        close(s->lfd);
        s->lfd = -1;
    }
    otelc__srv_conns_drain(s);
}

void
otelc__srv_free(otelc_server *s)
{
    struct otelc_request *r;
    if (s == NULL)
        return;
    if (s->started && !s->stopping)
        srv_stop(s);
    otelc__srv_conns_free_all(s);
    /* Requests a handler never answered: the plugin is gone with us. */
    while ((r = s->detached) != NULL) {
        otelc__srv_req_unlink(r);
        otelc__srv_req_free(r);
    }
    for (size_t i = 0; i < s->n_routes; i++)
        free(s->routes[i].path);
    free(s->routes);
    if (s->ssl_ctx)
        SSL_CTX_free(s->ssl_ctx);
    otelc__srv_settings_free(&s->set);
    free(s);
}

int
otelc__srv_route(otelc_server *s, const char *path, unsigned flags,
                 otelc_request_cb cb, void *arg)
{
    struct otelc__srv_route *r;
    if (s == NULL || path == NULL || path[0] != '/' || cb == NULL ||
        (flags & (OTELC_ROUTE_HTTP | OTELC_ROUTE_GRPC)) == 0)
        return OTELC_E_INVALID;
    r = realloc(s->routes, (s->n_routes + 1) * sizeof(*r));
    if (r == NULL)
        return OTELC_E_NOMEM;
    s->routes = r;
    r[s->n_routes].path = strdup(path);
    if (r[s->n_routes].path == NULL)
        return OTELC_E_NOMEM;
    r[s->n_routes].flags = flags;
    r[s->n_routes].cb = cb;
    r[s->n_routes].arg = arg;
    s->n_routes++;
    return OTELC_OK;
}

static otelc_server *
srv_alloc(void)
{
    otelc_server *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->api = otelc__host();
    s->lfd = -1;
    return s;
}

int
otelc__srv_new_detached(struct ev_loop *loop, int flavor, otelc_server **out)
{
    otelc_server *s = srv_alloc();
    if (s == NULL)
        return OTELC_E_NOMEM;
    otelc__srv_settings_defaults(&s->set, flavor, "127.0.0.1:0");
    s->loop = loop;
    *out = s;
    return OTELC_OK;
}

/* ---- the API entry points that are about the server itself ---- */
int
otelc__srv_api_new(otelc_ctx *ctx, const otelc_config *settings, int flavor,
                   const char *def, otelc_server **out)
{
    otelc_server *s;
    int           rc;
    if (ctx == NULL || out == NULL ||
        (flavor != OTELC_SERVER_HTTP && flavor != OTELC_SERVER_GRPC))
        return OTELC_E_INVALID;
    *out = NULL;
    s = srv_alloc();
    if (s == NULL)
        return OTELC_E_NOMEM;
    s->ctx = ctx;
    rc = otelc__srv_settings_read(ctx, settings, flavor,
                                  def ? def
                                      : (flavor == OTELC_SERVER_GRPC
                                             ? "localhost:4317"
                                             : "localhost:4318"),
                                  &s->set);
    if (rc != OTELC_OK) {
        otelc__srv_free(s);
        return otelc__ctx_fail(ctx, rc, "invalid server settings");
    }
    *out = s;
    return OTELC_OK;
}

int
otelc__srv_api_start(otelc_server *s)
{
    return s ? srv_start(s) : OTELC_E_INVALID;
}

void
otelc__srv_api_stop(otelc_server *s)
{
    if (s)
        srv_stop(s);
}

const char *
otelc__srv_api_endpoint(otelc_server *s)
{
    if (s == NULL)
        return NULL;
    return s->started ? s->bound : s->set.endpoint;
}
