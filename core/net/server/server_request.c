/* Request objects: allocation, headers, and requests a handler still
 * holds after their connection went away (the server's detached list). */
#include "server.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "host_table.h"

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
