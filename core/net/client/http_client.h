/* The host's HTTP client (otelc/client.h), internal structures.
 *
 * One libcurl multi handle per client, driven by the instance's libev
 * loop through libcurl's multi_socket interface: libcurl tells us which
 * sockets to watch (CURLMOPT_SOCKETFUNCTION -> one ev_io each) and when
 * to wake it (CURLMOPT_TIMERFUNCTION -> one ev_timer), and we hand every
 * readiness event back with curl_multi_socket_action(). Nothing blocks the
 * loop: name resolution runs on libcurl's threaded resolver, which reports
 * completion through a socket like any other.
 *
 * The multi handle keeps its connection cache, so requests of one client
 * reuse connections (HTTP/1.1 keep-alive, HTTP/2 multiplexing).
 *
 * http_client.c: lifecycle, loop glue, completion and the callback.
 * http_client_req.c: turning one post into a configured easy handle. */
#ifndef OTELC__HTTP_CLIENT_H
#define OTELC__HTTP_CLIENT_H

#include <curl/curl.h>
#include <ev.h>

#include <otelc/client.h>

#include "client_config.h"

/* Bytes of a response body we keep; larger responses fail the request
 * (an OTLP response is a few bytes; this only stops a runaway peer). */
#define OTELC__HTTP_MAX_RESPONSE (16u << 20)

struct otelc__http_sock {
    ev_io                     io;
    struct otelc_http_client *c;
    curl_socket_t             fd;
    struct otelc__http_sock  *next, *prev;
};

struct otelc__http_req {
    struct otelc_http_client *c;
    CURL                     *easy;
    struct curl_slist        *hdrs;
    struct curl_slist        *connect_to; /* server_name_override */
    char                     *url;
    void                     *body; /* owned copy, compressed if configured */
    size_t                    body_len;
    unsigned char            *resp; /* response body */
    size_t                    resp_len, resp_cap;
    int                       resp_too_large;
    otelc_http_cb             cb;
    void                     *arg;
    struct otelc__http_req   *next, *prev;
    char                      errbuf[CURL_ERROR_SIZE];
};

struct otelc_http_client {
    const otelc_host_api         *api; /* first: every SDK handle starts so */
    otelc_ctx                    *ctx;
    struct ev_loop               *loop; /* NULL for a validation-only client */
    struct otelc__client_settings set;
    CURLM                        *multi;
    ev_timer                      timer;
    struct otelc__http_req       *reqs;      /* in flight */
    struct otelc__http_sock      *socks;     /* watched sockets */
    char                        **hdr_lines; /* "Name: value" per header */
    char *env_http_proxy; /* HTTP_PROXY when only the upper-case is set */
    char *env_no_proxy;
    int   busy; /* depth of our own loop callbacks on the stack */
    int   dead; /* freed while busy: destroy when busy drops to 0 */
};

/* http_client_req.c: a new request for c, its easy handle configured and
 * not yet added to the multi handle. On failure returns NULL with a
 * status in *rc (and detail recorded on c->ctx). */
struct otelc__http_req      *
otelc__http_req_new(struct otelc_http_client *c, const char *url,
                         const char *content_type, const void *body, size_t len,
                         const char *const *headers, int64_t timeout_ns, int *rc);
void otelc__http_req_free(struct otelc__http_req *r);

/* The host_api members (client_api.c puts them in the table). */
int  otelc__http_client_new(otelc_ctx *ctx, const otelc_config *settings,
                            const char         *default_compression,
                            otelc_http_client **out);
int  otelc__http_post(otelc_http_client *c, const char *url,
                      const char *content_type, const void *body, size_t len,
                      const char *const *headers, int64_t timeout_ns,
                      void (*cb)(void *arg, const otelc_http_response *resp),
                      void *arg);
void otelc__http_client_free(otelc_http_client *c);

/* A Retry-After value (delay-seconds or an HTTP-date) as nanoseconds from
 * now_unix_ns: 0 for a date in the past, -1 when v is NULL, unreadable or
 * more than a year away. Pure; any thread. */
int64_t otelc__http_retry_after_ns(const char *v, uint64_t now_unix_ns);

#endif
