/* What an OTLP server answers, decoded without a protobuf or JSON library:
 * the exporters only need two tiny messages (Export*ServiceResponse's
 * partial_success and google.rpc.Status), so a hand-written reader keeps
 * the plugins free of third-party dependencies. Shared by the `otlp_grpc`
 * and `otlp_http` exporters. */
#ifndef OTELC_OTLP_RESPONSE_H
#define OTELC_OTLP_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#define OTLP_MSG_MAX 512

/* ExportTracePartialSuccess, ExportMetricsPartialSuccess and
 * ExportLogsPartialSuccess share their layout: rejected_<items> = 1,
 * error_message = 2. */
struct otlp_partial {
    int      present; /* the response carried a partial_success */
    uint64_t rejected;
    char     message[OTLP_MSG_MAX];
};

/* 0 on success (present may still be 0), -1 when the bytes are not a
 * well-formed message. */
int otlp_partial_from_proto(const void *buf, size_t len,
                            struct otlp_partial *out);
int otlp_partial_from_json(const void *buf, size_t len,
                           struct otlp_partial *out);

/* google.rpc.Status (code = 1, message = 2) from an error response body,
 * protobuf or JSON. Returns 0 and fills msg when a message was found. */
int otlp_status_from_proto(const void *buf, size_t len, char *msg, size_t cap);
int otlp_status_from_json(const void *buf, size_t len, char *msg, size_t cap);

/* "traces", "metrics", "logs" (for URLs and log lines). */
const char *otlp_signal_name(int signal);

#endif
