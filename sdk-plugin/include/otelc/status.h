/* otelc plugin SDK: status codes.
 *
 * Every function in the ABI that can fail returns an int: 0 is success,
 * negative values are the codes below. The table is append-only: a retired
 * code keeps its number forever and is never reused. */
#ifndef OTELC_STATUS_H
#define OTELC_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/* X(NAME, value, message). Positive values are not errors. */
#define OTELC_STATUS_TABLE(X)                                                  \
    X(OTELC_OK, 0, "success")                                                  \
    X(OTELC_PENDING, 1, "in progress; completion is signalled later")          \
    X(OTELC_E_NOMEM, -1, "out of memory")                                      \
    X(OTELC_E_INVALID, -2, "invalid argument")                                 \
    X(OTELC_E_CONFIG, -3, "invalid configuration")                             \
    X(OTELC_E_RETRYABLE, -4, "temporarily unable to accept data, retry later") \
    X(OTELC_E_OVERLOADED, -5, "over the memory limit, retry later")            \
    X(OTELC_E_PERMANENT, -6, "data rejected permanently")                      \
    X(OTELC_E_NOTFOUND, -7, "not found")                                       \
    X(OTELC_E_TYPE, -8, "wrong type")                                          \
    X(OTELC_E_RANGE, -9, "out of range")                                       \
    X(OTELC_E_IO, -10, "input/output error")                                   \
    X(OTELC_E_SHUTDOWN, -11, "shutting down")                                  \
    X(OTELC_E_UNSUPPORTED, -12, "not supported")                               \
    X(OTELC_E_STATE, -13, "operation not valid in the current state")          \
    X(OTELC_E_ABI, -14, "plugin ABI mismatch")                                 \
    X(OTELC_E_TIMEOUT, -15, "timed out")                                       \
    X(OTELC_E_READONLY, -16, "data is shared and cannot be modified")

/* The status codes as an enum (OTELC_OK, OTELC_PENDING, OTELC_E_*), generated
 * from OTELC_STATUS_TABLE. Calls return them as int; handle a code this SDK
 * does not know as a generic failure. */
enum otelc_status {
#define OTELC__STATUS_ENUM(name, value, msg) name = value,
    OTELC_STATUS_TABLE(OTELC__STATUS_ENUM)
#undef OTELC__STATUS_ENUM
};

/* The code's name: "OTELC_E_CONFIG" for OTELC_E_CONFIG, "OTELC_UNKNOWN" for a
 * code this SDK does not know. Returns a static string. Pure: any thread. */
static inline const char *
otelc_status_name(int status)
{
    switch (status) {
#define OTELC__STATUS_NAME(name, value, msg)                                   \
    case value:                                                                \
        return #name;
        OTELC_STATUS_TABLE(OTELC__STATUS_NAME)
#undef OTELC__STATUS_NAME
    }
    return "OTELC_UNKNOWN";
}

/* One line of English for a code ("invalid configuration"), "unknown status"
 * for a code this SDK does not know. Returns a static string. Pure: any
 * thread. */
static inline const char *
otelc_status_message(int status)
{
    switch (status) {
#define OTELC__STATUS_MSG(name, value, msg)                                    \
    case value:                                                                \
        return msg;
        OTELC_STATUS_TABLE(OTELC__STATUS_MSG)
#undef OTELC__STATUS_MSG
    }
    return "unknown status";
}

/* True for outcomes a sender should retry later: OTELC_E_RETRYABLE,
 * OTELC_E_OVERLOADED, OTELC_E_TIMEOUT. Pure: any thread. */
static inline int
otelc_status_is_retryable(int status)
{
    return status == OTELC_E_RETRYABLE || status == OTELC_E_OVERLOADED ||
           status == OTELC_E_TIMEOUT;
}

/* X(NAME, value): gRPC's status codes (grpc/doc/statuscodes.md); the
 * numbers are part of the gRPC protocol and never change. */
#define OTELC_GRPC_STATUS_TABLE(X)                                             \
    X(OTELC_GRPC_OK, 0)                                                        \
    X(OTELC_GRPC_CANCELLED, 1)                                                 \
    X(OTELC_GRPC_UNKNOWN, 2)                                                   \
    X(OTELC_GRPC_INVALID_ARGUMENT, 3)                                          \
    X(OTELC_GRPC_DEADLINE_EXCEEDED, 4)                                         \
    X(OTELC_GRPC_NOT_FOUND, 5)                                                 \
    X(OTELC_GRPC_ALREADY_EXISTS, 6)                                            \
    X(OTELC_GRPC_PERMISSION_DENIED, 7)                                         \
    X(OTELC_GRPC_RESOURCE_EXHAUSTED, 8)                                        \
    X(OTELC_GRPC_FAILED_PRECONDITION, 9)                                       \
    X(OTELC_GRPC_ABORTED, 10)                                                  \
    X(OTELC_GRPC_OUT_OF_RANGE, 11)                                             \
    X(OTELC_GRPC_UNIMPLEMENTED, 12)                                            \
    X(OTELC_GRPC_INTERNAL, 13)                                                 \
    X(OTELC_GRPC_UNAVAILABLE, 14)                                              \
    X(OTELC_GRPC_DATA_LOSS, 15)                                                \
    X(OTELC_GRPC_UNAUTHENTICATED, 16)

/* gRPC status codes as an enum (OTELC_GRPC_OK .. OTELC_GRPC_UNAUTHENTICATED),
 * from OTELC_GRPC_STATUS_TABLE. Passed as int to otelc_req_grpc_respond() and
 * found in otelc_grpc_response.status. */
typedef enum otelc_grpc_status {
#define OTELC__GRPC_ENUM(name, value) name = value,
    OTELC_GRPC_STATUS_TABLE(OTELC__GRPC_ENUM)
#undef OTELC__GRPC_ENUM
} otelc_grpc_status;

/* gRPC's canonical name of a code, without the prefix ("UNAVAILABLE");
 * "UNKNOWN" outside 0..16. Returns a static string. Pure: any thread. */
static inline const char *
otelc_grpc_status_name(int code)
{
    switch (code) {
#define OTELC__GRPC_NAME(name, value)                                          \
    case value:                                                                \
        return &#name[11];
        OTELC_GRPC_STATUS_TABLE(OTELC__GRPC_NAME)
#undef OTELC__GRPC_NAME
    }
    return "UNKNOWN";
}

#ifdef __cplusplus
}
#endif
#endif
