/* otelc plugin SDK: the host function table.
 *
 * Everything a plugin can ask of the collector goes through one append-only
 * table of function pointers, otelc_host_api. Plugins never link against
 * host symbols. Every opaque handle the host gives a plugin (otelc_ctx,
 * otelc_batch, otelc_node, otelc_config) begins with a pointer to that
 * table, which is how the static inline wrappers below reach it.
 *
 * New members are only ever appended; check otelc_host_has() before calling
 * a member added after the minor version the plugin declares as its
 * min_host_minor. */
#ifndef OTELC_HOST_H
#define OTELC_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <otelc/plugin.h>
#include <otelc/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define OTELC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define OTELC_PRINTF(f, a)
#endif

typedef enum otelc_log_level {
    OTELC_LOG_DEBUG = 0,
    OTELC_LOG_INFO = 1,
    OTELC_LOG_WARN = 2,
    OTELC_LOG_ERROR = 3
} otelc_log_level;

typedef enum otelc_cfg_node_kind {
    OTELC_CFG_NULL = 0,
    OTELC_CFG_SCALAR = 1,
    OTELC_CFG_MAP = 2,
    OTELC_CFG_SEQ = 3
} otelc_cfg_node_kind;

/* How the host treats a string or byte buffer handed to it (SQLite's
 * vocabulary): copy it now, keep the pointer (it outlives the batch), or
 * keep it and call a destructor when done. */
typedef void (*otelc_destructor)(void *);
#define OTELC_STATIC ((otelc_destructor)0)
#define OTELC_COPY   ((otelc_destructor)(intptr_t)-1)

/* I/O readiness flags for otelc_io_start(). */
#define OTELC_IO_READ  0x1
#define OTELC_IO_WRITE 0x2

/* Protobuf value kinds of a field, as returned by otelc_node_field_kind(). */
typedef enum otelc_field_kind {
    OTELC_FIELD_NONE = 0, /* no such field in this message */
    OTELC_FIELD_INT = 1,  /* int32, int64, sint*, sfixed*, enum */
    OTELC_FIELD_UINT = 2, /* uint32, uint64, fixed32, fixed64 */
    OTELC_FIELD_DOUBLE = 3,
    OTELC_FIELD_BOOL = 4,
    OTELC_FIELD_STRING = 5,
    OTELC_FIELD_BYTES = 6,
    OTELC_FIELD_MESSAGE = 7
} otelc_field_kind;

/* Which automatic self-metric a component adds to (otelc_report()). */
typedef enum otelc_report_kind {
    OTELC_REPORT_DROPPED = 1, /* processor dropped items on purpose */
    OTELC_REPORT_REFUSED = 2  /* component refused items it was given */
} otelc_report_kind;

typedef void (*otelc_cb)(void *arg);
typedef void (*otelc_io_cb)(void *arg, int fd, int events);

typedef struct otelc_server      otelc_server;
typedef struct otelc_request     otelc_request;
typedef struct otelc_http_client otelc_http_client;
typedef struct otelc_grpc_client otelc_grpc_client;
typedef struct otelc_exporter    otelc_exporter;
typedef struct otelc_export      otelc_export;
struct otelc_http_response;
struct otelc_grpc_response;

typedef struct otelc_host_api {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /* ---- 1.0: logging and errors ---- */
    void (*log)(otelc_ctx *ctx, int level, const char *fmt, va_list ap);
    int (*log_enabled)(otelc_ctx *ctx, int level);

    /* ---- 1.0: memory (counted against the collector's accounting) ---- */
    void *(*mem_alloc)(size_t size);
    void *(*mem_calloc)(size_t n, size_t size);
    void *(*mem_realloc)(void *p, size_t size);
    void (*mem_free)(void *p);
    char *(*mem_strdup)(const char *s);

    /* ---- 1.0: instance identity ---- */
    const char *(*ctx_id)(otelc_ctx *ctx);   /* "batch/fast" */
    const char *(*ctx_type)(otelc_ctx *ctx); /* "batch" */
    int (*ctx_worker)(otelc_ctx *ctx);       /* 0-based worker index */
    int (*ctx_workers)(otelc_ctx *ctx);      /* number of workers */
    /* OTELC_SIGNAL_* mask of the signals this instance's pipelines carry:
     * a receiver emits (or serves) only these. */
    int (*ctx_signals)(otelc_ctx *ctx);

    /* ---- 1.0: configuration (nodes are valid for the instance's life) ---- */
    const otelc_config *(*cfg_child)(const otelc_config *map, const char *key);
    int (*cfg_kind)(const otelc_config *node);
    size_t (*cfg_len)(const otelc_config *node); /* map or seq length */
    const otelc_config *(*cfg_item)(const otelc_config *node, size_t i);
    const char *(*cfg_key)(const otelc_config *map, size_t i);
    const char *(*cfg_scalar)(const otelc_config *node);
    /* Typed getters: absent key -> def, OTELC_OK. Wrong type ->
     * OTELC_E_CONFIG with an error naming the YAML path, file and line. */
    int (*cfg_str)(otelc_ctx *ctx, const otelc_config *map, const char *key,
                   const char *def, const char **out);
    int (*cfg_int)(otelc_ctx *ctx, const otelc_config *map, const char *key,
                   int64_t def, int64_t *out);
    int (*cfg_double)(otelc_ctx *ctx, const otelc_config *map, const char *key,
                      double def, double *out);
    int (*cfg_bool)(otelc_ctx *ctx, const otelc_config *map, const char *key,
                    int def, int *out);
    /* Go-style durations ("200ms", "1m30s"); a bare integer is nanoseconds. */
    int (*cfg_duration)(otelc_ctx *ctx, const otelc_config *map,
                        const char *key, int64_t def_ns, int64_t *out_ns);
    /* Marks a whole subtree as read (for keys accepted but ignored). */
    void (*cfg_mark_used)(const otelc_config *node);
    int (*cfg_error)(otelc_ctx *ctx, const otelc_config *node, const char *fmt,
                     va_list ap);

    /* ---- 1.0: event loop of the instance's worker ---- */
    otelc_timer *(*timer_start)(otelc_ctx *ctx, uint64_t after_ns,
                                uint64_t repeat_ns, otelc_cb cb, void *arg);
    void (*timer_stop)(otelc_timer *t); /* stops and frees */
    otelc_io *(*io_start)(otelc_ctx *ctx, int fd, int events, otelc_io_cb cb,
                          void *arg);
    void (*io_stop)(otelc_io *io); /* stops and frees */
    otelc_async *(*async_new)(otelc_ctx *ctx, otelc_cb cb, void *arg);
    void (*async_send)(otelc_async *a); /* any thread */
    void (*async_free)(otelc_async *a);
    /* Runs work(arg) on a host thread, then done(arg) on the instance loop. */
    int (*work_submit)(otelc_ctx *ctx, otelc_cb work, otelc_cb done, void *arg);

    /* ---- 1.0: clock ---- */
    uint64_t (*time_unix_ns)(void);
    uint64_t (*time_mono_ns)(void);

    /* ---- 1.0: pipeline ---- */
    int (*emit)(otelc_ctx *ctx, otelc_batch *batch); /* always takes batch */
    void (*shutdown_done)(otelc_ctx *ctx);
    void (*report)(otelc_ctx *ctx, int report_kind, int signal, uint64_t items);
    int (*is_shutting_down)(otelc_ctx *ctx);
    /* Detail text of the last failed host call made with this ctx. */
    const char *(*last_error)(otelc_ctx *ctx);

    /* ---- 1.0: batches ---- */
    otelc_batch *(*batch_new)(otelc_ctx *ctx, int signal);
    int (*batch_from_otlp)(otelc_ctx *ctx, int signal, const void *buf,
                           size_t len, otelc_destructor dtor,
                           otelc_batch **out);
    void (*batch_retain)(otelc_batch *b);
    void (*batch_release)(otelc_batch *b);
    int (*batch_signal)(const otelc_batch *b);
    uint64_t (*batch_items)(otelc_batch *b);
    size_t (*batch_size)(otelc_batch *b); /* encoded bytes */
    /* Move all of src's data to the end of dst; takes src. */
    int (*batch_append)(otelc_batch *dst, otelc_batch *src);
    /* Detach the first `items` items of b into *head (b keeps the rest). */
    int (*batch_split)(otelc_batch *b, uint64_t items, otelc_batch **head);
    /* Contiguous OTLP protobuf encoding of the Export*ServiceRequest, valid
     * until the batch is modified or released. */
    int (*batch_to_otlp)(otelc_batch *b, const void **buf, size_t *len);
    /* The encoding as the segments it arrived in (no copy, no re-encode). */
    size_t (*batch_segments)(otelc_batch *b);
    int (*batch_segment)(otelc_batch *b, size_t i, const void **buf,
                         size_t *len);
    otelc_batch *(*batch_clone)(otelc_batch *b);

    /* ---- 1.0: nodes (protobuf messages addressed by field number) ---- */
    otelc_node *(*batch_root)(otelc_batch *b);     /* Export*ServiceRequest */
    const char *(*node_type)(const otelc_node *n); /* full proto name */
    int (*node_field_kind)(const otelc_node *n, uint32_t field);
    size_t (*node_count)(const otelc_node *n, uint32_t field);
    int (*node_get_int)(const otelc_node *n, uint32_t field, size_t i,
                        int64_t *out);
    int (*node_get_uint)(const otelc_node *n, uint32_t field, size_t i,
                         uint64_t *out);
    int (*node_get_double)(const otelc_node *n, uint32_t field, size_t i,
                           double *out);
    int (*node_get_bool)(const otelc_node *n, uint32_t field, size_t i,
                         int *out);
    /* strings and bytes: not NUL-terminated in general; len gives length */
    int (*node_get_bytes)(const otelc_node *n, uint32_t field, size_t i,
                          const void **data, size_t *len);
    otelc_node *(*node_get_msg)(const otelc_node *n, uint32_t field, size_t i);
    int (*node_set_int)(otelc_node *n, uint32_t field, int64_t v);
    int (*node_set_uint)(otelc_node *n, uint32_t field, uint64_t v);
    int (*node_set_double)(otelc_node *n, uint32_t field, double v);
    int (*node_set_bool)(otelc_node *n, uint32_t field, int v);
    int (*node_set_bytes)(otelc_node *n, uint32_t field, const void *data,
                          size_t len, otelc_destructor dtor);
    /* Singular message field: returns it, creating it when absent.
     * Repeated: appends a new empty element. Repeated scalars: use
     * node_add_*. */
    otelc_node *(*node_mut_msg)(otelc_node *n, uint32_t field);
    int (*node_add_int)(otelc_node *n, uint32_t field, int64_t v);
    int (*node_add_uint)(otelc_node *n, uint32_t field, uint64_t v);
    int (*node_add_double)(otelc_node *n, uint32_t field, double v);
    int (*node_add_bytes)(otelc_node *n, uint32_t field, const void *data,
                          size_t len, otelc_destructor dtor);
    /* Remove element i of a repeated field, or clear a singular field. */
    int (*node_remove)(otelc_node *n, uint32_t field, size_t i);
    /* Field number set in the oneof that `field` belongs to, or 0. */
    uint32_t (*node_oneof_case)(const otelc_node *n, uint32_t field);

    /* ---- 1.0: KeyValue lists (attributes) ---- */
    /* AnyValue of `key` in the KeyValue list `field` of n, or NULL. */
    otelc_node *(*attrs_find)(const otelc_node *n, uint32_t field,
                              const char *key, size_t key_len);
    /* AnyValue of `key`, cleared for the caller to set; created if absent. */
    otelc_node *(*attrs_put)(otelc_node *n, uint32_t field, const char *key,
                             size_t key_len);
    int (*attrs_delete)(otelc_node *n, uint32_t field, const char *key,
                        size_t key_len);

    /* ---- 1.0: self-metrics of the plugin's own ---- */
    otelc_metric *(*metric_counter)(otelc_ctx *ctx, const char *name,
                                    const char *help);
    void (*metric_add)(otelc_metric *m, int64_t delta); /* any thread */

    /* ---- 1.0: OTLP/JSON (otelc/data.h) ---- */
    int (*batch_from_otlp_json)(otelc_ctx *ctx, int signal, const void *buf,
                                size_t len, otelc_batch **out);
    /* Valid until the batch is modified or released. */
    int (*batch_to_otlp_json)(otelc_batch *b, const void **buf, size_t *len);
    /* emit() whose receiver self-metrics carry transport="grpc"|"http". */
    int (*emit_transport)(otelc_ctx *ctx, otelc_batch *batch,
                          const char *transport);

    /* ---- 1.0: network server (otelc/server.h) ---- */
    int (*server_new)(otelc_ctx *ctx, const otelc_config *settings, int flavor,
                      const char *default_endpoint, otelc_server **out);
    int (*server_route)(otelc_server *s, const char *path, int flags,
                        void (*cb)(void *arg, otelc_request *req), void *arg);
    int (*server_start)(otelc_server *s);
    void (*server_stop)(otelc_server *s);
    void (*server_free)(otelc_server *s);
    const char *(*server_endpoint)(otelc_server *s);
    int (*req_protocol)(otelc_request *r);
    const char *(*req_method)(otelc_request *r);
    const char *(*req_path)(otelc_request *r);
    const char *(*req_header)(otelc_request *r, const char *name);
    size_t (*req_header_count)(otelc_request *r);
    int (*req_header_at)(otelc_request *r, size_t i, const char **name,
                         const char **value);
    int (*req_body)(otelc_request *r, const void **buf, size_t *len);
    int (*req_respond)(otelc_request *r, int http_status,
                       const char *content_type, const void *body, size_t len,
                       const char *const *headers);
    int (*req_grpc_respond)(otelc_request *r, int grpc_status,
                            const char *message, const void *body, size_t len);

    /* ---- 1.0: HTTP and gRPC clients (otelc/client.h) ---- */
    int (*http_client_new)(otelc_ctx *ctx, const otelc_config *settings,
                           const char         *default_compression,
                           otelc_http_client **out);
    int (*http_post)(otelc_http_client *c, const char *url,
                     const char *content_type, const void *body, size_t len,
                     const char *const *headers, int64_t timeout_ns,
                     void (*cb)(void                             *arg,
                                const struct otelc_http_response *resp),
                     void *arg);
    void (*http_client_free)(otelc_http_client *c);
    int (*grpc_client_new)(otelc_ctx *ctx, const otelc_config *settings,
                           const char         *default_compression,
                           otelc_grpc_client **out);
    int (*grpc_call)(otelc_grpc_client *c, const char *path, const void *msg,
                     size_t len, const char *const *metadata,
                     int64_t timeout_ns,
                     void (*cb)(void                             *arg,
                                const struct otelc_grpc_response *resp),
                     void *arg);
    void (*grpc_client_free)(otelc_grpc_client *c);

    /* ---- 1.0: exporter helper (otelc/exporter.h) ---- */
    int (*exporter_new)(otelc_ctx *ctx, const otelc_config *cfg,
                        void (*send)(void *arg, otelc_export *exp,
                                     otelc_batch *batch),
                        void *arg, otelc_exporter **out);
    int (*exporter_consume)(otelc_exporter *e, otelc_batch *b);
    int (*exporter_shutdown)(otelc_exporter *e);
    void (*exporter_free)(otelc_exporter *e);
    void (*export_done)(otelc_export *exp, int status, int64_t retry_after_ns,
                        const char *message);
    int64_t (*export_timeout_ns)(otelc_export *exp);
    void (*export_partial)(otelc_export *exp, uint64_t rejected,
                           const char *message);

    /* ---- 1.0: what OTLP servers answer (otelc/data.h) ---- */
    int (*otlp_response_read)(int signal, const void *buf, size_t len, int json,
                              int64_t *rejected, char *msg, size_t cap);
    int (*rpc_status_read)(const void *buf, size_t len, int json, int *code,
                           char *msg, size_t cap);

    /* ---- 1.0: declarative configuration (otelc/config.h) ---- */
    /* Reads a section through an option table whose elements are
     * option_size bytes (the wrapper otelc_config_read() passes
     * sizeof(otelc_option)); see there for the contract. */
    int (*config_read)(otelc_ctx *ctx, const otelc_config *map,
                       const struct otelc_option *options, size_t option_size,
                       void *dst);
} otelc_host_api;

/* Every opaque handle starts with the table pointer. */
struct otelc__handle {
    const otelc_host_api *api;
};
#define OTELC__API(h) (((const struct otelc__handle *)(const void *)(h))->api)

/* True when the host's table has member `member` (added in a later minor). */
#define otelc_host_has(h, member)                                              \
    (OTELC__API(h)->struct_size >=                                             \
         offsetof(otelc_host_api, member) + sizeof(void *) &&                  \
     OTELC__API(h)->member != NULL)

/* ---- logging ---- */
static inline OTELC_PRINTF(3, 4) void otelc_log(otelc_ctx *ctx, int level,
                                                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    OTELC__API(ctx)->log(ctx, level, fmt, ap);
    va_end(ap);
}
#define otelc_debug(ctx, ...) otelc_log((ctx), OTELC_LOG_DEBUG, __VA_ARGS__)
#define otelc_info(ctx, ...)  otelc_log((ctx), OTELC_LOG_INFO, __VA_ARGS__)
#define otelc_warn(ctx, ...)  otelc_log((ctx), OTELC_LOG_WARN, __VA_ARGS__)
#define otelc_error(ctx, ...) otelc_log((ctx), OTELC_LOG_ERROR, __VA_ARGS__)
static inline int
otelc_log_enabled(otelc_ctx *ctx, int level)
{
    return OTELC__API(ctx)->log_enabled(ctx, level);
}

/* ---- memory ---- */
static inline void *
otelc_malloc(otelc_ctx *ctx, size_t n)
{
    return OTELC__API(ctx)->mem_alloc(n);
}
static inline void *
otelc_calloc(otelc_ctx *ctx, size_t n, size_t size)
{
    return OTELC__API(ctx)->mem_calloc(n, size);
}
static inline void *
otelc_realloc(otelc_ctx *ctx, void *p, size_t n)
{
    return OTELC__API(ctx)->mem_realloc(p, n);
}
static inline void
otelc_free(otelc_ctx *ctx, void *p)
{
    OTELC__API(ctx)->mem_free(p);
}
static inline char *
otelc_strdup(otelc_ctx *ctx, const char *s)
{
    return OTELC__API(ctx)->mem_strdup(s);
}

/* ---- identity ---- */
static inline const char *
otelc_ctx_id(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_id(ctx);
}
static inline int
otelc_ctx_worker(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_worker(ctx);
}
static inline int
otelc_ctx_workers(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_workers(ctx);
}
static inline int
otelc_ctx_signals(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_signals(ctx);
}

/* ---- configuration ---- */
static inline const otelc_config *
otelc_cfg_child(const otelc_config *map, const char *key)
{
    return map ? OTELC__API(map)->cfg_child(map, key) : NULL;
}
static inline int
otelc_cfg_kind(const otelc_config *node)
{
    return node ? OTELC__API(node)->cfg_kind(node) : OTELC_CFG_NULL;
}
static inline size_t
otelc_cfg_len(const otelc_config *node)
{
    return node ? OTELC__API(node)->cfg_len(node) : 0;
}
static inline const otelc_config *
otelc_cfg_item(const otelc_config *node, size_t i)
{
    return OTELC__API(node)->cfg_item(node, i);
}
static inline const char *
otelc_cfg_key(const otelc_config *map, size_t i)
{
    return OTELC__API(map)->cfg_key(map, i);
}
static inline const char *
otelc_cfg_scalar(const otelc_config *node)
{
    return node ? OTELC__API(node)->cfg_scalar(node) : NULL;
}
static inline int
otelc_cfg_str(otelc_ctx *ctx, const otelc_config *map, const char *key,
              const char *def, const char **out)
{
    return OTELC__API(ctx)->cfg_str(ctx, map, key, def, out);
}
static inline int
otelc_cfg_int(otelc_ctx *ctx, const otelc_config *map, const char *key,
              int64_t def, int64_t *out)
{
    return OTELC__API(ctx)->cfg_int(ctx, map, key, def, out);
}
static inline int
otelc_cfg_double(otelc_ctx *ctx, const otelc_config *map, const char *key,
                 double def, double *out)
{
    return OTELC__API(ctx)->cfg_double(ctx, map, key, def, out);
}
static inline int
otelc_cfg_bool(otelc_ctx *ctx, const otelc_config *map, const char *key,
               int def, int *out)
{
    return OTELC__API(ctx)->cfg_bool(ctx, map, key, def, out);
}
static inline int
otelc_cfg_duration(otelc_ctx *ctx, const otelc_config *map, const char *key,
                   int64_t def_ns, int64_t *out_ns)
{
    return OTELC__API(ctx)->cfg_duration(ctx, map, key, def_ns, out_ns);
}
static inline void
otelc_cfg_mark_used(const otelc_config *node)
{
    if (node)
        OTELC__API(node)->cfg_mark_used(node);
}
static inline OTELC_PRINTF(3, 4) int otelc_cfg_error(otelc_ctx          *ctx,
                                                     const otelc_config *node,
                                                     const char *fmt, ...)
{
    va_list ap;
    int     rc;
    va_start(ap, fmt);
    rc = OTELC__API(ctx)->cfg_error(ctx, node, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- event loop ---- */
#define OTELC_MS(n) ((uint64_t)(n)*UINT64_C(1000000))
#define OTELC_S(n)  ((uint64_t)(n)*UINT64_C(1000000000))
static inline otelc_timer *
otelc_timer_start(otelc_ctx *ctx, uint64_t after_ns, uint64_t repeat_ns,
                  otelc_cb cb, void *arg)
{
    return OTELC__API(ctx)->timer_start(ctx, after_ns, repeat_ns, cb, arg);
}
static inline void
otelc_timer_stop(otelc_ctx *ctx, otelc_timer *t)
{
    if (t)
        OTELC__API(ctx)->timer_stop(t);
}
static inline otelc_io *
otelc_io_start(otelc_ctx *ctx, int fd, int events, otelc_io_cb cb, void *arg)
{
    return OTELC__API(ctx)->io_start(ctx, fd, events, cb, arg);
}
static inline void
otelc_io_stop(otelc_ctx *ctx, otelc_io *io)
{
    if (io)
        OTELC__API(ctx)->io_stop(io);
}
static inline otelc_async *
otelc_async_new(otelc_ctx *ctx, otelc_cb cb, void *arg)
{
    return OTELC__API(ctx)->async_new(ctx, cb, arg);
}
static inline void
otelc_async_send(otelc_ctx *ctx, otelc_async *a)
{
    OTELC__API(ctx)->async_send(a);
}
static inline void
otelc_async_free(otelc_ctx *ctx, otelc_async *a)
{
    if (a)
        OTELC__API(ctx)->async_free(a);
}
static inline int
otelc_work_submit(otelc_ctx *ctx, otelc_cb work, otelc_cb done, void *arg)
{
    return OTELC__API(ctx)->work_submit(ctx, work, done, arg);
}

/* ---- clock ---- */
static inline uint64_t
otelc_time_unix_ns(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->time_unix_ns();
}
static inline uint64_t
otelc_time_mono_ns(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->time_mono_ns();
}

/* ---- pipeline ---- */
static inline int
otelc_emit(otelc_ctx *ctx, otelc_batch *batch)
{
    return OTELC__API(ctx)->emit(ctx, batch);
}
static inline void
otelc_shutdown_done(otelc_ctx *ctx)
{
    OTELC__API(ctx)->shutdown_done(ctx);
}
static inline void
otelc_report(otelc_ctx *ctx, int report_kind, int signal, uint64_t items)
{
    OTELC__API(ctx)->report(ctx, report_kind, signal, items);
}
static inline int
otelc_emit_transport(otelc_ctx *ctx, otelc_batch *batch, const char *transport)
{
    return OTELC__API(ctx)->emit_transport(ctx, batch, transport);
}
static inline int
otelc_is_shutting_down(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->is_shutting_down(ctx);
}

static inline const char *
otelc_last_error(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->last_error(ctx);
}

/* ---- self-metrics ---- */
static inline otelc_metric *
otelc_metric_counter(otelc_ctx *ctx, const char *name, const char *help)
{
    return OTELC__API(ctx)->metric_counter(ctx, name, help);
}
static inline void
otelc_metric_add(otelc_ctx *ctx, otelc_metric *m, int64_t delta)
{
    if (m)
        OTELC__API(ctx)->metric_add(m, delta);
}

#ifdef __cplusplus
}
#endif
#endif
