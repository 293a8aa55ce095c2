/* Reading what OTLP servers answer (otelc_otlp_response_read and
 * otelc_rpc_status_read): partial success in protobuf and OTLP/JSON for
 * each signal, google.rpc.Status bodies, and malformed bodies refused. */
#include <otelc/otelc.h>

#include "api.h"
#include "host_table.h"
#include "testlib.h"

static const otelc_host_api *api;

static void
t_partial_success_protobuf(void)
{
    /* ExportTraceServiceResponse{partial_success{rejected_spans: 3,
     * error_message: "bad ids"}} */
    static const unsigned char pb[] = {0x0a, 0x0b, 0x08, 0x03, 0x12, 0x07, 'b',
                                       'a',  'd',  ' ',  'i',  'd',  's'};
    int64_t                    rejected = -1;
    char                       msg[64];

    for (int sig = 1; sig <= 4; sig <<= 1) {
        CHECK_INT(api->otlp_response_read(NULL, sig, pb, sizeof(pb), 0,
                                          &rejected, msg, sizeof(msg)),
                  OTELC_OK);
        CHECK_INT(rejected, 3);
        CHECK_STR(msg, "bad ids");
    }
    /* An empty response: nothing rejected. */
    CHECK_INT(api->otlp_response_read(NULL, OTELC_SIGNAL_LOGS, "", 0, 0,
                                      &rejected, msg, sizeof(msg)),
              OTELC_OK);
    CHECK_INT(rejected, 0);
    CHECK_STR(msg, "");
    /* Cut to the caller's buffer. */
    CHECK_INT(api->otlp_response_read(NULL, OTELC_SIGNAL_TRACES, pb, sizeof(pb),
                                      0, &rejected, msg, 4),
              OTELC_OK);
    CHECK_STR(msg, "bad");
    /* Truncated bytes are refused. */
    CHECK_INT(api->otlp_response_read(NULL, OTELC_SIGNAL_TRACES, pb, 5, 0,
                                      &rejected, msg, sizeof(msg)),
              OTELC_E_PERMANENT);
}

static void
t_partial_success_json(void)
{
    static const char metrics[] =
        "{\"partialSuccess\":{\"rejectedDataPoints\":\"7\","
        "\"errorMessage\":\"too old\"}}";
    static const char logs[] =
        "{\"partial_success\":{\"rejected_log_records\":2}}";
    int64_t rejected = -1;
    char    msg[64];

    CHECK_INT(api->otlp_response_read(NULL, OTELC_SIGNAL_METRICS, metrics,
                                      sizeof(metrics) - 1, OTELC_RESPONSE_JSON,
                                      &rejected, msg, sizeof(msg)),
              OTELC_OK);
    CHECK_INT(rejected, 7);
    CHECK_STR(msg, "too old");
    CHECK_INT(api->otlp_response_read(NULL, OTELC_SIGNAL_LOGS, logs,
                                      sizeof(logs) - 1, OTELC_RESPONSE_JSON,
                                      &rejected, msg, sizeof(msg)),
              OTELC_OK);
    CHECK_INT(rejected, 2);
    CHECK_STR(msg, "");
    CHECK_INT(api->otlp_response_read(NULL, OTELC_SIGNAL_TRACES, "{}", 2,
                                      OTELC_RESPONSE_JSON, &rejected, msg,
                                      sizeof(msg)),
              OTELC_OK);
    CHECK_INT(rejected, 0);
    CHECK_INT(api->otlp_response_read(NULL, OTELC_SIGNAL_TRACES, "{\"partial",
                                      9, OTELC_RESPONSE_JSON, &rejected, msg,
                                      sizeof(msg)),
              OTELC_E_PERMANENT);
}

static void
t_rpc_status(void)
{
    /* Status{code: 3, message: "no"} */
    static const unsigned char pb[] = {0x08, 0x03, 0x12, 0x02, 'n', 'o'};
    static const char          js[] = "{\"code\":8,\"message\":\"slow down\"}";
    int                        code = -1;
    char                       msg[64];

    CHECK_INT(
        api->rpc_status_read(NULL, pb, sizeof(pb), 0, &code, msg, sizeof(msg)),
        OTELC_OK);
    CHECK_INT(code, 3);
    CHECK_STR(msg, "no");
    CHECK_INT(api->rpc_status_read(NULL, js, sizeof(js) - 1,
                                   OTELC_RESPONSE_JSON, &code, msg,
                                   sizeof(msg)),
              OTELC_OK);
    CHECK_INT(code, 8);
    CHECK_STR(msg, "slow down");
    CHECK_INT(api->rpc_status_read(NULL, pb, 3, 0, &code, msg, sizeof(msg)),
              OTELC_E_PERMANENT);
    CHECK_INT(api->rpc_status_read(NULL, "oops", 4, OTELC_RESPONSE_JSON, &code,
                                   msg, sizeof(msg)),
              OTELC_E_PERMANENT);
    /* Only OTELC_RESPONSE_JSON selects JSON: other bits are ignored. */
    CHECK_INT(api->rpc_status_read(NULL, pb, sizeof(pb), 0x100u, &code, msg,
                                   sizeof(msg)),
              OTELC_OK);
    CHECK_INT(code, 3);
}

static const struct test_case cases[] = {
    TEST_CASE(t_partial_success_protobuf),
    TEST_CASE(t_partial_success_json),
    TEST_CASE(t_rpc_status),
};

int
main(int argc, char **argv)
{
    api = &otelc__host_api;
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
