/* Detailed verbosity for one Metric: its descriptor and every data point
 * of all five types, in the layout of otelcol's debug exporter. */
#include <math.h>
#include <stdint.h>

#include "format.h"
#include "values.h"

#define ATTR_PREFIX     "     -> "
#define SUB_ATTR_PREFIX "          -> "

/* Attributes, then start and end timestamps: the head every point has. */
static void
put_point_head(dbg_sbuf *sb, const otelc_node *dp, uint32_t attrs_f,
               uint32_t start_f, uint32_t time_f)
{
    if (dbg_attrs_len(dp, attrs_f) > 0) {
        dbg_sbuf_puts(sb, "Data point attributes:\n");
        dbg_put_attrs_lines(sb, dp, attrs_f, ATTR_PREFIX);
    }
    dbg_sbuf_puts(sb, "StartTimestamp: ");
    dbg_put_time(sb, otelc_node_uint(dp, start_f));
    dbg_sbuf_puts(sb, "\nTimestamp: ");
    dbg_put_time(sb, otelc_node_uint(dp, time_f));
    dbg_sbuf_put(sb, "\n", 1);
}

/* "<label>: %f" for an optional double, only when it is set. */
static void
put_optional_double(dbg_sbuf *sb, const char *label, const otelc_node *dp,
                    uint32_t field)
{
    double v;
    if (otelc_node_double_at(dp, field, 0, &v) == OTELC_OK)
        dbg_sbuf_printf(sb, "%s: %f\n", label, v);
}

static void
put_exemplars(dbg_sbuf *sb, const otelc_node *dp, uint32_t field)
{
    size_t n = otelc_node_count(dp, field);

    if (n == 0)
        return;
    dbg_sbuf_puts(sb, "Exemplars:\n");
    for (size_t i = 0; i < n; i++) {
        otelc_node *ex = otelc_node_msg(dp, field, i);
        dbg_sbuf_printf(sb, "Exemplar #%zu\n" ATTR_PREFIX "Trace ID: ", i);
        dbg_put_hex(sb, ex, OTELC_EXEMPLAR_TRACE_ID);
        dbg_sbuf_puts(sb, "\n" ATTR_PREFIX "Span ID: ");
        dbg_put_hex(sb, ex, OTELC_EXEMPLAR_SPAN_ID);
        dbg_sbuf_puts(sb, "\n" ATTR_PREFIX "Timestamp: ");
        dbg_put_time(sb, otelc_node_uint(ex, OTELC_EXEMPLAR_TIME_UNIX_NANO));
        if (otelc_node_oneof_case(ex, OTELC_EXEMPLAR_AS_INT) ==
            OTELC_EXEMPLAR_AS_INT)
            dbg_sbuf_printf(
                sb, "\n" ATTR_PREFIX "Value: %lld\n",
                (long long)otelc_node_int(ex, OTELC_EXEMPLAR_AS_INT));
        else
            dbg_sbuf_printf(sb, "\n" ATTR_PREFIX "Value: %f\n",
                            otelc_node_double(ex, OTELC_EXEMPLAR_AS_DOUBLE));
        if (dbg_attrs_len(ex, OTELC_EXEMPLAR_FILTERED_ATTRIBUTES) == 0)
            continue;
        dbg_sbuf_puts(sb, ATTR_PREFIX "FilteredAttributes:\n");
        dbg_put_attrs_lines(sb, ex, OTELC_EXEMPLAR_FILTERED_ATTRIBUTES,
                            SUB_ATTR_PREFIX);
    }
}

static void
number_point(dbg_sbuf *sb, const otelc_node *dp, size_t i)
{
    dbg_sbuf_printf(sb, "NumberDataPoints #%zu\n", i);
    put_point_head(sb, dp, OTELC_NUMBERDP_ATTRIBUTES,
                   OTELC_NUMBERDP_START_TIME_UNIX_NANO,
                   OTELC_NUMBERDP_TIME_UNIX_NANO);
    if (otelc_node_oneof_case(dp, OTELC_NUMBERDP_AS_INT) ==
        OTELC_NUMBERDP_AS_INT)
        dbg_sbuf_printf(sb, "Value: %lld\n",
                        (long long)otelc_node_int(dp, OTELC_NUMBERDP_AS_INT));
    else
        dbg_sbuf_printf(sb, "Value: %f\n",
                        otelc_node_double(dp, OTELC_NUMBERDP_AS_DOUBLE));
    put_exemplars(sb, dp, OTELC_NUMBERDP_EXEMPLARS);
}

static void
histogram_point(dbg_sbuf *sb, const otelc_node *dp, size_t i)
{
    size_t nbounds = otelc_node_count(dp, OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS);
    size_t nbuckets = otelc_node_count(dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS);

    dbg_sbuf_printf(sb, "HistogramDataPoints #%zu\n", i);
    put_point_head(sb, dp, OTELC_HISTOGRAMDP_ATTRIBUTES,
                   OTELC_HISTOGRAMDP_START_TIME_UNIX_NANO,
                   OTELC_HISTOGRAMDP_TIME_UNIX_NANO);
    dbg_sbuf_printf(
        sb, "Count: %llu\n",
        (unsigned long long)otelc_node_uint(dp, OTELC_HISTOGRAMDP_COUNT));
    put_optional_double(sb, "Sum", dp, OTELC_HISTOGRAMDP_SUM);
    put_optional_double(sb, "Min", dp, OTELC_HISTOGRAMDP_MIN);
    put_optional_double(sb, "Max", dp, OTELC_HISTOGRAMDP_MAX);
    for (size_t b = 0; b < nbounds; b++) {
        double v = 0;
        otelc_node_double_at(dp, OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS, b, &v);
        dbg_sbuf_printf(sb, "ExplicitBounds #%zu: %f\n", b, v);
    }
    for (size_t b = 0; b < nbuckets; b++) {
        uint64_t c = 0;
        otelc_node_uint_at(dp, OTELC_HISTOGRAMDP_BUCKET_COUNTS, b, &c);
        dbg_sbuf_printf(sb, "Buckets #%zu, Count: %llu\n", b,
                        (unsigned long long)c);
    }
    put_exemplars(sb, dp, OTELC_HISTOGRAMDP_EXEMPLARS);
}

/* Lower bound of exponential bucket `index` at `scale`:
 * base^index with base = 2^(2^-scale). */
static double
exp_bucket_lower(int64_t index, int64_t scale)
{
    return exp2(ldexp((double)index, (int)-scale));
}

static void
exp_histogram_point(dbg_sbuf *sb, const otelc_node *dp, size_t i)
{
    int64_t     scale = otelc_node_int(dp, OTELC_EXPHISTDP_SCALE);
    otelc_node *neg = otelc_node_msg(dp, OTELC_EXPHISTDP_NEGATIVE, 0);
    otelc_node *pos = otelc_node_msg(dp, OTELC_EXPHISTDP_POSITIVE, 0);
    int64_t     noff = otelc_node_int(neg, OTELC_BUCKETS_OFFSET);
    int64_t     poff = otelc_node_int(pos, OTELC_BUCKETS_OFFSET);
    size_t      nneg = otelc_node_count(neg, OTELC_BUCKETS_BUCKET_COUNTS);
    size_t      npos = otelc_node_count(pos, OTELC_BUCKETS_BUCKET_COUNTS);

    dbg_sbuf_printf(sb, "ExponentialHistogramDataPoints #%zu\n", i);
    put_point_head(sb, dp, OTELC_EXPHISTDP_ATTRIBUTES,
                   OTELC_EXPHISTDP_START_TIME_UNIX_NANO,
                   OTELC_EXPHISTDP_TIME_UNIX_NANO);
    dbg_sbuf_printf(
        sb, "Count: %llu\n",
        (unsigned long long)otelc_node_uint(dp, OTELC_EXPHISTDP_COUNT));
    put_optional_double(sb, "Sum", dp, OTELC_EXPHISTDP_SUM);
    put_optional_double(sb, "Min", dp, OTELC_EXPHISTDP_MIN);
    put_optional_double(sb, "Max", dp, OTELC_EXPHISTDP_MAX);
    /* From the most negative values up through zero to the largest. */
    for (size_t k = nneg; k-- > 0;) {
        uint64_t c = 0;
        int64_t  idx = noff + (int64_t)k;
        otelc_node_uint_at(neg, OTELC_BUCKETS_BUCKET_COUNTS, k, &c);
        dbg_sbuf_printf(sb, "Bucket (%f, %f], Count: %llu\n",
                        -exp_bucket_lower(idx + 1, scale),
                        -exp_bucket_lower(idx, scale), (unsigned long long)c);
    }
    dbg_sbuf_printf(
        sb, "Bucket [0, 0], Count: %llu\n",
        (unsigned long long)otelc_node_uint(dp, OTELC_EXPHISTDP_ZERO_COUNT));
    for (size_t k = 0; k < npos; k++) {
        uint64_t c = 0;
        int64_t  idx = poff + (int64_t)k;
        otelc_node_uint_at(pos, OTELC_BUCKETS_BUCKET_COUNTS, k, &c);
        dbg_sbuf_printf(
            sb, "Bucket [%f, %f), Count: %llu\n", exp_bucket_lower(idx, scale),
            exp_bucket_lower(idx + 1, scale), (unsigned long long)c);
    }
    put_exemplars(sb, dp, OTELC_EXPHISTDP_EXEMPLARS);
}

static void
summary_point(dbg_sbuf *sb, const otelc_node *dp, size_t i)
{
    size_t nq = otelc_node_count(dp, OTELC_SUMMARYDP_QUANTILE_VALUES);

    dbg_sbuf_printf(sb, "SummaryDataPoints #%zu\n", i);
    put_point_head(sb, dp, OTELC_SUMMARYDP_ATTRIBUTES,
                   OTELC_SUMMARYDP_START_TIME_UNIX_NANO,
                   OTELC_SUMMARYDP_TIME_UNIX_NANO);
    dbg_sbuf_printf(
        sb, "Count: %llu\nSum: %f\n",
        (unsigned long long)otelc_node_uint(dp, OTELC_SUMMARYDP_COUNT),
        otelc_node_double(dp, OTELC_SUMMARYDP_SUM));
    for (size_t q = 0; q < nq; q++) {
        otelc_node *qv = otelc_node_msg(dp, OTELC_SUMMARYDP_QUANTILE_VALUES, q);
        dbg_sbuf_printf(sb, "QuantileValue #%zu: Quantile %f, Value %f\n", q,
                        otelc_node_double(qv, OTELC_QUANTILE_QUANTILE),
                        otelc_node_double(qv, OTELC_QUANTILE_VALUE));
    }
}

static const char *
data_type_name(uint32_t which)
{
    switch (which) {
    case OTELC_METRIC_GAUGE:
        return "Gauge";
    case OTELC_METRIC_SUM:
        return "Sum";
    case OTELC_METRIC_HISTOGRAM:
        return "Histogram";
    case OTELC_METRIC_EXPONENTIAL_HISTOGRAM:
        return "ExponentialHistogram";
    case OTELC_METRIC_SUMMARY:
        return "Summary";
    }
    return "Empty";
}

void
dbg_detail_metric(dbg_sbuf *sb, const otelc_node *metric, size_t i)
{
    uint32_t    which;
    otelc_node *data = otelc_metric_data(metric, &which);
    size_t      n = otelc_node_count(data, OTELC_METRICDATA_DATA_POINTS);

    dbg_sbuf_printf(sb, "Metric #%zu\nDescriptor:\n" ATTR_PREFIX "Name: ", i);
    dbg_put_str(sb, metric, OTELC_METRIC_NAME);
    dbg_sbuf_puts(sb, "\n" ATTR_PREFIX "Description: ");
    dbg_put_str(sb, metric, OTELC_METRIC_DESCRIPTION);
    dbg_sbuf_puts(sb, "\n" ATTR_PREFIX "Unit: ");
    dbg_put_str(sb, metric, OTELC_METRIC_UNIT);
    dbg_sbuf_printf(sb, "\n" ATTR_PREFIX "DataType: %s\n",
                    data_type_name(which));
    if (which == OTELC_METRIC_SUM)
        dbg_sbuf_printf(
            sb, ATTR_PREFIX "IsMonotonic: %s\n",
            otelc_node_bool(data, OTELC_SUM_IS_MONOTONIC) ? "true" : "false");
    if (which == OTELC_METRIC_SUM || which == OTELC_METRIC_HISTOGRAM ||
        which == OTELC_METRIC_EXPONENTIAL_HISTOGRAM)
        dbg_sbuf_printf(sb, ATTR_PREFIX "AggregationTemporality: %s\n",
                        dbg_temporality_name(otelc_node_int(
                            data, OTELC_METRICDATA_AGGREGATION_TEMPORALITY)));

    for (size_t p = 0; p < n; p++) {
        otelc_node *dp = otelc_node_msg(data, OTELC_METRICDATA_DATA_POINTS, p);
        switch (which) {
        case OTELC_METRIC_GAUGE:
        case OTELC_METRIC_SUM:
            number_point(sb, dp, p);
            break;
        case OTELC_METRIC_HISTOGRAM:
            histogram_point(sb, dp, p);
            break;
        case OTELC_METRIC_EXPONENTIAL_HISTOGRAM:
            exp_histogram_point(sb, dp, p);
            break;
        case OTELC_METRIC_SUMMARY:
            summary_point(sb, dp, p);
            break;
        }
    }
}
