/* Normal verbosity: a header line per resource and scope, then one line
 * per span, metric data point or log record, like otelcol's. */
#include <stdint.h>

#include "format.h"
#include "values.h"

static void
put_str_field(dbg_sbuf *sb, const otelc_node *n, uint32_t field)
{
    size_t      len;
    const char *s = otelc_node_str(n, field, &len);
    dbg_sbuf_put(sb, s, len);
}

/* " [schema_url]" when there is one. */
static void
put_schema(dbg_sbuf *sb, const otelc_node *n, uint32_t field)
{
    size_t len;
    otelc_node_str(n, field, &len);
    if (len == 0)
        return;
    dbg_sbuf_puts(sb, " [");
    put_str_field(sb, n, field);
    dbg_sbuf_put(sb, "]", 1);
}

static void
span_line(dbg_sbuf *sb, const otelc_node *span)
{
    put_str_field(sb, span, OTELC_SPAN_NAME);
    dbg_sbuf_put(sb, " ", 1);
    dbg_put_hex(sb, span, OTELC_SPAN_TRACE_ID);
    dbg_sbuf_put(sb, " ", 1);
    dbg_put_hex(sb, span, OTELC_SPAN_SPAN_ID);
    dbg_put_attrs_inline(sb, span, OTELC_SPAN_ATTRIBUTES);
    dbg_sbuf_put(sb, "\n", 1);
}

static void
number_value(dbg_sbuf *sb, const otelc_node *dp)
{
    if (otelc_node_oneof_case(dp, OTELC_NUMBERDP_AS_INT) ==
        OTELC_NUMBERDP_AS_INT)
        dbg_sbuf_printf(sb, "%lld",
                        (long long)otelc_node_int(dp, OTELC_NUMBERDP_AS_INT));
    else
        dbg_put_double(sb, otelc_node_double(dp, OTELC_NUMBERDP_AS_DOUBLE));
}

/* count=, sum=, min=, max= of histogram-like points; absent optionals are
 * left out. */
static void
dist_summary(dbg_sbuf *sb, const otelc_node *dp, uint32_t count_f,
             uint32_t sum_f, uint32_t min_f, uint32_t max_f)
{
    uint64_t count = 0;
    double   v;

    otelc_node_uint_at(dp, count_f, 0, &count);
    dbg_sbuf_printf(sb, "count=%llu", (unsigned long long)count);
    if (otelc_node_double_at(dp, sum_f, 0, &v) == OTELC_OK) {
        dbg_sbuf_puts(sb, " sum=");
        dbg_put_double(sb, v);
    }
    if (min_f && otelc_node_double_at(dp, min_f, 0, &v) == OTELC_OK) {
        dbg_sbuf_puts(sb, " min=");
        dbg_put_double(sb, v);
    }
    if (max_f && otelc_node_double_at(dp, max_f, 0, &v) == OTELC_OK) {
        dbg_sbuf_puts(sb, " max=");
        dbg_put_double(sb, v);
    }
}

static void
point_value(dbg_sbuf *sb, const otelc_node *dp, uint32_t which)
{
    switch (which) {
    case OTELC_METRIC_GAUGE:
    case OTELC_METRIC_SUM:
        number_value(sb, dp);
        break;
    case OTELC_METRIC_HISTOGRAM: {
        size_t nb = otelc_node_count(dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS);
        dist_summary(sb, dp, OTELC_HISTOGRAMDP_COUNT, OTELC_HISTOGRAMDP_SUM,
                     OTELC_HISTOGRAMDP_MIN, OTELC_HISTOGRAMDP_MAX);
        /* Cumulative-style "le" buckets read best on one line. */
        for (size_t i = 0; i < nb; i++) {
            uint64_t c = 0;
            double   bound;
            otelc_node_uint_at(dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS, i, &c);
            dbg_sbuf_puts(sb, " le");
            if (otelc_node_double_at(dp, OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS, i,
                                     &bound) == OTELC_OK)
                dbg_put_double(sb, bound);
            else
                dbg_sbuf_puts(sb, "+Inf");
            dbg_sbuf_printf(sb, "=%llu", (unsigned long long)c);
        }
        break;
    }
    case OTELC_METRIC_EXPONENTIAL_HISTOGRAM:
        dist_summary(sb, dp, OTELC_EXPHISTDP_COUNT, OTELC_EXPHISTDP_SUM,
                     OTELC_EXPHISTDP_MIN, OTELC_EXPHISTDP_MAX);
        dbg_sbuf_printf(sb, " scale=%lld zero_count=%llu",
                        (long long)otelc_node_int(dp, OTELC_EXPHISTDP_SCALE),
                        (unsigned long long)otelc_node_uint(
                            dp, OTELC_EXPHISTDP_ZERO_COUNT));
        break;
    case OTELC_METRIC_SUMMARY: {
        size_t nq = otelc_node_count(dp, OTELC_SUMMARYDP_QUANTILE_VALUES);
        dist_summary(sb, dp, OTELC_SUMMARYDP_COUNT, OTELC_SUMMARYDP_SUM, 0, 0);
        for (size_t i = 0; i < nq; i++) {
            otelc_node *q =
                otelc_node_msg(dp, OTELC_SUMMARYDP_QUANTILE_VALUES, i);
            dbg_sbuf_puts(sb, " q");
            dbg_put_double(sb, otelc_node_double(q, OTELC_QUANTILE_QUANTILE));
            dbg_sbuf_put(sb, "=", 1);
            dbg_put_double(sb, otelc_node_double(q, OTELC_QUANTILE_VALUE));
        }
        break;
    }
    }
}

/* The attributes field number of each data point type. */
static uint32_t
point_attrs_field(uint32_t which)
{
    switch (which) {
    case OTELC_METRIC_HISTOGRAM:
        return OTELC_HISTOGRAMDP_ATTRIBUTES;
    case OTELC_METRIC_EXPONENTIAL_HISTOGRAM:
        return OTELC_EXPHISTDP_ATTRIBUTES;
    case OTELC_METRIC_SUMMARY:
        return OTELC_SUMMARYDP_ATTRIBUTES;
    default:
        return OTELC_NUMBERDP_ATTRIBUTES;
    }
}

static void
metric_lines(dbg_sbuf *sb, const otelc_node *metric)
{
    uint32_t    which;
    otelc_node *data = otelc_metric_data(metric, &which);
    size_t      n = otelc_node_count(data, OTELC_METRICDATA_DATA_POINTS);

    for (size_t i = 0; i < n; i++) {
        otelc_node *dp = otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, i);
        put_str_field(sb, metric, OTELC_METRIC_NAME);
        dbg_sbuf_put(sb, "{", 1);
        dbg_put_attrs_labels(sb, dp, point_attrs_field(which));
        dbg_sbuf_puts(sb, "} ");
        point_value(sb, dp, which);
        dbg_sbuf_put(sb, "\n", 1);
    }
}

static void
log_line(dbg_sbuf *sb, const otelc_node *log)
{
    size_t  len;
    int64_t sev = otelc_node_int(log, OTELC_LOG_SEVERITY_NUMBER);

    otelc_node_str(log, OTELC_LOG_SEVERITY_TEXT, &len);
    if (len > 0) {
        put_str_field(sb, log, OTELC_LOG_SEVERITY_TEXT);
        dbg_sbuf_put(sb, " ", 1);
    } else if (sev != 0) {
        dbg_sbuf_printf(sb, "%s ", dbg_severity_name(sev));
    }
    dbg_put_value_plain(sb, otelc_node_msg(log, OTELC_LOG_BODY, 0));
    dbg_put_attrs_inline(sb, log, OTELC_LOG_ATTRIBUTES);
    dbg_sbuf_put(sb, "\n", 1);
}

void
dbg_format_normal(dbg_sbuf *sb, otelc_batch *b, int signal)
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

        dbg_sbuf_printf(sb, "%s #%zu", labels[k][0], r);
        put_schema(sb, rx, OTELC_RESOURCE_X_SCHEMA_URL);
        dbg_put_attrs_inline(sb, res, OTELC_RESOURCE_ATTRIBUTES);
        dbg_sbuf_put(sb, "\n", 1);
        for (size_t s = 0; s < nscopes; s++) {
            otelc_node *sx = otelc_node_msg(rx, OTELC_RESOURCE_X_SCOPES, s);
            otelc_node *scope = otelc_node_msg(sx, OTELC_SCOPE_X_SCOPE, 0);
            size_t      n = otelc_node_count(sx, OTELC_SCOPE_X_ITEMS);

            dbg_sbuf_printf(sb, "%s #%zu ", labels[k][1], s);
            put_str_field(sb, scope, OTELC_SCOPE_NAME);
            dbg_sbuf_put(sb, "@", 1);
            put_str_field(sb, scope, OTELC_SCOPE_VERSION);
            put_schema(sb, sx, OTELC_SCOPE_X_SCHEMA_URL);
            dbg_put_attrs_inline(sb, scope, OTELC_SCOPE_ATTRIBUTES);
            dbg_sbuf_put(sb, "\n", 1);
            for (size_t i = 0; i < n; i++) {
                otelc_node *item = otelc_node_msg(sx, OTELC_SCOPE_X_ITEMS, i);
                if (k == 0)
                    span_line(sb, item);
                else if (k == 1)
                    metric_lines(sb, item);
                else
                    log_line(sb, item);
            }
        }
    }
}
