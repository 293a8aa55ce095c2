/* Strict, descriptor-driven validation of protobuf bytes against the OTLP
 * schema, without decoding.
 *
 * One pass over the wire format, no allocation, recursion bounded by
 * OTELC_OTLP_MAX_DEPTH (otlp_scan.h). Every field the schema knows must
 * arrive with the wire type of its declared type (repeated scalars packed
 * or not), `string` fields must be valid UTF-8 (proto3 requires it and
 * OTLP/JSON output depends on it), trace and span ids have their fixed
 * length or are empty, unknown fields are skipped when their
 * wire type is well formed, groups are refused. Items (spans, data points,
 * log records) are counted on the way, so receivers never need a decode. */
#ifndef OTELC__OTLP_VALIDATE_H
#define OTELC__OTLP_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* Validates buf as a message of type desc. OTELC_OK and the item count
 * added to *items (may be NULL), or OTELC_E_PERMANENT with one line in err:
 *   "invalid UTF-8 in string field 5 in Span at offset 40
 *    (resource_spans[0].scope_spans[0].spans[3].name)" */
int otelc__otlp_validate(const ProtobufCMessageDescriptor *desc,
                         const void *buf, size_t len, uint64_t *items,
                         char *err, size_t err_size);

/* Byte length of a trace/span id field (trace_id: 16, span_id and
 * parent_span_id: 8), 0 for any other field. Ids of another length are
 * refused (as otelcol does), since they could not be written as OTLP/JSON
 * hex ids or held by consumers as fixed-size ids. */
size_t otelc__otlp_id_len(const ProtobufCFieldDescriptor *f);

/* 1 when [s, s + n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). */
int otelc__utf8_valid(const unsigned char *s, size_t n);

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 when the
 * bytes at s do not start one. n > 0. */
size_t otelc__utf8_seq(const unsigned char *s, size_t n);

#endif
