/* The req_* members of the host function table, and the routing step
 * every complete request goes through: host answers (404, UNIMPLEMENTED, CORS
 * preflight, 413 after decompression...) or the plugin's handler, which answers
 * exactly once, now or later. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

char *
otelc__srv_pct_encode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t            n = strlen(s);
    char             *out = malloc(3 * n + 1), *o = out;
    if (out == NULL)
        return NULL;
    /* gRPC: everything outside printable ASCII, and '%', is %XX. */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p > 0x7e || *p == '%') {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
}

static const struct otelc__srv_route *
find_route(const otelc_server *s, const char *path, unsigned flag)
{
    for (size_t i = 0; path && i < s->n_routes; i++)
        if ((s->routes[i].flags & flag) && strcmp(s->routes[i].path, path) == 0)
            return &s->routes[i];
    return NULL;
}

static void
host_http(struct otelc_request *r, int status, const char *msg)
{
    size_t n = strlen(msg);
    if (r->proto == OTELC_PROTO_HTTP1)
        otelc__srv_h1_respond(r, status, "text/plain; charset=utf-8", msg, n,
                              NULL);
    else
        otelc__srv_h2_respond(r, status, "text/plain; charset=utf-8", msg, n,
                              NULL);
}

static void
deadline_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct otelc_request *r = w->data;
    (void)loop;
    (void)revents;
    r->deadline_on = 0;
    if (!r->answered && r->conn)
        otelc__srv_grpc_respond(r, OTELC_GRPC_DEADLINE_EXCEEDED,
                                "context deadline exceeded", NULL, 0);
}

/* "/pkg.Service/Method" -> an UNIMPLEMENTED message like grpc-go's. */
static void
unknown_grpc(const otelc_server *s, const char *path, char *msg, size_t len)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    size_t      sl;
    if (slash == NULL || slash == path) {
        snprintf(msg, len, "malformed method name: \"%s\"", path ? path : "");
        return;
    }
    sl = (size_t)(slash - path);
    for (size_t i = 0; i < s->n_routes; i++)
        if ((s->routes[i].flags & OTELC_ROUTE_GRPC) &&
            strncmp(s->routes[i].path, path, sl + 1) == 0) {
            snprintf(msg, len, "unknown method %s for service %.*s", slash + 1,
                     (int)(sl - 1), path + 1);
            return;
        }
    snprintf(msg, len, "unknown service %.*s", (int)(sl - 1), path + 1);
}

void
otelc__srv_dispatch(struct otelc_request *r)
{
    otelc_server                  *s = r->srv;
    const struct otelc__srv_route *route;
    char                           msg[256];
    int                            rc;

    if (r->answered)
        return;
    if (r->method == NULL || r->path == NULL) {
        if (r->proto == OTELC_PROTO_GRPC)
            otelc__srv_grpc_respond(r, OTELC_GRPC_INTERNAL, "malformed request",
                                    NULL, 0);
        else
            host_http(r, 400, "400 Bad Request");
        return;
    }
    if (r->proto == OTELC_PROTO_GRPC) {
        const char *to;
        double      secs;
        route = find_route(s, r->path, OTELC_ROUTE_GRPC);
        if (route == NULL || strcmp(r->method, "POST") != 0) {
            unknown_grpc(s, r->path, msg, sizeof(msg));
            otelc__srv_grpc_respond(r, OTELC_GRPC_UNIMPLEMENTED, msg, NULL, 0);
            return;
        }
        rc = otelc__srv_body_decode_grpc(r, msg, sizeof(msg));
        if (rc != OTELC_GRPC_OK) {
            otelc__srv_grpc_respond(r, rc, msg, NULL, 0);
            return;
        }
        to = otelc__srv_req_hdr(r, "grpc-timeout");
        if (to && otelc__srv_grpc_timeout(to, &secs) == 0 && s->loop) {
            ev_timer_init(&r->deadline, deadline_cb, secs, 0);
            r->deadline.data = r;
            ev_timer_start(s->loop, &r->deadline);
            r->deadline_on = 1;
        }
    } else {
        if (r->body_too_large) {
            host_http(r, 413, "413 Request Entity Too Large");
            return;
        }
        if (otelc__srv_cors_preflight(r))
            return;
        route = find_route(s, r->path, OTELC_ROUTE_HTTP);
        if (route == NULL) {
            /* What Go's http.NotFound answers. */
            host_http(r, 404, "404 page not found\n");
            return;
        }
        rc = otelc__srv_body_decode_http(r, msg, sizeof(msg));
        if (rc != 0) {
            host_http(r, rc, msg);
            return;
        }
    }
    r->route = route;
    r->dispatched = 1;
    route->cb(route->arg, r);
}

/* ---- request accessors ---- */
int
otelc__req_protocol(otelc_request *r)
{
    return r ? r->proto : 0;
}

const char *
otelc__req_method(otelc_request *r)
{
    return r ? r->method : NULL;
}

const char *
otelc__req_path(otelc_request *r)
{
    return r ? r->path : NULL;
}

const char *
otelc__req_header(otelc_request *r, const char *name)
{
    return r && name ? otelc__srv_req_hdr(r, name) : NULL;
}

size_t
otelc__req_header_count(otelc_request *r)
{
    return r ? r->n_hdrs : 0;
}

int
otelc__req_header_at(otelc_request *r, size_t i, const char **name,
                     const char **value)
{
    if (r == NULL || i >= r->n_hdrs)
        return OTELC_E_RANGE;
    if (name)
        *name = r->hdrs[i].name;
    if (value)
        *value = r->hdrs[i].value;
    return OTELC_OK;
}

int
otelc__req_body(otelc_request *r, const void **buf, size_t *len)
{
    if (r == NULL || buf == NULL || len == NULL)
        return OTELC_E_INVALID;
    *buf = r->body.p ? r->body.p + r->body.off : "";
    *len = r->body.len - r->body.off;
    return OTELC_OK;
}

/* The handler's one answer. Returns 1 when it should be discarded (the
 * connection or stream is gone, or the host answered the deadline). */
static int
take_answer(otelc_request *r)
{
    r->handler_done = 1;
    if (r->conn == NULL) {
        /* Detached: nobody to send it to. */
        otelc__srv_req_unlink(r);
        otelc__srv_req_free(r);
        return 1;
    }
    return r->answered;
}

int
otelc__req_respond(otelc_request *r, int status, const char *ctype,
                   const void *body, size_t len, const char *const *headers)
{
    if (r == NULL || status < 100 || status > 999 || (len && body == NULL))
        return OTELC_E_INVALID;
    if (r->proto == OTELC_PROTO_GRPC)
        return OTELC_E_INVALID; /* use req_grpc_respond */
    if (!r->dispatched || r->handler_done)
        return OTELC_E_STATE;
    if (take_answer(r))
        return OTELC_OK;
    if (r->proto == OTELC_PROTO_HTTP1)
        return otelc__srv_h1_respond(r, status, ctype, body, len, headers);
    return otelc__srv_h2_respond(r, status, ctype, body, len, headers);
}

int
otelc__req_grpc_respond(otelc_request *r, int gstatus, const char *message,
                        const void *body, size_t len)
{
    if (r == NULL || gstatus < 0 || gstatus > 16 || (len && body == NULL) ||
        len > UINT32_MAX)
        return OTELC_E_INVALID;
    if (r->proto != OTELC_PROTO_GRPC)
        return OTELC_E_INVALID; /* use req_respond */
    if (!r->dispatched || r->handler_done)
        return OTELC_E_STATE;
    if (take_answer(r))
        return OTELC_OK;
    return otelc__srv_grpc_respond(r, gstatus, message, body, len);
}
