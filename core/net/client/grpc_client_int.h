/* Internals shared by grpc_client.c (calls, lifecycle, backoff),
 * grpc_client_conn.c (the one connection: resolve, connect, TLS session,
 * HTTP/2) and grpc_client_tls.c (the SSL_CTX from the settings). Nothing
 * outside grpc_client*.c includes this. */
#ifndef OTELC_GRPC_CLIENT_INT_H
#define OTELC_GRPC_CLIENT_INT_H

#include <ev.h>
#include <netdb.h>
#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include <otelc/client.h>

#include "client_config.h"
#include "grpc_client.h"

struct otelc__grpc_call;

/* Intrusive doubly linked list of calls. */
struct otelc__grpc_list {
    struct otelc__grpc_call *head, *tail;
    size_t                   n;
};

enum otelc__grpc_call_where {
    OTELC__GC_NONE = 0,
    OTELC__GC_PENDING, /* waiting for a connection or a stream slot */
    OTELC__GC_ACTIVE,  /* on a stream of the connection */
    OTELC__GC_DONE     /* outcome known, callback not yet run */
};

struct otelc__grpc_call {
    struct otelc_grpc_client *c;
    struct otelc__grpc_call  *prev, *next;
    int                       where;
    int32_t                   stream_id; /* 0 until submitted */

    /* request */
    char         *path;
    char        **md; /* metadata name, value pairs (copied) */
    size_t        n_md;
    uint8_t      *req; /* 5-byte prefix + message (compressed or not) */
    size_t        req_len, req_off;
    int64_t       timeout_ns;
    ev_timer      deadline;
    otelc_grpc_cb cb;
    void         *arg;

    /* response */
    int      http_status;    /* 0 until :status arrives */
    int      grpc_status;    /* -1 until grpc-status arrives */
    char    *grpc_message;   /* percent-decoded */
    int64_t  retry_after_ns; /* -1: none */
    int      resp_encoding;  /* compress algo of grpc-encoding; -1 bad */
    char    *content_type;
    uint8_t *rbuf;
    size_t   rlen, rcap;
    int      too_big; /* response over the limit: rest dropped */

    /* final outcome, set by otelc__grpc_call_finish() */
    int   status;
    char *message;
};

enum otelc__grpc_conn_state {
    OTELC__GCONN_IDLE = 0,
    OTELC__GCONN_RESOLVING,
    OTELC__GCONN_CONNECTING,
    OTELC__GCONN_HANDSHAKING,
    OTELC__GCONN_SETTINGS_WAIT, /* preface sent, server SETTINGS not seen */
    OTELC__GCONN_READY,
    OTELC__GCONN_DRAINING /* GOAWAY received: no new streams */
};

struct otelc__grpc_dns; /* a getaddrinfo job on the host work queue */

struct otelc__grpc_conn {
    int                     state;
    int                     fd;
    struct addrinfo        *ai, *ai_cur;
    struct otelc__grpc_dns *dns;
    SSL                    *ssl; /* memory BIOs: we move the bytes */
    nghttp2_session        *h2;
    ev_io                   io;
    int                     io_events;
    ev_timer                connect_timer; /* connect + TLS handshake */
    ev_timer                ka_timer;      /* keepalive interval */
    ev_timer                ka_ack_timer;  /* ping ack deadline */
    int                     ping_outstanding;
    int                     got_settings; /* the server's first SETTINGS */
    int                     early_goaway; /* GOAWAY before ready */
    uint8_t                *wbuf; /* bytes for the socket (ciphertext) */
    size_t                  wlen, woff, wcap;
    char                    last_error[256];
};

struct otelc_grpc_client {
    const otelc_host_api         *api; /* first: every handle starts so */
    otelc_ctx                    *ctx;
    struct ev_loop               *loop; /* NULL while validating */
    struct otelc__client_settings s;
    char                         *authority; /* :authority sent */
    char                         *sni;       /* name checked in the cert */
    char                        **hdr_names; /* s.headers names, lower */
    char                          port_str[8];
    SSL_CTX                      *ssl_ctx; /* created at first connect */
    char                          user_agent[64];

    struct otelc__grpc_conn conn;
    struct otelc__grpc_list pending, active, done;
    ev_timer                done_timer; /* runs callbacks on a clean stack */

    /* connection backoff */
    int64_t  backoff_ns; /* next backoff; 0: no failure since last ready */
    int      in_backoff;
    ev_timer backoff_timer;
    char     backoff_error[256];
    unsigned short jitter_seed[3]; /* erand48: drand48 is not thread-safe */

    int depth;   /* >0 while callbacks run */
    int freeing; /* free requested from inside a callback */
};

/* ---- grpc_client.c ---- */
void otelc__grpc_list_push(struct otelc__grpc_list *l,
                           struct otelc__grpc_call *call, int where);
void otelc__grpc_list_remove(struct otelc__grpc_list *l,
                             struct otelc__grpc_call *call);
/* Moves a call to the done list with its outcome (message copied, may be
 * NULL); its callback runs from the done timer. */
void otelc__grpc_call_finish(struct otelc__grpc_call *call, int status,
                             const char *message);
/* The connection is up: submit what is pending. */
void otelc__grpc_conn_ready(struct otelc_grpc_client *c);
/* A connection attempt failed (never became ready): backoff, and fail or
 * keep the pending calls. */
void otelc__grpc_conn_attempt_failed(struct otelc_grpc_client *c,
                                     const char               *why);
/* An established connection went away: pending calls reconnect. */
void otelc__grpc_conn_lost(struct otelc_grpc_client *c);

/* ---- grpc_client_conn.c ---- */
/* Starts resolving and connecting (state must be IDLE). */
void otelc__grpc_conn_start(struct otelc_grpc_client *c);
/* Puts pending calls on streams while there is room; flushes. */
void otelc__grpc_conn_submit(struct otelc_grpc_client *c);
/* Closes the connection; active calls fail with UNAVAILABLE and `why`
 * unless `silent` (client being freed: no outcomes at all). */
void otelc__grpc_conn_close(struct otelc_grpc_client *c, const char *why,
                            int silent);
/* ---- grpc_client_h2.c ---- */
/* Creates the nghttp2 client session and queues our SETTINGS; state
 * becomes SETTINGS_WAIT. 0, or an nghttp2 error code. */
int otelc__grpc_h2_start(struct otelc_grpc_client *c);
/* Puts pending calls on streams while the server's limit allows (READY
 * only); the caller flushes. */
void otelc__grpc_h2_submit_pending(struct otelc_grpc_client *c);
/* Resets the stream of an active call (deadline) and detaches it. */
void otelc__grpc_conn_cancel(struct otelc_grpc_client *c,
                             struct otelc__grpc_call  *call);

/* ---- grpc_client_tls.c ---- */
/* Builds the SSL_CTX from the settings; message in err on failure. */
int otelc__grpc_tls_ctx(struct otelc_grpc_client *c, char *err, size_t n);

#endif
