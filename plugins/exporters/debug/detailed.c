/* Detailed verbosity: the full multi-line dump in the layout of otelcol's
 * debug exporter (resource and scope frames, spans and log records here;
 * metrics in detailed_metrics.c). */
#include <stdint.h>

#include "format.h"
#include "values.h"

#define ATTR_PREFIX     "     -> "
#define SUB_ATTR_PREFIX "         -> "

/* "<title>:" and one line per attribute, only when there are any. */
static void
put_attrs_block(dbg_sbuf *sb, const char *title, const otelc_node *n,
                uint32_t field)
{
    if (dbg_attrs_len(n, field) == 0)
        return;
    dbg_sbuf_printf(sb, "%s:\n", title);
    dbg_put_attrs_lines(sb, n, field, ATTR_PREFIX);
}

static void
put_events(dbg_sbuf *sb, const otelc_node *span)
{
    size_t n = otelc_node_count(span, OTELC_SPAN_EVENTS);

    if (n == 0)
        return;
    dbg_sbuf_puts(sb, "Events:\n");
    for (size_t i = 0; i < n; i++) {
        otelc_node *e = otelc_node_msg(span, OTELC_SPAN_EVENTS, i);
        dbg_sbuf_printf(sb, "SpanEvent #%zu\n" ATTR_PREFIX "Name: ", i);
        dbg_put_str(sb, e, OTELC_EVENT_NAME);
        dbg_sbuf_puts(sb, "\n" ATTR_PREFIX "Timestamp: ");
        dbg_put_time(sb, otelc_node_uint(e, OTELC_EVENT_TIME_UNIX_NANO));
        dbg_sbuf_printf(sb, "\n" ATTR_PREFIX "DroppedAttributesCount: %llu\n",
                        (unsigned long long)otelc_node_uint(
                            e, OTELC_EVENT_DROPPED_ATTRIBUTES_COUNT));
        if (dbg_attrs_len(e, OTELC_EVENT_ATTRIBUTES) == 0)
            continue;
        dbg_sbuf_puts(sb, ATTR_PREFIX "Attributes::\n");
        dbg_put_attrs_lines(sb, e, OTELC_EVENT_ATTRIBUTES, SUB_ATTR_PREFIX);
    }
}

static void
put_links(dbg_sbuf *sb, const otelc_node *span)
{
    size_t n = otelc_node_count(span, OTELC_SPAN_LINKS);

    if (n == 0)
        return;
    dbg_sbuf_puts(sb, "Links:\n");
    for (size_t i = 0; i < n; i++) {
        otelc_node *l = otelc_node_msg(span, OTELC_SPAN_LINKS, i);
        dbg_sbuf_printf(sb, "SpanLink #%zu\n" ATTR_PREFIX "Trace ID: ", i);
        dbg_put_hex(sb, l, OTELC_LINK_TRACE_ID);
        dbg_sbuf_puts(sb, "\n" ATTR_PREFIX "ID: ");
        dbg_put_hex(sb, l, OTELC_LINK_SPAN_ID);
        dbg_sbuf_puts(sb, "\n" ATTR_PREFIX "TraceState: ");
        dbg_put_str(sb, l, OTELC_LINK_TRACE_STATE);
        dbg_sbuf_printf(sb, "\n" ATTR_PREFIX "DroppedAttributesCount: %llu\n",
                        (unsigned long long)otelc_node_uint(
                            l, OTELC_LINK_DROPPED_ATTRIBUTES_COUNT));
        if (dbg_attrs_len(l, OTELC_LINK_ATTRIBUTES) == 0)
            continue;
        dbg_sbuf_puts(sb, ATTR_PREFIX "Attributes::\n");
        dbg_put_attrs_lines(sb, l, OTELC_LINK_ATTRIBUTES, SUB_ATTR_PREFIX);
    }
}

static void
detail_span(dbg_sbuf *sb, const otelc_node *span, size_t i)
{
    otelc_node *status = otelc_node_msg(span, OTELC_SPAN_STATUS, 0);
    size_t      len;

    dbg_sbuf_printf(sb, "Span #%zu\n    Trace ID       : ", i);
    dbg_put_hex(sb, span, OTELC_SPAN_TRACE_ID);
    dbg_sbuf_puts(sb, "\n    Parent ID      : ");
    dbg_put_hex(sb, span, OTELC_SPAN_PARENT_SPAN_ID);
    dbg_sbuf_puts(sb, "\n    ID             : ");
    dbg_put_hex(sb, span, OTELC_SPAN_SPAN_ID);
    dbg_sbuf_puts(sb, "\n    Name           : ");
    dbg_put_str(sb, span, OTELC_SPAN_NAME);
    dbg_sbuf_printf(sb, "\n    Kind           : %s\n    Start time     : ",
                    dbg_span_kind_name(otelc_node_int(span, OTELC_SPAN_KIND)));
    dbg_put_time(sb, otelc_node_uint(span, OTELC_SPAN_START_TIME_UNIX_NANO));
    dbg_sbuf_puts(sb, "\n    End time       : ");
    dbg_put_time(sb, otelc_node_uint(span, OTELC_SPAN_END_TIME_UNIX_NANO));
    dbg_sbuf_printf(
        sb, "\n    Status code    : %s\n    Status message : ",
        dbg_status_code_name(otelc_node_int(status, OTELC_STATUS_CODE)));
    dbg_put_str(sb, status, OTELC_STATUS_MESSAGE);
    dbg_sbuf_put(sb, "\n", 1);
    otelc_node_str(span, OTELC_SPAN_TRACE_STATE, &len);
    if (len > 0) {
        dbg_sbuf_puts(sb, "    TraceState     : ");
        dbg_put_str(sb, span, OTELC_SPAN_TRACE_STATE);
        dbg_sbuf_put(sb, "\n", 1);
    }
    put_attrs_block(sb, "Attributes", span, OTELC_SPAN_ATTRIBUTES);
    put_events(sb, span);
    put_links(sb, span);
}

static void
detail_log(dbg_sbuf *sb, const otelc_node *log, size_t i)
{
    int64_t sev = otelc_node_int(log, OTELC_LOG_SEVERITY_NUMBER);
    size_t  len;

    dbg_sbuf_printf(sb, "LogRecord #%zu\nObservedTimestamp: ", i);
    dbg_put_time(sb, otelc_node_uint(log, OTELC_LOG_OBSERVED_TIME_UNIX_NANO));
    dbg_sbuf_puts(sb, "\nTimestamp: ");
    dbg_put_time(sb, otelc_node_uint(log, OTELC_LOG_TIME_UNIX_NANO));
    dbg_sbuf_puts(sb, "\nSeverityText: ");
    dbg_put_str(sb, log, OTELC_LOG_SEVERITY_TEXT);
    dbg_sbuf_printf(sb, "\nSeverityNumber: %s(%lld)\n", dbg_severity_name(sev),
                    (long long)sev);
    otelc_node_str(log, OTELC_LOG_EVENT_NAME, &len);
    if (len > 0) {
        dbg_sbuf_puts(sb, "EventName: ");
        dbg_put_str(sb, log, OTELC_LOG_EVENT_NAME);
        dbg_sbuf_put(sb, "\n", 1);
    }
    dbg_sbuf_puts(sb, "Body: ");
    dbg_put_value_typed(sb, otelc_node_msg(log, OTELC_LOG_BODY, 0));
    dbg_sbuf_put(sb, "\n", 1);
    put_attrs_block(sb, "Attributes", log, OTELC_LOG_ATTRIBUTES);
    dbg_sbuf_puts(sb, "Trace ID: ");
    dbg_put_hex(sb, log, OTELC_LOG_TRACE_ID);
    dbg_sbuf_puts(sb, "\nSpan ID: ");
    dbg_put_hex(sb, log, OTELC_LOG_SPAN_ID);
    dbg_sbuf_printf(sb, "\nFlags: %llu\n",
                    (unsigned long long)otelc_node_uint(log, OTELC_LOG_FLAGS));
}

void
dbg_format_detailed(dbg_sbuf *sb, otelc_batch *b, int signal)
{
    static const char *const labels[][2] = {{"ResourceSpans", "ScopeSpans"},
                                            {"ResourceMetrics", "ScopeMetrics"},
                                            {"ResourceLog", "ScopeLogs"}};
    int                      k = otelc_signal_index(signal);
    otelc_node              *root = otelc_batch_root(b);
    size_t nres = otelc_node_count(root, OTELC_REQUEST_RESOURCES);

    if (k < 0)
        return; /* not a batch of one signal */

    for (size_t r = 0; r < nres; r++) {
        otelc_node *rx = otelc_node_msg(root, OTELC_REQUEST_RESOURCES, r);
        otelc_node *res = otelc_node_msg(rx, OTELC_RESOURCE_X_RESOURCE, 0);
        size_t      nscopes = otelc_node_count(rx, OTELC_RESOURCE_X_SCOPES);

        dbg_sbuf_printf(sb, "%s #%zu\nResource SchemaURL: ", labels[k][0], r);
        dbg_put_str(sb, rx, OTELC_RESOURCE_X_SCHEMA_URL);
        dbg_sbuf_put(sb, "\n", 1);
        put_attrs_block(sb, "Resource attributes", res,
                        OTELC_RESOURCE_ATTRIBUTES);
        for (size_t s = 0; s < nscopes; s++) {
            otelc_node *sx = otelc_node_msg(rx, OTELC_RESOURCE_X_SCOPES, s);
            otelc_node *scope = otelc_node_msg(sx, OTELC_SCOPE_X_SCOPE, 0);
            size_t      n = otelc_node_count(sx, OTELC_SCOPE_X_ITEMS);

            dbg_sbuf_printf(sb, "%s #%zu\n%s SchemaURL: ", labels[k][1], s,
                            labels[k][1]);
            dbg_put_str(sb, sx, OTELC_SCOPE_X_SCHEMA_URL);
            dbg_sbuf_puts(sb, "\nInstrumentationScope ");
            dbg_put_str(sb, scope, OTELC_SCOPE_NAME);
            dbg_sbuf_put(sb, " ", 1);
            dbg_put_str(sb, scope, OTELC_SCOPE_VERSION);
            dbg_sbuf_put(sb, "\n", 1);
            put_attrs_block(sb, "InstrumentationScope attributes", scope,
                            OTELC_SCOPE_ATTRIBUTES);
            for (size_t i = 0; i < n; i++) {
                otelc_node *item = otelc_node_msg(sx, OTELC_SCOPE_X_ITEMS, i);
                if (k == 0)
                    detail_span(sb, item, i);
                else if (k == 1)
                    dbg_detail_metric(sb, item, i);
                else
                    detail_log(sb, item, i);
            }
        }
    }
}
