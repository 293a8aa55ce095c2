/* OTLP/JSON codec over protobuf-c descriptors.
 *
 * The OTLP specification's JSON Protobuf Encoding is proto3's JSON mapping
 * with one exception: trace and span ids are lowercase hex, not base64.
 * Both directions walk ProtobufCMessageDescriptor, so every OTLP message
 * is covered without per-message code. Decoding builds a protobuf-c tree
 * in an arena (json_api.c packs it once into the batch's bytes); encoding
 * writes the canonical form (ids: otelc__otlp_id_len in otlp_validate.h):
 * lowerCamelCase names, hex ids, 64-bit integers as decimal strings, enums as
 * integers, default values omitted. */
#ifndef OTELC__OTLP_JSON_H
#define OTELC__OTLP_JSON_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "arena.h"

/* Nesting limit of the JSON text (objects and arrays). Every AnyValue
 * level costs three (value object, arrayValue object, values array), so
 * this admits what the protobuf path admits (OTELC_OTLP_MAX_DEPTH
 * messages) and keeps the decoder's recursion bounded. */
#define OTELC_JSON_MAX_DEPTH 200

/* Parses buf as a message of type desc, allocating in a. OTELC_OK and
 * *out, or OTELC_E_PERMANENT with one line in err such as
 * "resourceSpans[0].scopeSpans[0].spans[3].traceId: invalid hex"
 * (OTELC_E_NOMEM when out of memory). */
int otelc__json_decode(const ProtobufCMessageDescriptor *desc, const void *buf,
                       size_t len, otelc_arena *a, ProtobufCMessage **out,
                       char *err, size_t err_size);

/* Canonical OTLP/JSON of msg in a malloc'd, NUL-terminated buffer.
 * OTELC_OK or OTELC_E_NOMEM. */
int otelc__json_encode(const ProtobufCMessage *msg, char **out, size_t *len);

#endif
