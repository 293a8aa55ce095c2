/* Shallow validation of OTLP Export*ServiceRequest bytes.
 *
 * Walks the protobuf wire format down to the items (spans, metric data
 * points, log records) and counts them without building a decoded tree,
 * so a pass-through pipeline never decodes. Checks every tag, wire type,
 * varint and length on the way, and the wire types of the fields it knows
 * in the messages it enters; unknown fields are skipped, as protobuf
 * requires for forward compatibility. Contents below the item level
 * (attribute values, events, exemplars) are only bounds-checked as opaque
 * length-delimited fields. */
#ifndef OTELC__OTLP_SCAN_H
#define OTELC__OTLP_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* Returns OTELC_OK and adds the item count to *items, or OTELC_E_PERMANENT
 * with a one-line description in err ("truncated length-delimited field 2
 * in ResourceSpans at offset 17"). OTELC_E_INVALID for an unknown signal.
 * Never reads outside [buf, buf + len). */
int otelc__otlp_scan(int signal, const void *buf, size_t len, uint64_t *items,
                     char *err, size_t err_size);

#endif
