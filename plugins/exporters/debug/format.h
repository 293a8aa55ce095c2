/* The debug exporter's three output formats. Each appends the text for
 * one batch to `sb`; none modifies the batch. */
#ifndef DBG_FORMAT_H
#define DBG_FORMAT_H

#include <otelc/data.h>

#include "sbuf.h"

/* One summary line: "Traces: resource spans: 1, spans: 10". */
void dbg_format_basic(dbg_sbuf *sb, otelc_batch *b, int signal);
/* About one line per span, metric data point or log record. */
void dbg_format_normal(dbg_sbuf *sb, otelc_batch *b, int signal);
/* Everything, in otelcol's multi-line layout. */
void dbg_format_detailed(dbg_sbuf *sb, otelc_batch *b, int signal);

/* Detailed form of one Metric (detailed_metrics.c), "Metric #i" onwards. */
void dbg_detail_metric(dbg_sbuf *sb, const otelc_node *metric, size_t i);

#endif
