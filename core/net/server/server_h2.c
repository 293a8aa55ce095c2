/* HTTP/2 on a server connection (nghttp2), and gRPC on top of it:
 * requests are collected per stream, gRPC's 5-byte length prefix is
 * checked against the limit as soon as it arrives, and responses go out
 * as HEADERS + DATA (+ trailers for gRPC) or a trailers-only HEADERS for
 * gRPC errors. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memlimit.h"
#include "server.h"

#define MAX_HEADER_BYTES (64 * 1024)

#define NV(n, v, vl)                                                           \
    {                                                                          \
        (uint8_t *)(n), (uint8_t *)(v), strlen(n), (vl), NGHTTP2_NV_FLAG_NONE  \
    }

static void
reqs_link(struct otelc__srv_conn *c, struct otelc_request *r)
{
    r->prev = NULL;
    r->next = c->h2reqs;
    if (c->h2reqs)
        c->h2reqs->prev = r;
    c->h2reqs = r;
    c->h2_streams++;
}

static void
reqs_unlink(struct otelc__srv_conn *c, struct otelc_request *r)
{
    if (r->prev)
        r->prev->next = r->next;
    else if (c->h2reqs == r)
        c->h2reqs = r->next;
    if (r->next)
        r->next->prev = r->prev;
    r->next = r->prev = NULL;
    c->h2_streams--;
}

/* ---- nghttp2 callbacks ---- */
static ssize_t
send_cb(nghttp2_session *session, const uint8_t *data, size_t length, int flags,
        void *user_data)
{
    struct otelc__srv_conn *c = user_data;
    (void)session;
    (void)flags;
    otelc__srv_conn_send(c, data, length);
    return c->dead ? NGHTTP2_ERR_CALLBACK_FAILURE : (ssize_t)length;
}

static int
on_begin_headers(nghttp2_session *session, const nghttp2_frame *frame,
                 void *user_data)
{
    struct otelc__srv_conn *c = user_data;
    struct otelc_request   *r;
    if (c->dead)
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    if (frame->hd.type != NGHTTP2_HEADERS ||
        frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0;
    r = otelc__srv_req_new(c->srv, c, OTELC_PROTO_HTTP2);
    if (r == NULL)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    r->stream_id = frame->hd.stream_id;
    reqs_link(c, r);
    nghttp2_session_set_stream_user_data(session, frame->hd.stream_id, r);
    return 0;
}

static int
on_header(nghttp2_session *session, const nghttp2_frame *frame,
          const uint8_t *name, size_t namelen, const uint8_t *value,
          size_t valuelen, uint8_t flags, void *user_data)
{
    struct otelc_request *r;
    (void)flags;
    if (((struct otelc__srv_conn *)user_data)->dead)
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    if (frame->hd.type != NGHTTP2_HEADERS)
        return 0;
    r = nghttp2_session_get_stream_user_data(session, frame->hd.stream_id);
    if (r == NULL || r->complete)
        return 0; /* trailers of a request: ignored */
    if (r->hdr_bytes + namelen + valuelen > MAX_HEADER_BYTES)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* RST_STREAM */
    if (namelen == 7 && memcmp(name, ":method", 7) == 0) {
        free(r->method);
        r->method = strndup((const char *)value, valuelen);
        r->hdr_bytes += valuelen;
        return r->method ? 0 : NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    if (namelen == 5 && memcmp(name, ":path", 5) == 0) {
        const char *q = memchr(value, '?', valuelen);
        size_t      n = q ? (size_t)(q - (const char *)value) : valuelen;
        free(r->path);
        r->path = strndup((const char *)value, n);
        r->hdr_bytes += valuelen;
        return r->path ? 0 : NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    if (namelen == 10 && memcmp(name, ":authority", 10) == 0) {
        /* Handlers see it as HTTP/1.1's Host. */
        if (otelc__srv_req_hdr(r, "host") == NULL &&
            otelc__srv_req_add_header(r, "host", 4, (const char *)value,
                                      valuelen) != 0)
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        return 0;
    }
    if (namelen && name[0] == ':')
        return 0;
    if (otelc__srv_req_add_header(r, (const char *)name, namelen,
                                  (const char *)value, valuelen) != 0)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    if (namelen == 12 && memcmp(name, "content-type", 12) == 0 &&
        valuelen >= 16 && memcmp(value, "application/grpc", 16) == 0 &&
        (valuelen == 16 || value[16] == '+' || value[16] == ';'))
        r->is_grpc = 1;
    return 0;
}

static void
grpc_reject(struct otelc_request *r, int code, const char *msg)
{
    otelc__srv_grpc_respond(r, code, msg, NULL, 0);
}

static int
on_data_chunk(nghttp2_session *session, uint8_t flags, int32_t stream_id,
              const uint8_t *data, size_t len, void *user_data)
{
    struct otelc_request *r;
    uint64_t              max;
    (void)flags;
    if (((struct otelc__srv_conn *)user_data)->dead)
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    r = nghttp2_session_get_stream_user_data(session, stream_id);
    if (r == NULL || r->answered)
        return 0; /* answered early: the rest is discarded */
    max = r->srv->set.max_body;
    if (!r->is_grpc) {
        if (r->body.len + len > max) {
            r->body_too_large = 1;
            otelc__srv_h2_respond(r, 413, "text/plain; charset=utf-8",
                                  "413 Request Entity Too Large", 28, NULL);
            return 0;
        }
        return otelc__srv_buf_add_max(&r->body, data, len, (size_t)max) == 0
                   ? 0
                   : NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    /* A unary call carries one message: a prefix plus at most max. */
    if (r->body.len + len > max + 5 + 5) {
        grpc_reject(r, OTELC_GRPC_RESOURCE_EXHAUSTED,
                    "grpc: received message larger than max");
        return 0;
    }
    if (otelc__srv_buf_add_max(&r->body, data, len, (size_t)max + 10) != 0)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    /* Check each length prefix the moment it is complete. */
    while (r->body.len >= r->grpc_next + 5) {
        const uint8_t *p = (const uint8_t *)r->body.p + r->grpc_next;
        uint64_t       mlen = ((uint64_t)p[1] << 24) | ((uint64_t)p[2] << 16) |
                        ((uint64_t)p[3] << 8) | p[4];
        if (mlen <= max && otelc__mem_would_exceed((size_t)mlen)) {
            /* Over the memory limit: refuse before buffering the rest. */
            otelc__srv_memory_refused(r);
            grpc_reject(r, OTELC_GRPC_RESOURCE_EXHAUSTED,
                        OTELC__SRV_OVER_MEMORY_MSG);
            return 0;
        }
        if (mlen > max) {
            char msg[128];
            snprintf(msg, sizeof(msg),
                     "grpc: received message larger than max (%llu vs. "
                     "%llu)",
                     (unsigned long long)mlen, (unsigned long long)max);
            grpc_reject(r, OTELC_GRPC_RESOURCE_EXHAUSTED, msg);
            return 0;
        }
        r->grpc_next += 5 + (size_t)mlen;
    }
    return 0;
}

static int
on_frame_recv(nghttp2_session *session, const nghttp2_frame *frame,
              void *user_data)
{
    struct otelc_request *r;
    if (((struct otelc__srv_conn *)user_data)->dead)
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    if (frame->hd.type == NGHTTP2_PING && (frame->hd.flags & NGHTTP2_FLAG_ACK))
        ((struct otelc__srv_conn *)user_data)->ping_sent = 0;
    if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA)
        return 0;
    r = nghttp2_session_get_stream_user_data(session, frame->hd.stream_id);
    if (r == NULL)
        return 0;
    if (frame->hd.type == NGHTTP2_HEADERS && !r->complete && !r->answered) {
        const char *cl = otelc__srv_req_hdr(r, "content-length");
        if (r->is_grpc)
            r->proto = OTELC_PROTO_GRPC;
        if (!r->is_grpc && cl &&
            strtoull(cl, NULL, 10) > r->srv->set.max_body) {
            r->body_too_large = 1;
            otelc__srv_h2_respond(r, 413, "text/plain; charset=utf-8",
                                  "413 Request Entity Too Large", 28, NULL);
        } else if (!r->is_grpc && cl &&
                   otelc__mem_would_exceed((size_t)strtoull(cl, NULL, 10))) {
            static const char *const retry[] = {"retry-after", "1", NULL};
            char                     body[128];
            const char              *ct;
            size_t len = otelc__srv_memory_refusal(r, body, sizeof(body), &ct);
            otelc__srv_h2_respond(r, 429, ct, body, len, retry);
        }
    }
    if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) && !r->complete) {
        r->complete = 1;
        if (!r->answered)
            otelc__srv_dispatch(r);
    }
    return 0;
}

static int
on_stream_close(nghttp2_session *session, int32_t stream_id,
                uint32_t error_code, void *user_data)
{
    struct otelc__srv_conn *c = user_data;
    struct otelc_request   *r;
    (void)error_code;
    if (c->dead)
        return 0;
    r = nghttp2_session_get_stream_user_data(session, stream_id);
    if (r == NULL)
        return 0;
    nghttp2_session_set_stream_user_data(session, stream_id, NULL);
    reqs_unlink(c, r);
    otelc__srv_req_orphan(r);
    if (c->h2_streams == 0)
        otelc__srv_conn_mark_idle(c);
    return 0;
}

int
otelc__srv_h2_init(struct otelc__srv_conn *c)
{
    nghttp2_session_callbacks *cbs;
    nghttp2_option            *opt;
    nghttp2_settings_entry     iv[2];
    size_t                     n = 0;
    int                        rc;

    if (nghttp2_session_callbacks_new(&cbs) != 0)
        return -1;
    nghttp2_session_callbacks_set_send_callback(cbs, send_cb);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs,
                                                            on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs,
                                                              on_data_chunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs,
                                                           on_stream_close);
    if (nghttp2_option_new(&opt) != 0) {
        nghttp2_session_callbacks_del(cbs);
        return -1;
    }
    /* nghttp2 refuses streams past our MAX_CONCURRENT_STREAMS (even
     * before the client acknowledges it) with RST_STREAM. */
    rc = nghttp2_session_server_new2(&c->h2, cbs, c, opt);
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cbs);
    if (rc != 0)
        return -1;
    if (c->srv->set.max_streams) {
        iv[n].settings_id = NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS;
        iv[n++].value = c->srv->set.max_streams;
    }
    /* A bigger window than 64 KiB lets a client send a 4 MiB export in
     * a few round trips. */
    iv[n].settings_id = NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE;
    iv[n++].value = 1 << 20;
    if (nghttp2_submit_settings(c->h2, NGHTTP2_FLAG_NONE, iv, n) != 0)
        return -1;
    return 0;
}

int
otelc__srv_h2_upgrade(struct otelc__srv_conn *c, struct otelc_request *r,
                      const char *b64)
{
    size_t         n = strlen(b64), pad = (4 - n % 4) % 4;
    char          *std = malloc(n + pad + 1);
    unsigned char *raw = malloc(n + 4);
    int            len, rc;

    if (std == NULL || raw == NULL || pad == 3) {
        free(std);
        free(raw);
        return -1;
    }
    /* HTTP2-Settings is base64url without padding (RFC 7540 3.2.1);
     * OpenSSL decodes the standard alphabet with padding. */
    for (size_t i = 0; i < n; i++)
        std[i] = b64[i] == '-' ? '+' : b64[i] == '_' ? '/' : b64[i];
    memset(std + n, '=', pad);
    std[n + pad] = '\0';
    len = EVP_DecodeBlock(raw, (unsigned char *)std, (int)(n + pad));
    free(std);
    if (len < 0) {
        free(raw);
        return -1;
    }
    len -= (int)pad;
    if (otelc__srv_h2_init(c) != 0) {
        free(raw);
        return -1;
    }
    rc = nghttp2_session_upgrade2(c->h2, raw, (size_t)len,
                                  r->method && strcmp(r->method, "HEAD") == 0,
                                  r);
    free(raw);
    if (rc != 0)
        return -1;
    r->stream_id = 1;
    reqs_link(c, r);
    return 0;
}

void
otelc__srv_h2_pump(struct otelc__srv_conn *c)
{
    int rc;
    if (c->dead || c->h2 == NULL)
        return;
    /* Callbacks during the send may close the connection: it must
     * outlive them. */
    c->busy++;
    rc = nghttp2_session_send(c->h2);
    if (!c->dead) {
        if (rc != 0)
            otelc__srv_conn_close(c);
        else if (!nghttp2_session_want_read(c->h2) &&
                 !nghttp2_session_want_write(c->h2))
            c->closing = 1; /* GOAWAY exchanged or a fatal protocol error */
    }
    if (--c->busy == 0) {
        if (c->dead)
            otelc__srv_conn_free(c);
        else
            otelc__srv_conn_flush(c);
    }
}

void
otelc__srv_h2_input(struct otelc__srv_conn *c)
{
    size_t  have = c->in.len - c->in.off;
    ssize_t n;
    if (c->dead || c->h2 == NULL)
        return;
    if (have) {
        n = nghttp2_session_mem_recv(
            c->h2, (const uint8_t *)c->in.p + c->in.off, have);
        if (c->dead)
            return;
        if (n < 0) {
            /* Garbage or a bad preface: say so, then go. */
            nghttp2_session_terminate_session(c->h2, NGHTTP2_PROTOCOL_ERROR);
            nghttp2_session_send(c->h2);
            c->closing = 1;
            c->in.len = c->in.off = 0;
            return;
        }
        otelc__srv_buf_consume(&c->in, (size_t)n);
    }
    otelc__srv_h2_pump(c);
}

void
otelc__srv_h2_idle(struct otelc__srv_conn *c)
{
    nghttp2_submit_goaway(c->h2, NGHTTP2_FLAG_NONE,
                          nghttp2_session_get_last_proc_stream_id(c->h2),
                          NGHTTP2_NO_ERROR, NULL, 0);
    nghttp2_session_send(c->h2);
    otelc__srv_conn_flush(c);
}

/* keepalive `time`: is the peer still there? */
void
otelc__srv_h2_ping(struct otelc__srv_conn *c)
{
    if (nghttp2_submit_ping(c->h2, NGHTTP2_FLAG_NONE, NULL) != 0)
        return;
    c->ping_sent = ev_now(c->srv->loop);
    otelc__srv_h2_pump(c);
}

/* ---- responses ---- */
static ssize_t
read_resp(nghttp2_session *session, int32_t stream_id, uint8_t *buf,
          size_t length, uint32_t *data_flags, nghttp2_data_source *source,
          void *user_data)
{
    struct otelc_request *r = source->ptr;
    size_t                left = r->resp.len - r->resp.off;
    size_t                n = left < length ? left : length;
    (void)user_data;
    memcpy(buf, r->resp.p + r->resp.off, n);
    r->resp.off += n;
    if (r->resp.off == r->resp.len) {
        *data_flags |= NGHTTP2_DATA_FLAG_EOF;
        if (r->resp_trailers) {
            char       st[16];
            nghttp2_nv tr[2] = {NV("grpc-status", st, 0)};
            size_t     nt = 1;
            snprintf(st, sizeof(st), "%d", r->grpc_status);
            tr[0].valuelen = strlen(st);
            if (r->grpc_message && *r->grpc_message) {
                nghttp2_nv m = NV("grpc-message", r->grpc_message,
                                  strlen(r->grpc_message));
                tr[nt++] = m;
            }
            *data_flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
            if (nghttp2_submit_trailer(session, stream_id, tr, nt) != 0)
                return NGHTTP2_ERR_CALLBACK_FAILURE;
        }
    }
    return (ssize_t)n;
}

struct nvs {
    nghttp2_nv *v;
    size_t      n, cap;
    char      **owned; /* lower-cased names */
    size_t      n_owned;
};

static void
nvs_add(void *arg, const char *name, const char *value)
{
    struct nvs *a = arg;
    char       *lc;
    size_t      nl = strlen(name);
    if (a->n == a->cap)
        return;
    lc = malloc(nl + 1);
    if (lc == NULL)
        return;
    for (size_t i = 0; i <= nl; i++)
        lc[i] =
            (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
    a->owned[a->n_owned++] = lc;
    a->v[a->n].name = (uint8_t *)lc;
    a->v[a->n].namelen = nl;
    a->v[a->n].value = (uint8_t *)value;
    a->v[a->n].valuelen = strlen(value);
    a->v[a->n].flags = NGHTTP2_NV_FLAG_NONE;
    a->n++;
}

static void
nvs_free(struct nvs *a)
{
    for (size_t i = 0; i < a->n_owned; i++)
        free(a->owned[i]);
    free(a->owned);
    free(a->v);
}

static int
submit(struct otelc_request *r, struct nvs *a, int with_body)
{
    struct otelc__srv_conn *c = r->conn;
    nghttp2_data_provider   dp;
    int                     rc;
    dp.source.ptr = r;
    dp.read_callback = read_resp;
    rc = nghttp2_submit_response(c->h2, r->stream_id, a->v, a->n,
                                 with_body ? &dp : NULL);
    nvs_free(a);
    if (rc != 0)
        return OTELC_E_STATE;
    /* Inside input processing (nghttp2 callbacks), the input path sends
     * once nghttp2_session_mem_recv() returns. */
    if (!c->busy)
        otelc__srv_h2_pump(c);
    return OTELC_OK;
}

int
otelc__srv_h2_respond(struct otelc_request *r, int status, const char *ctype,
                      const void *body, size_t len, const char *const *headers)
{
    struct nvs a = {0};
    char       st[8], cl[24];
    size_t     nh = 0;
    int        head = r->method && strcmp(r->method, "HEAD") == 0;

    for (; headers && headers[nh] && headers[nh + 1]; nh += 2)
        ;
    a.cap = 3 + nh / 2 + 8 + r->srv->set.n_resp_headers;
    a.v = calloc(a.cap, sizeof(*a.v));
    a.owned = calloc(a.cap, sizeof(*a.owned));
    if (a.v == NULL || a.owned == NULL) {
        nvs_free(&a);
        return OTELC_E_NOMEM;
    }
    r->answered = 1;
    if (!head && len && otelc__srv_buf_add(&r->resp, body, len) != 0) {
        nvs_free(&a);
        return OTELC_E_NOMEM;
    }
    snprintf(st, sizeof(st), "%d", status);
    snprintf(cl, sizeof(cl), "%zu", len);
    nvs_add(&a, ":status", st);
    if (ctype)
        nvs_add(&a, "content-type", ctype);
    if (status != 204 && status != 304)
        nvs_add(&a, "content-length", cl);
    otelc__srv_resp_headers(r, nvs_add, &a);
    for (size_t i = 0; i < nh; i += 2)
        nvs_add(&a, headers[i], headers[i + 1]);
    return submit(r, &a, !head && len > 0);
}

int
otelc__srv_grpc_respond(struct otelc_request *r, int gstatus, const char *msg,
                        const void *body, size_t len)
{
    struct nvs a = {0};
    char       st[16];
    char      *pm = NULL;

    a.cap = 6;
    a.v = calloc(a.cap, sizeof(*a.v));
    a.owned = calloc(a.cap, sizeof(*a.owned));
    if (a.v == NULL || a.owned == NULL) {
        nvs_free(&a);
        return OTELC_E_NOMEM;
    }
    r->answered = 1;
    if (r->deadline_on) {
        ev_timer_stop(r->srv->loop, &r->deadline);
        r->deadline_on = 0;
    }
    nvs_add(&a, ":status", "200");
    nvs_add(&a, "content-type", "application/grpc");
    if (gstatus == OTELC_GRPC_OK) {
        uint8_t pre[5] = {0, (uint8_t)(len >> 24), (uint8_t)(len >> 16),
                          (uint8_t)(len >> 8), (uint8_t)len};
        if (otelc__srv_buf_add(&r->resp, pre, 5) != 0 ||
            (len && otelc__srv_buf_add(&r->resp, body, len) != 0)) {
            nvs_free(&a);
            return OTELC_E_NOMEM;
        }
        r->resp_trailers = 1;
        r->grpc_status = OTELC_GRPC_OK;
        if (msg && *msg)
            r->grpc_message = otelc__srv_pct_encode(msg);
        return submit(r, &a, 1);
    }
    /* Trailers-only: status in the one HEADERS frame that ends the
     * stream. */
    snprintf(st, sizeof(st), "%d", gstatus);
    nvs_add(&a, "grpc-status", st);
    if (msg && *msg) {
        pm = otelc__srv_pct_encode(msg);
        if (pm)
            nvs_add(&a, "grpc-message", pm);
    }
    if (gstatus == OTELC_GRPC_UNIMPLEMENTED && msg &&
        strncmp(msg, "grpc: Decompressor", 18) == 0)
        nvs_add(&a, "grpc-accept-encoding", "identity,gzip,deflate,zstd");
    r->grpc_message = pm; /* owned until the request goes */
    return submit(r, &a, 0);
}
