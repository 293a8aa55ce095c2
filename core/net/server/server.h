/* The host's network server (otelc/server.h), internal structures.
 *
 * One listener per server handle, on the instance's worker loop. Every
 * accepted connection starts in SNIFF state: the first bytes decide
 * between TLS (0x16, a ClientHello), HTTP/2 with prior knowledge (the
 * client preface) and HTTP/1.1. Bytes travel through one input path
 * (otelc__srv_conn_input) and one output buffer, with TLS done through
 * memory BIOs, so the protocol code never touches a socket and a fuzzer
 * can feed a connection from a buffer. */
#ifndef OTELC__SERVER_H
#define OTELC__SERVER_H

#include <ev.h>
#include <http_parser.h>
#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>
#include <stddef.h>
#include <stdint.h>

#include <otelc/config.h>
#include <otelc/server.h>

struct otelc__srv_conn;

/* A growable byte buffer (server_buf.c). */
struct otelc__srv_buf {
    char  *p;
    size_t len, cap, off; /* off: bytes already consumed from the front */
};
int otelc__srv_buf_add(struct otelc__srv_buf *b, const void *d, size_t n);
/* Like _add, but the buffer's capacity never exceeds max bytes. */
int otelc__srv_buf_add_max(struct otelc__srv_buf *b, const void *d, size_t n,
                           size_t max);
int otelc__srv_buf_printf(struct otelc__srv_buf *b, const char *fmt, ...)
    OTELC_PRINTF(2, 3);
void otelc__srv_buf_consume(struct otelc__srv_buf *b, size_t n);
void otelc__srv_buf_free(struct otelc__srv_buf *b);

struct otelc__srv_route {
    char            *path;
    unsigned         flags;
    otelc_request_cb cb;
    void            *arg;
};

struct otelc__srv_kv {
    char *name, *value;
};

struct otelc__srv_settings {
    char *endpoint;
    int   flavor;
    /* tls */
    int   tls;
    char *cert_file, *key_file, *client_ca_file;
    int   tls_min, tls_max; /* TLS1_2_VERSION / TLS1_3_VERSION, 0 = any */
    /* cors (HTTP flavor only; cors_on when the block is present) */
    int     cors_on;
    char  **cors_origins;
    size_t  n_cors_origins;
    char  **cors_headers;
    size_t  n_cors_headers;
    int64_t cors_max_age;
    /* limits and timeouts */
    uint64_t max_body;            /* HTTP body / gRPC message, bytes */
    uint32_t max_streams;         /* per h2 connection; 0 = unlimited */
    double   read_header_timeout; /* seconds; 0 = none */
    double   idle_timeout;
    double   read_timeout;  /* whole request, headers and body; 0 = none */
    double   write_timeout; /* output stalled this long -> close */
    double   max_conn_age;  /* grpc keepalive max_connection_age */
    double   ping_time;     /* grpc keepalive time: ping an idle conn */
    double   ping_timeout;  /* ... and close it when no ack by then */
    int      include_metadata;
    struct otelc__srv_kv *resp_headers;
    size_t                n_resp_headers;
};

struct otelc_server {
    const otelc_host_api      *api; /* first: every SDK handle starts so */
    otelc_ctx                 *ctx; /* NULL for a detached (fuzz) server */
    struct ev_loop            *loop;
    struct otelc__srv_settings set;
    struct otelc__srv_route   *routes;
    size_t                     n_routes;
    SSL_CTX                   *ssl_ctx;
    int                        lfd;
    ev_io                      lio;
    int                        started, stopping;
    char                       bound[80];
    struct otelc__srv_conn    *conns;    /* all live connections */
    struct otelc_request      *detached; /* requests whose conn died */
};

enum otelc__conn_proto {
    OTELC__CP_SNIFF = 0,
    OTELC__CP_H1,
    OTELC__CP_H2,
    OTELC__CP_CLOSED
};

struct otelc_request {
    const otelc_host_api   *api; /* first */
    otelc_server           *srv;
    struct otelc__srv_conn *conn;        /* NULL once the connection is gone */
    struct otelc_request   *next, *prev; /* in srv->detached when detached */
    int                     proto;
    int32_t                 stream_id; /* h2 */
    char                   *method, *path;
    struct otelc__srv_kv   *hdrs;
    size_t                  n_hdrs, cap_hdrs;
    size_t                  hdr_bytes;
    struct otelc__srv_buf   body; /* raw, then decoded in place */
    int                     body_too_large;
    int                     dispatched;   /* handed to a plugin handler */
    int                     handler_done; /* the handler responded */
    int                     answered;     /* a response was queued */
    int                     complete;     /* whole request received */
    int                     is_grpc;
    int                     keep_alive; /* h1 */
    const struct otelc__srv_route *route;
    ev_timer                       deadline; /* grpc-timeout */
    int                            deadline_on;
    size_t                         grpc_next; /* next gRPC prefix in body */
    /* h2 response: data bytes, and trailers for gRPC */
    struct otelc__srv_buf resp;
    int                   resp_trailers;
    int                   grpc_status;
    char                 *grpc_message;
};

struct otelc__srv_conn {
    otelc_server           *srv;
    struct otelc__srv_conn *next, *prev;
    int                     fd; /* -1: fed from a buffer (fuzzing) */
    ev_io                   rio, wio;
    ev_timer                timer; /* header/idle/write timeouts */
    int                     proto;
    int                     closing;  /* close once output is flushed */
    int                     draining; /* discard input (after an early
                                         answer), then close */
    int                   lingering;  /* write side shut, waiting */
    double                req_since;  /* first byte of current request */
    double                linger_since;
    int                   h2_streams; /* open streams */
    double                ping_sent;  /* keepalive PING out, no ack yet */
    int                   dead;       /* closed; freed when unwound */
    int                   busy;       /* depth of input processing */
    struct otelc__srv_buf in;         /* sniffed or backlogged plaintext */
    struct otelc__srv_buf out;        /* bytes for the socket */
    /* TLS through memory BIOs */
    SSL *ssl;
    BIO *rbio, *wbio;
    int  tls_done;
    /* HTTP/1.1 */
    http_parser           hp;
    http_parser_settings  hps;
    struct otelc_request *h1req;  /* current request */
    struct otelc__srv_buf hf, hv; /* header field/value being parsed */
    int                   h1_in_header_value;
    int                   h1_want_upgrade;
    char                 *h1_upgrade_settings;
    struct otelc__srv_buf url;
    /* HTTP/2 */
    nghttp2_session      *h2;
    struct otelc_request *h2reqs; /* requests on open streams */
    double                created;
    double                last_active;
};

/* server_conn.c: connection lifecycle. */
/* Plaintext from TLS into the protocol. */
void otelc__srv_conn_plain(struct otelc__srv_conn *c, const char *d, size_t n);
void otelc__srv_conn_input(struct otelc__srv_conn *c, const char *d, size_t n);
void otelc__srv_conn_send(struct otelc__srv_conn *c, const void *d, size_t n);
void otelc__srv_conn_flush(struct otelc__srv_conn *c);
void otelc__srv_conn_close(struct otelc__srv_conn *c);
void otelc__srv_conn_mark_idle(struct otelc__srv_conn *c);
struct otelc__srv_conn *otelc__srv_conn_new(otelc_server *s, int fd);
void                    otelc__srv_conn_free(struct otelc__srv_conn *c);
/* Stopping: GOAWAY to h2 connections, close idle ones, end keep-alive
 * of busy HTTP/1.1 ones; they go once their requests are answered. */
void otelc__srv_conns_drain(otelc_server *s);
/* Closes and frees every connection (the server is being freed). */
void otelc__srv_conns_free_all(otelc_server *s);

/* server.c: the server object and its listener. */
/* A server not bound to an instance: for the fuzzer (and tests). */
int  otelc__srv_new_detached(struct ev_loop *loop, int flavor,
                             otelc_server **out);
void otelc__srv_free(otelc_server *s);
int  otelc__srv_route(otelc_server *s, const char *path, unsigned flags,
                      otelc_request_cb cb, void *arg);

/* The API entry points about the server itself. */
int otelc__srv_api_new(otelc_ctx *ctx, const otelc_config *settings, int flavor,
                       const char *def, otelc_server **out);
int otelc__srv_api_start(otelc_server *s);
void        otelc__srv_api_stop(otelc_server *s);
const char *otelc__srv_api_endpoint(otelc_server *s);

/* server_config.c */
int  otelc__srv_settings_read(otelc_ctx *ctx, const otelc_config *cfg,
                              int flavor, const char *def_endpoint,
                              struct otelc__srv_settings *out);
void otelc__srv_settings_defaults(struct otelc__srv_settings *s, int flavor,
                                  const char *endpoint);
void otelc__srv_settings_free(struct otelc__srv_settings *s);

/* The keys otelc__srv_settings_read() reads, as option tables (the
 * OTELC_BLOCK_TLS_SERVER, _HTTP_SERVER and _GRPC_SERVER blocks). */
extern const otelc_option otelc__tls_server_options[];
extern const otelc_option otelc__http_server_options[];
extern const otelc_option otelc__grpc_server_options[];

/* server_tls.c */
int otelc__srv_tls_ctx(otelc_server *s, char *err, size_t errlen);
int otelc__srv_tls_begin(struct otelc__srv_conn *c);
/* Feeds ciphertext; plaintext goes to the protocol input. -1: fatal. */
int  otelc__srv_tls_input(struct otelc__srv_conn *c, const char *d, size_t n);
void otelc__srv_tls_send(struct otelc__srv_conn *c, const void *d, size_t n);

/* server_http1.c */
void otelc__srv_h1_init(struct otelc__srv_conn *c);
void otelc__srv_h1_input(struct otelc__srv_conn *c);
/* After an answer; the caller holds a c->busy reference. */
void otelc__srv_h1_resume(struct otelc__srv_conn *c);
int  otelc__srv_h1_respond(struct otelc_request *r, int status,
                           const char *ctype, const void *body, size_t len,
                           const char *const *headers);

/* server_h2.c */
int otelc__srv_h2_init(struct otelc__srv_conn *c);
/* Switches a connection from an HTTP/1.1 `Upgrade: h2c` request; the
 * request becomes stream 1. */
int  otelc__srv_h2_upgrade(struct otelc__srv_conn *c, struct otelc_request *r,
                           const char *settings_b64);
void otelc__srv_h2_input(struct otelc__srv_conn *c);
void otelc__srv_h2_pump(struct otelc__srv_conn *c);
int  otelc__srv_h2_respond(struct otelc_request *r, int status,
                           const char *ctype, const void *body, size_t len,
                           const char *const *headers);
int  otelc__srv_grpc_respond(struct otelc_request *r, int gstatus,
                             const char *msg, const void *body, size_t len);
void otelc__srv_h2_idle(struct otelc__srv_conn *c);
void otelc__srv_h2_ping(struct otelc__srv_conn *c);

/* server_body.c: decodes r->body per its Content-Encoding (HTTP: returns
 * 0 or an HTTP status) or its gRPC framing and grpc-encoding (returns a
 * gRPC status, 0 = OK), with an explanation in msg. The decoded payload
 * is r->body.p + r->body.off, r->body.len - r->body.off bytes. */
int otelc__srv_body_decode_http(struct otelc_request *r, char *msg,
                                size_t msglen);
int otelc__srv_body_decode_grpc(struct otelc_request *r, char *msg,
                                size_t msglen);
int otelc__srv_grpc_timeout(const char *v, double *secs);

/* server_cors.c */
/* A preflight answered by the host: 1 (response queued), else 0. */
int otelc__srv_cors_preflight(struct otelc_request *r);
/* Appends CORS + response_headers for an HTTP response to *list. */
void otelc__srv_resp_headers(struct otelc_request *r,
                             void (*add)(void *arg, const char *n,
                                         const char *v),
                             void *arg);

/* server_request.c: request objects. */
struct otelc_request *otelc__srv_req_new(otelc_server           *s,
                                         struct otelc__srv_conn *c, int proto);
void                  otelc__srv_req_free(struct otelc_request *r);
int otelc__srv_req_add_header(struct otelc_request *r, const char *n, size_t nl,
                              const char *v, size_t vl);
const char *otelc__srv_req_hdr(const struct otelc_request *r, const char *name);
/* Routes a complete request: host answers (404, 413, CORS...) or calls
 * the plugin handler. */
void otelc__srv_dispatch(struct otelc_request *r);

/* The req_* members of the host table (server_route.c). */
int         otelc__req_protocol(otelc_request *r);
const char *otelc__req_method(otelc_request *r);
const char *otelc__req_path(otelc_request *r);
const char *otelc__req_header(otelc_request *r, const char *name);
size_t      otelc__req_header_count(otelc_request *r);
int         otelc__req_header_at(otelc_request *r, size_t i, const char **name,
                                 const char **value);
int         otelc__req_body(otelc_request *r, const void **buf, size_t *len);
int         otelc__req_respond(otelc_request *r, int status, const char *ctype,
                               const void *body, size_t len,
                               const char *const *headers);
int otelc__req_grpc_respond(otelc_request *r, int gstatus, const char *message,
                            const void *body, size_t len);
/* The connection is going away: requests still held by a handler are
 * detached (their response will be discarded), others freed. */
void otelc__srv_req_orphan(struct otelc_request *r);
/* Takes a detached request off the server's detached list. */
void otelc__srv_req_unlink(struct otelc_request *r);
/* Percent-encodes a grpc-message (malloc'd). */
char *otelc__srv_pct_encode(const char *s);

/* The 429 body (a google.rpc.Status in the request's encoding) for a
 * declared body that would take the collector over its memory limit;
 * counts the refusal. Returns its length and sets *content_type. */
size_t otelc__srv_memory_refusal(struct otelc_request *r, char *buf, size_t cap,
                                 const char **content_type);
/* Only counts such a refusal (gRPC answers with a status instead). */
void otelc__srv_memory_refused(struct otelc_request *r);
#define OTELC__SRV_OVER_MEMORY_MSG                                             \
    "the collector is over its memory limit, retry later"

#endif
