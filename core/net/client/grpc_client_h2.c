/* The gRPC client's HTTP/2 layer: the nghttp2 client session, request
 * HEADERS + length-prefixed DATA for each call, and turning the response
 * (headers, message, trailers, or a reset) into the call's outcome.
 *
 * nghttp2 callbacks never close the connection or run user code: they
 * record outcomes (otelc__grpc_call_finish only moves lists) and flags,
 * which grpc_client_conn.c acts on once nghttp2 has returned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compress.h"
#include "grpc_client_int.h"

#define MAX_RECV_MSG (64u << 20)

/* ---- nghttp2 callbacks ---- */

static int
on_header(nghttp2_session *s, const nghttp2_frame *frame, const uint8_t *name,
          size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags,
          void *user)
{
    struct otelc__grpc_call *call;
    const char              *n = (const char *)name, *v = (const char *)value;
    (void)namelen;
    (void)flags;
    (void)user;

    if (frame->hd.type != NGHTTP2_HEADERS)
        return 0;
    call = nghttp2_session_get_stream_user_data(s, frame->hd.stream_id);
    if (call == NULL)
        return 0;
    /* nghttp2 NUL-terminates names and values. */
    if (strcmp(n, ":status") == 0) {
        call->http_status = atoi(v);
    } else if (strcmp(n, "content-type") == 0) {
        free(call->content_type);
        call->content_type = strdup(v);
    } else if (strcmp(n, "grpc-encoding") == 0) {
        int algo = strcmp(v, "identity") == 0 ? OTELC__COMPRESS_NONE
                                              : otelc__compress_parse(v);
        call->resp_encoding = algo < 0 ? -1 : otelc__grpc_codec(algo);
    } else if (strcmp(n, "grpc-status") == 0) {
        call->grpc_status = atoi(v);
    } else if (strcmp(n, "grpc-message") == 0) {
        free(call->grpc_message);
        call->grpc_message = otelc__grpc_percent_decode(v);
    } else if (strcmp(n, "grpc-status-details-bin") == 0) {
        call->retry_after_ns = otelc__grpc_details_retry_ns(v, valuelen);
    }
    return 0;
}

static int
on_data(nghttp2_session *s, uint8_t flags, int32_t stream_id,
        const uint8_t *data, size_t len, void *user)
{
    struct otelc__grpc_call *call =
        nghttp2_session_get_stream_user_data(s, stream_id);
    (void)flags;
    (void)user;

    if (call == NULL || call->too_big)
        return 0;
    if (call->rlen + len > MAX_RECV_MSG + 5) {
        /* Too big: stop the stream; the close handler reports it. */
        call->too_big = 1;
        nghttp2_submit_rst_stream(s, NGHTTP2_FLAG_NONE, stream_id,
                                  NGHTTP2_CANCEL);
        return 0;
    }
    if (call->rlen + len > call->rcap) {
        size_t   cap = call->rcap ? call->rcap : 1024;
        uint8_t *nb;
        while (cap < call->rlen + len)
            cap *= 2;
        nb = realloc(call->rbuf, cap);
        if (nb == NULL)
            return NGHTTP2_ERR_CALLBACK_FAILURE;
        call->rbuf = nb;
        call->rcap = cap;
    }
    memcpy(call->rbuf + call->rlen, data, len);
    call->rlen += len;
    return 0;
}

/* Replaces rbuf with the (decompressed) message of the length-prefixed
 * response; returns a gRPC status, with msg set on errors. */
static int
decode_message(struct otelc__grpc_call *call, char *msg, size_t n)
{
    uint32_t mlen;
    int      compressed;

    if (call->rlen == 0)
        return OTELC_GRPC_OK; /* lenient: an empty response message */
    if (call->rlen < 5) {
        snprintf(msg, n, "truncated response message prefix");
        return OTELC_GRPC_INTERNAL;
    }
    compressed = call->rbuf[0] & 1;
    mlen = (uint32_t)call->rbuf[1] << 24 | (uint32_t)call->rbuf[2] << 16 |
           (uint32_t)call->rbuf[3] << 8 | call->rbuf[4];
    if ((size_t)mlen > call->rlen - 5) {
        snprintf(msg, n, "truncated response message (%u of %zu bytes)",
                 (unsigned)(call->rlen - 5), (size_t)mlen);
        return OTELC_GRPC_INTERNAL;
    }
    if (compressed) {
        void  *out = NULL;
        size_t out_len = 0;
        int    rc;
        if (call->resp_encoding <= OTELC__COMPRESS_NONE) {
            snprintf(msg, n,
                     "compressed response without a known "
                     "grpc-encoding");
            return OTELC_GRPC_INTERNAL;
        }
        rc = otelc__decompress(call->resp_encoding, call->rbuf + 5, mlen,
                               MAX_RECV_MSG, &out, &out_len);
        if (rc != OTELC_OK) {
            free(out);
            snprintf(msg, n, "cannot decompress the response: %s",
                     otelc_status_message(rc));
            return OTELC_GRPC_INTERNAL;
        }
        free(call->rbuf);
        call->rbuf = out;
        call->rlen = call->rcap = out_len;
    } else {
        memmove(call->rbuf, call->rbuf + 5, mlen);
        call->rlen = mlen;
    }
    return OTELC_GRPC_OK;
}

static int
on_stream_close(nghttp2_session *s, int32_t stream_id, uint32_t error_code,
                void *user)
{
    struct otelc__grpc_call *call =
        nghttp2_session_get_stream_user_data(s, stream_id);
    char msg[300];
    int  status;
    (void)user;

    if (call == NULL)
        return 0;
    nghttp2_session_set_stream_user_data(s, stream_id, NULL);
    msg[0] = '\0';
    if (call->too_big) {
        status = OTELC_GRPC_RESOURCE_EXHAUSTED;
        snprintf(msg, sizeof(msg), "response larger than %u bytes",
                 MAX_RECV_MSG);
    } else if (call->http_status != 0 && call->http_status != 200) {
        status = otelc__grpc_from_http(call->http_status);
        snprintf(msg, sizeof(msg), "HTTP status %d%s%s", call->http_status,
                 call->grpc_message ? ": " : "",
                 call->grpc_message ? call->grpc_message : "");
    } else if (call->grpc_status >= 0) {
        status = call->grpc_status;
        snprintf(msg, sizeof(msg), "%s",
                 call->grpc_message ? call->grpc_message : "");
        if (status == OTELC_GRPC_OK)
            status = decode_message(call, msg, sizeof(msg));
    } else if (error_code != NGHTTP2_NO_ERROR) {
        status = otelc__grpc_from_h2_error(error_code);
        snprintf(msg, sizeof(msg), "stream reset by the server: %s",
                 nghttp2_http2_strerror(error_code));
    } else {
        status = OTELC_GRPC_INTERNAL;
        snprintf(msg, sizeof(msg),
                 "server closed the stream without a grpc-status");
    }
    otelc__grpc_call_finish(call, status, msg[0] ? msg : NULL);
    return 0;
}

static int
on_frame_recv(nghttp2_session *s, const nghttp2_frame *frame, void *user)
{
    struct otelc_grpc_client *c = user;
    struct otelc__grpc_conn  *k = &c->conn;

    if (frame->hd.type == NGHTTP2_SETTINGS &&
        !(frame->hd.flags & NGHTTP2_FLAG_ACK)) {
        k->got_settings = 1;
    } else if (frame->hd.type == NGHTTP2_PING &&
               (frame->hd.flags & NGHTTP2_FLAG_ACK)) {
        k->ping_outstanding = 0;
        ev_timer_stop(c->loop, &k->ka_ack_timer);
    } else if (frame->hd.type == NGHTTP2_GOAWAY) {
        int32_t last = frame->goaway.last_stream_id;
        if (k->state != OTELC__GCONN_READY &&
            k->state != OTELC__GCONN_DRAINING) {
            /* Refused before we were ready: a failed attempt (backoff),
             * not a reconnect-at-once. */
            k->early_goaway = 1;
            return 0;
        }
        k->state = OTELC__GCONN_DRAINING;
        /* Calls the server never saw fail now: safe for callers to retry.
         * Walk with a saved next: finishing unlinks the call. */
        for (struct otelc__grpc_call *call = c->active.head, *nx; call;
             call = nx) {
            nx = call->next;
            if (call->stream_id > last) {
                nghttp2_session_set_stream_user_data(s, call->stream_id, NULL);
                otelc__grpc_call_finish(call, OTELC_GRPC_UNAVAILABLE,
                                        "server sent GOAWAY before "
                                        "processing the call");
            }
        }
    }
    return 0;
}

static ssize_t
read_body(nghttp2_session *s, int32_t stream_id, uint8_t *buf, size_t length,
          uint32_t *data_flags, nghttp2_data_source *source, void *user)
{
    struct otelc__grpc_call *call =
        nghttp2_session_get_stream_user_data(s, stream_id);
    size_t n;
    (void)source;
    (void)user;

    if (call == NULL) /* cancelled: the RST_STREAM is on its way */
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    n = call->req_len - call->req_off;
    if (n > length)
        n = length;
    memcpy(buf, call->req + call->req_off, n);
    call->req_off += n;
    if (call->req_off == call->req_len)
        *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    return (ssize_t)n;
}

/* ---- session ---- */

int
otelc__grpc_h2_start(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn   *k = &c->conn;
    nghttp2_session_callbacks *cbs;
    nghttp2_settings_entry     iv[] = {
            {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
            {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20},
    };
    int rc;

    if ((rc = nghttp2_session_callbacks_new(&cbs)) != 0)
        return rc;
    nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs,
                                                           on_stream_close);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
    rc = nghttp2_session_client_new(&k->h2, cbs, c);
    nghttp2_session_callbacks_del(cbs);
    if (rc != 0)
        return rc;
    nghttp2_submit_settings(k->h2, NGHTTP2_FLAG_NONE, iv,
                            sizeof(iv) / sizeof(iv[0]));
    /* A large connection window too, so responses never stall on it. */
    nghttp2_session_set_local_window_size(k->h2, NGHTTP2_FLAG_NONE, 0, 1 << 24);
    /* Streams wait for the server's SETTINGS: until then its
     * concurrency limit is unknown, and a server that is not HTTP/2 is
     * found out before any call is committed to it. */
    k->state = OTELC__GCONN_SETTINGS_WAIT;
    return 0;
}

/* ---- streams ---- */

#define NV(n, v)                                                               \
    {                                                                          \
        (uint8_t *)(n), (uint8_t *)(v), strlen(n), strlen(v),                  \
            NGHTTP2_NV_FLAG_NONE                                               \
    }

/* Fields the protocol owns: a configured header or per-call metadata
 * with one of these names would make the request malformed or lie about
 * its encoding, so they are dropped. user-agent is handled apart. */
static int
reserved_field(const char *name)
{
    static const char *const names[] = {
        "content-type",         "te",   "grpc-timeout", "grpc-encoding",
        "grpc-accept-encoding", "host", "connection",   "content-length",
        "transfer-encoding",    NULL};
    if (name[0] == ':')
        return 1;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int
submit_one(struct otelc_grpc_client *c, struct otelc__grpc_call *call)
{
    struct otelc__grpc_conn *k = &c->conn;
    size_t                   cap = 12 + c->s.n_headers + call->n_md, n = 0;
    nghttp2_nv              *nva = calloc(cap, sizeof(*nva));
    char                     tmo[16];
    const char              *enc = otelc__compress_name(c->s.compression);
    const char              *ua = c->user_agent;
    nghttp2_data_provider    prd;
    int32_t                  id;

    if (nva == NULL)
        return NGHTTP2_ERR_NOMEM;
    /* A configured user-agent replaces ours (one field, not two). */
    for (size_t i = 0; i < c->s.n_headers; i++)
        if (strcmp(c->hdr_names[i], "user-agent") == 0)
            ua = c->s.headers[i].value;
    nva[n++] = (nghttp2_nv)NV(":method", "POST");
    nva[n++] = (nghttp2_nv)NV(":scheme", c->s.use_tls ? "https" : "http");
    nva[n++] = (nghttp2_nv)NV(":path", call->path);
    nva[n++] = (nghttp2_nv)NV(":authority", c->authority);
    nva[n++] = (nghttp2_nv)NV("content-type", "application/grpc");
    nva[n++] = (nghttp2_nv)NV("te", "trailers");
    nva[n++] = (nghttp2_nv)NV("user-agent", ua);
    if (call->timeout_ns) {
        /* What is left of the deadline, not the original timeout: the
         * call may have waited for the connection. */
        double left = ev_timer_remaining(c->loop, &call->deadline);
        otelc__grpc_timeout_str(left > 0 ? (int64_t)(left * 1e9) : 1, tmo);
        nva[n++] = (nghttp2_nv)NV("grpc-timeout", tmo);
    }
    if (enc)
        nva[n++] = (nghttp2_nv)NV("grpc-encoding", enc);
    nva[n++] = (nghttp2_nv)NV("grpc-accept-encoding",
                              "identity,gzip,deflate,zstd,snappy");
    for (size_t i = 0; i < c->s.n_headers; i++) {
        /* Lower-cased copies: HTTP/2 forbids upper-case names. */
        if (reserved_field(c->hdr_names[i]) ||
            strcmp(c->hdr_names[i], "user-agent") == 0)
            continue;
        nva[n++] = (nghttp2_nv)NV(c->hdr_names[i], c->s.headers[i].value);
    }
    for (size_t i = 0; i < call->n_md; i++) {
        if (reserved_field(call->md[2 * i]))
            continue;
        nva[n++] = (nghttp2_nv)NV(call->md[2 * i], call->md[2 * i + 1]);
    }
    prd.source.ptr = call;
    prd.read_callback = read_body;
    id = nghttp2_submit_request(k->h2, NULL, nva, n, &prd, call);
    free(nva);
    if (id < 0)
        return id;
    call->stream_id = id;
    return 0;
}

void
otelc__grpc_h2_submit_pending(struct otelc_grpc_client *c)
{
    struct otelc__grpc_conn *k = &c->conn;
    uint32_t                 max;

    if (k->state != OTELC__GCONN_READY || k->h2 == NULL)
        return;
    max = nghttp2_session_get_remote_settings(
        k->h2, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
    while (c->pending.head && c->active.n < max) {
        struct otelc__grpc_call *call = c->pending.head;
        int                      rc = submit_one(c, call);
        if (rc == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE) {
            /* Stream ids exhausted: finish this connection, open another
             * one for what is pending. */
            k->state = OTELC__GCONN_DRAINING;
            break;
        }
        otelc__grpc_list_remove(&c->pending, call);
        if (rc < 0) {
            char msg[128];
            snprintf(msg, sizeof(msg), "cannot start the call: %s",
                     nghttp2_strerror(rc));
            otelc__grpc_list_push(&c->active, call, OTELC__GC_ACTIVE);
            otelc__grpc_call_finish(call, OTELC_GRPC_INTERNAL, msg);
            continue;
        }
        otelc__grpc_list_push(&c->active, call, OTELC__GC_ACTIVE);
    }
}

void
otelc__grpc_conn_cancel(struct otelc_grpc_client *c,
                        struct otelc__grpc_call  *call)
{
    struct otelc__grpc_conn *k = &c->conn;

    if (k->h2 && call->stream_id > 0) {
        nghttp2_session_set_stream_user_data(k->h2, call->stream_id, NULL);
        nghttp2_submit_rst_stream(k->h2, NGHTTP2_FLAG_NONE, call->stream_id,
                                  NGHTTP2_CANCEL);
    }
}
