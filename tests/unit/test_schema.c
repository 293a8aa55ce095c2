/* The declarative config schema (otelc/config.h, core/config/schema.c):
 * reading a section into a struct, every error once with its location,
 * secrets never printed, no cascade after an error, and the standard
 * block tables agreeing key for key with the parsers they describe. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_config.h"
#include "exporter_helper.h"
#include "harness.h"
#include "schema.h"
#include "server.h"
#include "testlib.h"

/* ---- a table with every option type ---- */

struct item {
    const char *name;
    int64_t     weight;
};

struct nested {
    int64_t depth;
    int     on;
};

struct all {
    const char         *s;
    int                 b;
    int64_t             i;
    double              d;
    int64_t             dur;
    int64_t             bytes;
    int                 e;
    otelc_cfg_strings   list;
    otelc_cfg_pairs     map;
    struct nested       sec;
    otelc_cfg_sections  items;
    const otelc_config *node;
    const char         *token;
    const char         *req;
    int64_t             renamed;
};

#define A(key, type, member, ...)                                              \
    OTELC_OPTION(key, type, struct all, member, __VA_ARGS__)
#define N(key, type, member, ...)                                              \
    OTELC_OPTION(key, type, struct nested, member, __VA_ARGS__)
#define I(key, type, member, ...)                                              \
    OTELC_OPTION(key, type, struct item, member, __VA_ARGS__)

static const otelc_option nested_options[] = {
    N("depth", OTELC_OPT_INT, depth, .def = "3", .help = "d"),
    N("on", OTELC_OPT_BOOL, on, .def = "true", .help = "o"), OTELC_OPTIONS_END};

static const otelc_option item_options[] = {
    I("name", OTELC_OPT_STRING, name, .flags = OTELC_OPT_REQUIRED, .help = "n"),
    I("weight", OTELC_OPT_INT, weight, .def = "1", .help = "w"),
    OTELC_OPTIONS_END};

static const otelc_option all_options[] = {
    A("s", OTELC_OPT_STRING, s, .def = "dflt", .help = "a string"),
    A("b", OTELC_OPT_BOOL, b, .def = "true", .help = "a bool"),
    A("i", OTELC_OPT_INT, i, .def = "10", .min = "1", .max = "100",
      .help = "an int"),
    A("d", OTELC_OPT_DOUBLE, d, .def = "0.5", .min = "0", .max = "1",
      .help = "a double"),
    A("dur", OTELC_OPT_DURATION, dur, .def = "200ms", .help = "a duration"),
    A("bytes", OTELC_OPT_BYTES, bytes, .def = "4MiB", .help = "a size"),
    A("e", OTELC_OPT_ENUM, e, .def = "two",
      .values = (const char *const[]){"one", "two", "three", NULL},
      .help = "an enum"),
    A("list", OTELC_OPT_STRING_LIST, list, .help = "strings"),
    A("map", OTELC_OPT_STRING_MAP, map, .help = "pairs"),
    A("sec", OTELC_OPT_SECTION, sec, .sub = nested_options, .help = "nested"),
    A("items", OTELC_OPT_SECTION_LIST, items, .sub = item_options,
      .sub_size = sizeof(struct item), .help = "sections"),
    A("node", OTELC_OPT_NODE, node, .help = "anything"),
    A("token", OTELC_OPT_STRING, token, .flags = OTELC_OPT_SECRET,
      .help = "a secret"),
    A("req", OTELC_OPT_STRING, req, .help = "plain"),
    A("renamed", OTELC_OPT_INT, renamed, .def = "7", .help = "new name"),
    A("old_name", OTELC_OPT_INT, renamed, .flags = OTELC_OPT_DEPRECATED,
      .alias_of = "renamed", .help = "old name"),
    OTELC_OPTIONS_END};

/* Reads `yaml`'s top-level key "section" through opts; the
 * messages are joined in out. */
static int
read_yaml(const char *yaml, const otelc_option *opts, void *dst, char *out,
          size_t cap, otelc_config **root_out, struct otelc__cfg_mem *mem)
{
    otelc__diag   d = {0};
    otelc_config *root = otelc__cfg_load_string("s.yaml", yaml, &d);
    int           rc;

    CHECK(root != NULL);
    rc = otelc__schema_read(NULL, otelc__cfg_get(root, "section"), opts,
                            sizeof(otelc_option), dst, mem, root, &d);
    out[0] = '\0';
    for (size_t i = 0; i < otelc__diag_count(&d); i++) {
        strncat(out, otelc__diag_text(&d, i), cap - strlen(out) - 2);
        strcat(out, "\n");
    }
    otelc__diag_free(&d);
    *root_out = root;
    return rc;
}

static size_t
lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void
t_defaults_applied(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    memset(&a, 0xff, sizeof(a));
    CHECK_INT(
        read_yaml("section:\n", all_options, &a, out, sizeof(out), &root, &mem),
        OTELC_OK);
    CHECK_STR(out, "");
    CHECK_STR(a.s, "dflt");
    CHECK_INT(a.b, 1);
    CHECK_INT(a.i, 10);
    CHECK(a.d == 0.5);
    CHECK_INT(a.dur, 200000000);
    CHECK_INT(a.bytes, 4 * 1024 * 1024);
    CHECK_INT(a.e, 1);
    CHECK_INT(a.list.n, 0);
    CHECK_INT(a.map.n, 0);
    CHECK_INT(a.sec.depth, 3);
    CHECK_INT(a.sec.on, 1);
    CHECK_INT(a.items.n, 0);
    CHECK(a.node == NULL);
    CHECK(a.token == NULL);
    CHECK_INT(a.renamed, 7);
    otelc__cfg_mem_free(&mem);
    otelc__cfg_free(root);
}

static void
t_values_read(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];
    const struct item    *it;

    CHECK_INT(read_yaml("section:\n"
                        "  s: hello\n"
                        "  b: false\n"
                        "  i: 0x10\n"
                        "  d: 1\n"
                        "  dur: 1m30s\n"
                        "  bytes: 1.5 KiB\n"
                        "  e: three\n"
                        "  list: [a, b]\n"
                        "  map: {x-one: \"1\", x-two: }\n"
                        "  sec: {depth: 9}\n"
                        "  items: [{name: a}, {name: b, weight: 5}]\n"
                        "  node: {whatever: [1, 2]}\n",
                        all_options, &a, out, sizeof(out), &root, &mem),
              OTELC_OK);
    CHECK_STR(out, "");
    CHECK_STR(a.s, "hello");
    CHECK_INT(a.b, 0);
    CHECK_INT(a.i, 16);
    CHECK(a.d == 1.0);
    CHECK_INT(a.dur, INT64_C(90000000000));
    CHECK_INT(a.bytes, 1536);
    CHECK_INT(a.e, 2);
    CHECK_INT(a.list.n, 2);
    CHECK_STR(a.list.v[1], "b");
    CHECK_INT(a.map.n, 2);
    CHECK_STR(a.map.v[0].key, "x-one");
    CHECK_STR(a.map.v[0].value, "1");
    CHECK_STR(a.map.v[1].value, "");
    CHECK_INT(a.sec.depth, 9);
    CHECK_INT(a.sec.on, 1); /* the rest of a section keeps its defaults */
    CHECK_INT(a.items.n, 2);
    it = a.items.v;
    CHECK_STR(it[0].name, "a");
    CHECK_INT(it[0].weight, 1);
    CHECK_INT(it[1].weight, 5);
    CHECK(otelc__cfg_kind(a.node) == OTELC_CFG_MAP);
    otelc__cfg_mem_free(&mem);
    otelc__cfg_free(root);
}

static void
t_string_map_as_name_value_list(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    CHECK_INT(read_yaml("section:\n"
                        "  map:\n"
                        "    - {name: a, value: b}\n"
                        "    - {name: c}\n",
                        all_options, &a, out, sizeof(out), &root, &mem),
              OTELC_OK);
    CHECK_INT(a.map.n, 2);
    CHECK_STR(a.map.v[0].key, "a");
    CHECK_STR(a.map.v[0].value, "b");
    CHECK_STR(a.map.v[1].value, "");
    otelc__cfg_mem_free(&mem);
    otelc__cfg_free(root);
}

static void
t_bad_enum_names_allowed_values_and_line(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    CHECK_INT(read_yaml("section:\n  s: x\n  e: four\n", all_options, &a, out,
                        sizeof(out), &root, &mem),
              OTELC_E_CONFIG);
    CHECK_CONTAINS(out, "s.yaml:3:3: section.e: invalid value \"four\": "
                        "expected one of \"one\", \"two\", \"three\"");
    CHECK_INT(lines(out), 1);
    CHECK_INT(a.e, 1); /* the default */
    otelc__cfg_mem_free(&mem);
    otelc__cfg_free(root);
}

/* A YAML 1.1 boolean is a string to YAML 1.2: the error says so, as the
 * typed getter's does. */
static void
t_yaml11_bool_hint(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    CHECK_INT(read_yaml("section:\n  s: x\n  b: yes\n", all_options, &a, out,
                        sizeof(out), &root, &mem),
              OTELC_E_CONFIG);
    CHECK_CONTAINS(out, "section.b: expected true or false (YAML 1.2 reads "
                        "this as a string): \"yes\"");
    CHECK_INT(lines(out), 1);
    otelc__cfg_mem_free(&mem);
    otelc__cfg_free(root);
}

static const otelc_option secret_enum[] = {
    OTELC_OPTION("mode", OTELC_OPT_ENUM, struct all, e,
                 .flags = OTELC_OPT_SECRET,
                 .values = (const char *const[]){"a", "b", NULL}, .help = "s"),
    OTELC_OPTIONS_END};

static void
t_secret_not_printed(void)
{
    static const otelc_option secret_int[] = {
        OTELC_OPTION("pin", OTELC_OPT_INT, struct all, i,
                     .flags = OTELC_OPT_SECRET, .help = "a secret number"),
        OTELC_OPTIONS_END};
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    CHECK_INT(read_yaml("section:\n  pin: hunter2\n", secret_int, &a, out,
                        sizeof(out), &root, &mem),
              OTELC_E_CONFIG);
    CHECK_CONTAINS(out, "section.pin: expected an integer, got <secret>");
    CHECK(strstr(out, "hunter2") == NULL);
    otelc__cfg_free(root);
    /* A secret enum does not list its value either. */
    {

        CHECK_INT(read_yaml("section:\n  mode: s3cr3t\n", secret_enum, &a, out,
                            sizeof(out), &root, &mem),
                  OTELC_E_CONFIG);
        CHECK_CONTAINS(out, "invalid value <secret>");
        CHECK(strstr(out, "s3cr3t") == NULL);
        otelc__cfg_free(root);
    }
    otelc__cfg_mem_free(&mem);
}

static void
t_secret_marked_in_docs(void)
{
    char  *buf = NULL;
    size_t len = 0;
    FILE  *f = open_memstream(&buf, &len);

    otelc__schema_markdown(f, all_options, sizeof(otelc_option));
    fclose(f);
    CHECK_CONTAINS(buf, "| `token` | string |  | **secret** a secret |");
    CHECK_CONTAINS(buf, "| `sec.depth` | int | `3` | d |");
    CHECK_CONTAINS(buf, "| `i` | int | `10` | an int (1 to 100) |");
    free(buf);
    f = open_memstream(&buf, &len);
    otelc__schema_json(f, all_options, sizeof(otelc_option), "t", "d");
    fclose(f);
    CHECK_CONTAINS(buf, "\"writeOnly\": true");
    CHECK_CONTAINS(buf, "\"additionalProperties\": false");
    CHECK_CONTAINS(buf, "\"enum\": [\"one\", \"two\", \"three\"]");
    free(buf);
}

static void
t_required_key_missing(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    CHECK_INT(read_yaml("section:\n  items: [{weight: 2}]\n", all_options, &a,
                        out, sizeof(out), &root, &mem),
              OTELC_E_CONFIG);
    CHECK_CONTAINS(out, "s.yaml:2:11: section.items[0]: missing required key "
                        "\"name\"");
    CHECK_INT(lines(out), 1);
    otelc__cfg_mem_free(&mem);
    otelc__cfg_free(root);
}

static void
t_every_key_visited_after_an_error(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    CHECK_INT(read_yaml("section:\n"
                        "  i: 1000\n"
                        "  dur: soon\n"
                        "  s: fine\n"
                        "  bogus: 1\n"
                        "  sec: {depth: x, typo: 1}\n"
                        "  list: [a, {b: c}]\n",
                        all_options, &a, out, sizeof(out), &root, &mem),
              OTELC_E_CONFIG);
    CHECK_CONTAINS(out, "s.yaml:2:3: section.i: must be at most 100, got "
                        "\"1000\"");
    CHECK_CONTAINS(out, "s.yaml:3:3: section.dur: expected a duration");
    CHECK_CONTAINS(out, "s.yaml:5:3: section.bogus: unknown key \"bogus\"");
    CHECK_CONTAINS(out, "section.sec.depth: expected an integer, got \"x\"");
    CHECK_CONTAINS(out, "section.sec.typo: unknown key \"typo\"");
    CHECK_CONTAINS(out, "section.list[1]: expected a string, got a map");
    CHECK_INT(lines(out), 6);
    CHECK_STR(a.s, "fine");
    CHECK_INT(a.i, 10);
    /* Everything was visited: nothing is left for the unknown-key pass. */
    {
        otelc__diag d = {0};
        otelc__cfg_report_unused(otelc__cfg_get(root, "section"), &d);
        CHECK_INT(otelc__diag_errors(&d), 0);
        otelc__diag_free(&d);
    }
    otelc__cfg_mem_free(&mem);
    otelc__cfg_free(root);
}

static void
t_deprecated_alias(void)
{
    struct all            a;
    struct otelc__cfg_mem mem = {0};
    otelc_config         *root;
    char                  out[2048];

    CHECK_INT(read_yaml("section:\n  old_name: 3\n", all_options, &a, out,
                        sizeof(out), &root, &mem),
              OTELC_OK);
    CHECK_INT(a.renamed, 3);
    CHECK_CONTAINS(out, "section.old_name: \"old_name\" is deprecated: use "
                        "\"renamed\" instead");
    otelc__cfg_free(root);
    CHECK_INT(read_yaml("section:\n  old_name: 3\n  renamed: 4\n", all_options,
                        &a, out, sizeof(out), &root, &mem),
              OTELC_E_CONFIG);
    CHECK_CONTAINS(out, "set only \"renamed\"");
    otelc__cfg_free(root);
    otelc__cfg_mem_free(&mem);
}

static void
t_lint_catches_table_mistakes(void)
{
    static const otelc_option bad[] = {
        OTELC_OPTION("n", OTELC_OPT_INT, struct all, i, .def = "ten",
                     .help = "x"),
        OTELC_OPTION("e", OTELC_OPT_ENUM, struct all, e, .help = "x"),
        OTELC_OPTION("b", OTELC_OPT_BLOCK, struct all, node, .block = 99,
                     .help = "x"),
        /* its value would be read into nothing, without a word */
        OTELC_OPTION("old", OTELC_OPT_STRING, struct all, s,
                     .flags = OTELC_OPT_DEPRECATED, .alias_of = "gone",
                     .help = "x"),
        OTELC_OPTIONS_END};
    otelc__diag d = {0};

    CHECK_INT(otelc__schema_lint(bad, sizeof(otelc_option), "t", &d), 4);
    CHECK_CONTAINS(otelc__diag_text(&d, 0), "invalid default \"ten\"");
    CHECK_CONTAINS(otelc__diag_text(&d, 3),
                   "option \"old\": alias of \"gone\", which is not an option");
    otelc__diag_free(&d);
    CHECK_INT(otelc__schema_lint(all_options, sizeof(otelc_option), "t", &d),
              0);
}

/* ---- components: validation through the schema, and the cascade ---- */

struct exp_cfg {
    const otelc_config *client, *helper;
};

static const otelc_option exp_options[] = {
    OTELC_OPTION(NULL, OTELC_OPT_BLOCK, struct exp_cfg, client,
                 .block = OTELC_BLOCK_GRPC_CLIENT, .help = "c"),
    OTELC_OPTION(NULL, OTELC_OPT_BLOCK, struct exp_cfg, helper,
                 .block = OTELC_BLOCK_EXPORTER_HELPER, .help = "h"),
    OTELC_OPTIONS_END};

static void
exp_send(void *arg, otelc_export_attempt *x, otelc_batch *b)
{
    (void)arg;
    (void)b;
    otelc_attempt_done(x, OTELC_OK, -1, NULL);
}

struct exp {
    otelc_grpc_client *client;
    otelc_exporter    *helper;
    otelc_ctx         *ctx;
};

static void
exp_destroy(void *state)
{
    struct exp *e = state;
    if (e == NULL)
        return;
    otelc_grpc_client_free(e->client);
    otelc_exporter_free(e->helper);
    free(e);
}

/* As the otlp exporter did before the schema: the client first, stopping
 * at its error, so the helper's keys are never read. */
static int
exp_create_by_hand(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct exp *e = calloc(1, sizeof(*e));
    int         rc;

    e->ctx = ctx;
    rc = otelc_grpc_client_new(ctx, cfg, "gzip", &e->client);
    if (rc == OTELC_OK)
        rc = otelc_exporter_new(ctx, cfg, exp_send, e, &e->helper);
    if (rc != OTELC_OK) {
        exp_destroy(e);
        return rc;
    }
    *state = e;
    return OTELC_OK;
}

static int
exp_create_schema(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct exp_cfg c;
    struct exp    *e;
    int            rc = otelc_config_read(ctx, cfg, exp_options, &c);

    if (rc != OTELC_OK)
        return rc;
    e = calloc(1, sizeof(*e));
    e->ctx = ctx;
    rc = otelc_grpc_client_new(ctx, c.client, "gzip", &e->client);
    if (rc == OTELC_OK)
        rc = otelc_exporter_new(ctx, c.helper, exp_send, e, &e->helper);
    if (rc != OTELC_OK) {
        exp_destroy(e);
        return rc;
    }
    *state = e;
    return OTELC_OK;
}

#define EXP_DEF(create_, ...)                                                  \
    OTELC_COMPONENT(.kind = OTELC_KIND_EXPORTER, .type = "exp",                \
                    .signals = OTELC_SIGNALS_ALL,                              \
                    .stability = OTELC_STABILITY_BETA, .create = create_,      \
                    .consume = harness_nop_consume, .destroy = exp_destroy,    \
                    __VA_ARGS__)

#define RCV_DEF                                                                \
    OTELC_COMPONENT(.kind = OTELC_KIND_RECEIVER, .type = "rcv",                \
                    .signals = OTELC_SIGNALS_ALL,                              \
                    .stability = OTELC_STABILITY_BETA,                         \
                    .create = harness_nop_create,                              \
                    .destroy = harness_nop_destroy, OTELC_CONFIG_NONE)

static const char cascade_yaml[] = "receivers:\n"
                                   "  rcv:\n"
                                   "exporters:\n"
                                   "  exp:\n"
                                   "    endpoint: localhost:4317\n"
                                   "    compression: brotli\n"
                                   "    retry_on_failure:\n"
                                   "      enabled: true\n"
                                   "    timeout: 2s\n"
                                   "service:\n"
                                   "  pipelines:\n"
                                   "    traces: {receivers: [rcv], exporters: "
                                   "[exp]}\n";

static void
check_one_error(struct harness *h, const char *needle)
{
    if (otelc__diag_errors(&h->diag) != 1)
        otelc__diag_print(&h->diag, stderr);
    CHECK_INT(otelc__diag_errors(&h->diag), 1);
    CHECK_CONTAINS(otelc__diag_text(&h->diag, 0), needle);
}

/* The old cascade: a bad value stopped the reader, and the valid
 * retry_on_failure and timeout after it were reported as unknown keys. */
static void
t_no_cascade_reader_by_hand(void)
{
    const otelc_component_def defs[] = {RCV_DEF, EXP_DEF(exp_create_by_hand, )};
    struct harness            h;

    harness_registry(&h, defs, 2);
    harness_validate(&h, cascade_yaml);
    check_one_error(&h, "exporters.exp.compression:");
    harness_free(&h);
}

static void
t_no_cascade_schema(void)
{
    const otelc_component_def defs[] = {
        RCV_DEF, EXP_DEF(exp_create_schema,
                         OTELC_CONFIG_SCHEMA(exp_options, struct exp_cfg))};
    struct harness h;

    harness_registry(&h, defs, 2);
    harness_validate(&h, cascade_yaml);
    check_one_error(&h, "exporters.exp.compression:");
    harness_free(&h);
}

/* With a schema, a type error is found without create(), once. */
static void
t_schema_error_reported_once(void)
{
    const otelc_component_def defs[] = {
        RCV_DEF, EXP_DEF(exp_create_schema,
                         OTELC_CONFIG_SCHEMA(exp_options, struct exp_cfg))};
    struct harness h;

    harness_registry(&h, defs, 2);
    harness_validate(&h, "receivers:\n  rcv:\nexporters:\n  exp:\n"
                         "    endpoint: localhost:4317\n"
                         "    sending_queue: {num_consumers: 0}\n"
                         "    retry_on_failure: {enabled: true}\n"
                         "service:\n  pipelines:\n"
                         "    traces: {receivers: [rcv], exporters: [exp]}\n");
    check_one_error(&h, "test.yaml:6:21: exporters.exp.sending_queue."
                        "num_consumers: must be at least 1, got \"0\"");
    harness_free(&h);
    /* A key the component has no use for, in a component without
     * settings. */
    harness_registry(&h, defs, 2);
    harness_validate(&h, "receivers:\n  rcv: {x: 1}\nexporters:\n  exp:\n"
                         "    endpoint: localhost:4317\n"
                         "service:\n  pipelines:\n"
                         "    traces: {receivers: [rcv], exporters: [exp]}\n");
    check_one_error(&h, "test.yaml:2:9: receivers.rcv.x: unknown key \"x\"");
    harness_free(&h);
}

/* ---- the standard blocks agree with their parsers ---- */

enum parser {
    P_GRPC_CLIENT,
    P_HTTP_CLIENT,
    P_GRPC_SERVER,
    P_HTTP_SERVER,
    P_HELPER
};

static int which_parser;

static int
parse_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    int rc = OTELC_E_INVALID;

    *state = NULL;
    switch (which_parser) {
    case P_GRPC_CLIENT: {
        otelc_grpc_client *c = NULL;
        rc = otelc_grpc_client_new(ctx, cfg, NULL, &c);
        otelc_grpc_client_free(c);
        break;
    }
    case P_HTTP_CLIENT: {
        otelc_http_client *c = NULL;
        rc = otelc_http_client_new(ctx, cfg, NULL, &c);
        otelc_http_client_free(c);
        break;
    }
    case P_GRPC_SERVER:
    case P_HTTP_SERVER: {
        otelc_server *s = NULL;
        rc = otelc_server_new(ctx, cfg,
                              which_parser == P_GRPC_SERVER ? OTELC_SERVER_GRPC
                                                            : OTELC_SERVER_HTTP,
                              "localhost:0", &s);
        otelc_server_free(s);
        break;
    }
    case P_HELPER: {
        otelc_exporter *e = NULL;
        rc = otelc_exporter_new(ctx, cfg, exp_send, NULL, &e);
        otelc_exporter_free(e);
        break;
    }
    }
    return rc == OTELC_E_CONFIG ? OTELC_OK : rc; /* semantics: not ours */
}

/* A value the parser accepts for option o (most only need the type). */
static const char *
sample(const char *path, const otelc_option *o)
{
    if (strcmp(path, "endpoint") == 0)
        return which_parser == P_HTTP_CLIENT ? "http://localhost:1"
                                             : "localhost:1";
    if (strcmp(path, "proxy_url") == 0)
        return "http://proxy:3128";
    if (strcmp(path, "compression") == 0)
        return "gzip";
    switch (o->type) {
    case OTELC_OPT_BOOL:
        return "false";
    case OTELC_OPT_INT:
    case OTELC_OPT_BYTES:
        return "1";
    case OTELC_OPT_DOUBLE:
        return "0.5";
    case OTELC_OPT_DURATION:
        return "1s";
    case OTELC_OPT_ENUM:
        return o->values[0];
    case OTELC_OPT_STRING_LIST:
        return "[a]";
    case OTELC_OPT_STRING_MAP:
        return "{a: b}";
    case OTELC_OPT_NODE:
    case OTELC_OPT_SECTION:
    case OTELC_OPT_BLOCK:
        return "{}";
    default:
        return "host";
    }
}

/* Keys the parser looked up, as dotted paths under the section. */
static char   looked[256][96];
static size_t n_looked;

static void
record_lookup(const otelc_config *map, const char *key)
{
    char       *p = otelc__cfg_path(map);
    const char *rel = strstr(p, "exporters.exp");
    if (rel != NULL && n_looked < 256) {
        rel += strlen("exporters.exp");
        snprintf(looked[n_looked++], sizeof(looked[0]), "%s%s%s",
                 *rel ? rel + 1 : "", *rel ? "." : "", key);
    }
    free(p);
}

/* One validation of `section` (YAML lines at indentation 4) with the
 * parser; returns the number of errors, unknown keys counted apart. */
static size_t
run_parser(const char *section, size_t *unknown)
{
    const otelc_component_def defs[] = {RCV_DEF, EXP_DEF(parse_create, )};
    struct harness            h;
    char                      yaml[4096];
    size_t                    errors;

    snprintf(yaml, sizeof(yaml),
             "receivers:\n  rcv:\nexporters:\n  exp:\n%s"
             "service:\n  pipelines:\n"
             "    traces: {receivers: [rcv], exporters: [exp]}\n",
             section);
    harness_registry(&h, defs, 2);
    harness_validate(&h, yaml);
    errors = otelc__diag_errors(&h.diag);
    *unknown = 0;
    for (size_t i = 0; i < otelc__diag_count(&h.diag); i++)
        if (strstr(otelc__diag_text(&h.diag, i), "unknown key")) {
            fprintf(stderr, "  %s\n", otelc__diag_text(&h.diag, i));
            (*unknown)++;
        }
    harness_free(&h);
    return errors;
}

/* Every key of the table, one at a time (nested ones inside their
 * sections), is read by the parser: none is reported unknown. */
static void
every_table_key_read(const otelc_option *opts, const char *prefix,
                     const char *indent_yaml, char *base_section)
{
    struct {
        const otelc_option *o;
    } seen[128];
    size_t n_seen = 0;

    for (size_t i = 0; opts[i].type != OTELC_OPT_END; i++) {
        const otelc_option *o = &opts[i];
        char                path[160], section[2048];
        size_t              unknown;
        int                 dup = 0;

        if (o->key == NULL) {
            const otelc_option *sub = o->type == OTELC_OPT_SECTION
                                          ? o->sub
                                          : otelc__schema_block(o->block);
            every_table_key_read(sub, prefix, indent_yaml, base_section);
            continue;
        }
        for (size_t k = 0; k < n_seen; k++)
            dup |= strcmp(seen[k].o->key, o->key) == 0;
        if (dup || n_seen >= 128)
            continue;
        seen[n_seen++].o = o;
        snprintf(path, sizeof(path), "%s%s", prefix, o->key);
        if (o->type == OTELC_OPT_SECTION ||
            (o->type == OTELC_OPT_BLOCK && o->block != 0)) {
            const otelc_option *sub = o->type == OTELC_OPT_SECTION
                                          ? o->sub
                                          : otelc__schema_block(o->block);
            char                p2[200], ind2[64], base2[2048];
            snprintf(p2, sizeof(p2), "%s.", path);
            snprintf(ind2, sizeof(ind2), "%s  ", indent_yaml);
            snprintf(base2, sizeof(base2), "%s%s%s:\n", base_section,
                     indent_yaml, o->key);
            every_table_key_read(sub, p2, ind2, base2);
            continue;
        }
        snprintf(section, sizeof(section), "%s%s: ", indent_yaml, o->key);
        if (strncmp(base_section, section, strlen(section)) == 0)
            snprintf(section, sizeof(section), "%s", base_section);
        else
            snprintf(section, sizeof(section), "%s%s%s: %s\n", base_section,
                     indent_yaml, o->key, sample(o->key, o));
        run_parser(section, &unknown);
        if (unknown != 0)
            fprintf(stderr, "table key %s is not read by the parser\n", path);
        CHECK_INT(unknown, 0);
    }
}

/* Every key the parser looks up is in the table. */
static void
every_parser_key_in_table(const otelc_option *table, const char *section)
{
    size_t unknown;

    n_looked = 0;
    otelc__cfg_lookup_hook = record_lookup;
    run_parser(section, &unknown);
    otelc__cfg_lookup_hook = NULL;
    CHECK(n_looked > 3);
    for (size_t i = 0; i < n_looked; i++) {
        if (otelc__schema_find(table, sizeof(otelc_option), looked[i]) == NULL)
            fprintf(stderr, "the parser reads %s, the table lacks it\n",
                    looked[i]);
        CHECK(otelc__schema_find(table, sizeof(otelc_option), looked[i]) !=
              NULL);
    }
}

static void
check_block(int parser, const otelc_option *table, const char *base,
            const char *full)
{
    which_parser = parser;
    every_table_key_read(table, "", "    ", (char *)base);
    every_parser_key_in_table(table, full);
}

static void
t_grpc_client_block_matches_parser(void)
{
    check_block(P_GRPC_CLIENT, otelc__grpc_client_options,
                "    endpoint: localhost:1\n",
                "    endpoint: localhost:1\n"
                "    tls: {insecure: true}\n"
                "    keepalive: {}\n"
                "    compression_params: {}\n");
}

static void
t_http_client_block_matches_parser(void)
{
    check_block(P_HTTP_CLIENT, otelc__http_client_options, "",
                "    endpoint: http://localhost:1\n"
                "    tls: {}\n"
                "    compression_params: {}\n");
}

static void
t_grpc_server_block_matches_parser(void)
{
    check_block(P_GRPC_SERVER, otelc__grpc_server_options, "",
                "    tls: {cert_file: c, key_file: k}\n"
                "    keepalive: {server_parameters: {}, "
                "enforcement_policy: {}}\n");
}

static void
t_http_server_block_matches_parser(void)
{
    check_block(P_HTTP_SERVER, otelc__http_server_options, "",
                "    tls: {cert_file: c, key_file: k}\n"
                "    cors: {}\n");
}

static void
t_exporter_helper_block_matches_parser(void)
{
    check_block(P_HELPER, otelc__exporter_helper_options, "",
                "    retry_on_failure: {}\n"
                "    sending_queue: {}\n");
}

static const struct test_case cases[] = {
    TEST_CASE(t_defaults_applied),
    TEST_CASE(t_values_read),
    TEST_CASE(t_string_map_as_name_value_list),
    TEST_CASE(t_bad_enum_names_allowed_values_and_line),
    TEST_CASE(t_yaml11_bool_hint),
    TEST_CASE(t_secret_not_printed),
    TEST_CASE(t_secret_marked_in_docs),
    TEST_CASE(t_required_key_missing),
    TEST_CASE(t_every_key_visited_after_an_error),
    TEST_CASE(t_deprecated_alias),
    TEST_CASE(t_lint_catches_table_mistakes),
    TEST_CASE(t_no_cascade_reader_by_hand),
    TEST_CASE(t_no_cascade_schema),
    TEST_CASE(t_schema_error_reported_once),
    TEST_CASE(t_grpc_client_block_matches_parser),
    TEST_CASE(t_http_client_block_matches_parser),
    TEST_CASE(t_grpc_server_block_matches_parser),
    TEST_CASE(t_http_server_block_matches_parser),
    TEST_CASE(t_exporter_helper_block_matches_parser),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
