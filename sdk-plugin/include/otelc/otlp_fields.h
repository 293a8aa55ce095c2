/* otelc plugin SDK: OTLP v1 field numbers.
 *
 * Plugins address telemetry by the protobuf field numbers of the OTLP
 * schema, which protobuf's compatibility rules keep stable forever. The
 * names are OTELC_<MESSAGE>_<FIELD>. Messages of the three signals that
 * share a shape (ResourceSpans/ResourceMetrics/ResourceLogs, ...) share
 * OTELC_RESOURCE_X_* and OTELC_SCOPE_X_* numbers. */
#ifndef OTELC_OTLP_FIELDS_H
#define OTELC_OTLP_FIELDS_H

/* Field number 0 (never a protobuf field number) means "this message's
 * field named attributes", whatever its number is, in the attrs_* calls
 * and the otelc_node_* calls alike (otelc/data.h has the rule). */
#define OTELC_ATTRS 0u

/* Export{Trace,Metrics,Logs}ServiceRequest, {Traces,Metrics,Logs}Data */
#define OTELC_REQUEST_RESOURCES 1u

/* ResourceSpans / ResourceMetrics / ResourceLogs */
#define OTELC_RESOURCE_X_RESOURCE   1u
#define OTELC_RESOURCE_X_SCOPES     2u
#define OTELC_RESOURCE_X_SCHEMA_URL 3u

/* ScopeSpans / ScopeMetrics / ScopeLogs */
#define OTELC_SCOPE_X_SCOPE      1u
#define OTELC_SCOPE_X_ITEMS      2u /* spans, metrics, log_records */
#define OTELC_SCOPE_X_SCHEMA_URL 3u

/* opentelemetry.proto.common.v1 */
#define OTELC_ANYVALUE_STRING_VALUE          1u
#define OTELC_ANYVALUE_BOOL_VALUE            2u
#define OTELC_ANYVALUE_INT_VALUE             3u
#define OTELC_ANYVALUE_DOUBLE_VALUE          4u
#define OTELC_ANYVALUE_ARRAY_VALUE           5u
#define OTELC_ANYVALUE_KVLIST_VALUE          6u
#define OTELC_ANYVALUE_BYTES_VALUE           7u
#define OTELC_ARRAYVALUE_VALUES              1u
#define OTELC_KVLIST_VALUES                  1u
#define OTELC_KEYVALUE_KEY                   1u
#define OTELC_KEYVALUE_VALUE                 2u
#define OTELC_SCOPE_NAME                     1u
#define OTELC_SCOPE_VERSION                  2u
#define OTELC_SCOPE_ATTRIBUTES               3u
#define OTELC_SCOPE_DROPPED_ATTRIBUTES_COUNT 4u
#define OTELC_ENTITYREF_SCHEMA_URL           1u
#define OTELC_ENTITYREF_TYPE                 2u
#define OTELC_ENTITYREF_ID_KEYS              3u
#define OTELC_ENTITYREF_DESCRIPTION_KEYS     4u

/* opentelemetry.proto.resource.v1.Resource */
#define OTELC_RESOURCE_ATTRIBUTES               1u
#define OTELC_RESOURCE_DROPPED_ATTRIBUTES_COUNT 2u
#define OTELC_RESOURCE_ENTITY_REFS              3u

/* opentelemetry.proto.trace.v1.Span */
#define OTELC_SPAN_TRACE_ID                  1u
#define OTELC_SPAN_SPAN_ID                   2u
#define OTELC_SPAN_TRACE_STATE               3u
#define OTELC_SPAN_PARENT_SPAN_ID            4u
#define OTELC_SPAN_NAME                      5u
#define OTELC_SPAN_KIND                      6u
#define OTELC_SPAN_START_TIME_UNIX_NANO      7u
#define OTELC_SPAN_END_TIME_UNIX_NANO        8u
#define OTELC_SPAN_ATTRIBUTES                9u
#define OTELC_SPAN_DROPPED_ATTRIBUTES_COUNT  10u
#define OTELC_SPAN_EVENTS                    11u
#define OTELC_SPAN_DROPPED_EVENTS_COUNT      12u
#define OTELC_SPAN_LINKS                     13u
#define OTELC_SPAN_DROPPED_LINKS_COUNT       14u
#define OTELC_SPAN_STATUS                    15u
#define OTELC_SPAN_FLAGS                     16u
#define OTELC_EVENT_TIME_UNIX_NANO           1u
#define OTELC_EVENT_NAME                     2u
#define OTELC_EVENT_ATTRIBUTES               3u
#define OTELC_EVENT_DROPPED_ATTRIBUTES_COUNT 4u
#define OTELC_LINK_TRACE_ID                  1u
#define OTELC_LINK_SPAN_ID                   2u
#define OTELC_LINK_TRACE_STATE               3u
#define OTELC_LINK_ATTRIBUTES                4u
#define OTELC_LINK_DROPPED_ATTRIBUTES_COUNT  5u
#define OTELC_LINK_FLAGS                     6u
#define OTELC_STATUS_MESSAGE                 2u
#define OTELC_STATUS_CODE                    3u
#define OTELC_SPAN_KIND_UNSPECIFIED          0
#define OTELC_SPAN_KIND_INTERNAL             1
#define OTELC_SPAN_KIND_SERVER               2
#define OTELC_SPAN_KIND_CLIENT               3
#define OTELC_SPAN_KIND_PRODUCER             4
#define OTELC_SPAN_KIND_CONSUMER             5
#define OTELC_STATUS_CODE_UNSET              0
#define OTELC_STATUS_CODE_OK                 1
#define OTELC_STATUS_CODE_ERROR              2

/* opentelemetry.proto.metrics.v1 */
#define OTELC_METRIC_NAME                  1u
#define OTELC_METRIC_DESCRIPTION           2u
#define OTELC_METRIC_UNIT                  3u
#define OTELC_METRIC_GAUGE                 5u
#define OTELC_METRIC_SUM                   7u
#define OTELC_METRIC_HISTOGRAM             9u
#define OTELC_METRIC_EXPONENTIAL_HISTOGRAM 10u
#define OTELC_METRIC_SUMMARY               11u
#define OTELC_METRIC_METADATA              12u
/* Gauge, Sum, Histogram, ExponentialHistogram, Summary */
#define OTELC_METRICDATA_DATA_POINTS             1u
#define OTELC_METRICDATA_AGGREGATION_TEMPORALITY 2u
#define OTELC_SUM_IS_MONOTONIC                   3u
#define OTELC_TEMPORALITY_UNSPECIFIED            0
#define OTELC_TEMPORALITY_DELTA                  1
#define OTELC_TEMPORALITY_CUMULATIVE             2
#define OTELC_NUMBERDP_START_TIME_UNIX_NANO      2u
#define OTELC_NUMBERDP_TIME_UNIX_NANO            3u
#define OTELC_NUMBERDP_AS_DOUBLE                 4u
#define OTELC_NUMBERDP_EXEMPLARS                 5u
#define OTELC_NUMBERDP_AS_INT                    6u
#define OTELC_NUMBERDP_ATTRIBUTES                7u
#define OTELC_NUMBERDP_FLAGS                     8u
#define OTELC_HISTOGRAMDP_START_TIME_UNIX_NANO   2u
#define OTELC_HISTOGRAMDP_TIME_UNIX_NANO         3u
#define OTELC_HISTOGRAMDP_COUNT                  4u
#define OTELC_HISTOGRAMDP_SUM                    5u
#define OTELC_HISTOGRAMDP_BUCKET_COUNTS          6u
#define OTELC_HISTOGRAMDP_EXPLICIT_BOUNDS        7u
#define OTELC_HISTOGRAMDP_EXEMPLARS              8u
#define OTELC_HISTOGRAMDP_ATTRIBUTES             9u
#define OTELC_HISTOGRAMDP_FLAGS                  10u
#define OTELC_HISTOGRAMDP_MIN                    11u
#define OTELC_HISTOGRAMDP_MAX                    12u
#define OTELC_EXPHISTDP_ATTRIBUTES               1u
#define OTELC_EXPHISTDP_START_TIME_UNIX_NANO     2u
#define OTELC_EXPHISTDP_TIME_UNIX_NANO           3u
#define OTELC_EXPHISTDP_COUNT                    4u
#define OTELC_EXPHISTDP_SUM                      5u
#define OTELC_EXPHISTDP_SCALE                    6u
#define OTELC_EXPHISTDP_ZERO_COUNT               7u
#define OTELC_EXPHISTDP_POSITIVE                 8u
#define OTELC_EXPHISTDP_NEGATIVE                 9u
#define OTELC_EXPHISTDP_FLAGS                    10u
#define OTELC_EXPHISTDP_EXEMPLARS                11u
#define OTELC_EXPHISTDP_MIN                      12u
#define OTELC_EXPHISTDP_MAX                      13u
#define OTELC_EXPHISTDP_ZERO_THRESHOLD           14u
#define OTELC_BUCKETS_OFFSET                     1u
#define OTELC_BUCKETS_BUCKET_COUNTS              2u
#define OTELC_SUMMARYDP_START_TIME_UNIX_NANO     2u
#define OTELC_SUMMARYDP_TIME_UNIX_NANO           3u
#define OTELC_SUMMARYDP_COUNT                    4u
#define OTELC_SUMMARYDP_SUM                      5u
#define OTELC_SUMMARYDP_QUANTILE_VALUES          6u
#define OTELC_SUMMARYDP_ATTRIBUTES               7u
#define OTELC_SUMMARYDP_FLAGS                    8u
#define OTELC_QUANTILE_QUANTILE                  1u
#define OTELC_QUANTILE_VALUE                     2u
#define OTELC_EXEMPLAR_TIME_UNIX_NANO            2u
#define OTELC_EXEMPLAR_AS_DOUBLE                 3u
#define OTELC_EXEMPLAR_SPAN_ID                   4u
#define OTELC_EXEMPLAR_TRACE_ID                  5u
#define OTELC_EXEMPLAR_AS_INT                    6u
#define OTELC_EXEMPLAR_FILTERED_ATTRIBUTES       7u

/* opentelemetry.proto.logs.v1.LogRecord */
#define OTELC_LOG_TIME_UNIX_NANO           1u
#define OTELC_LOG_SEVERITY_NUMBER          2u
#define OTELC_LOG_SEVERITY_TEXT            3u
#define OTELC_LOG_BODY                     5u
#define OTELC_LOG_ATTRIBUTES               6u
#define OTELC_LOG_DROPPED_ATTRIBUTES_COUNT 7u
#define OTELC_LOG_FLAGS                    8u
#define OTELC_LOG_TRACE_ID                 9u
#define OTELC_LOG_SPAN_ID                  10u
#define OTELC_LOG_OBSERVED_TIME_UNIX_NANO  11u
#define OTELC_LOG_EVENT_NAME               12u
#define OTELC_SEVERITY_TRACE               1
#define OTELC_SEVERITY_DEBUG               5
#define OTELC_SEVERITY_INFO                9
#define OTELC_SEVERITY_WARN                13
#define OTELC_SEVERITY_ERROR               17
#define OTELC_SEVERITY_FATAL               21

/* Export*ServiceResponse / Export*PartialSuccess */
#define OTELC_RESPONSE_PARTIAL_SUCCESS 1u
#define OTELC_PARTIAL_REJECTED         1u
#define OTELC_PARTIAL_ERROR_MESSAGE    2u

#endif
