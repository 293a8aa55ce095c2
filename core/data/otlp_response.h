/* What OTLP servers answer: Export*ServiceResponse.partial_success and a
 * google.rpc.Status error body, in protobuf or OTLP/JSON. The exporters
 * read them through the host table (otelc/data.h). */
#ifndef OTELC__OTLP_RESPONSE_H
#define OTELC__OTLP_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "detail.h"

/* partial_success of an Export*ServiceResponse of `signal` (OTLP/JSON
 * with OTELC_RESPONSE_JSON in flags): *rejected and the error message
 * (truncated to cap). OTELC_OK, or OTELC_E_PERMANENT when buf does not
 * decode; the reason goes to *d. */
int otelc__otlp_response_read(int signal, const void *buf, size_t len,
                              unsigned flags, int64_t *rejected, char *msg,
                              size_t cap, otelc__detail *d);

/* A google.rpc.Status body: *code and the message (truncated to cap). */
int otelc__rpc_status_read(const void *buf, size_t len, unsigned flags,
                           int *code, char *msg, size_t cap, otelc__detail *d);

#endif
