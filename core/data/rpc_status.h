/* google.rpc.Status (code 1, message 2, details 3) and the
 * google.rpc.RetryInfo detail, decoded by hand: a few fields of a fixed,
 * tiny schema, pure and allocation-free (but for a base64 buffer). */
#ifndef OTELC__RPC_STATUS_H
#define OTELC__RPC_STATUS_H

#include <stddef.h>
#include <stdint.h>

/* Retry delay from a grpc-status-details-bin value (base64, padded or not,
 * of a google.rpc.Status): the RetryInfo detail's retry_delay in ns, or -1
 * when there is none or the value does not parse. */
int64_t otelc__grpc_details_retry_ns(const char *b64, size_t len);

/* google.rpc.Status bytes: code (1) and message (2, pointing into buf).
 * 0, or -1 when buf is not a well-formed message. */
int otelc__rpc_status_decode(const void *buf, size_t len, int *code,
                             const char **msg, size_t *msg_len);

#endif
