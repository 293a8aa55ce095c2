/* Text forms of OTLP values in the debug exporter's output: ids, times,
 * numbers, AnyValues and attribute lists, and enum names, following the
 * conventions of otelcol's debug exporter. */
#ifndef DBG_VALUES_H
#define DBG_VALUES_H

#include <stdint.h>

#include <otelc/data.h>

#include "sbuf.h"

/* String field as it is ("" when unset). */
void dbg_put_str(dbg_sbuf *sb, const otelc_node *n, uint32_t field);
/* Bytes field as lowercase hex ("" when unset). */
void dbg_put_hex(dbg_sbuf *sb, const otelc_node *n, uint32_t field);
/* Go's time.Time.String() in UTC: "2024-05-01 10:00:00.123 +0000 UTC". */
void dbg_put_time(dbg_sbuf *sb, uint64_t unix_ns);
/* Shortest text that reads back as the same double. */
void dbg_put_double(dbg_sbuf *sb, double v);
/* Typed form: Str(x), Int(1), Double(1.5), Bool(true), Bytes(base64),
 * Slice([...]), Map({...}), Empty(). */
void dbg_put_value_typed(dbg_sbuf *sb, const otelc_node *value);
/* Plain form, for key=value lists: strings as they are, arrays and maps
 * as JSON. */
void dbg_put_value_plain(dbg_sbuf *sb, const otelc_node *value);
/* One "<prefix>key: Str(value)\n" line per KeyValue of list `field`. */
/* Entries of a KeyValue list, 0 when n has none (or no such list). */
size_t dbg_attrs_len(const otelc_node *n, uint32_t field);
void   dbg_put_attrs_lines(dbg_sbuf *sb, const otelc_node *n, uint32_t field,
                           const char *prefix);
/* " key=value" for every KeyValue of list `field` (leading space each). */
void dbg_put_attrs_inline(dbg_sbuf *sb, const otelc_node *n, uint32_t field);
/* "key=value,key=value" (no spaces), for metric labels. */
void dbg_put_attrs_labels(dbg_sbuf *sb, const otelc_node *n, uint32_t field);

const char *dbg_span_kind_name(int64_t kind);
const char *dbg_status_code_name(int64_t code);
const char *dbg_temporality_name(int64_t temporality);
/* "Info", "Warn3", ...; "Unspecified" for 0 and unknown numbers. */
const char *dbg_severity_name(int64_t number);

#endif
