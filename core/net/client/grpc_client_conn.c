/* The gRPC client's one connection: name resolution (on the host work
 * queue, since getaddrinfo blocks), non-blocking connect trying each
 * address in turn, TLS through OpenSSL memory BIOs (so every byte goes
 * through our own non-blocking send/recv with MSG_NOSIGNAL), moving
 * bytes between the socket and the HTTP/2 session (grpc_client_h2.c),
 * readiness, keepalive pings, and closing. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "compress.h"
#include "grpc_client_int.h"

#define CONNECT_TIMEOUT_S 20.0 /* gRPC's MIN_CONNECT_TIMEOUT */
#define WBUF_FILL         (64u << 10)

struct otelc__grpc_dns {
    struct otelc_grpc_client *c; /* NULL: cancelled, just free */
    char                     *host;
    char                      port[8];
    struct addrinfo          *res;
    int                       rc;
};

static void conn_io(struct ev_loop *loop, ev_io *w, int revents);
static void connect_next(struct otelc_grpc_client *c);
static int  tls_pump(struct otelc_grpc_client *c);

#define CLIENT_OF(ptr, member)                                                 \
    ((struct otelc_grpc_client *)((char *)(ptr)-offsetof(                      \
        struct otelc_grpc_client, member)))

static void conn_set_error(struct otelc__grpc_conn *k, const char *fmt, ...)
    OTELC_PRINTF(2, 3);

static void
conn_set_error(struct otelc__grpc_conn *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->last_error, sizeof(k->last_error), fmt, ap);
    va_end(ap);
}

static void
io_want(struct otelc_grpc_client *c, int events)
{
    struct otelc__grpc_conn *k = &c->conn;
    if (k->fd < 0 || events == k->io_events)
        return;
    ev_io_stop(c->loop, &k->io);
    ev_io_set(&k->io, k->fd, events);
    k->io_events = events;
    if (events)
        ev_io_start(c->loop, &k->io);
}

/* ---- close ---- */

void
otelc__grpc_conn_close(struct otelc_grpc_client *c, const char *why, int silent)
{
    struct otelc__grpc_conn *k = &c->conn;

    if (k->dns) {
        k->dns->c = NULL; /* its completion frees it */
        k->dns = NULL;
    }
    ev_timer_stop(c->loop, &k->connect_timer);
    ev_timer_stop(c->loop, &k->ka_timer);
    ev_timer_stop(c->loop, &k->ka_ack_timer);
    if (k->fd >= 0) {
        ev_io_stop(c->loop, &k->io);
        close(k->fd);
        k->fd = -1;
    }
    k->io_events = 0;
    /* Fail the active calls before the session goes, so nothing can find
     * them through stream user data any more. */
    while (c->active.head) {
        struct otelc__grpc_call *call = c->active.head;
        if (k->h2 && call->stream_id > 0)
            nghttp2_session_set_stream_user_data(k->h2, call->stream_id, NULL);
        if (silent) {
            otelc__grpc_list_remove(&c->active, call);
            otelc__grpc_list_push(&c->pending, call, OTELC__GC_PENDING);
        } else {
            otelc__grpc_call_finish(call, OTELC_GRPC_UNAVAILABLE,
                                    why ? why : "connection closed");
        }
    }
    if (k->h2) {
        nghttp2_session_del(k->h2);
        k->h2 = NULL;
    }
    if (k->ssl) {
        SSL_free(k->ssl); /* frees both memory BIOs */
        k->ssl = NULL;
    }
    if (k->ai) {
        freeaddrinfo(k->ai);
        k->ai = k->ai_cur = NULL;
    }
    free(k->wbuf);
    k->wbuf = NULL;
    k->wlen = k->woff = k->wcap = 0;
    k->ping_outstanding = 0;
    k->got_settings = 0;
    k->early_goaway = 0;
    k->state = OTELC__GCONN_IDLE;
}

/* A connection attempt (resolve, connect, handshake) failed. */
static void
attempt_failed(struct otelc_grpc_client *c)
{
    char why[300];
    snprintf(why, sizeof(why), "%s", c->conn.last_error);
    otelc__grpc_conn_close(c, why, 0);
    otelc__grpc_conn_attempt_failed(c, why);
}

/* An established connection broke. */
static void
conn_lost(struct otelc_grpc_client *c)
{
    char why[300];
    snprintf(why, sizeof(why), "%s", c->conn.last_error);
    otelc_debug(c->ctx, "grpc %s: %s", c->s.hostport, why);
    otelc__grpc_conn_close(c, why, 0);
    otelc__grpc_conn_lost(c);
}

/* ---- resolve ---- */

static void
dns_work(void *arg)
{
    struct otelc__grpc_dns *j = arg;
    struct addrinfo         hints;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    j->rc = getaddrinfo(j->host, j->port, &hints, &j->res);
}

static void
dns_done(void *arg)
{
    struct otelc__grpc_dns   *j = arg;
    struct otelc_grpc_client *c = j->c;

    if (c == NULL) {
        if (j->res)
            freeaddrinfo(j->res);
    } else {
        c->conn.dns = NULL;
        if (j->rc != 0) {
            conn_set_error(&c->conn, "resolve %s: %s", c->s.host,
                           gai_strerror(j->rc));
            attempt_failed(c);
        } else {
            c->conn.ai = c->conn.ai_cur = j->res;
            connect_next(c);
        }
    }
    free(j->host);
    free(j);
}

static void
connect_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_grpc_client *c = CLIENT_OF(w, conn.connect_timer);
    (void)loop;
    (void)revents;
    conn_set_error(&c->conn, "connect to %s: timed out after %.0fs",
                   c->s.hostport, CONNECT_TIMEOUT_S);
    attempt_failed(c);
}

void
otelc__grpc_conn_start(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;
    unsigned char            tmp[sizeof(struct in6_addr)];
    struct addrinfo          hints;
    struct otelc__grpc_dns  *j;
    int                      rc;

    if (k->state != OTELC__GCONN_IDLE)
        return;
    k->state = OTELC__GCONN_RESOLVING;
    k->last_error[0] = '\0';
    ev_init(&k->io, conn_io);
    ev_timer_init(&k->connect_timer, connect_timeout, CONNECT_TIMEOUT_S, 0.);
    ev_timer_start(c->loop, &k->connect_timer);

    /* An address literal needs no lookup: resolve it in place. */
    if (inet_pton(AF_INET, c->s.host, tmp) == 1 ||
        inet_pton(AF_INET6, c->s.host, tmp) == 1) {
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
        rc = getaddrinfo(c->s.host, c->port_str, &hints, &k->ai);
        if (rc != 0) {
            conn_set_error(k, "resolve %s: %s", c->s.host, gai_strerror(rc));
            attempt_failed(c);
            return;
        }
        k->ai_cur = k->ai;
        connect_next(c);
        return;
    }
    j = calloc(1, sizeof(*j));
    if (j == NULL || (j->host = strdup(c->s.host)) == NULL) {
        free(j);
        conn_set_error(k, "resolve %s: out of memory", c->s.host);
        attempt_failed(c);
        return;
    }
    j->c = c;
    snprintf(j->port, sizeof(j->port), "%s", c->port_str);
    rc = otelc_work_submit(c->ctx, dns_work, dns_done, j);
    if (rc != OTELC_OK) {
        free(j->host);
        free(j);
        conn_set_error(k, "resolve %s: %s", c->s.host,
                       otelc_status_message(rc));
        attempt_failed(c);
        return;
    }
    k->dns = j;
}

/* ---- bytes to the socket ---- */

static int
wbuf_append(struct otelc__grpc_conn *k, const void *p, size_t n)
{
    if (k->wlen + n > k->wcap) {
        size_t   cap = k->wcap ? k->wcap : 16384;
        uint8_t *nb;
        while (cap < k->wlen + n)
            cap *= 2;
        nb = realloc(k->wbuf, cap);
        if (nb == NULL)
            return -1;
        k->wbuf = nb;
        k->wcap = cap;
    }
    memcpy(k->wbuf + k->wlen, p, n);
    k->wlen += n;
    return 0;
}

/* Moves TLS output from the memory BIO into the socket buffer. */
static int
tls_drain(struct otelc__grpc_conn *k)
{
    BIO    *wb = SSL_get_wbio(k->ssl);
    uint8_t buf[16384];
    int     n;

    while ((n = BIO_read(wb, buf, sizeof(buf))) > 0)
        if (wbuf_append(k, buf, (size_t)n) < 0)
            return -1;
    return 0;
}

/* Sends what is buffered. 0: all sent or would block; -1: error. */
static int
sock_send(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;

    while (k->woff < k->wlen) {
        ssize_t n =
            send(k->fd, k->wbuf + k->woff, k->wlen - k->woff, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            conn_set_error(k, "send to %s: %s", c->s.hostport, strerror(errno));
            return -1;
        }
        k->woff += (size_t)n;
    }
    k->woff = k->wlen = 0;
    return 0;
}

/* Pulls frames out of nghttp2 (through TLS when on) and sends them. */
static int
conn_flush(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;

    for (;;) {
        if (sock_send(c) < 0)
            return -1;
        if (k->wlen > 0)
            break; /* socket full: wait for EV_WRITE */
        if (k->h2 == NULL)
            break;
        /* Coalesce small frames into one write. */
        while (k->wlen < WBUF_FILL) {
            const uint8_t *data;
            ssize_t        n = nghttp2_session_mem_send(k->h2, &data);
            if (n < 0) {
                conn_set_error(k, "HTTP/2: %s", nghttp2_strerror((int)n));
                return -1;
            }
            if (n == 0)
                break;
            if (k->ssl) {
                if (SSL_write(k->ssl, data, (int)n) != (int)n ||
                    tls_drain(k) < 0) {
                    conn_set_error(k, "TLS write failed");
                    return -1;
                }
            } else if (wbuf_append(k, data, (size_t)n) < 0) {
                conn_set_error(k, "out of memory");
                return -1;
            }
        }
        if (k->wlen == 0)
            break;
    }
    io_want(c, EV_READ | (k->wlen > k->woff ? EV_WRITE : 0));
    return 0;
}

/* ---- keepalive ---- */

static void
ka_ack_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_grpc_client *c = CLIENT_OF(w, conn.ka_ack_timer);
    (void)loop;
    (void)revents;
    conn_set_error(&c->conn,
                   "keepalive ping to %s not acknowledged within %.1fs",
                   c->s.hostport, (double)c->s.keepalive_timeout_ns / 1e9);
    conn_lost(c);
}

static void
ka_fire(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_grpc_client *c = CLIENT_OF(w, conn.ka_timer);
    struct otelc__grpc_conn  *k = &c->conn;
    (void)loop;
    (void)revents;

    if (k->ping_outstanding || k->h2 == NULL)
        return;
    if (c->active.n == 0 && !c->s.keepalive_permit_without_stream)
        return;
    if (nghttp2_submit_ping(k->h2, NGHTTP2_FLAG_NONE, NULL) != 0)
        return;
    k->ping_outstanding = 1;
    ev_timer_set(&k->ka_ack_timer,
                 (double)(c->s.keepalive_timeout_ns > 0
                              ? c->s.keepalive_timeout_ns
                              : INT64_C(20000000000)) /
                     1e9,
                 0.);
    ev_timer_start(c->loop, &k->ka_ack_timer);
    if (conn_flush(c) < 0)
        conn_lost(c);
}

static void
become_ready(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;

    ev_timer_stop(c->loop, &k->connect_timer);
    k->state = OTELC__GCONN_READY;
    ev_timer_init(&k->ka_ack_timer, ka_ack_timeout, 0., 0.);
    if (c->s.keepalive_time_ns > 0) {
        double t = (double)c->s.keepalive_time_ns / 1e9;
        ev_timer_init(&k->ka_timer, ka_fire, t, t);
        ev_timer_start(c->loop, &k->ka_timer);
    }
    otelc__grpc_conn_ready(c);
}

/* ---- connect and handshake ---- */

static int
is_ip(const char *host)
{
    unsigned char tmp[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, tmp) == 1 ||
           inet_pton(AF_INET6, host, tmp) == 1;
}

static void
tls_fail(struct otelc_grpc_client *c, const char *what)
{
    struct otelc__grpc_conn *k = &c->conn;
    unsigned long            e = ERR_peek_last_error();
    long vr = k->ssl ? SSL_get_verify_result(k->ssl) : X509_V_OK;

    if (vr != X509_V_OK)
        conn_set_error(k, "TLS handshake with %s: %s: %s", c->s.hostport, what,
                       X509_verify_cert_error_string(vr));
    else
        conn_set_error(k, "TLS handshake with %s: %s: %s", c->s.hostport, what,
                       e ? ERR_reason_error_string(e) : "failed");
    ERR_clear_error();
}

/* Returns 1 when done, 0 when waiting, -1 on failure (error set). */
static int
tls_handshake(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;
    int                      r = SSL_connect(k->ssl);

    if (tls_drain(k) < 0 || sock_send(c) < 0) {
        conn_set_error(k, "send to %s failed", c->s.hostport);
        return -1;
    }
    if (r == 1) {
        const unsigned char *p;
        unsigned int         plen;
        SSL_get0_alpn_selected(k->ssl, &p, &plen);
        /* No ALPN at all is tolerated (some proxies); anything but h2 is
         * not gRPC. */
        if (plen != 0 && !(plen == 2 && memcmp(p, "h2", 2) == 0)) {
            conn_set_error(k,
                           "TLS with %s: server chose ALPN \"%.*s\", "
                           "not h2",
                           c->s.hostport, (int)plen, (const char *)p);
            return -1;
        }
        return 1;
    }
    switch (SSL_get_error(k->ssl, r)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        io_want(c, EV_READ | (k->wlen > k->woff ? EV_WRITE : 0));
        return 0;
    default:
        tls_fail(c, "failed");
        return -1;
    }
}

static void
connected(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;
    int                      one = 1;

    setsockopt(k->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (k->ai) {
        freeaddrinfo(k->ai);
        k->ai = k->ai_cur = NULL;
    }
    if (c->s.use_tls) {
        char err[256];
        BIO *rb, *wb;
        if (c->ssl_ctx == NULL &&
            otelc__grpc_tls_ctx(c, err, sizeof(err)) < 0) {
            conn_set_error(k, "%s", err);
            attempt_failed(c);
            return;
        }
        k->ssl = SSL_new(c->ssl_ctx);
        rb = BIO_new(BIO_s_mem());
        wb = BIO_new(BIO_s_mem());
        if (k->ssl == NULL || rb == NULL || wb == NULL) {
            BIO_free(rb);
            BIO_free(wb);
            conn_set_error(k, "TLS: out of memory");
            attempt_failed(c);
            return;
        }
        SSL_set_bio(k->ssl, rb, wb);
        /* SNI only carries DNS names, never address literals. */
        if (!is_ip(c->sni))
            SSL_set_tlsext_host_name(k->ssl, c->sni);
        if (!c->s.insecure_skip_verify) {
            X509_VERIFY_PARAM *vp = SSL_get0_param(k->ssl);
            if (is_ip(c->sni))
                X509_VERIFY_PARAM_set1_ip_asc(vp, c->sni);
            else
                X509_VERIFY_PARAM_set1_host(vp, c->sni, 0);
        }
        k->state = OTELC__GCONN_HANDSHAKING;
        switch (tls_handshake(c)) {
        case 0:
            return;
        case -1:
            attempt_failed(c);
            return;
        }
    }
    if (otelc__grpc_h2_start(c) != 0) {
        conn_set_error(k, "HTTP/2 session: out of memory");
        attempt_failed(c);
        return;
    }
    if (conn_flush(c) < 0) /* the preface and our SETTINGS */
        attempt_failed(c);
}

static void
connect_next(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;

    for (; k->ai_cur; k->ai_cur = k->ai_cur->ai_next) {
        struct addrinfo *ai = k->ai_cur;
        int              fd = socket(ai->ai_family,
                                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            conn_set_error(k, "socket: %s", strerror(errno));
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
            errno == EINPROGRESS) {
            k->fd = fd;
            k->io_events = 0;
            k->state = OTELC__GCONN_CONNECTING;
            ev_io_set(&k->io, fd, 0);
            io_want(c, EV_WRITE);
            return; /* completion is reported as writability */
        }
        conn_set_error(k, "connect to %s: %s", c->s.hostport, strerror(errno));
        close(fd);
    }
    if (k->last_error[0] == '\0')
        conn_set_error(k, "connect to %s: no address", c->s.hostport);
    attempt_failed(c);
}

static void
connect_done(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;
    int                      err = 0;
    socklen_t                len = sizeof(err);

    if (getsockopt(k->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    if (err != 0) {
        conn_set_error(k, "connect to %s: %s", c->s.hostport, strerror(err));
        ev_io_stop(c->loop, &k->io);
        close(k->fd);
        k->fd = -1;
        k->io_events = 0;
        k->ai_cur = k->ai_cur->ai_next;
        connect_next(c);
        return;
    }
    connected(c);
}

/* ---- input ---- */

/* Feeds plaintext to nghttp2. -1 on a protocol error (error set). */
static int
h2_recv(struct otelc_grpc_client *c, const uint8_t *p, size_t n)
{
    ssize_t r = nghttp2_session_mem_recv(c->conn.h2, p, n);
    if (r < 0) {
        conn_set_error(&c->conn, "HTTP/2 from %s: %s", c->s.hostport,
                       nghttp2_strerror((int)r));
        return -1;
    }
    return 0;
}

/* Decrypts what the memory BIO holds and feeds it to nghttp2. Also run
 * right after the handshake: the server's first frames may already have
 * arrived with its last handshake bytes, and no new readiness event would
 * come for them. */
static int
tls_pump(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;

    for (;;) {
        uint8_t pt[16384];
        int     r = SSL_read(k->ssl, pt, sizeof(pt));
        if (r > 0) {
            if (h2_recv(c, pt, (size_t)r) < 0)
                return -1;
            continue;
        }
        switch (SSL_get_error(k->ssl, r)) {
        case SSL_ERROR_WANT_READ:
            break;
        case SSL_ERROR_ZERO_RETURN:
            conn_set_error(k, "connection to %s closed by the server",
                           c->s.hostport);
            return -1;
        default:
            tls_fail(c, "read");
            return -1;
        }
        break;
    }
    /* TLS 1.3 may answer (key update): keep it flowing. */
    return tls_drain(k);
}

/* Reads the socket dry. -1 on error or EOF (error set). */
static int
conn_read(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;
    uint8_t                  buf[16384];

    for (;;) {
        ssize_t n = recv(k->fd, buf, sizeof(buf), 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            conn_set_error(k, "recv from %s: %s", c->s.hostport,
                           strerror(errno));
            return -1;
        }
        if (n == 0) {
            conn_set_error(k, "connection to %s closed by the server",
                           c->s.hostport);
            return -1;
        }
        if (k->ssl == NULL) {
            if (h2_recv(c, buf, (size_t)n) < 0)
                return -1;
            continue;
        }
        BIO_write(SSL_get_rbio(k->ssl), buf, (int)n);
        if (k->state == OTELC__GCONN_HANDSHAKING)
            continue; /* conn_io runs the handshake */
        if (tls_pump(c) < 0)
            return -1;
    }
}

static void
conn_io(struct ev_loop *loop, ev_io *w, int revents)
{
    struct otelc_grpc_client *c = CLIENT_OF(w, conn.io);
    struct otelc__grpc_conn  *k = &c->conn;
    (void)loop;

    if (k->state == OTELC__GCONN_CONNECTING) {
        connect_done(c);
        return;
    }
    if (revents & EV_WRITE) {
        if (sock_send(c) < 0)
            goto broken;
    }
    if (revents & EV_READ) {
        if (conn_read(c) < 0)
            goto broken;
    }
    if (k->state == OTELC__GCONN_HANDSHAKING) {
        int r = tls_handshake(c);
        if (r < 0) {
            attempt_failed(c);
            return;
        }
        if (r == 0)
            return;
        if (otelc__grpc_h2_start(c) != 0) {
            conn_set_error(k, "HTTP/2 session: out of memory");
            attempt_failed(c);
            return;
        }
        if (tls_pump(c) < 0)
            goto broken;
    }
    if (k->early_goaway) {
        conn_set_error(k, "%s refused the connection (GOAWAY)", c->s.hostport);
        goto broken;
    }
    if (k->state == OTELC__GCONN_SETTINGS_WAIT && k->got_settings) {
        become_ready(c); /* submits and flushes */
        if (k->state == OTELC__GCONN_IDLE)
            return;
    }
    otelc__grpc_h2_submit_pending(c); /* closed streams freed slots */
    if (k->state == OTELC__GCONN_IDLE)
        return;
    if (conn_flush(c) < 0)
        goto broken;
    if (!nghttp2_session_want_read(k->h2) &&
        !nghttp2_session_want_write(k->h2) && k->wlen == 0) {
        conn_set_error(k, "connection to %s closed (HTTP/2 session ended)",
                       c->s.hostport);
        conn_lost(c);
        return;
    }
    if (k->state == OTELC__GCONN_DRAINING && c->active.n == 0) {
        conn_set_error(k, "connection to %s closed after GOAWAY",
                       c->s.hostport);
        conn_lost(c);
    }
    return;
broken:
    if (k->state == OTELC__GCONN_HANDSHAKING ||
        k->state == OTELC__GCONN_SETTINGS_WAIT)
        attempt_failed(c);
    else
        conn_lost(c);
}

/* ---- streams ---- */

void
otelc__grpc_conn_submit(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;

    otelc__grpc_h2_submit_pending(c);
    /* A draining connection still has resets and pings to send. */
    if (k->h2 &&
        (k->state == OTELC__GCONN_READY || k->state == OTELC__GCONN_DRAINING) &&
        conn_flush(c) < 0)
        conn_lost(c);
}
