/* Service validation: every kind of config error is reported once, with
 * the YAML path, file and line, against a registry of in-process test
 * components (no plugins needed). */
#include <otelc/otelc.h>

#include "harness.h"
#include "testlib.h"

static int
t_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    const char *endpoint;
    int64_t     size;
    int rc = otelc_cfg_str(ctx, cfg, "endpoint", "localhost:1", &endpoint);
    if (rc == OTELC_OK)
        rc = otelc_cfg_int(ctx, cfg, "size", 10, &size);
    if (rc == OTELC_OK && size <= 0)
        rc = otelc_cfg_error(ctx, otelc_cfg_child(cfg, "size"),
                             "size must be positive");
    *state = rc == OTELC_OK ? (void *)ctx : NULL;
    return rc;
}
static void
t_destroy(void *state)
{
    (void)state;
}
static int
t_consume(void *state, otelc_batch *b)
{
    (void)state;
    otelc_batch_release(b);
    return OTELC_OK;
}

static const char *const rx_aliases[] = {"rx_old", NULL};

static otelc_component_def defs[] = {
    {sizeof(otelc_component_def),
     OTELC_KIND_RECEIVER,
     "rx",
     rx_aliases,
     OTELC_SIGNAL_TRACES | OTELC_SIGNAL_METRICS,
     0,
     OTELC_STABILITY_BETA,
     0,
     NULL,
     NULL,
     t_create,
     NULL,
     NULL,
     NULL,
     t_destroy,
     NULL,
     0,
     0,
     {0}},
    {sizeof(otelc_component_def),
     OTELC_KIND_PROCESSOR,
     "px",
     NULL,
     OTELC_SIGNALS_ALL,
     0,
     OTELC_STABILITY_BETA,
     0,
     NULL,
     NULL,
     t_create,
     NULL,
     t_consume,
     NULL,
     t_destroy,
     NULL,
     0,
     0,
     {0}},
    {sizeof(otelc_component_def),
     OTELC_KIND_EXPORTER,
     "ex",
     NULL,
     OTELC_SIGNAL_TRACES,
     0,
     OTELC_STABILITY_BETA,
     0,
     NULL,
     NULL,
     t_create,
     NULL,
     t_consume,
     NULL,
     t_destroy,
     NULL,
     0,
     0,
     {0}},
    {sizeof(otelc_component_def),
     OTELC_KIND_CONNECTOR,
     "cx",
     NULL,
     OTELC_SIGNALS_ALL,
     0,
     OTELC_STABILITY_BETA,
     0,
     NULL,
     NULL,
     t_create,
     NULL,
     t_consume,
     NULL,
     t_destroy,
     NULL,
     0,
     0,
     {0}},
};

/* Validates yaml; returns all diagnostics joined by newlines. */
static char *
check(const char *yaml, size_t *errors)
{
    struct harness h;
    char          *out = NULL;
    size_t         len = 0;
    FILE          *f = open_memstream(&out, &len);

    harness_registry(&h, defs, sizeof(defs) / sizeof(defs[0]));
    *errors = harness_validate(&h, yaml);
    otelc__diag_print(&h.diag, f);
    fclose(f);
    harness_free(&h);
    return out;
}

#define BASE_SERVICE                                                           \
    "service:\n"                                                               \
    "  pipelines:\n"                                                           \
    "    traces:\n"                                                            \
    "      receivers: [rx]\n"                                                  \
    "      processors: [px]\n"                                                 \
    "      exporters: [ex]\n"

static void
t_valid(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\n    endpoint: a:1\n"
                        "processors:\n  px:\n    size: 5\n"
                        "exporters:\n  ex:\n" BASE_SERVICE,
                       &n);
    CHECK_INT(n, 0);
    free(out);
}

static void
t_unknown_top_level_key(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nprocessors:\n  px:\n"
                        "exporters:\n  ex:\n" BASE_SERVICE "extra: 1\n",
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:13:1: extra: unknown key \"extra\"");
    free(out);
}

static void
t_unknown_component_key(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\n    endpoint: a:1\n    endpiont: "
                        "b\nprocessors:\n  px:\nexporters:\n  ex:\n" BASE_SERVICE,
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:4:5: receivers.rx.endpiont: unknown key");
    free(out);
}

static void
t_wrong_type(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nprocessors:\n  px:\n    size: "
                        "lots\nexporters:\n  ex:\n" BASE_SERVICE,
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:5:5: processors.px.size: expected an "
                        "integer");
    free(out);
}

static void
t_plugin_reported_error(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nprocessors:\n  px:\n    size: "
                        "-3\nexporters:\n  ex:\n" BASE_SERVICE,
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:5:5: processors.px.size: size must be "
                        "positive");
    free(out);
}

static void
t_undefined_component(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nprocessors:\n  px:\n"
                        "exporters:\n  ex:\n"
                        "service:\n  pipelines:\n    traces:\n"
                        "      receivers: [rx]\n      processors: [px]\n"
                        "      exporters: [ex, nope]\n",
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:12:23: "
                        "service.pipelines.traces.exporters[1]: exporter "
                        "\"nope\" is not defined in exporters");
    free(out);
}

static void
t_unused_component(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nprocessors:\n  px:\n"
                        "exporters:\n  ex:\n  ex/spare:\n" BASE_SERVICE,
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:7:3: exporters.ex/spare: exporter "
                        "\"ex/spare\" is defined but not used by any "
                        "pipeline");
    free(out);
}

static void
t_unsupported_signal(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nprocessors:\n  px:\n"
                        "exporters:\n  ex:\n"
                        "service:\n  pipelines:\n    logs:\n"
                        "      receivers: [rx]\n      processors: [px]\n"
                        "      exporters: [ex]\n",
                       &n);
    CHECK_INT(n, 2);
    CHECK_CONTAINS(out, "test.yaml:10:19: service.pipelines.logs.receivers[0]: "
                        "receiver \"rx\" does not support logs (it supports "
                        "traces,metrics)");
    CHECK_CONTAINS(out, "test.yaml:12:19: service.pipelines.logs.exporters[0]: "
                        "exporter \"ex\" does not support logs");
    free(out);
}

static void
t_unknown_type_and_alias(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx_old:\n  zz:\nprocessors:\n  px:\n"
                        "exporters:\n  ex:\n"
                        "service:\n  pipelines:\n    traces:\n"
                        "      receivers: [rx_old, zz]\n      processors: "
                        "[px]\n      exporters: [ex]\n",
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:3:3: receivers.zz: unknown receiver type "
                        "\"zz\"");
    CHECK_CONTAINS(out, "warning: test.yaml:2:3: receivers.rx_old: receiver "
                        "type \"rx_old\" is deprecated, use \"rx\"");
    free(out);
}

static void
t_bad_pipeline_id_and_missing_exporters(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nexporters:\n  ex:\n"
                        "service:\n  pipelines:\n    spans:\n"
                        "      receivers: [rx]\n      exporters: [ex]\n"
                        "    traces:\n      receivers: [rx]\n",
                       &n);
    CHECK_CONTAINS(out, "test.yaml:7:5: service.pipelines.spans: invalid "
                        "pipeline id \"spans\"");
    CHECK_CONTAINS(out, "pipeline \"traces\" must have at least one "
                        "exporter");
    CHECK(n >= 2);
    free(out);
}

static void
t_connector_must_be_both(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nexporters:\n  ex:\n"
                        "connectors:\n  cx:\n"
                        "service:\n  pipelines:\n    traces:\n"
                        "      receivers: [rx]\n      exporters: [ex, cx]\n",
                       &n);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(out, "test.yaml:6:3: connectors.cx: connector \"cx\" must "
                        "be used both as an exporter and as a receiver");
    free(out);
}

static void
t_several_errors_at_once(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\n    bogus: 1\nprocessors:\n  px:\n"
                        "    size: x\nexporters:\n  ex:\n  ex/b:\n"
                        "service:\n  workers: many\n  pipelines:\n    traces:\n"
                        "      receivers: [rx]\n      processors: [px]\n"
                        "      exporters: [ex]\n",
                       &n);
    CHECK_INT(n, 4);
    CHECK_CONTAINS(out, "receivers.rx.bogus: unknown key");
    CHECK_CONTAINS(out, "processors.px.size: expected an integer");
    CHECK_CONTAINS(out, "exporters.ex/b: exporter \"ex/b\" is defined but "
                        "not used");
    CHECK_CONTAINS(out, "test.yaml:11:3: service.workers: expected an "
                        "integer");
    free(out);
}

/* An unknown type says what would have been valid, where plugins were
 * looked for, and how to list them. */
static void
t_unknown_type_lists_available(void)
{
    static char   *dirs[] = {(char *)"/test/plugins", (char *)"/opt/more"};
    struct harness h;
    char          *out = NULL;
    size_t         len = 0, n;
    FILE          *f = open_memstream(&out, &len);

    harness_registry(&h, defs, sizeof(defs) / sizeof(defs[0]));
    h.reg.dirs = dirs;
    h.reg.n_dirs = 2;
    n = harness_validate(&h, "receivers:\n  rxx:\nexporters:\n  ex:\n"
                             "  zzz/a:\n"
                             "service:\n  pipelines:\n    traces:\n"
                             "      receivers: [rxx]\n"
                             "      exporters: [ex, zzz/a]\n");
    otelc__diag_print(&h.diag, f);
    fclose(f);
    harness_free(&h);
    CHECK_INT(n, 2);
    CHECK_CONTAINS(out, "test.yaml:2:3: receivers.rxx: unknown receiver type "
                        "\"rxx\" (did you mean `rx`?); available receiver "
                        "types: rx; plugin directories searched: "
                        "/test/plugins, /opt/more; `otelc components` lists "
                        "every component");
    CHECK_CONTAINS(out, "test.yaml:5:3: exporters.zzz/a: unknown exporter type "
                        "\"zzz\"; available exporter types: ex; plugin");
    free(out);
}

/* One round reports everything: pipeline errors, and the settings of
 * every defined component, used or not. */
static void
t_one_round_reports_all(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\n"
                        "processors:\n  px:\n    size: -3\n"
                        "exporters:\n  ex:\n  ex/spare:\n    endpiont: x\n"
                        "service:\n  pipelines:\n    traces:\n"
                        "      receivers: [rx]\n"
                        "      exporters: [ex, nope]\n",
                       &n);
    CHECK_CONTAINS(out, "exporter \"nope\" is not defined");
    CHECK_CONTAINS(out, "processors.px: processor \"px\" is defined but not "
                        "used");
    CHECK_CONTAINS(out, "test.yaml:5:5: processors.px.size: size must be "
                        "positive");
    CHECK_CONTAINS(out, "test.yaml:9:5: exporters.ex/spare.endpiont: unknown "
                        "key \"endpiont\" (did you mean `endpoint`?)");
    CHECK_INT(n, 5);
    free(out);
}

/* The location prefix already names the path: the text does not again. */
static void
t_path_said_once(void)
{
    size_t n;
    char  *out = check("receivers:\n  rx:\nexporters:\n  ex:\n"
                        "service:\n  pipelines:\n",
                       &n);
    CHECK_CONTAINS(out, "test.yaml:6:3: service.pipelines: at least one "
                        "pipeline is required");
    CHECK(strstr(out, "service.pipelines: service.pipelines") == NULL);
    free(out);
    out = check("receivers:\n  rx:\nservice: 1\n", &n);
    CHECK_CONTAINS(out, "test.yaml:3:1: service: a service section with "
                        "pipelines is required");
    CHECK(strstr(out, "service: service") == NULL);
    free(out);
}

static const struct test_case cases[] = {
    TEST_CASE(t_valid),
    TEST_CASE(t_unknown_top_level_key),
    TEST_CASE(t_unknown_component_key),
    TEST_CASE(t_wrong_type),
    TEST_CASE(t_plugin_reported_error),
    TEST_CASE(t_undefined_component),
    TEST_CASE(t_unused_component),
    TEST_CASE(t_unsupported_signal),
    TEST_CASE(t_unknown_type_and_alias),
    TEST_CASE(t_bad_pipeline_id_and_missing_exporters),
    TEST_CASE(t_connector_must_be_both),
    TEST_CASE(t_several_errors_at_once),
    TEST_CASE(t_unknown_type_lists_available),
    TEST_CASE(t_one_round_reports_all),
    TEST_CASE(t_path_said_once),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
