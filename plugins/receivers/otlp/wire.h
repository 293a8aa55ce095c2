/* The few encodings the otlp receiver writes itself: Export*ServiceResponse
 * and google.rpc.Status in protobuf and in OTLP/JSON, and a scan of OTLP
 * protobuf bytes for ids of the wrong length. Each is a handful of fields,
 * so they are hand-written instead of pulling a protobuf library into the
 * plugin (the host keeps its own protobuf code behind the ABI). */
#ifndef OTLP_WIRE_H
#define OTLP_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Longest message put into a response: error details name a field and an
 * offset, never need more, and a bound keeps every response in a fixed
 * buffer (JSON escaping grows text at most 6x). */
#define WIRE_MAX_MESSAGE 512

/* Fixed-size output: responses are tiny, so no allocation can fail while
 * answering (which matters most when the collector is out of memory). */
struct wbuf {
    char   p[4096];
    size_t len;
};

/* Copies at most WIRE_MAX_MESSAGE bytes of msg (NULL: "") into out
 * (WIRE_MAX_MESSAGE + 1 bytes), NUL-terminated, with every byte that is
 * not part of valid UTF-8 and every control character replaced by '?', so
 * the text may go into a protobuf `string` field, a JSON string and a log
 * line. Cuts only between characters. */
void wire_clean_text(char *out, const char *msg);

/* Export{Trace,Metrics,Logs}ServiceResponse: empty (zero bytes / "{}")
 * when rejected == 0 and message is NULL, else with partial_success. The
 * JSON key of the rejected count depends on the signal. */
void wire_response_pb(struct wbuf *b, uint64_t rejected, const char *message);
void wire_response_json(struct wbuf *b, int signal, uint64_t rejected,
                        const char *message);

/* google.rpc.Status {int32 code = 1; string message = 2;}. */
void wire_status_pb(struct wbuf *b, int code, const char *message);
void wire_status_json(struct wbuf *b, int code, const char *message);

/* Whether an id of `len` bytes is acceptable where `want` bytes are
 * expected. A required id (a span's trace_id and span_id) must be exactly
 * `want` bytes and not all zero; an optional one (parent_span_id, a log
 * record's ids) may also be empty. */
int wire_id_ok(const void *id, size_t len, size_t want, int required);

/* Scans an Export{Trace,Logs}ServiceRequest that the host has already
 * validated and returns 1 when some span or log record has an id that
 * wire_id_ok() refuses; 0 otherwise (and for metrics). Reads only tags and
 * lengths down to the items, and the ids themselves. */
int wire_has_bad_ids(int signal, const void *buf, size_t len);

#endif
