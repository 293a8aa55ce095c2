/* What OTLP servers answer, read for exporters: the partial_success of an
 * Export*ServiceResponse (with the generated protobuf-c code, or the
 * OTLP/JSON codec) and a google.rpc.Status error body. Plugins get these
 * through the host table instead of carrying their own parsers. */
#include <string.h>

#include <json-c/json.h>
#include <otelc/data.h>

#include "arena.h"
#include "otlp_json.h"
#include "otlp_response.h"
#include "rpc_status.h"

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb-c.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb-c.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb-c.h"

/* Export*ServiceResponse.partial_success and, inside it, rejected_<items>
 * and error_message: the same numbers for all three signals. */
#define RESPONSE_PARTIAL_SUCCESS 1
#define PARTIAL_REJECTED         1
#define PARTIAL_ERROR_MESSAGE    2

static const ProtobufCMessageDescriptor *
response_descriptor(int signal)
{
    static const ProtobufCMessageDescriptor *const by_signal[OTELC_SIGNAL_COUNT] = {
        &opentelemetry__proto__collector__trace__v1__export_trace_service_response__descriptor,
        &opentelemetry__proto__collector__metrics__v1__export_metrics_service_response__descriptor,
        &opentelemetry__proto__collector__logs__v1__export_logs_service_response__descriptor,
    };
    int si = otelc_signal_index(signal);

    return si < 0 ? NULL : by_signal[si];
}

static const void *
field_ptr(const ProtobufCMessage *m, unsigned number)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(m->descriptor, number);
    return f ? (const char *)m + f->offset : NULL;
}

static void
copy_msg(char *msg, size_t cap, const char *s, size_t len)
{
    if (cap == 0)
        return;
    if (len >= cap)
        len = cap - 1;
    memcpy(msg, s, len);
    msg[len] = '\0';
}

int
otelc__otlp_response_read(int signal, const void *buf, size_t len,
                          unsigned flags, int64_t *rejected, char *msg,
                          size_t cap, otelc__detail *d)
{
    const ProtobufCMessageDescriptor *desc = response_descriptor(signal);
    ProtobufCMessage                 *resp = NULL;
    otelc_arena                      *arena = NULL;
    int                               rc = OTELC_OK;

    *rejected = 0;
    copy_msg(msg, cap, "", 0);
    if (desc == NULL)
        return otelc__detail_fail(d, OTELC_E_INVALID,
                                  "otlp_response_read: unknown signal %d",
                                  signal);
    if (flags & OTELC_RESPONSE_JSON) {
        char err[128] = "";
        arena = otelc__arena_new();
        if (arena == NULL)
            return otelc__detail_fail(d, OTELC_E_NOMEM, "out of memory");
        rc = otelc__json_decode(desc, buf, len, arena, &resp, err, sizeof(err));
        if (rc != OTELC_OK)
            otelc__detail_fail(d, rc, "not an OTLP/JSON %s response: %s",
                               otelc_signal_name(signal), err);
    } else {
        resp = protobuf_c_message_unpack(desc, NULL, len, buf);
        rc = resp ? OTELC_OK
                  : otelc__detail_fail(d, OTELC_E_PERMANENT,
                                       "not an OTLP/protobuf %s response (%zu "
                                       "bytes)",
                                       otelc_signal_name(signal), len);
    }
    if (rc == OTELC_OK) {
        const ProtobufCMessage *ps = *(ProtobufCMessage *const *)field_ptr(
            resp, RESPONSE_PARTIAL_SUCCESS);
        if (ps) {
            const char *text =
                *(const char *const *)field_ptr(ps, PARTIAL_ERROR_MESSAGE);
            *rejected = *(const int64_t *)field_ptr(ps, PARTIAL_REJECTED);
            if (text)
                copy_msg(msg, cap, text, strlen(text));
        }
    }
    if (arena)
        otelc__arena_release(arena);
    else if (resp)
        protobuf_c_message_free_unpacked(resp, NULL);
    return rc;
}

static int
rpc_status_json(const void *buf, size_t len, int *code, char *msg, size_t cap)
{
    json_tokener *tok = json_tokener_new();
    json_object  *root, *v;
    int           rc = OTELC_E_PERMANENT;

    if (tok == NULL)
        return OTELC_E_NOMEM;
    root = json_tokener_parse_ex(tok, buf, (int)len);
    if (root && json_object_is_type(root, json_type_object)) {
        rc = OTELC_OK;
        if (json_object_object_get_ex(root, "code", &v))
            *code = json_object_get_int(v);
        if (json_object_object_get_ex(root, "message", &v) &&
            json_object_is_type(v, json_type_string))
            copy_msg(msg, cap, json_object_get_string(v),
                     (size_t)json_object_get_string_len(v));
    }
    json_object_put(root);
    json_tokener_free(tok);
    return rc;
}

int
otelc__rpc_status_read(const void *buf, size_t len, unsigned flags, int *code,
                       char *msg, size_t cap, otelc__detail *d)
{
    const char *text = NULL;
    size_t      text_len = 0;
    int         rc;

    *code = 0;
    copy_msg(msg, cap, "", 0);
    if (flags & OTELC_RESPONSE_JSON) {
        rc = rpc_status_json(buf, len, code, msg, cap);
        return rc == OTELC_OK ? rc
                              : otelc__detail_fail(d, rc,
                                                   "not a google.rpc.Status "
                                                   "JSON object");
    }
    if (otelc__rpc_status_decode(buf, len, code, &text, &text_len) != 0)
        return otelc__detail_fail(d, OTELC_E_PERMANENT,
                                  "not a google.rpc.Status message");
    copy_msg(msg, cap, text ? text : "", text_len);
    return OTELC_OK;
}
