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
 * min_host_minor.
 *
 * The comment above each call is its contract, in one vocabulary: what it
 * takes (keeps, owns from the call on) or borrows (only reads during the
 * call, or for as long as it says); how long a result lives; who may call
 * it, where "loop" means the instance's own callbacks (its worker loop
 * thread, and create, validate and destroy on the main thread, never
 * concurrently), "any thread" means any thread at any time, and "pure"
 * means no host state at all; and what failure looks like. The rules
 * behind it (the first argument is the handle acted on; NULL plus
 * otelc_last_error(); flags words; OTELC_HAS_MEMBER) are in ABI.md,
 * "Calling conventions". */
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
/* printf-format checking of a wrapper's arguments, where the compiler has it
 * (GCC, Clang); empty elsewhere. */
#define OTELC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define OTELC_PRINTF(f, a)
#endif

/* Severities of otelc_log(). Messages below the collector's level
 * (service.telemetry.logs.level) are dropped. */
typedef enum otelc_log_level {
    OTELC_LOG_DEBUG = 0,
    OTELC_LOG_INFO = 1,
    OTELC_LOG_WARN = 2,
    OTELC_LOG_ERROR = 3
} otelc_log_level;

/* What a config node holds (otelc_cfg_kind()): OTELC_CFG_NULL for an absent
 * key or an empty value, a scalar, a map or a sequence. */
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

/* Callbacks the host calls with the `arg` given when they were set up:
 * otelc_cb for timers, async handles and the work queue; otelc_io_cb also gets
 * the fd and the OTELC_IO_* events that are ready. They run on the instance's
 * loop (a work-queue job runs on a host thread). */
typedef void (*otelc_cb)(void *arg);
typedef void (*otelc_io_cb)(void *arg, int fd, unsigned events);

/* Opaque handles of the network services (otelc/server.h, otelc/client.h) and
 * the exporter helper (otelc/exporter.h). Each begins with the table pointer
 * and belongs to the instance that created it; use it on that instance's loop.
 * The host-filled response structs are defined in otelc/client.h. */
typedef struct otelc_server         otelc_server;
typedef struct otelc_request        otelc_request;
typedef struct otelc_http_client    otelc_http_client;
typedef struct otelc_grpc_client    otelc_grpc_client;
typedef struct otelc_exporter       otelc_exporter;
typedef struct otelc_export_attempt otelc_export_attempt;
/* Outcome of an HTTP request, filled by the host and borrowed by the callback
 * for the duration of the call only (copy what you keep). status is 0 when no
 * response arrived (connection failure, timeout): then `error` says why and
 * `failure` is OTELC_E_TIMEOUT or OTELC_E_IO. retry_after_ns is the parsed
 * Retry-After header (delay-seconds or an HTTP-date, relative to now; 0 for a
 * date in the past), or -1 when absent or unreadable. Begins with struct_size:
 * check members newer than the host with OTELC_HAS_MEMBER(). */
struct otelc_http_response;
/* Outcome of a unary gRPC call, filled by the host and borrowed by the
 * callback for the call only. status is an OTELC_GRPC_* code: connection
 * failures are UNAVAILABLE, timeouts DEADLINE_EXCEEDED. retry_after_ns comes
 * from a google.rpc.RetryInfo detail, or is -1. Begins with struct_size
 * (OTELC_HAS_MEMBER()). */
struct otelc_grpc_response;

/* The host function table: everything a plugin can ask of the collector.
 * Plugins reach it through any handle and call it through the wrappers below
 * (calling a member directly is allowed; the wrappers are the API). The host's
 * table is static const and lives for the process. Members are only appended:
 * check otelc_host_has() before calling a member newer than the plugin's
 * min_host_minor. Each member's contract is the one of its wrapper. */
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
    otelc_io *(*io_start)(otelc_ctx *ctx, int fd, unsigned events,
                          otelc_io_cb cb, void *arg);
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

    /* ---- 1.0: KeyValue lists (attributes) ----
     * `field`: OTELC_ATTRS or a repeated KeyValue field (otelc/data.h). */
    /* OTELC_OK, OTELC_E_NOTFOUND (no such key), OTELC_E_INVALID (field),
     * OTELC_E_READONLY (shared batch). */
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
    int (*server_route)(otelc_server *s, const char *path, unsigned flags,
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
                        void (*send)(void *arg, otelc_export_attempt *att,
                                     otelc_batch *batch),
                        void *arg, otelc_exporter **out);
    int (*exporter_consume)(otelc_exporter *e, otelc_batch *b);
    int (*exporter_shutdown)(otelc_exporter *e);
    void (*exporter_free)(otelc_exporter *e);
    void (*attempt_done)(otelc_export_attempt *att, int status,
                         int64_t retry_after_ns, const char *message);
    int64_t (*attempt_timeout_ns)(otelc_export_attempt *att);
    void (*attempt_partial)(otelc_export_attempt *att, uint64_t rejected,
                            const char *message);

    /* ---- 1.0: what OTLP servers answer (otelc/data.h) ---- */
    int (*otlp_response_read)(otelc_ctx *ctx, int signal, const void *buf,
                              size_t len, unsigned flags, int64_t *rejected,
                              char *msg, size_t cap);
    int (*rpc_status_read)(otelc_ctx *ctx, const void *buf, size_t len,
                           unsigned flags, int *code, char *msg, size_t cap);

    /* ---- KeyValue lists, with a status (otelc/data.h, "attributes") ----
     * `field` follows the rule of otelc/data.h: OTELC_ATTRS or the number
     * of a repeated KeyValue field of n's message, else OTELC_E_INVALID.
     * Keys are (pointer, length); mode is an otelc_attrs_mode. The full
     * contracts (ownership, lifetimes, threads, every status) are on the
     * wrappers of the same names in otelc/data.h. */
    int (*attrs_get)(const otelc_node *n, uint32_t field, const char *key,
                     size_t key_len, otelc_node **value);
    int (*attrs_count)(const otelc_node *n, uint32_t field, size_t *count);
    int (*attrs_at)(const otelc_node *n, uint32_t field, size_t i,
                    const char **key, size_t *key_len, otelc_node **value);
    int (*attrs_upsert)(otelc_node *n, uint32_t field, const char *key,
                        size_t key_len, otelc_node **value);
    int (*attrs_remove_at)(otelc_node *n, uint32_t field, size_t i);
    int (*attrs_copy)(otelc_node *dst, uint32_t dst_field, const char *to,
                      size_t to_len, const otelc_node *src, uint32_t src_field,
                      const char *from, size_t from_len, int mode);
    int (*attrs_rename)(otelc_node *n, uint32_t field, const char *from,
                        size_t from_len, const char *to, size_t to_len,
                        int mode);

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

/* True when the host-filled struct *ptr (which begins with struct_size) covers
 * all of `member` of `type`, so the member may be read; false for a NULL ptr
 * or a host too old to have filled it. Use it before reading a member added
 * after the plugin's min_host_minor. Evaluates ptr more than once. Pure: any
 * thread. */
#define OTELC_HAS_MEMBER(ptr, type, member)                                    \
    ((ptr) != NULL &&                                                          \
     (size_t)(ptr)->struct_size >=                                             \
         offsetof(type, member) + sizeof(((const type *)0)->member))

/* True when the host behind handle h has table member `member`: its table is
 * long enough and the member is not NULL. Pure: any thread. */
#define otelc_host_has(h, member)                                              \
    (OTELC_HAS_MEMBER(OTELC__API(h), otelc_host_api, member) &&                \
     OTELC__API(h)->member != NULL)

/* ---- logging ---- */
/* Logs a printf-style message at `level` (otelc_log_level), labelled with the
 * instance's id. Borrows fmt and the arguments for the call only. Cannot fail.
 * Loop (create, validate and destroy included). */
static inline OTELC_PRINTF(3, 4) void otelc_log(otelc_ctx *ctx, int level,
                                                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    OTELC__API(ctx)->log(ctx, level, fmt, ap);
    va_end(ap);
}
/* otelc_log() at DEBUG, INFO, WARN and ERROR. Loop. */
#define otelc_debug(ctx, ...) otelc_log((ctx), OTELC_LOG_DEBUG, __VA_ARGS__)
#define otelc_info(ctx, ...)  otelc_log((ctx), OTELC_LOG_INFO, __VA_ARGS__)
#define otelc_warn(ctx, ...)  otelc_log((ctx), OTELC_LOG_WARN, __VA_ARGS__)
#define otelc_error(ctx, ...) otelc_log((ctx), OTELC_LOG_ERROR, __VA_ARGS__)
/* True when a message at `level` would be logged, to skip building expensive
 * log text. Any thread. */
static inline int
otelc_log_enabled(otelc_ctx *ctx, int level)
{
    return OTELC__API(ctx)->log_enabled(ctx, level);
}

/* ---- memory ---- */
/* Memory from the host's allocator: malloc(n). NULL when out of memory (the
 * only failure; no otelc_last_error() detail, because memory calls may run on
 * any thread). Release it with otelc_free(), never free(). Any thread. */
static inline void *
otelc_malloc(otelc_ctx *ctx, size_t n)
{
    return OTELC__API(ctx)->mem_alloc(n);
}
/* calloc(n, size) from the host's allocator: zeroed. NULL when out of memory
 * (or n * size overflows). Release with otelc_free(). Any thread. */
static inline void *
otelc_calloc(otelc_ctx *ctx, size_t n, size_t size)
{
    return OTELC__API(ctx)->mem_calloc(n, size);
}
/* realloc(p, n) of memory from otelc_malloc()/otelc_calloc() (p may be NULL).
 * NULL when out of memory, and p is then still valid. Any thread. */
static inline void *
otelc_realloc(otelc_ctx *ctx, void *p, size_t n)
{
    return OTELC__API(ctx)->mem_realloc(p, n);
}
/* Frees memory from otelc_malloc(), otelc_calloc(), otelc_realloc() or
 * otelc_strdup(); NULL is a no-op. Any thread. */
static inline void
otelc_free(otelc_ctx *ctx, void *p)
{
    OTELC__API(ctx)->mem_free(p);
}
/* A copy of the NUL-terminated s, from the host's allocator; release with
 * otelc_free(). NULL when out of memory or when s is NULL. Any thread. */
static inline char *
otelc_strdup(otelc_ctx *ctx, const char *s)
{
    return OTELC__API(ctx)->mem_strdup(s);
}

/* ---- identity ---- */
/* The instance's component id as written in the config ("batch/fast"). Owned
 * by the host, valid for the instance's life. Cannot fail. Loop. */
static inline const char *
otelc_ctx_id(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_id(ctx);
}
/* The instance's component type ("batch" for "batch/fast"; the canonical
 * type even when the config used a deprecated alias). Owned by the host,
 * valid for the instance's life. Cannot fail. Loop. */
static inline const char *
otelc_ctx_type(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_type(ctx);
}
/* 0-based index of the worker (event-loop thread) this instance lives on;
 * singletons live on their home worker. Cannot fail. Loop. */
static inline int
otelc_ctx_worker(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_worker(ctx);
}
/* Number of workers (service.workers), so a replica can take its share of a
 * collector-wide limit. Cannot fail. Loop. */
static inline int
otelc_ctx_workers(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_workers(ctx);
}
/* OTELC_SIGNAL_* mask of the signals this instance's pipelines carry: a
 * receiver emits (or serves) only these. Cannot fail. Loop. */
static inline int
otelc_ctx_signals(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->ctx_signals(ctx);
}

/* ---- configuration ---- */
/* The value of `key` in the config map `map`, or NULL when the key is absent
 * or map is NULL or not a map (absent is not a failure). Marks the key as
 * read. Nodes live as long as the instance. Loop. */
static inline const otelc_config *
otelc_cfg_child(const otelc_config *map, const char *key)
{
    return map ? OTELC__API(map)->cfg_child(map, key) : NULL;
}
/* What `node` holds (otelc_cfg_node_kind); OTELC_CFG_NULL for NULL. Loop. */
static inline int
otelc_cfg_kind(const otelc_config *node)
{
    return node ? OTELC__API(node)->cfg_kind(node) : OTELC_CFG_NULL;
}
/* Number of entries of a map or items of a sequence; 0 for NULL and for
 * scalars. Loop. */
static inline size_t
otelc_cfg_len(const otelc_config *node)
{
    return node ? OTELC__API(node)->cfg_len(node) : 0;
}
/* Item i of a sequence or value i of a map, or NULL when i is out of range.
 * node must not be NULL. Valid for the instance's life. Loop. */
static inline const otelc_config *
otelc_cfg_item(const otelc_config *node, size_t i)
{
    return OTELC__API(node)->cfg_item(node, i);
}
/* Key i of a map (NUL-terminated), or NULL when i is out of range or node is
 * not a map. map must not be NULL. Owned by the host, valid for the instance's
 * life. Loop. */
static inline const char *
otelc_cfg_key(const otelc_config *map, size_t i)
{
    return OTELC__API(map)->cfg_key(map, i);
}
/* The text of a scalar node, after ${env:...} expansion; NULL for NULL, maps
 * and sequences. Owned by the host, valid for the instance's life. Loop. */
static inline const char *
otelc_cfg_scalar(const otelc_config *node)
{
    return node ? OTELC__API(node)->cfg_scalar(node) : NULL;
}
/* Typed getter: *out = the string value of `key` in map (host-owned, valid for
 * the instance's life), or `def` (borrowed as is) when the key is absent.
 * OTELC_OK, or OTELC_E_CONFIG when the value is not a scalar: the error, with
 * the YAML path, file and line, is reported to the config's diagnostics. Loop.
 */
static inline int
otelc_cfg_str(otelc_ctx *ctx, const otelc_config *map, const char *key,
              const char *def, const char **out)
{
    return OTELC__API(ctx)->cfg_str(ctx, map, key, def, out);
}
/* Typed getter: *out = the integer value of `key`, or def when absent.
 * OTELC_OK, or OTELC_E_CONFIG (reported with the YAML location) when the value
 * is not an integer. Loop. */
static inline int
otelc_cfg_int(otelc_ctx *ctx, const otelc_config *map, const char *key,
              int64_t def, int64_t *out)
{
    return OTELC__API(ctx)->cfg_int(ctx, map, key, def, out);
}
/* Typed getter: *out = the number value of `key`, or def when absent.
 * OTELC_OK, or OTELC_E_CONFIG (reported with the YAML location) when the value
 * is not a number. Loop. */
static inline int
otelc_cfg_double(otelc_ctx *ctx, const otelc_config *map, const char *key,
                 double def, double *out)
{
    return OTELC__API(ctx)->cfg_double(ctx, map, key, def, out);
}
/* Typed getter: *out = 1 or 0 for the YAML boolean `key`, or def when absent.
 * OTELC_OK, or OTELC_E_CONFIG (reported with the YAML location) when the value
 * is not a boolean. Loop. */
static inline int
otelc_cfg_bool(otelc_ctx *ctx, const otelc_config *map, const char *key,
               int def, int *out)
{
    return OTELC__API(ctx)->cfg_bool(ctx, map, key, def, out);
}
/* Typed getter: *out_ns = the Go-style duration of `key` ("200ms", "1m30s"; a
 * bare integer is nanoseconds), or def_ns when absent. OTELC_OK, or
 * OTELC_E_CONFIG (reported with the YAML location) when it does not parse.
 * Loop. */
static inline int
otelc_cfg_duration(otelc_ctx *ctx, const otelc_config *map, const char *key,
                   int64_t def_ns, int64_t *out_ns)
{
    return OTELC__API(ctx)->cfg_duration(ctx, map, key, def_ns, out_ns);
}
/* Marks node and everything under it as read, for keys a component accepts but
 * ignores (so they are not reported as unknown). NULL is a no-op. Loop. */
static inline void
otelc_cfg_mark_used(const otelc_config *node)
{
    if (node)
        OTELC__API(node)->cfg_mark_used(node);
}
/* Reports a config problem at node's YAML location (node may be NULL: the
 * component's own location) and returns OTELC_E_CONFIG, for `return
 * otelc_cfg_error(...)`. Borrows fmt and its arguments for the call. Loop
 * (validate and create). */
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
/* Milliseconds and seconds as the uint64_t nanoseconds the timer calls take.
 * Pure. */
#define OTELC_MS(n) ((uint64_t)(n)*UINT64_C(1000000))
#define OTELC_S(n)  ((uint64_t)(n)*UINT64_C(1000000000))
/* Starts a timer on the instance's loop: cb(arg) after after_ns, then every
 * repeat_ns (0: once). The handle is the plugin's until otelc_timer_stop(),
 * which must be called also for a one-shot timer that fired. NULL on failure,
 * with the reason in otelc_last_error(ctx) (OTELC_E_STATE before start():
 * there is no loop during create or validation). Loop. */
static inline otelc_timer *
otelc_timer_start(otelc_ctx *ctx, uint64_t after_ns, uint64_t repeat_ns,
                  otelc_cb cb, void *arg)
{
    return OTELC__API(ctx)->timer_start(ctx, after_ns, repeat_ns, cb, arg);
}
/* Stops and frees timer t (NULL is a no-op); it may be called from t's own
 * callback. t is invalid afterwards. Loop. */
static inline void
otelc_timer_stop(otelc_timer *t)
{
    if (t)
        OTELC__API(t)->timer_stop(t);
}
/* Watches fd for the OTELC_IO_* events in `events` on the instance's loop and
 * calls cb(arg, fd, ready) while they are ready. The fd stays the plugin's
 * (the host never closes it); the handle is the plugin's until
 * otelc_io_stop(). NULL on failure, with the reason in otelc_last_error(ctx)
 * (no loop before start(), negative fd, no callback). Loop. */
static inline otelc_io *
otelc_io_start(otelc_ctx *ctx, int fd, unsigned events, otelc_io_cb cb,
               void *arg)
{
    return OTELC__API(ctx)->io_start(ctx, fd, events, cb, arg);
}
/* Stops watching and frees io (NULL is a no-op), also from its own callback.
 * Does not close the fd. Loop. */
static inline void
otelc_io_stop(otelc_io *io)
{
    if (io)
        OTELC__API(io)->io_stop(io);
}
/* A wakeup handle: otelc_async_send() from any thread makes cb(arg) run on the
 * instance's loop (sends before the callback runs coalesce into one call). The
 * handle is the plugin's until otelc_async_free(). NULL on failure, with the
 * reason in otelc_last_error(ctx). Loop. */
static inline otelc_async *
otelc_async_new(otelc_ctx *ctx, otelc_cb cb, void *arg)
{
    return OTELC__API(ctx)->async_new(ctx, cb, arg);
}
/* Wakes a's callback on its instance's loop. Cannot fail. Any thread, as long
 * as a has not been freed. */
static inline void
otelc_async_send(otelc_async *a)
{
    OTELC__API(a)->async_send(a);
}
/* Stops and frees a (NULL is a no-op); no callback runs afterwards. Make sure
 * no thread still sends to it. Loop. */
static inline void
otelc_async_free(otelc_async *a)
{
    if (a)
        OTELC__API(a)->async_free(a);
}
/* Runs work(arg) on a host thread, then done(arg) (if not NULL) on the
 * instance's loop. arg is the plugin's and must stay valid until done runs.
 * OTELC_OK, or a negative status with the reason in otelc_last_error(ctx)
 * (OTELC_E_STATE while validating). Loop; `work` itself runs on another thread
 * and may call only any-thread functions. */
static inline int
otelc_work_submit(otelc_ctx *ctx, otelc_cb work, otelc_cb done, void *arg)
{
    return OTELC__API(ctx)->work_submit(ctx, work, done, arg);
}

/* ---- clock ---- */
/* Wall-clock time (CLOCK_REALTIME) in nanoseconds since the Unix epoch, for
 * timestamps. Cannot fail. Any thread. */
static inline uint64_t
otelc_time_unix_ns(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->time_unix_ns();
}
/* Monotonic time (CLOCK_MONOTONIC) in nanoseconds, for intervals. Cannot fail.
 * Any thread. */
static inline uint64_t
otelc_time_mono_ns(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->time_mono_ns();
}

/* ---- pipeline ---- */
/* Passes batch to the instance's next consumers. Always takes the caller's
 * reference, also when it fails: the batch must not be used afterwards.
 * OTELC_OK, or the downstream status (OTELC_E_RETRYABLE, OTELC_E_OVERLOADED,
 * OTELC_E_PERMANENT, ...) with the reason in otelc_last_error(ctx). Loop. */
static inline int
otelc_emit(otelc_ctx *ctx, otelc_batch *batch)
{
    return OTELC__API(ctx)->emit(ctx, batch);
}
/* Tells the host that a shutdown() which returned OTELC_PENDING has finished.
 * Call it once. Cannot fail. Loop. */
static inline void
otelc_shutdown_done(otelc_ctx *ctx)
{
    OTELC__API(ctx)->shutdown_done(ctx);
}
/* Adds `items` items of `signal` to one of the instance's automatic
 * self-metrics (otelc_report_kind: dropped on purpose, refused). Cannot fail.
 * Loop. */
static inline void
otelc_report(otelc_ctx *ctx, int report_kind, int signal, uint64_t items)
{
    OTELC__API(ctx)->report(ctx, report_kind, signal, items);
}
/* otelc_emit() whose receiver self-metrics carry transport="grpc" or "http"
 * (borrowed for the call). Same ownership and failures as otelc_emit(). Loop.
 */
static inline int
otelc_emit_transport(otelc_ctx *ctx, otelc_batch *batch, const char *transport)
{
    return OTELC__API(ctx)->emit_transport(ctx, batch, transport);
}
/* True once the collector is shutting down or this instance is stopping: stop
 * starting new work. Loop. */
static inline int
otelc_is_shutting_down(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->is_shutting_down(ctx);
}

/* Detail text of the last failed host call made for this instance; "" when
 * there is none. Owned by the host, valid until the next failing call for this
 * instance. Never NULL. Loop. */
static inline const char *
otelc_last_error(otelc_ctx *ctx)
{
    return OTELC__API(ctx)->last_error(ctx);
}

/* ---- self-metrics ---- */
/* A counter of the plugin's own, served with the collector's metrics as `name`
 * (help: its description; both copied). Asking twice for one name returns the
 * same counter. The handle lives as long as the instance. NULL on failure,
 * with the reason in otelc_last_error(ctx) (no name, no self-telemetry while
 * validating, out of memory). Loop. */
static inline otelc_metric *
otelc_metric_counter(otelc_ctx *ctx, const char *name, const char *help)
{
    return OTELC__API(ctx)->metric_counter(ctx, name, help);
}
/* Adds delta to counter m (NULL is a no-op, so a failed otelc_metric_counter()
 * needs no check). Cannot fail. Any thread. */
static inline void
otelc_metric_add(otelc_metric *m, int64_t delta)
{
    if (m)
        OTELC__API(m)->metric_add(m, delta);
}

#ifdef __cplusplus
}
#endif
#endif
