/* The gRPC client's public side: settings, the call objects and their
 * lifecycle (pending → active → done → callback), deadlines, connection
 * backoff, and freeing. The connection itself is grpc_client_conn.c.
 *
 * Callbacks only ever run from `done_timer`, a zero-delay timer, so user
 * code never runs inside nghttp2 or inside grpc_call(), and may call
 * grpc_call() or grpc_client_free() from its callback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compress.h"
#include "ctx.h"
#include "grpc_client_int.h"
#include "host_table.h"

/* gRPC's connection backoff defaults (doc/connection-backoff.md). */
#define BACKOFF_INITIAL_NS INT64_C(1000000000)
#define BACKOFF_MAX_NS     INT64_C(120000000000)
#define BACKOFF_MULTIPLIER 1.6
#define BACKOFF_JITTER     0.2

/* ---- lists ---- */

void
otelc__grpc_list_push(struct otelc__grpc_list *l, struct otelc__grpc_call *call,
                      int where)
{
    call->prev = l->tail;
    call->next = NULL;
    if (l->tail)
        l->tail->next = call;
    else
        l->head = call;
    l->tail = call;
    l->n++;
    call->where = where;
}

void
otelc__grpc_list_remove(struct otelc__grpc_list *l,
                        struct otelc__grpc_call *call)
{
    if (call->prev)
        call->prev->next = call->next;
    else
        l->head = call->next;
    if (call->next)
        call->next->prev = call->prev;
    else
        l->tail = call->prev;
    call->prev = call->next = NULL;
    l->n--;
    call->where = OTELC__GC_NONE;
}

static struct otelc__grpc_list *
list_of(struct otelc_grpc_client *c, int where)
{
    switch (where) {
    case OTELC__GC_PENDING:
        return &c->pending;
    case OTELC__GC_ACTIVE:
        return &c->active;
    case OTELC__GC_DONE:
        return &c->done;
    default:
        return NULL;
    }
}

/* ---- calls ---- */

static void
call_free(struct otelc__grpc_call *call)
{
    struct otelc_grpc_client *c = call->c;

    if (c->loop)
        ev_timer_stop(c->loop, &call->deadline);
    for (size_t i = 0; i < 2 * call->n_md; i++)
        free(call->md[i]);
    free(call->md);
    free(call->path);
    free(call->req);
    free(call->grpc_message);
    free(call->content_type);
    free(call->rbuf);
    free(call->message);
    free(call);
}

void
otelc__grpc_call_finish(struct otelc__grpc_call *call, int status,
                        const char *message)
{
    struct otelc_grpc_client *c = call->c;
    struct otelc__grpc_list  *l = list_of(c, call->where);

    if (call->where == OTELC__GC_DONE)
        return;
    if (l)
        otelc__grpc_list_remove(l, call);
    ev_timer_stop(c->loop, &call->deadline);
    call->status = status;
    free(call->message);
    call->message = message ? strdup(message) : NULL;
    otelc__grpc_list_push(&c->done, call, OTELC__GC_DONE);
    if (!ev_is_active(&c->done_timer)) {
        ev_timer_set(&c->done_timer, 0., 0.);
        ev_timer_start(c->loop, &c->done_timer);
    }
}

static void client_destroy(struct otelc_grpc_client *c);

static void
run_completions(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_grpc_client *c =
        (struct otelc_grpc_client *)((char *)w -
                                     offsetof(struct otelc_grpc_client,
                                              done_timer));
    struct otelc__grpc_call *call;
    (void)loop;
    (void)revents;

    c->depth++;
    while (!c->freeing && (call = c->done.head) != NULL) {
        otelc_grpc_response resp;

        otelc__grpc_list_remove(&c->done, call);
        memset(&resp, 0, sizeof(resp));
        resp.struct_size = sizeof(resp);
        resp.status = call->status;
        resp.message = call->message ? call->message : "";
        resp.body = call->status == OTELC_GRPC_OK ? call->rbuf : NULL;
        resp.body_len = call->status == OTELC_GRPC_OK ? call->rlen : 0;
        resp.retry_after_ns = call->retry_after_ns;
        call->cb(call->arg, &resp);
        call_free(call);
    }
    c->depth--;
    if (c->freeing && c->depth == 0)
        client_destroy(c);
}

static void
deadline_fire(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc__grpc_call *call =
        (struct otelc__grpc_call *)((char *)w -
                                    offsetof(struct otelc__grpc_call,
                                             deadline));
    struct otelc_grpc_client *c = call->c;
    char                      msg[96];
    (void)loop;
    (void)revents;

    snprintf(msg, sizeof(msg), "deadline exceeded after %.3fs%s",
             (double)call->timeout_ns / 1e9,
             call->where == OTELC__GC_PENDING ? " (waiting for a connection)"
                                              : "");
    if (call->where == OTELC__GC_ACTIVE)
        otelc__grpc_conn_cancel(c, call); /* RST_STREAM CANCEL */
    otelc__grpc_call_finish(call, OTELC_GRPC_DEADLINE_EXCEEDED, msg);
    /* The reset freed a stream slot. */
    otelc__grpc_conn_submit(c);
}

/* ---- connection state changes (called by grpc_client_conn.c) ---- */

static void
fail_pending(struct otelc_grpc_client *c, const char *why)
{
    while (c->pending.head)
        otelc__grpc_call_finish(c->pending.head, OTELC_GRPC_UNAVAILABLE, why);
}

void
otelc__grpc_conn_ready(struct otelc_grpc_client *c)
{
    c->backoff_ns = 0;
    otelc__grpc_conn_submit(c);
}

static void
backoff_fire(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_grpc_client *c =
        (struct otelc_grpc_client *)((char *)w -
                                     offsetof(struct otelc_grpc_client,
                                              backoff_timer));
    (void)loop;
    (void)revents;
    c->in_backoff = 0;
    /* Only wait_for_ready calls can be waiting; otherwise stay idle
     * until the next call (gRPC's IDLE after TRANSIENT_FAILURE). */
    if (c->pending.head && c->conn.state == OTELC__GCONN_IDLE)
        otelc__grpc_conn_start(c);
}

void
otelc__grpc_conn_attempt_failed(struct otelc_grpc_client *c, const char *why)
{
    double jitter;

    c->backoff_ns = c->backoff_ns == 0
                        ? BACKOFF_INITIAL_NS
                        : (int64_t)((double)c->backoff_ns * BACKOFF_MULTIPLIER);
    if (c->backoff_ns > BACKOFF_MAX_NS)
        c->backoff_ns = BACKOFF_MAX_NS;
    /* Jitter spreads reconnects of many workers/collectors apart. */
    jitter = 1.0 + BACKOFF_JITTER * (2.0 * erand48(c->jitter_seed) - 1.0);
    snprintf(c->backoff_error, sizeof(c->backoff_error), "%s", why);
    c->in_backoff = 1;
    ev_timer_stop(c->loop, &c->backoff_timer);
    ev_timer_set(&c->backoff_timer, (double)c->backoff_ns * jitter / 1e9, 0.);
    ev_timer_start(c->loop, &c->backoff_timer);
    otelc_debug(c->ctx, "grpc %s: %s; next attempt in %.1fs", c->s.hostport,
                why, (double)c->backoff_ns * jitter / 1e9);
    if (!c->s.wait_for_ready)
        fail_pending(c, why);
}

void
otelc__grpc_conn_lost(struct otelc_grpc_client *c)
{
    /* Reconnect from a fresh stack (the zero-delay backoff timer), never
     * from inside the code that is tearing the old connection down. */
    if (c->pending.head && !c->in_backoff) {
        ev_timer_stop(c->loop, &c->backoff_timer);
        ev_timer_set(&c->backoff_timer, 0., 0.);
        ev_timer_start(c->loop, &c->backoff_timer);
    }
}

/* ---- API ---- */

/* HTTP/2 requires lower-case field names; metadata keys are
 * case-insensitive in gRPC, so lowering them changes nothing. */
static char *
lower_dup(const char *s)
{
    char *d = strdup(s);
    for (char *p = d; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return d;
}

static void
free_names(struct otelc_grpc_client *c)
{
    for (size_t i = 0; c->hdr_names && i < c->s.n_headers; i++)
        free(c->hdr_names[i]);
    free(c->hdr_names);
    c->hdr_names = NULL;
}

int
otelc__grpc_client_new(otelc_ctx *ctx, const otelc_config *settings,
                       const char *default_compression, otelc_grpc_client **out)
{
    struct otelc_grpc_client *c;
    int                       rc;

    *out = NULL;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return OTELC_E_NOMEM;
    c->api = otelc__host();
    c->ctx = ctx;
    rc = otelc__client_settings_parse(ctx, settings, 1, default_compression,
                                      &c->s);
    if (rc != OTELC_OK)
        goto fail;
    if (c->s.host == NULL || c->s.hostport == NULL) {
        rc = otelc_cfg_error(ctx, settings, "endpoint: required");
        goto fail;
    }
    if (c->s.balancer_name)
        otelc_warn(ctx,
                   "balancer_name \"%s\" is ignored: the gRPC client keeps "
                   "one connection to the first address that answers",
                   c->s.balancer_name);
    c->authority = strdup(c->s.authority ? c->s.authority : c->s.hostport);
    c->sni = strdup(c->s.server_name_override ? c->s.server_name_override
                                              : c->s.host);
    if (c->authority == NULL || c->sni == NULL) {
        rc = OTELC_E_NOMEM;
        goto fail;
    }
    if (c->s.n_headers) {
        c->hdr_names = calloc(c->s.n_headers, sizeof(char *));
        if (c->hdr_names == NULL) {
            rc = OTELC_E_NOMEM;
            goto fail;
        }
        for (size_t i = 0; i < c->s.n_headers; i++) {
            c->hdr_names[i] = lower_dup(c->s.headers[i].name);
            if (c->hdr_names[i] == NULL) {
                rc = OTELC_E_NOMEM;
                goto fail;
            }
        }
    }
    /* Certificates and keys are read when the instance is created (off
     * the loop, and a bad file stops startup with its YAML path), not
     * during validate, which opens no file. */
    if (c->s.use_tls && otelc__ctx_live(ctx)) {
        char err[256];
        if (otelc__grpc_tls_ctx(c, err, sizeof(err)) < 0) {
            const otelc_config *tls = otelc_cfg_child(settings, "tls");
            rc = otelc_cfg_error(ctx, tls ? tls : settings, "%s", err);
            goto fail;
        }
    }
    snprintf(c->port_str, sizeof(c->port_str), "%d", c->s.port);
    snprintf(c->user_agent, sizeof(c->user_agent), "otelc/%s grpc-c",
             OTELC_VERSION);
    c->conn.fd = -1;
    {
        uintptr_t p = (uintptr_t)c;
        c->jitter_seed[0] = (unsigned short)p;
        c->jitter_seed[1] = (unsigned short)(p >> 16);
        c->jitter_seed[2] = (unsigned short)time(NULL);
    }
    c->loop = otelc__ctx_loop(ctx);
    ev_timer_init(&c->done_timer, run_completions, 0., 0.);
    ev_timer_init(&c->backoff_timer, backoff_fire, 0., 0.);
    *out = c;
    return OTELC_OK;
fail:
    if (c->ssl_ctx)
        SSL_CTX_free(c->ssl_ctx);
    free_names(c);
    otelc__client_settings_free(&c->s);
    free(c->authority);
    free(c->sni);
    free(c);
    return rc;
}

static int
call_build(struct otelc_grpc_client *c, struct otelc__grpc_call *call,
           const char *path, const void *msg, size_t len,
           const char *const *metadata)
{
    void  *z = NULL;
    size_t zlen = len;
    int    comp = c->s.compression != OTELC__COMPRESS_NONE;

    call->path = strdup(path);
    if (call->path == NULL)
        return OTELC_E_NOMEM;
    for (size_t i = 0; metadata && metadata[i] && metadata[i + 1]; i += 2)
        call->n_md++;
    if (call->n_md) {
        call->md = calloc(2 * call->n_md, sizeof(char *));
        if (call->md == NULL)
            return OTELC_E_NOMEM;
        for (size_t i = 0; i < 2 * call->n_md; i += 2) {
            call->md[i] = lower_dup(metadata[i]);
            call->md[i + 1] = strdup(metadata[i + 1]);
            if (call->md[i] == NULL || call->md[i + 1] == NULL)
                return OTELC_E_NOMEM;
        }
    }
    if (comp) {
        int rc = otelc__compress(otelc__grpc_codec(c->s.compression), msg, len,
                                 &z, &zlen);
        if (rc != OTELC_OK) {
            free(z);
            return rc;
        }
    }
    if (zlen > UINT32_MAX) {
        free(z);
        return OTELC_E_RANGE;
    }
    call->req = malloc(5 + zlen);
    if (call->req == NULL) {
        free(z);
        return OTELC_E_NOMEM;
    }
    /* Length-prefixed message: compressed flag, 4-byte big-endian size. */
    call->req[0] = comp ? 1 : 0;
    call->req[1] = (uint8_t)(zlen >> 24);
    call->req[2] = (uint8_t)(zlen >> 16);
    call->req[3] = (uint8_t)(zlen >> 8);
    call->req[4] = (uint8_t)zlen;
    if (zlen)
        memcpy(call->req + 5, comp ? z : msg, zlen);
    call->req_len = 5 + zlen;
    free(z);
    return OTELC_OK;
}

int
otelc__grpc_client_call(
    otelc_grpc_client *c, const char *path, const void *msg, size_t len,
    const char *const *metadata, int64_t timeout_ns,
    void (*cb)(void *arg, const struct otelc_grpc_response *resp), void *arg)
{
    struct otelc__grpc_call *call;
    int                      rc;

    if (c == NULL || path == NULL || path[0] != '/' || cb == NULL ||
        (msg == NULL && len > 0))
        return OTELC_E_INVALID;
    if (c->loop == NULL || c->freeing)
        return otelc__ctx_fail(c->ctx, OTELC_E_STATE,
                               "gRPC calls need a running instance");
    call = calloc(1, sizeof(*call));
    if (call == NULL)
        return OTELC_E_NOMEM;
    call->c = c;
    call->grpc_status = -1;
    call->retry_after_ns = -1;
    call->timeout_ns = timeout_ns > 0 ? timeout_ns : 0;
    call->cb = cb;
    call->arg = arg;
    ev_timer_init(&call->deadline, deadline_fire,
                  (double)call->timeout_ns / 1e9, 0.);
    rc = call_build(c, call, path, msg, len, metadata);
    if (rc != OTELC_OK) {
        call_free(call);
        return otelc__ctx_fail(c->ctx, rc, "gRPC call %s: %s", path,
                               otelc_status_message(rc));
    }
    if (call->timeout_ns)
        ev_timer_start(c->loop, &call->deadline);
    otelc__grpc_list_push(&c->pending, call, OTELC__GC_PENDING);

    if (c->in_backoff && !c->s.wait_for_ready) {
        char msg2[320];
        snprintf(msg2, sizeof(msg2), "%s (reconnecting with backoff)",
                 c->backoff_error);
        otelc__grpc_call_finish(call, OTELC_GRPC_UNAVAILABLE, msg2);
    } else if (c->conn.state == OTELC__GCONN_IDLE && !c->in_backoff) {
        otelc__grpc_conn_start(c);
    } else if (c->conn.state == OTELC__GCONN_READY) {
        otelc__grpc_conn_submit(c);
    }
    return OTELC_OK;
}

static void
free_list(struct otelc__grpc_list *l)
{
    while (l->head) {
        struct otelc__grpc_call *call = l->head;
        otelc__grpc_list_remove(l, call);
        call_free(call);
    }
}

static void
client_destroy(struct otelc_grpc_client *c)
{
    if (c->loop) {
        otelc__grpc_conn_close(c, NULL, 1);
        ev_timer_stop(c->loop, &c->done_timer);
        ev_timer_stop(c->loop, &c->backoff_timer);
    }
    free_list(&c->pending);
    free_list(&c->active);
    free_list(&c->done);
    if (c->ssl_ctx)
        SSL_CTX_free(c->ssl_ctx);
    free_names(c);
    otelc__client_settings_free(&c->s);
    free(c->authority);
    free(c->sni);
    free(c);
}

void
otelc__grpc_client_free(otelc_grpc_client *c)
{
    if (c == NULL)
        return;
    if (c->depth > 0) {
        /* Inside a callback: run_completions destroys when it unwinds. */
        c->freeing = 1;
        return;
    }
    client_destroy(c);
}
