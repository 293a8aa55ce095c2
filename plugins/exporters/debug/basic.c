/* Basic verbosity: one summary line per batch, with otelcol's counts. */
#include <stdint.h>

#include "format.h"

void
dbg_format_basic(dbg_sbuf *sb, otelc_batch *b, int signal)
{
    otelc_node *root = otelc_batch_root(b);
    size_t      nres = otelc_node_count(root, OTELC_REQUEST_RESOURCES);
    uint64_t    items = 0, points = 0;

    /* Counted from the structure rather than otelc_batch_items(), so that
     * metrics report both metrics and data points. */
    for (size_t r = 0; r < nres; r++) {
        otelc_node *rx = otelc_node_msg(root, OTELC_REQUEST_RESOURCES, r);
        size_t      nscopes = otelc_node_count(rx, OTELC_RESOURCE_X_SCOPES);
        for (size_t s = 0; s < nscopes; s++) {
            otelc_node *sx = otelc_node_msg(rx, OTELC_RESOURCE_X_SCOPES, s);
            size_t      n = otelc_node_count(sx, OTELC_SCOPE_X_ITEMS);
            items += n;
            if (signal != OTELC_SIGNAL_METRICS)
                continue;
            for (size_t i = 0; i < n; i++) {
                otelc_node *data = otelc_metric_data(
                    otelc_node_msg(sx, OTELC_SCOPE_X_ITEMS, i), NULL);
                points += otelc_node_count(data, OTELC_METRICDATA_DATA_POINTS);
            }
        }
    }
    switch (signal) {
    case OTELC_SIGNAL_TRACES:
        dbg_sbuf_printf(sb, "Traces: resource spans: %zu, spans: %llu\n", nres,
                        (unsigned long long)items);
        break;
    case OTELC_SIGNAL_METRICS:
        dbg_sbuf_printf(sb,
                        "Metrics: resource metrics: %zu, metrics: %llu, data "
                        "points: %llu\n",
                        nres, (unsigned long long)items,
                        (unsigned long long)points);
        break;
    default:
        dbg_sbuf_printf(sb, "Logs: resource logs: %zu, log records: %llu\n",
                        nres, (unsigned long long)items);
    }
}
