/* The in-tree plugins' config schemas, through the real plugin files
 * (the .so files in build/lib/otelc/plugins, loaded as the collector loads
 * them) and the in-process harness: one behaviour per case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "schema.h"
#include "testlib.h"

static struct otelc__registry reg;

/* The definitions of every in-tree component, loaded once per case. */
static void
load(otelc_component_def *defs, size_t *n)
{
    memset(&reg, 0, sizeof(reg));
    CHECK(otelc__registry_load(&reg, OTELC_TEST_PLUGIN_DIR) == 0);
    CHECK(reg.n_comps >= 8 && reg.n_comps <= HARNESS_MAX_DEFS);
    for (size_t i = 0; i < reg.n_comps; i++)
        defs[i] = reg.comps[i]->def;
    *n = reg.n_comps;
}

/* Validates a config built from one section of `kind` ("receivers") for
 * component `id`, in a traces pipeline with generator and nop; returns
 * the messages joined, one per line, in out. */
static size_t
validate(const char *kind, const char *id, const char *body, char *out,
         size_t cap)
{
    otelc_component_def defs[HARNESS_MAX_DEFS];
    struct harness      h;
    char                yaml[4096];
    size_t              n, errors;
    int                 recv = strcmp(kind, "receivers") == 0,
        proc = strcmp(kind, "processors") == 0;

    load(defs, &n);
    snprintf(yaml, sizeof(yaml),
             "%s:\n  %s:%s\n"
             "%s%s"
             "service:\n  pipelines:\n    traces:\n"
             "      receivers: [%s]\n%s%s%s\n      exporters: [%s]\n",
             kind, id, body, recv ? "" : "receivers:\n  generator:\n",
             recv || proc ? "exporters:\n  nop:\n" : "",
             recv ? id : "generator", proc ? "      processors: [" : "",
             proc ? id : "", proc ? "]" : "", recv || proc ? "nop" : id);
    harness_registry(&h, defs, n);
    harness_validate(&h, yaml);
    errors = otelc__diag_errors(&h.diag);
    out[0] = '\0';
    for (size_t i = 0; i < otelc__diag_count(&h.diag); i++) {
        strncat(out, otelc__diag_text(&h.diag, i), cap - strlen(out) - 2);
        strcat(out, "\n");
    }
    harness_free(&h);
    otelc__registry_free(&reg);
    return errors;
}

/* Every in-tree component has a schema that passes the lint. */
static void
t_every_plugin_has_a_clean_schema(void)
{
    otelc_component_def defs[HARNESS_MAX_DEFS];
    otelc__diag         d = {0};
    size_t              n;

    load(defs, &n);
    for (size_t i = 0; i < n; i++) {
        CHECK(defs[i].config_schema != NULL);
        CHECK_INT(otelc__schema_lint(defs[i].config_schema,
                                     defs[i].config_option_size, defs[i].type,
                                     &d),
                  0);
        CHECK(defs[i].validate == NULL);
    }
    otelc__registry_free(&reg);
}

static void
t_defaults_are_valid_everywhere(void)
{
    char out[4096];

    CHECK_INT(validate("processors", "batch", "", out, sizeof(out)), 0);
    CHECK_INT(validate("exporters", "debug", "", out, sizeof(out)), 0);
    CHECK_INT(validate("exporters", "nop", "", out, sizeof(out)), 0);
    CHECK_INT(validate("receivers", "otlp", " {protocols: {grpc: }}", out,
                       sizeof(out)),
              0);
}

static void
t_generator_range_names_line(void)
{
    char out[4096];

    CHECK_INT(validate("receivers", "generator", " {attributes: 129}", out,
                       sizeof(out)),
              1);
    CHECK_CONTAINS(out, "test.yaml:2:15: receivers.generator.attributes: "
                        "must be at most 128, got \"129\"");
}

static void
t_debug_bad_verbosity_lists_values(void)
{
    char out[4096];

    CHECK_INT(validate("exporters", "debug", "\n    verbosity: loud", out,
                       sizeof(out)),
              1);
    CHECK_CONTAINS(out, "test.yaml:3:5: exporters.debug.verbosity: invalid "
                        "value \"loud\": expected one of \"basic\", "
                        "\"normal\", \"detailed\"");
    /* otelcol's spelling with a capital letter is accepted. */
    CHECK_INT(validate("exporters", "debug", " {verbosity: Detailed}", out,
                       sizeof(out)),
              0);
}

static void
t_file_path_required(void)
{
    char out[4096];

    CHECK_INT(
        validate("exporters", "file", " {format: proto}", out, sizeof(out)), 1);
    CHECK_CONTAINS(out, "exporters.file: missing required key \"path\"");
    CHECK_INT(validate("exporters", "file", " {path: \"\"}", out, sizeof(out)),
              1);
    CHECK_CONTAINS(out, "exporters.file.path: must be non-empty");
}

static void
t_nop_takes_no_settings(void)
{
    char out[4096];

    CHECK_INT(
        validate("exporters", "nop", " {verbose: true}", out, sizeof(out)), 1);
    CHECK_CONTAINS(out, "exporters.nop.verbose: unknown key \"verbose\"");
}

static void
t_otlp_receiver_unknown_key_in_block(void)
{
    char out[4096];

    CHECK_INT(validate("receivers", "otlp",
                       "\n    protocols:\n      grpc:\n"
                       "        endpoint: 127.0.0.1:0\n        bogus: 1",
                       out, sizeof(out)),
              1);
    CHECK_CONTAINS(out, "test.yaml:6:9: receivers.otlp.protocols.grpc.bogus: "
                        "unknown key \"bogus\"");
}

static void
t_otlp_receiver_tls_version_lists_values(void)
{
    char out[4096];

    CHECK_INT(validate("receivers", "otlp",
                       " {protocols: {http: {tls: {min_version: \"1.1\"}}}}",
                       out, sizeof(out)),
              1);
    CHECK_CONTAINS(out, "protocols.http.tls.min_version: invalid value "
                        "\"1.1\": expected one of \"1.2\", \"1.3\"");
}

static void
t_exporter_secret_header_not_printed(void)
{
    char out[4096];

    CHECK(validate("exporters", "otlp_http",
                   "\n    endpoint: http://localhost:4318"
                   "\n    headers: {authorization: [Bearer, s3cr3t-token]}",
                   out, sizeof(out)) >= 1);
    CHECK_CONTAINS(out, "exporters.otlp_http.headers.authorization: expected "
                        "a string, got a list");
    CHECK(strstr(out, "s3cr3t") == NULL);
}

static void
t_exporter_one_error_no_cascade(void)
{
    char out[4096];

    CHECK_INT(validate("exporters", "otlp_grpc",
                       "\n    endpoint: localhost:4317"
                       "\n    compression: brotli"
                       "\n    retry_on_failure: {enabled: true}"
                       "\n    sending_queue: {queue_size: 10}",
                       out, sizeof(out)),
              1);
    CHECK_CONTAINS(out, "exporters.otlp_grpc.compression:");
}

static void
t_exporter_helper_keys_checked(void)
{
    char out[4096];

    CHECK_INT(validate("exporters", "otlp_grpc",
                       "\n    endpoint: localhost:4317"
                       "\n    retry_on_failure: {randomization_factor: 2}"
                       "\n    timeout: 1x",
                       out, sizeof(out)),
              2);
    CHECK_CONTAINS(out, "retry_on_failure.randomization_factor: must be at "
                        "most 1, got \"2\"");
    CHECK_CONTAINS(out, "exporters.otlp_grpc.timeout: expected a duration");
}

static void
t_grpc_exporter_endpoint_required(void)
{
    char out[4096];

    CHECK_INT(validate("exporters", "otlp_grpc", " {tls: {insecure: true}}",
                       out, sizeof(out)),
              1);
    CHECK_CONTAINS(out, "exporters.otlp_grpc: missing required key "
                        "\"endpoint\"");
}

static void
t_batch_cross_key_check_still_runs(void)
{
    char out[4096];

    CHECK_INT(validate("processors", "batch",
                       " {send_batch_size: 100, send_batch_max_size: 10}", out,
                       sizeof(out)),
              1);
    CHECK_CONTAINS(out, "send_batch_max_size (10) must be greater than or "
                        "equal to send_batch_size (100)");
}

static const struct test_case cases[] = {
    TEST_CASE(t_every_plugin_has_a_clean_schema),
    TEST_CASE(t_defaults_are_valid_everywhere),
    TEST_CASE(t_generator_range_names_line),
    TEST_CASE(t_debug_bad_verbosity_lists_values),
    TEST_CASE(t_file_path_required),
    TEST_CASE(t_nop_takes_no_settings),
    TEST_CASE(t_otlp_receiver_unknown_key_in_block),
    TEST_CASE(t_otlp_receiver_tls_version_lists_values),
    TEST_CASE(t_exporter_secret_header_not_printed),
    TEST_CASE(t_exporter_one_error_no_cascade),
    TEST_CASE(t_exporter_helper_keys_checked),
    TEST_CASE(t_grpc_exporter_endpoint_required),
    TEST_CASE(t_batch_cross_key_check_still_runs),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
