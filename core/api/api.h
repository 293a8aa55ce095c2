/* The API layer: the host function table handed to plugins, and the few
 * members that adapt a lower layer's call to the SDK's contract. */
#ifndef OTELC__API_H
#define OTELC__API_H

#include <otelc/host.h>

/* The one table (static const, see host_api.c). */
extern const otelc_host_api otelc__host_api;

/* Installs otelc__host_api as the table every handle is stamped with
 * (base/host_table.h). main() calls it first thing; so does the unit-test
 * runner. Idempotent. */
void otelc__api_install(void);

/* ---- glue members (api_host.c, api_data.c) ---- */
void    *otelc__api_mem_alloc(size_t n);
void    *otelc__api_mem_calloc(size_t n, size_t size);
void    *otelc__api_mem_realloc(void *p, size_t n);
void     otelc__api_mem_free(void *p);
char    *otelc__api_mem_strdup(const char *s);
uint64_t otelc__api_time_unix_ns(void);
uint64_t otelc__api_time_mono_ns(void);

otelc_batch *otelc__api_batch_new(otelc_ctx *ctx, int signal);
int otelc__api_batch_from_otlp(otelc_ctx *ctx, int signal, const void *buf,
                               size_t len, otelc_destructor dtor,
                               otelc_batch **out);
int otelc__api_batch_from_otlp_json(otelc_ctx *ctx, int signal, const void *buf,
                                    size_t len, otelc_batch **out);
int otelc__api_otlp_response_read(otelc_ctx *ctx, int signal, const void *buf,
                                  size_t len, unsigned flags, int64_t *rejected,
                                  char *msg, size_t cap);
int otelc__api_rpc_status_read(otelc_ctx *ctx, const void *buf, size_t len,
                               unsigned flags, int *code, char *msg,
                               size_t cap);

#endif
