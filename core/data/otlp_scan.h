/* Validation of OTLP Export*ServiceRequest bytes without decoding.
 *
 * Walks the protobuf wire format and counts the items (spans, metric data
 * points, log records) without building a tree, so a pass-through pipeline
 * never decodes. Every message of the schema is checked (otlp_validate.h):
 * tags, wire types against the declared types, varints, lengths, UTF-8 of
 * strings. AnyValue nests without bound and the lazy protobuf-c decode
 * recurses, so nesting deeper than OTELC_OTLP_MAX_DEPTH messages is refused
 * (the limit C++ protobuf also applies). Unknown fields are skipped, as
 * protobuf requires for forward compatibility. */
#ifndef OTELC__OTLP_SCAN_H
#define OTELC__OTLP_SCAN_H

#include <stddef.h>
#include <stdint.h>

#define OTELC_OTLP_MAX_DEPTH 100

/* Returns OTELC_OK and adds the item count to *items, or OTELC_E_PERMANENT
 * with a one-line description in err ("truncated length-delimited field 2
 * in ResourceSpans at offset 17"). OTELC_E_INVALID for an unknown signal.
 * Never reads outside [buf, buf + len). */
int otelc__otlp_scan(int signal, const void *buf, size_t len, uint64_t *items,
                     char *err, size_t err_size);

#endif
