/* HTTP/1.1 on a server connection, parsed with http-parser.
 *
 * One request at a time: the parser is paused at the end of a message
 * until that request is answered (pipelined requests wait in c->in).
 * Limits are enforced while parsing: header bytes, a declared
 * Content-Length over the limit is answered 413 before any body byte is
 * read, and a chunked body is counted as it arrives. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "memlimit.h"
#include "server.h"

#define MAX_HEADER_BYTES (64 * 1024)

static struct otelc__srv_conn *
conn_of(http_parser *p)
{
    return p->data;
}

/* The host answers and stops reading this connection: the rest of what
 * the client sends is discarded until it sees the answer. */
static void
early_answer(struct otelc__srv_conn *c, int status, const char *msg)
{
    struct otelc_request *r = c->h1req;
    if (r == NULL) {
        r = otelc__srv_req_new(c->srv, c, OTELC_PROTO_HTTP1);
        if (r == NULL) {
            otelc__srv_conn_close(c);
            return;
        }
        c->h1req = r;
    }
    r->keep_alive = 0;
    c->draining = 1;
    otelc__srv_h1_respond(r, status, "text/plain; charset=utf-8", msg,
                          strlen(msg), NULL);
}

static int
over_header_limit(struct otelc__srv_conn *c, size_t more)
{
    size_t have = c->url.len + c->hf.len + c->hv.len + more +
                  (c->h1req ? c->h1req->hdr_bytes : 0);
    if (have <= MAX_HEADER_BYTES)
        return 0;
    early_answer(c, 431, "431 Request Header Fields Too Large");
    return 1;
}

static int
on_message_begin(http_parser *p)
{
    struct otelc__srv_conn *c = conn_of(p);
    c->h1req = otelc__srv_req_new(c->srv, c, OTELC_PROTO_HTTP1);
    if (c->h1req == NULL)
        return -1;
    c->url.len = c->hf.len = c->hv.len = 0;
    c->h1_in_header_value = 0;
    c->h1_want_upgrade = 0;
    if (c->srv->loop)
        c->req_since = ev_now(c->srv->loop);
    return 0;
}

static int
on_url(http_parser *p, const char *at, size_t n)
{
    struct otelc__srv_conn *c = conn_of(p);
    if (over_header_limit(c, n))
        return -1;
    return otelc__srv_buf_add(&c->url, at, n);
}

static int
commit_header(struct otelc__srv_conn *c)
{
    int rc;
    if (c->hf.len == 0)
        return 0;
    rc = otelc__srv_req_add_header(c->h1req, c->hf.p, c->hf.len,
                                   c->hv.p ? c->hv.p : "", c->hv.len);
    c->hf.len = c->hv.len = 0;
    return rc;
}

static int
on_header_field(http_parser *p, const char *at, size_t n)
{
    struct otelc__srv_conn *c = conn_of(p);
    if (over_header_limit(c, n))
        return -1;
    if (c->h1_in_header_value) {
        if (commit_header(c) != 0)
            return -1;
        c->h1_in_header_value = 0;
    }
    return otelc__srv_buf_add(&c->hf, at, n);
}

static int
on_header_value(http_parser *p, const char *at, size_t n)
{
    struct otelc__srv_conn *c = conn_of(p);
    if (over_header_limit(c, n))
        return -1;
    c->h1_in_header_value = 1;
    return otelc__srv_buf_add(&c->hv, at, n);
}

/* Does a comma-separated header value contain `token`? */
static int
has_token(const char *v, const char *token)
{
    size_t tl = strlen(token);
    while (v && *v) {
        while (*v == ' ' || *v == '\t' || *v == ',')
            v++;
        if (strncasecmp(v, token, tl) == 0 &&
            (v[tl] == '\0' || v[tl] == ',' || v[tl] == ' ' || v[tl] == '\t'))
            return 1;
        v = strchr(v, ',');
    }
    return 0;
}

static char *
url_path(const char *url, size_t n)
{
    struct http_parser_url u;
    const char            *p = url;
    size_t                 len = n;
    char                  *out;

    http_parser_url_init(&u);
    if (http_parser_parse_url(url, n, 0, &u) == 0 &&
        (u.field_set & (1 << UF_PATH))) {
        p = url + u.field_data[UF_PATH].off;
        len = u.field_data[UF_PATH].len;
    } else {
        /* "*" or something http-parser accepted but cannot split: drop
         * any query string by hand. */
        const char *q = memchr(url, '?', n);
        if (q)
            len = (size_t)(q - url);
    }
    out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

static int
on_headers_complete(http_parser *p)
{
    struct otelc__srv_conn *c = conn_of(p);
    struct otelc_request   *r = c->h1req;
    otelc_server           *s = c->srv;
    const char             *up, *settings, *expect;

    if (commit_header(c) != 0)
        return -1;
    r->method = strdup(http_method_str((enum http_method)p->method));
    r->path = url_path(c->url.p ? c->url.p : "", c->url.len);
    if (r->method == NULL || r->path == NULL)
        return -1;
    r->keep_alive = http_should_keep_alive(p);

    /* h2c upgrade only in cleartext, and only with HTTP2-Settings. */
    up = otelc__srv_req_hdr(r, "upgrade");
    settings = otelc__srv_req_hdr(r, "http2-settings");
    if (p->upgrade) {
        if (c->ssl == NULL && up && has_token(up, "h2c") && settings) {
            c->h1_want_upgrade = 1;
            free(c->h1_upgrade_settings);
            c->h1_upgrade_settings = strdup(settings);
        } else {
            /* Not upgrading: keep parsing this connection as HTTP/1.1. */
            p->upgrade = 0;
        }
    }
    if (p->content_length != ULLONG_MAX &&
        p->content_length > s->set.max_body) {
        /* Refused before a single body byte is read. */
        r->body_too_large = 1;
        early_answer(c, 413, "413 Request Entity Too Large");
        return -1;
    }
    if (p->content_length != ULLONG_MAX &&
        otelc__mem_would_exceed((size_t)p->content_length)) {
        /* The collector holds all the telemetry it may: refuse before
         * allocating the body, and tell the client to come back. */
        static const char *const retry[] = {"Retry-After", "1", NULL};
        char                     body[128];
        const char              *ct;
        size_t len = otelc__srv_memory_refusal(r, body, sizeof(body), &ct);
        r->keep_alive = 0;
        c->draining = 1;
        otelc__srv_h1_respond(r, 429, ct, body, len, retry);
        return -1;
    }
    expect = otelc__srv_req_hdr(r, "expect");
    if (expect && strcasecmp(expect, "100-continue") == 0 && p->http_minor) {
        static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
        otelc__srv_conn_send(c, cont, sizeof(cont) - 1);
    }
    return 0;
}

static int
on_body(http_parser *p, const char *at, size_t n)
{
    struct otelc__srv_conn *c = conn_of(p);
    struct otelc_request   *r = c->h1req;
    if (r->body.len + n > c->srv->set.max_body) {
        /* Chunked or otherwise undeclared: counted as it arrives. */
        r->body_too_large = 1;
        early_answer(c, 413, "413 Request Entity Too Large");
        return -1;
    }
    return otelc__srv_buf_add_max(&r->body, at, n,
                                  (size_t)c->srv->set.max_body);
}

static int
on_message_complete(http_parser *p)
{
    struct otelc__srv_conn *c = conn_of(p);
    c->h1req->complete = 1;
    /* One request at a time: resume after the answer. */
    http_parser_pause(p, 1);
    return 0;
}

void
otelc__srv_h1_init(struct otelc__srv_conn *c)
{
    http_parser_init(&c->hp, HTTP_REQUEST);
    c->hp.data = c;
    http_parser_settings_init(&c->hps);
    c->hps.on_message_begin = on_message_begin;
    c->hps.on_url = on_url;
    c->hps.on_header_field = on_header_field;
    c->hps.on_header_value = on_header_value;
    c->hps.on_headers_complete = on_headers_complete;
    c->hps.on_body = on_body;
    c->hps.on_message_complete = on_message_complete;
}

static void
h1_free_bufs(struct otelc__srv_conn *c)
{
    otelc__srv_buf_free(&c->hf);
    otelc__srv_buf_free(&c->hv);
    otelc__srv_buf_free(&c->url);
}

/* A complete request: upgrade to h2c, or route it. */
static void
h1_ready(struct otelc__srv_conn *c)
{
    struct otelc_request *r = c->h1req;
    if (c->h1_want_upgrade) {
        static const char sw[] = "HTTP/1.1 101 Switching Protocols\r\n"
                                 "Connection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
        char             *settings = c->h1_upgrade_settings;
        c->h1_upgrade_settings = NULL;
        c->h1_want_upgrade = 0;
        c->h1req = NULL;
        h1_free_bufs(c);
        otelc__srv_conn_send(c, sw, sizeof(sw) - 1);
        r->proto = OTELC_PROTO_HTTP2;
        if (otelc__srv_h2_upgrade(c, r, settings) != 0) {
            free(settings);
            otelc__srv_req_free(r);
            otelc__srv_conn_close(c);
            return;
        }
        free(settings);
        c->proto = OTELC__CP_H2;
        otelc__srv_dispatch(r);
        if (!c->dead)
            otelc__srv_h2_input(c); /* the preface may already be here */
        return;
    }
    otelc__srv_dispatch(r);
}

void
otelc__srv_h1_input(struct otelc__srv_conn *c)
{
    while (!c->dead && c->proto == OTELC__CP_H1) {
        size_t          have = c->in.len - c->in.off, n;
        enum http_errno err;

        if (c->draining || c->closing) {
            /* Answered with Connection: close: nothing more is read. */
            c->in.len = c->in.off = 0;
            return;
        }
        if (c->h1req && c->h1req->complete) {
            if (!c->h1req->dispatched && !c->h1req->answered)
                h1_ready(c);
            /* Still waiting for the handler: the rest waits in c->in. */
            if (c->dead || c->proto != OTELC__CP_H1 || c->h1req)
                return;
            continue;
        }
        if (have == 0)
            return;
        n = http_parser_execute(&c->hp, &c->hps, c->in.p + c->in.off, have);
        otelc__srv_buf_consume(&c->in, n);
        err = HTTP_PARSER_ERRNO(&c->hp);
        if (c->dead)
            return;
        if (err == HPE_PAUSED)
            continue;
        if (err != HPE_OK) {
            if (c->draining)
                continue; /* answered already (413, 431) */
            early_answer(c, 400, "400 Bad Request");
            continue;
        }
        if (n == 0 && !(c->h1req && c->h1req->complete))
            return; /* defensive: no progress */
    }
}

void
otelc__srv_h1_resume(struct otelc__srv_conn *c)
{
    if (c->dead || c->proto != OTELC__CP_H1)
        return;
    if (HTTP_PARSER_ERRNO(&c->hp) == HPE_PAUSED)
        http_parser_pause(&c->hp, 0);
    /* The caller holds one reference; more means we are inside the
     * input loop, which picks up the next request itself. */
    if (c->busy > 1)
        return;
    c->busy++;
    otelc__srv_h1_input(c);
    c->busy--;
}

struct hdr_out {
    struct otelc__srv_buf *b;
};

static void
add_hdr(void *arg, const char *n, const char *v)
{
    struct hdr_out *o = arg;
    otelc__srv_buf_printf(o->b, "%s: %s\r\n", n, v);
}

static int
safe_header(const char *s)
{
    return s && strpbrk(s, "\r\n") == NULL;
}

int
otelc__srv_h1_respond(struct otelc_request *r, int status, const char *ctype,
                      const void *body, size_t len, const char *const *headers)
{
    struct otelc__srv_conn *c = r->conn;
    struct otelc__srv_buf   b = {0};
    struct hdr_out          o = {&b};
    const char             *reason = http_status_str((enum http_status)status);
    int                     head = r->method && strcmp(r->method, "HEAD") == 0;
    int                     ok;

    if (strcmp(reason, "<unknown>") == 0)
        reason = "Status";
    r->answered = 1;
    if (c->srv->stopping)
        r->keep_alive = 0;
    otelc__srv_buf_printf(&b, "HTTP/1.1 %d %s\r\n", status, reason);
    if (ctype && safe_header(ctype))
        otelc__srv_buf_printf(&b, "Content-Type: %s\r\n", ctype);
    /* RFC 9110 8.6: none on 204 and 304. */
    if (status != 204 && status != 304)
        otelc__srv_buf_printf(&b, "Content-Length: %zu\r\n", len);
    else
        len = 0;
    if (!r->keep_alive)
        otelc__srv_buf_printf(&b, "Connection: close\r\n");
    otelc__srv_resp_headers(r, add_hdr, &o);
    for (size_t i = 0; headers && headers[i] && headers[i + 1]; i += 2)
        if (safe_header(headers[i]) && safe_header(headers[i + 1]) &&
            strchr(headers[i], ':') == NULL)
            otelc__srv_buf_printf(&b, "%s: %s\r\n", headers[i], headers[i + 1]);
    ok = otelc__srv_buf_add(&b, "\r\n", 2) == 0;
    if (ok && !head && len)
        ok = otelc__srv_buf_add(&b, body, len) == 0;
    if (!ok) {
        otelc__srv_buf_free(&b);
        return OTELC_E_NOMEM;
    }
    /* Sending, flushing or parsing the next request may close c: hold
     * it until we are done with it. */
    c->busy++;
    otelc__srv_conn_send(c, b.p, b.len);
    otelc__srv_buf_free(&b);

    if (!r->keep_alive)
        c->closing = 1;
    /* (A close during the send already released r with the conn.) */
    if (c->h1req == r) {
        c->h1req = NULL;
        otelc__srv_req_free(r);
    }
    if (!c->dead && !c->closing)
        otelc__srv_h1_resume(c);
    if (!c->dead && c->h1req == NULL)
        otelc__srv_conn_mark_idle(c);
    if (--c->busy == 0) {
        if (c->dead)
            otelc__srv_conn_free(c);
        else
            otelc__srv_conn_flush(c); /* may free c */
    }
    return OTELC_OK;
}
