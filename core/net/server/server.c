/* The host server: listener, accept, connection lifecycle, protocol
 * sniffing and timeouts. Protocol work lives in server_http1.c,
 * server_h2.c and server_tls.c; this file owns the socket and hands
 * them bytes (otelc__srv_conn_input) and takes bytes from them
 * (otelc__srv_conn_send). */
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

#define READ_CHUNK   16384
#define OUT_HIGH     (4u << 20) /* stop reading while this much is unsent */
#define IN_HIGH      (1u << 20) /* ... or this much input waits (pipelining) */
#define H2_PREFACE   "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define H2_PREFACE_N 24

/* ---- buffers ---- */
int
otelc__srv_buf_add(struct otelc__srv_buf *b, const void *d, size_t n)
{
    if (n == 0)
        return 0;
    if (b->off && b->off == b->len)
        b->off = b->len = 0;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char  *p;
        /* Reclaim consumed space before growing. */
        if (b->off) {
            memmove(b->p, b->p + b->off, b->len - b->off);
            b->len -= b->off;
            b->off = 0;
        }
        while (cap < b->len + n)
            cap *= 2;
        if (cap != b->cap) {
            p = realloc(b->p, cap);
            if (p == NULL)
                return -1;
            b->p = p;
            b->cap = cap;
        }
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
    return 0;
}

int
otelc__srv_buf_add_max(struct otelc__srv_buf *b, const void *d, size_t n,
                       size_t max)
{
    if (b->off == 0 && b->len + n > b->cap && b->len + n <= max) {
        /* Grow by doubling, but never past what the limit allows. */
        size_t cap = b->cap ? b->cap * 2 : 4096;
        char  *p;
        if (cap < b->len + n)
            cap = b->len + n;
        if (cap > max)
            cap = max;
        p = realloc(b->p, cap);
        if (p == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    return otelc__srv_buf_add(b, d, n);
}

int
otelc__srv_buf_printf(struct otelc__srv_buf *b, const char *fmt, ...)
{
    char    tmp[512], *big = NULL;
    va_list ap;
    int     n, rc;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof(tmp))
        return otelc__srv_buf_add(b, tmp, (size_t)n);
    va_start(ap, fmt);
    n = vasprintf(&big, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    rc = otelc__srv_buf_add(b, big, (size_t)n);
    free(big);
    return rc;
}

void
otelc__srv_buf_consume(struct otelc__srv_buf *b, size_t n)
{
    b->off += n;
    if (b->off >= b->len)
        b->off = b->len = 0;
}

void
otelc__srv_buf_free(struct otelc__srv_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

/* ---- requests ---- */
struct otelc_request *
otelc__srv_req_new(otelc_server *s, struct otelc__srv_conn *c, int proto)
{
    struct otelc_request *r = calloc(1, sizeof(*r));
    if (r == NULL)
        return NULL;
    r->api = otelc__host();
    r->srv = s;
    r->conn = c;
    r->proto = proto;
    r->keep_alive = 1;
    return r;
}

void
otelc__srv_req_free(struct otelc_request *r)
{
    if (r == NULL)
        return;
    if (r->deadline_on)
        ev_timer_stop(r->srv->loop, &r->deadline);
    free(r->method);
    free(r->path);
    for (size_t i = 0; i < r->n_hdrs; i++) {
        free(r->hdrs[i].name);
        free(r->hdrs[i].value);
    }
    free(r->hdrs);
    otelc__srv_buf_free(&r->body);
    otelc__srv_buf_free(&r->resp);
    free(r->grpc_message);
    free(r);
}

int
otelc__srv_req_add_header(struct otelc_request *r, const char *n, size_t nl,
                          const char *v, size_t vl)
{
    char *name, *value;
    if (r->n_hdrs == r->cap_hdrs) {
        size_t                cap = r->cap_hdrs ? r->cap_hdrs * 2 : 16;
        struct otelc__srv_kv *h = realloc(r->hdrs, cap * sizeof(*h));
        if (h == NULL)
            return -1;
        r->hdrs = h;
        r->cap_hdrs = cap;
    }
    name = malloc(nl + 1);
    value = malloc(vl + 1);
    if (name == NULL || value == NULL) {
        free(name);
        free(value);
        return -1;
    }
    /* Names are stored lower-case: HTTP/2 requires it on the wire and
     * lookups are case-insensitive anyway. */
    for (size_t i = 0; i < nl; i++)
        name[i] = (n[i] >= 'A' && n[i] <= 'Z') ? (char)(n[i] + 32) : n[i];
    name[nl] = '\0';
    memcpy(value, v, vl);
    value[vl] = '\0';
    r->hdrs[r->n_hdrs].name = name;
    r->hdrs[r->n_hdrs].value = value;
    r->n_hdrs++;
    r->hdr_bytes += nl + vl + 4;
    return 0;
}

const char *
otelc__srv_req_hdr(const struct otelc_request *r, const char *name)
{
    for (size_t i = 0; i < r->n_hdrs; i++)
        if (strcasecmp(r->hdrs[i].name, name) == 0)
            return r->hdrs[i].value;
    return NULL;
}

static void
detached_link(struct otelc_request *r)
{
    otelc_server *s = r->srv;
    r->prev = NULL;
    r->next = s->detached;
    if (s->detached)
        s->detached->prev = r;
    s->detached = r;
}

void
otelc__srv_req_unlink(struct otelc_request *r)
{
    otelc_server *s = r->srv;
    if (r->prev)
        r->prev->next = r->next;
    else if (s->detached == r)
        s->detached = r->next;
    if (r->next)
        r->next->prev = r->prev;
    r->next = r->prev = NULL;
}

void
otelc__srv_req_orphan(struct otelc_request *r)
{
    if (r == NULL)
        return;
    if (r->deadline_on) {
        ev_timer_stop(r->srv->loop, &r->deadline);
        r->deadline_on = 0;
    }
    /* A handler still holds it: keep it until it responds. */
    if (r->dispatched && !r->handler_done) {
        r->conn = NULL;
        detached_link(r);
        return;
    }
    otelc__srv_req_free(r);
}

/* ---- connections ---- */
static void conn_io_cb(struct ev_loop *loop, ev_io *w, int revents);
static void conn_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void conn_retime(struct otelc__srv_conn *c);

struct otelc__srv_conn *
otelc__srv_conn_new(otelc_server *s, int fd)
{
    struct otelc__srv_conn *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    c->srv = s;
    c->fd = fd;
    c->proto = OTELC__CP_SNIFF;
    c->created = c->last_active = s->loop ? ev_now(s->loop) : 0;
    c->next = s->conns;
    if (s->conns)
        s->conns->prev = c;
    s->conns = c;
    if (fd >= 0) {
        ev_io_init(&c->rio, conn_io_cb, fd, EV_READ);
        ev_io_init(&c->wio, conn_io_cb, fd, EV_WRITE);
        c->rio.data = c->wio.data = c;
        ev_io_start(s->loop, &c->rio);
    }
    ev_init(&c->timer, conn_timer_cb);
    c->timer.data = c;
    conn_retime(c);
    return c;
}

void
otelc__srv_conn_free(struct otelc__srv_conn *c)
{
    otelc_server *s = c->srv;
    if (c->prev)
        c->prev->next = c->next;
    else if (s->conns == c)
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->h2)
        nghttp2_session_del(c->h2);
    otelc__srv_buf_free(&c->in);
    otelc__srv_buf_free(&c->out);
    otelc__srv_buf_free(&c->url);
    otelc__srv_buf_free(&c->hf);
    otelc__srv_buf_free(&c->hv);
    free(c->h1_upgrade_settings);
    if (c->ssl)
        SSL_free(c->ssl); /* frees both BIOs */
    free(c);
}

void
otelc__srv_conn_close(struct otelc__srv_conn *c)
{
    otelc_server *s = c->srv;
    if (c->dead)
        return;
    c->dead = 1;
    c->proto = OTELC__CP_CLOSED;
    if (s->loop) {
        ev_timer_stop(s->loop, &c->timer);
        if (c->fd >= 0) {
            ev_io_stop(s->loop, &c->rio);
            ev_io_stop(s->loop, &c->wio);
        }
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    /* Requests are released by the protocol: h2 stream data goes with
     * the session (orphaned in its stream-close callback), the h1
     * request here. */
    /* nghttp2_session_del() runs no stream-close callbacks: release the
     * streams' requests here. The session itself goes in conn_free, as
     * we may be inside one of its callbacks now. */
    while (c->h2reqs) {
        struct otelc_request *r = c->h2reqs;
        c->h2reqs = r->next;
        r->next = r->prev = NULL;
        if (c->h2)
            nghttp2_session_set_stream_user_data(c->h2, r->stream_id, NULL);
        otelc__srv_req_orphan(r);
    }
    c->h2_streams = 0;
    otelc__srv_req_orphan(c->h1req);
    c->h1req = NULL;
    if (c->busy == 0)
        otelc__srv_conn_free(c);
}

/* Called when the protocol has nothing in flight: during server_stop,
 * that is when the connection goes. */
void
otelc__srv_conn_mark_idle(struct otelc__srv_conn *c)
{
    if (c->srv->stopping && !c->dead) {
        c->closing = 1;
        if (!c->busy)
            otelc__srv_conn_flush(c);
    }
}

void
otelc__srv_conn_flush(struct otelc__srv_conn *c)
{
    otelc_server *s = c->srv;
    if (c->dead)
        return;
    if (c->fd < 0) {
        /* Fed from a buffer: output goes nowhere. */
        c->out.len = c->out.off = 0;
    }
    while (c->fd >= 0 && c->out.len > c->out.off) {
        ssize_t n = send(c->fd, c->out.p + c->out.off, c->out.len - c->out.off,
                         MSG_NOSIGNAL);
        if (n > 0) {
            otelc__srv_buf_consume(&c->out, (size_t)n);
            c->last_active = ev_now(s->loop);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!ev_is_active(&c->wio))
                ev_io_start(s->loop, &c->wio);
            conn_retime(c);
            return;
        }
        otelc__srv_conn_close(c);
        return;
    }
    if (c->fd >= 0 && ev_is_active(&c->wio))
        ev_io_stop(s->loop, &c->wio);
    if (c->closing) {
        /* Half-close so the peer reads everything before the reset a
         * close with unread input would cause; after an early answer
         * (413 while the body is still coming) keep reading and
         * discarding for a moment so the client sees the answer. */
        if (c->fd >= 0)
            shutdown(c->fd, SHUT_WR);
        if (c->draining && c->fd >= 0 && s->loop) {
            if (!c->lingering) {
                c->lingering = 1;
                c->linger_since = ev_now(s->loop);
            }
            conn_retime(c);
            return;
        }
        otelc__srv_conn_close(c);
        return;
    }
    /* Reading paused for backpressure resumes once output drained. */
    if (c->fd >= 0 && !ev_is_active(&c->rio))
        ev_io_start(s->loop, &c->rio);
    conn_retime(c);
}

void
otelc__srv_conn_send(struct otelc__srv_conn *c, const void *d, size_t n)
{
    if (c->dead)
        return;
    if (c->ssl && c->tls_done) {
        otelc__srv_tls_send(c, d, n);
        return;
    }
    if (otelc__srv_buf_add(&c->out, d, n) != 0)
        otelc__srv_conn_close(c);
}

/* Plaintext, after TLS if any. */
static void
conn_plain(struct otelc__srv_conn *c)
{
    if (c->proto == OTELC__CP_SNIFF) {
        size_t      have = c->in.len - c->in.off;
        size_t      cmp = have < H2_PREFACE_N ? have : H2_PREFACE_N;
        const char *p = c->in.p + c->in.off;
        if (have == 0)
            return;
        if (memcmp(p, H2_PREFACE, cmp) == 0) {
            if (have < H2_PREFACE_N)
                return; /* could still be the preface: wait */
            if (otelc__srv_h2_init(c) != 0) {
                otelc__srv_conn_close(c);
                return;
            }
            c->proto = OTELC__CP_H2;
        } else {
            otelc__srv_h1_init(c);
            c->proto = OTELC__CP_H1;
        }
    }
    if (c->proto == OTELC__CP_H1)
        otelc__srv_h1_input(c);
    else if (c->proto == OTELC__CP_H2)
        otelc__srv_h2_input(c);
}

void
otelc__srv_conn_input(struct otelc__srv_conn *c, const char *d, size_t n)
{
    otelc_server *s = c->srv;

    if (c->dead || n == 0 || c->lingering)
        return;
    c->busy++;
    if (c->ssl == NULL && c->proto == OTELC__CP_SNIFF && s->set.tls &&
        c->in.len == c->in.off) {
        if ((unsigned char)d[0] == 0x16) {
            if (otelc__srv_tls_begin(c) != 0)
                otelc__srv_conn_close(c);
        } else {
            /* What Go's server says to plaintext on a TLS port. */
            static const char msg[] =
                "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP "
                "request to an HTTPS server.\n";
            otelc__srv_conn_send(c, msg, sizeof(msg) - 1);
            c->closing = 1;
            otelc__srv_conn_flush(c);
        }
    }
    if (!c->dead) {
        if (c->ssl) {
            if (otelc__srv_tls_input(c, d, n) != 0)
                otelc__srv_conn_close(c);
        } else if (otelc__srv_buf_add(&c->in, d, n) != 0) {
            otelc__srv_conn_close(c);
        } else {
            conn_plain(c);
        }
    }
    if (!c->dead)
        otelc__srv_conn_flush(c);
    if (--c->busy == 0 && c->dead)
        otelc__srv_conn_free(c);
    else if (!c->dead)
        conn_retime(c);
}

/* TLS delivers plaintext here (the c->in buffer then the protocol). */
void
otelc__srv_conn_plain(struct otelc__srv_conn *c, const char *d, size_t n)
{
    if (otelc__srv_buf_add(&c->in, d, n) != 0) {
        otelc__srv_conn_close(c);
        return;
    }
    conn_plain(c);
}

static void
conn_read(struct otelc__srv_conn *c)
{
    char buf[READ_CHUNK];
    /* A few reads per wakeup, then let other connections run. */
    for (int i = 0; i < 4 && !c->dead; i++) {
        ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
        if (n > 0) {
            c->last_active = ev_now(c->srv->loop);
            c->busy++;
            otelc__srv_conn_input(c, buf, (size_t)n);
            c->busy--;
            if (c->dead)
                break;
            if (c->out.len - c->out.off > OUT_HIGH ||
                c->in.len - c->in.off > IN_HIGH) {
                /* The peer is not reading its responses, or pipelines
                 * requests faster than they are answered: stop reading
                 * until it catches up (flush restarts reading). */
                ev_io_stop(c->srv->loop, &c->rio);
                break;
            }
            if ((size_t)n < sizeof(buf))
                break;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        otelc__srv_conn_close(c); /* EOF or error */
        break;
    }
}

static void
conn_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct otelc__srv_conn *c = w->data;
    (void)loop;
    c->busy++;
    if ((revents & EV_WRITE) && !c->dead)
        otelc__srv_conn_flush(c);
    if ((revents & EV_READ) && !c->dead && w == &c->rio)
        conn_read(c);
    if (--c->busy == 0 && c->dead)
        otelc__srv_conn_free(c);
}

/* ---- timeouts ----
 * One timer per connection, aimed at whichever limit applies in its
 * current state: headers not complete (slowloris), nothing in flight
 * (idle), output not draining (write stall), connection age (gRPC). */
static double
conn_limit(struct otelc__srv_conn *c, double *since)
{
    otelc_server *s = c->srv;
    double        lim = 0;

    *since = c->last_active;
    if (c->lingering) {
        *since = c->linger_since;
        return 2.0;
    }
    if (c->out.len > c->out.off)
        return s->set.write_timeout;
    switch (c->proto) {
    case OTELC__CP_SNIFF:
        *since = c->created;
        return s->set.read_header_timeout;
    case OTELC__CP_H1:
        if (c->h1req == NULL && c->in.len == c->in.off)
            return s->set.idle_timeout;
        if (c->h1req == NULL || c->h1req->method == NULL) {
            /* Headers must be complete in time from the request's first
             * byte: a trickle does not reset the clock. */
            *since = c->h1req ? c->req_since : c->last_active;
            return s->set.read_header_timeout;
        }
        if (!c->h1req->complete) {
            /* The body: read_timeout (Go's http.Server.ReadTimeout)
             * covers the whole request from its first byte. */
            *since = c->req_since;
            return s->set.read_timeout;
        }
        return 0; /* the handler is working */
    case OTELC__CP_H2:
        if (c->h2_streams == 0)
            lim = s->set.idle_timeout;
        if (c->ping_sent > 0 &&
            (lim <= 0 || c->ping_sent + s->set.ping_timeout < *since + lim)) {
            /* Keepalive PING unanswered. */
            *since = c->ping_sent;
            lim = s->set.ping_timeout;
        }
        return lim;
    default:
        return 0;
    }
}

/* When a keepalive PING is due (gRPC `time`), or 0. */
static double
ping_at(struct otelc__srv_conn *c)
{
    if (c->proto != OTELC__CP_H2 || c->h2 == NULL ||
        c->srv->set.ping_time <= 0 || c->ping_sent > 0)
        return 0;
    return c->last_active + c->srv->set.ping_time;
}

static void
conn_retime(struct otelc__srv_conn *c)
{
    otelc_server *s = c->srv;
    double        since, lim, at;
    if (s->loop == NULL || c->dead)
        return;
    lim = conn_limit(c, &since);
    if (s->set.max_conn_age > 0) {
        double age_at = c->created + s->set.max_conn_age;
        if (lim <= 0 || age_at < since + lim) {
            since = c->created;
            lim = s->set.max_conn_age;
        }
    }
    ev_timer_stop(s->loop, &c->timer);
    at = lim > 0 ? since + lim : 0;
    if (ping_at(c) > 0 && (at <= 0 || ping_at(c) < at))
        at = ping_at(c);
    if (at <= 0)
        return;
    at -= ev_now(s->loop);
    ev_timer_set(&c->timer, at > 0.001 ? at : 0.001, 0);
    ev_timer_start(s->loop, &c->timer);
}

static void
conn_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc__srv_conn *c = w->data;
    double                  since, lim;
    (void)revents;
    lim = conn_limit(c, &since);
    if (c->srv->set.max_conn_age > 0 &&
        ev_now(loop) >= c->created + c->srv->set.max_conn_age)
        lim = 0.000001, since = c->created;
    if (lim > 0 && ev_now(loop) >= since + lim - 0.0005) {
        if (c->proto == OTELC__CP_H2 && c->h2 && c->out.len == c->out.off) {
            /* Tell the peer why before going (RFC 9113 6.8). */
            c->busy++;
            otelc__srv_h2_idle(c);
            c->busy--;
        }
        otelc__srv_conn_close(c);
        return;
    }
    if (ping_at(c) > 0 && ev_now(loop) >= ping_at(c) - 0.0005) {
        c->busy++;
        otelc__srv_h2_ping(c);
        if (--c->busy == 0 && c->dead) {
            otelc__srv_conn_free(c);
            return;
        }
        otelc__srv_conn_flush(c); /* re-aims the timer; may free c */
        return;
    }
    conn_retime(c);
}

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
        return srv_fail(s, OTELC_E_IO, "listen on %s: %s", s->set.endpoint,
                        strerror(saved));
    s->lfd = fd;
    format_bound(s);
    ev_io_init(&s->lio, accept_cb, fd, EV_READ);
    s->lio.data = s;
    ev_io_start(s->loop, &s->lio);
    s->started = 1;
    if (s->ctx)
        otelc__log(OTELC_LOG_INFO, otelc__ctx_label(s->ctx),
                   "listening on %s (%s%s)", s->bound,
                   s->set.flavor == OTELC_SERVER_GRPC ? "grpc" : "http",
                   s->set.tls ? ", tls" : "");
    return OTELC_OK;
}

static int
conn_in_flight(struct otelc__srv_conn *c)
{
    return c->h1req != NULL || c->h2_streams > 0;
}

static void
srv_stop(otelc_server *s)
{
    struct otelc__srv_conn *c, *next;
    if (s->stopping)
        return;
    s->stopping = 1;
    if (s->started) {
        ev_io_stop(s->loop, &s->lio);
        close(s->lfd);
        s->lfd = -1;
    }
    for (c = s->conns; c; c = next) {
        next = c->next;
        if (c->proto == OTELC__CP_H2 && c->h2) {
            /* GOAWAY now; the connection goes when its streams are done. */
            nghttp2_submit_goaway(
                c->h2, NGHTTP2_FLAG_NONE,
                nghttp2_session_get_last_proc_stream_id(c->h2),
                NGHTTP2_NO_ERROR, NULL, 0);
            if (c->h2_streams == 0)
                c->closing = 1;
            otelc__srv_h2_pump(c); /* may free c */
            continue;
        }
        if (!conn_in_flight(c))
            otelc__srv_conn_close(c);
        else if (c->h1req)
            c->h1req->keep_alive = 0;
    }
}

void
otelc__srv_free(otelc_server *s)
{
    struct otelc_request *r;
    if (s == NULL)
        return;
    if (s->started && !s->stopping)
        srv_stop(s);
    /* Not from inside one of our callbacks (documented): nothing of a
     * connection may outlive the server. */
    while (s->conns) {
        struct otelc__srv_conn *c = s->conns;
        c->busy = 0;
        otelc__srv_conn_close(c);
        if (s->conns == c)
            otelc__srv_conn_free(c);
    }
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
