/* Connection lifecycle: an accepted socket (or a fuzzer's buffer) from
 * creation to close. Protocol sniffing on the first bytes, reading with
 * backpressure, the output buffer and its flushing, the header, idle,
 * read, write and keepalive timers, and draining at shutdown. Protocol
 * work lives in server_http1.c, server_h2.c and server_tls.c; this file
 * hands them bytes (otelc__srv_conn_input) and takes bytes from them
 * (otelc__srv_conn_send). */
#include "server.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_CHUNK   16384
#define OUT_HIGH     (4u << 20) /* stop reading while this much is unsent */
#define IN_HIGH      (1u << 20) /* ... or this much input waits (pipelining) */
#define H2_PREFACE   "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
#define H2_PREFACE_N 24

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

static int
conn_in_flight(struct otelc__srv_conn *c)
{
    return c->h1req != NULL || c->h2_streams > 0;
}

void
otelc__srv_conns_drain(otelc_server *s)
{
    struct otelc__srv_conn *c, *next;

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
otelc__srv_conns_free_all(otelc_server *s)
{
    /* Not from inside one of our callbacks (documented): nothing of a
     * connection may outlive the server. */
    while (s->conns) {
        struct otelc__srv_conn *c = s->conns;
        c->busy = 0;
        otelc__srv_conn_close(c);
        if (s->conns == c)
            otelc__srv_conn_free(c);
    }
}
