/* Configuration layer: loading, expansion, merging, --set, typed getters,
 * unknown-key reports, durations and byte sizes. Messages are checked
 * verbatim where a user reads them. */
#include <math.h>
#include <stdarg.h>

#include "api.h"
#include "config.h"
#include "diag.h"
#include "duration.h"
#include "host_table.h"
#include "testlib.h"

/* Fixtures live next to this file; CMake compiles it by absolute path. */
static const char *
fixture(const char *name)
{
    static char path[4096];
    const char *slash = strrchr(__FILE__, '/');
    int         dir = slash ? (int)(slash - __FILE__) : 1;
    snprintf(path, sizeof(path), "%.*s/config/%s", dir, slash ? __FILE__ : ".",
             name);
    return path;
}

static otelc_config *
load(const char *yaml, otelc__diag *d)
{
    return otelc__cfg_load_string("cfg.yaml", yaml, d);
}

/* Loads and requires success. */
static otelc_config *
load_ok(const char *yaml)
{
    otelc__diag   d = {0};
    otelc_config *c = load(yaml, &d);
    if (c == NULL || otelc__diag_errors(&d) != 0) {
        otelc__diag_print(&d, stderr);
        CHECK(!"load failed");
    }
    otelc__diag_free(&d);
    return c;
}

/* Follows a path of keys ("a", "b", NULL). */
static const otelc_config *
at(const otelc_config *n, ...)
{
    va_list     ap;
    const char *k;
    va_start(ap, n);
    while (n != NULL && (k = va_arg(ap, const char *)) != NULL)
        n = otelc__cfg_get(n, k);
    va_end(ap);
    return n;
}

static const char *
scalar(const otelc_config *n)
{
    CHECK(n != NULL);
    CHECK_INT(n->kind, OTELC_CFG_SCALAR);
    return n->scalar;
}

/* The only message of d, which must be an error. */
static const char *
only_error(const otelc__diag *d)
{
    if (otelc__diag_count(d) != 1)
        otelc__diag_print(d, stderr);
    CHECK_INT(otelc__diag_count(d), 1);
    CHECK_INT(otelc__diag_errors(d), 1);
    return otelc__diag_text(d, 0);
}

/* Error text of loading yaml (which must fail with exactly one error). */
static char *
load_error(const char *yaml)
{
    otelc__diag   d = {0};
    otelc_config *c = load(yaml, &d);
    char         *msg;
    CHECK(c == NULL);
    msg = strdup(only_error(&d));
    otelc__diag_free(&d);
    return msg;
}

static void
t_nested_positions(void)
{
    otelc__diag         d = {0};
    otelc_config       *c = otelc__cfg_load_file(fixture("nested.yaml"), &d);
    const otelc_config *n;
    char               *path;

    CHECK(c != NULL);
    CHECK_INT(otelc__diag_count(&d), 0);
    CHECK_INT(c->kind, OTELC_CFG_MAP);
    CHECK_INT(c->n, 4);
    CHECK_STR(c->items[0]->key, "receivers");
    CHECK_STR(c->items[3]->key, "service");

    n = at(c, "receivers", "otlp/in", "protocols", "grpc", "endpoint", NULL);
    CHECK_STR(scalar(n), "0.0.0.0:4317");
    CHECK_INT(n->line, 6);
    CHECK_INT(n->col, 9);
    CHECK_INT(n->quoted, 0);
    CHECK_STR(n->file, fixture("nested.yaml"));
    path = otelc__cfg_path(n);
    CHECK_STR(path, "receivers.otlp/in.protocols.grpc.endpoint");
    free(path);

    n = at(c, "receivers", "otlp/in", "protocols", "http", "endpoint", NULL);
    CHECK_STR(scalar(n), "0.0.0.0:4318");
    CHECK_INT(n->line, 8);
    CHECK_INT(n->quoted, 1);

    /* Map values are positioned at their key. */
    n = at(c, "processors", "batch", NULL);
    CHECK_INT(n->kind, OTELC_CFG_MAP);
    CHECK_INT(n->line, 11);
    CHECK_INT(n->col, 3);
    CHECK_STR(scalar(at(n, "send_batch_size", NULL)), "8192");
    CHECK_INT(at(n, "send_batch_size", NULL)->line, 13);

    n = at(c, "service", "pipelines", "traces", "exporters", NULL);
    CHECK_INT(n->kind, OTELC_CFG_SEQ);
    CHECK_INT(n->n, 1);
    CHECK_STR(scalar(n->items[0]), "debug");
    CHECK_INT(n->items[0]->line, 24);
    CHECK_INT(n->items[0]->col, 19);
    CHECK(n->items[0]->key == NULL);
    path = otelc__cfg_path(n->items[0]);
    CHECK_STR(path, "service.pipelines.traces.exporters[0]");
    free(path);

    path = otelc__cfg_path(c);
    CHECK_STR(path, "");
    free(path);
    CHECK(otelc__cfg_get(c, "nope") == NULL);
    CHECK(otelc__cfg_get(n, "x") == NULL); /* not a map */
    CHECK(otelc__cfg_get(NULL, "x") == NULL);
    otelc__cfg_free(c);
}

static void
t_getters_valid(void)
{
    otelc_config       *c = load_ok("a:\n"
                                          "  s: hello world\n"
                                          "  num: 8192\n"
                                          "  neg: -42\n"
                                          "  hex: 0x1F\n"
                                          "  oct: 0o17\n"
                                          "  qnum: \"10\"\n"
                                          "  dbl: 0.25\n"
                                          "  exp: 1e3\n"
                                          "  inf: -.inf\n"
                                          "  t: true\n"
                                          "  f: FALSE\n"
                                          "  T: True\n"
                                          "  dur: 1m30s\n"
                                          "  durns: 5000\n"
                                          "  size: 4MiB\n"
                                          "  sizeint: 1024\n"
                                          "  nul:\n"
                                          "  nul2: null\n"
                                          "  big: 9223372036854775807\n"
                                          "  small: -9223372036854775808\n");
    const otelc_config *a = at(c, "a", NULL);
    otelc__diag         d = {0};
    const char         *s;
    int64_t             i;
    double              x;
    int                 b;

    CHECK_INT(otelc__cfg_get_str(a, "s", "def", &s, &d), OTELC_OK);
    CHECK_STR(s, "hello world");
    CHECK_INT(otelc__cfg_get_str(a, "num", "def", &s, &d), OTELC_OK);
    CHECK_STR(s, "8192"); /* any scalar is a string */
    CHECK_INT(otelc__cfg_get_str(a, "absent", "def", &s, &d), OTELC_OK);
    CHECK_STR(s, "def");
    CHECK_INT(otelc__cfg_get_str(a, "nul", "def", &s, &d), OTELC_OK);
    CHECK_STR(s, "def");

    CHECK_INT(otelc__cfg_get_int(a, "num", 1, &i, &d), OTELC_OK);
    CHECK_INT(i, 8192);
    CHECK_INT(otelc__cfg_get_int(a, "neg", 1, &i, &d), OTELC_OK);
    CHECK_INT(i, -42);
    CHECK_INT(otelc__cfg_get_int(a, "hex", 1, &i, &d), OTELC_OK);
    CHECK_INT(i, 31);
    CHECK_INT(otelc__cfg_get_int(a, "oct", 1, &i, &d), OTELC_OK);
    CHECK_INT(i, 15);
    CHECK_INT(otelc__cfg_get_int(a, "qnum", 1, &i, &d), OTELC_OK);
    CHECK_INT(i, 10);
    CHECK_INT(otelc__cfg_get_int(a, "big", 1, &i, &d), OTELC_OK);
    CHECK(i == INT64_MAX);
    CHECK_INT(otelc__cfg_get_int(a, "small", 1, &i, &d), OTELC_OK);
    CHECK(i == INT64_MIN);
    CHECK_INT(otelc__cfg_get_int(a, "absent", 7, &i, &d), OTELC_OK);
    CHECK_INT(i, 7);
    CHECK_INT(otelc__cfg_get_int(a, "nul2", 7, &i, &d), OTELC_OK);
    CHECK_INT(i, 7);

    CHECK_INT(otelc__cfg_get_double(a, "dbl", 1, &x, &d), OTELC_OK);
    CHECK(x == 0.25);
    CHECK_INT(otelc__cfg_get_double(a, "exp", 1, &x, &d), OTELC_OK);
    CHECK(x == 1000.0);
    CHECK_INT(otelc__cfg_get_double(a, "num", 1, &x, &d), OTELC_OK);
    CHECK(x == 8192.0);
    CHECK_INT(otelc__cfg_get_double(a, "inf", 1, &x, &d), OTELC_OK);
    CHECK(isinf(x) && x < 0);
    CHECK_INT(otelc__cfg_get_double(a, "absent", 2.5, &x, &d), OTELC_OK);
    CHECK(x == 2.5);

    CHECK_INT(otelc__cfg_get_bool(a, "t", 0, &b, &d), OTELC_OK);
    CHECK_INT(b, 1);
    CHECK_INT(otelc__cfg_get_bool(a, "f", 1, &b, &d), OTELC_OK);
    CHECK_INT(b, 0);
    CHECK_INT(otelc__cfg_get_bool(a, "T", 0, &b, &d), OTELC_OK);
    CHECK_INT(b, 1);
    CHECK_INT(otelc__cfg_get_bool(a, "absent", 1, &b, &d), OTELC_OK);
    CHECK_INT(b, 1);

    CHECK_INT(otelc__cfg_get_duration(a, "dur", 0, &i, &d), OTELC_OK);
    CHECK(i == INT64_C(90000000000));
    CHECK_INT(otelc__cfg_get_duration(a, "durns", 0, &i, &d), OTELC_OK);
    CHECK_INT(i, 5000);
    CHECK_INT(otelc__cfg_get_duration(a, "absent", 33, &i, &d), OTELC_OK);
    CHECK_INT(i, 33);

    CHECK_INT(otelc__cfg_get_bytes(a, "size", 0, &i, &d), OTELC_OK);
    CHECK_INT(i, 4 * 1024 * 1024);
    CHECK_INT(otelc__cfg_get_bytes(a, "sizeint", 0, &i, &d), OTELC_OK);
    CHECK_INT(i, 1024);

    CHECK_INT(otelc__diag_count(&d), 0);
    otelc__cfg_free(c);
}

/* One wrong value per getter; each message must name file:line:col and
 * the path, and the output must be the default. */
static void
t_getters_wrong_type(void)
{
    otelc_config       *c = load_ok("processors:\n"                    /* 1 */
                                    "  batch:\n"                       /* 2 */
                                    "    send_batch_size: lots\n"      /* 3 */
                                    "    frac: 1.5\n"                  /* 4 */
                                    "    ratio: half\n"                /* 5 */
                                    "    enabled: yes\n"               /* 6 */
                                    "    other: maybe\n"               /* 7 */
                                    "    timeout: 200\n"               /* 8 */
                                    "    bad_timeout: 10 seconds\n"    /* 9 */
                                    "    negative: -1s\n"              /* 10 */
                                    "    size: 4 parsecs\n"            /* 11 */
                                    "    name: {a: 1}\n"               /* 12 */
                                    "    list: [1, 2]\n"               /* 13 */
                                    "    huge: 99999999999999999999\n" /* 14 */
                                    "    qbool: \"true\"\n");          /* 15 */
    const otelc_config *b = at(c, "processors", "batch", NULL);
    otelc__diag         d = {0};
    int64_t             i;
    double              x;
    int                 flag;
    const char         *s;

    CHECK_INT(otelc__cfg_get_int(b, "send_batch_size", 5, &i, &d),
              OTELC_E_CONFIG);
    CHECK_INT(i, 5);
    CHECK_STR(only_error(&d),
              "cfg.yaml:3:5: processors.batch.send_batch_size: expected an "
              "integer, got \"lots\"");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_int(b, "frac", 5, &i, &d), OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "cfg.yaml:4:5: processors.batch.frac: expected "
                              "an integer, got \"1.5\"");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_int(b, "huge", 5, &i, &d), OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "cfg.yaml:14:5: processors.batch.huge: integer "
                              "out of range: \"99999999999999999999\"");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_int(b, "list", 5, &i, &d), OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "cfg.yaml:13:5: processors.batch.list: "
                              "expected an integer, got a list");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_double(b, "ratio", 0.5, &x, &d), OTELC_E_CONFIG);
    CHECK(x == 0.5);
    CHECK_STR(only_error(&d), "cfg.yaml:5:5: processors.batch.ratio: "
                              "expected a number, got \"half\"");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_bool(b, "enabled", 0, &flag, &d), OTELC_E_CONFIG);
    CHECK_INT(flag, 0);
    CHECK_STR(only_error(&d),
              "cfg.yaml:6:5: processors.batch.enabled: expected true or "
              "false, got \"yes\" (YAML 1.2 reads it as a string)");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_bool(b, "other", 1, &flag, &d), OTELC_E_CONFIG);
    CHECK_INT(flag, 1);
    CHECK_STR(only_error(&d), "cfg.yaml:7:5: processors.batch.other: "
                              "expected true or false, got \"maybe\"");
    otelc__diag_free(&d);

    /* Weak decoding like otelcol: a quoted "true" is still a bool. */
    CHECK_INT(otelc__cfg_get_bool(b, "qbool", 0, &flag, &d), OTELC_OK);
    CHECK_INT(flag, 1);

    /* A bare integer duration is nanoseconds, as in otelcol. */
    CHECK_INT(otelc__cfg_get_duration(b, "timeout", 0, &i, &d), OTELC_OK);
    CHECK_INT(i, 200);
    CHECK_INT(otelc__cfg_get_duration(b, "bad_timeout", 9, &i, &d),
              OTELC_E_CONFIG);
    CHECK_INT(i, 9);
    CHECK_STR(only_error(&d),
              "cfg.yaml:9:5: processors.batch.bad_timeout: expected a "
              "duration like \"200ms\", \"1.5s\" or \"1m30s\", got \"10 "
              "seconds\"");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_duration(b, "negative", 9, &i, &d),
              OTELC_E_CONFIG);
    CHECK_INT(i, 9);
    CHECK_STR(only_error(&d), "cfg.yaml:10:5: processors.batch.negative: "
                              "duration must not be negative, got \"-1s\"");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_bytes(b, "size", 9, &i, &d), OTELC_E_CONFIG);
    CHECK_INT(i, 9);
    CHECK_STR(only_error(&d),
              "cfg.yaml:11:5: processors.batch.size: expected a byte size "
              "like \"4MiB\", \"20MB\" or a number of bytes, got \"4 "
              "parsecs\"");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_get_str(b, "name", "x", &s, &d), OTELC_E_CONFIG);
    CHECK_STR(s, "x");
    CHECK_STR(only_error(&d), "cfg.yaml:12:5: processors.batch.name: "
                              "expected a string, got a map");
    otelc__diag_free(&d);
    otelc__cfg_free(c);
}

static void
t_unknown_keys(void)
{
    otelc_config       *c = load_ok("receivers:\n"           /* 1 */
                                    "  otlp:\n"              /* 2 */
                                    "    protocols:\n"       /* 3 */
                                    "      grpc:\n"          /* 4 */
                                    "        endpoint: x\n"  /* 5 */
                                    "      grcp:\n"          /* 6 */
                                    "        endpoint: y\n"  /* 7 */
                                    "    typo_section:\n"    /* 8 */
                                    "      deep:\n"          /* 9 */
                                    "        deeper: 1\n"    /* 10 */
                                    "  ignored:\n"           /* 11 */
                                    "    whatever: [1, 2]\n" /* 12 */
                                    "    list:\n"            /* 13 */
                                    "      - {a: 1, b: 2}\n" /* 14 */
                                    "exporters:\n"           /* 15 */
                                    "  - {x: 1, y: 2}\n"     /* 16 */
                                    "extras: 1\n");          /* 17 */
    otelc__diag         d = {0};
    const otelc_config *grpc;
    const otelc_config *ex;
    const char         *s;

    grpc = at(c, "receivers", "otlp", "protocols", "grpc", NULL);
    CHECK_INT(otelc__cfg_get_str(grpc, "endpoint", NULL, &s, &d), OTELC_OK);
    otelc__cfg_mark_used(at(c, "receivers", "ignored", NULL));
    /* A list whose items are maps: the read ones are clean. */
    ex = at(c, "exporters", NULL);
    CHECK(otelc__cfg_get(ex->items[0], "x") != NULL);

    otelc__cfg_report_unused(c, &d);
    if (otelc__diag_count(&d) != 4)
        otelc__diag_print(&d, stderr);
    CHECK_INT(otelc__diag_count(&d), 4);
    CHECK_INT(otelc__diag_errors(&d), 4);
    CHECK_STR(otelc__diag_text(&d, 0), "cfg.yaml:6:7: "
                                       "receivers.otlp.protocols.grcp: "
                                       "unknown key \"grcp\" (did you mean "
                                       "`grpc`?)");
    CHECK_STR(otelc__diag_text(&d, 1), "cfg.yaml:8:5: "
                                       "receivers.otlp.typo_section: "
                                       "unknown key \"typo_section\"");
    CHECK_STR(otelc__diag_text(&d, 2),
              "cfg.yaml:16:12: exporters[0].y: unknown key \"y\"");
    CHECK_STR(otelc__diag_text(&d, 3),
              "cfg.yaml:17:1: extras: unknown key \"extras\"");
    otelc__diag_free(&d);

    /* Once everything is marked, nothing is reported. */
    otelc__cfg_mark_used(c);
    otelc__cfg_report_unused(c, &d);
    CHECK_INT(otelc__diag_count(&d), 0);
    otelc__cfg_free(c);
}

static void
t_duplicate_key(void)
{
    char *msg = load_error("exporters:\n"
                           "  debug:\n"
                           "    verbosity: basic\n"
                           "  otlp: {}\n"
                           "  debug:\n"
                           "    verbosity: detailed\n");
    CHECK_STR(msg, "cfg.yaml:5:3: exporters.debug: duplicate key \"debug\" "
                   "(first set at line 2)");
    free(msg);
    msg = load_error("a: {x: 1, x: 2}\n");
    CHECK_STR(msg, "cfg.yaml:1:11: a.x: duplicate key \"x\" (first set at "
                   "line 1)");
    free(msg);
}

static void
t_syntax_error(void)
{
    char *msg = load_error("receivers:\n"
                           "  otlp:\n"
                           "    protocols: [grpc\n"
                           "exporters:\n"
                           "  debug: {}\n");
    CHECK_CONTAINS(msg, "cfg.yaml:4:");
    CHECK_CONTAINS(msg, "YAML syntax error: ");
    free(msg);

    msg = load_error("a: 1\n"
                     " b: 2\n"
                     "c: 3\n");
    CHECK(strncmp(msg, "cfg.yaml:2:", 11) == 0);
    free(msg);

    msg = load_error("a:\n  - 1\n  b: 2\n");
    CHECK(strncmp(msg, "cfg.yaml:3:", 11) == 0);
    free(msg);

    /* Tabs are not indentation in YAML. */
    msg = load_error("a:\n\tb: 1\n");
    CHECK(strncmp(msg, "cfg.yaml:2:", 11) == 0);
    free(msg);
}

static void
t_structure_errors(void)
{
    char *msg = load_error("- a\n- b\n");
    CHECK_STR(msg, "cfg.yaml:1:1: the configuration must be a map of "
                   "sections (receivers:, exporters:, service:, ...), got a "
                   "list");
    free(msg);
    msg = load_error("just text\n");
    CHECK_CONTAINS(msg, "got a single value");
    free(msg);
    msg = load_error("a: 1\n---\nb: 2\n");
    CHECK_STR(msg, "cfg.yaml:2:1: several YAML documents in one file are "
                   "not supported; use several --config files");
    free(msg);
    msg = load_error("a: *nope\n");
    CHECK_STR(msg, "cfg.yaml:1:4: unknown alias \"*nope\"");
    free(msg);
    msg = load_error("? [a, b]\n: 1\n");
    CHECK_STR(msg, "cfg.yaml:1:3: map keys must be plain strings");
    free(msg);
}

static void
t_load_file_missing(void)
{
    otelc__diag d = {0};
    CHECK(otelc__cfg_load_file("/nonexistent/otelc.yaml", &d) == NULL);
    CHECK_STR(only_error(&d), "cannot open config file "
                              "/nonexistent/otelc.yaml: No such file or "
                              "directory");
    otelc__diag_free(&d);
}

static void
t_empty_file(void)
{
    static const char *const empties[] = {"", "\n\n", "# only a comment\n",
                                          "---\n", "~\n"};
    for (size_t i = 0; i < TEST_COUNT(empties); i++) {
        otelc_config *c = load_ok(empties[i]);
        CHECK_INT(c->kind, OTELC_CFG_MAP);
        CHECK_INT(c->n, 0);
        otelc__cfg_free(c);
    }
    otelc__diag   d = {0};
    otelc_config *c = otelc__cfg_load_file("/dev/null", &d);
    CHECK(c != NULL);
    CHECK_INT(c->kind, OTELC_CFG_MAP);
    CHECK_INT(otelc__diag_count(&d), 0);
    otelc__cfg_free(c);
}

static void
t_env_expansion(void)
{
    otelc_config       *c;
    const otelc_config *a;
    int64_t             i;
    otelc__diag         d = {0};

    setenv("OTELC_T_HOST", "collector.local", 1);
    setenv("OTELC_T_PORT", "4317", 1);
    setenv("OTELC_T_EMPTY", "", 1);
    unsetenv("OTELC_T_UNSET");
    c = load_ok("a:\n"
                "  plain: ${env:OTELC_T_HOST}\n"
                "  url: http://${env:OTELC_T_HOST}:${OTELC_T_PORT}/v1\n"
                "  port: ${env:OTELC_T_PORT}\n"
                "  def: ${env:OTELC_T_UNSET:-fallback:x}\n"
                "  emptydef: \"${env:OTELC_T_EMPTY:-fallback}\"\n"
                "  unset: ${env:OTELC_T_UNSET}\n"
                "  unset_in_text: \"[${env:OTELC_T_UNSET}]\"\n"
                "  dollars: pa$$word$$\n"
                "  literal: cost $5 and $HOME\n"
                "  quoted: \"${env:OTELC_T_PORT}\"\n"
                "  key_${env:OTELC_T_PORT}: k\n");
    a = at(c, "a", NULL);
    CHECK_STR(scalar(at(a, "plain", NULL)), "collector.local");
    CHECK_STR(scalar(at(a, "url", NULL)), "http://collector.local:4317/v1");
    CHECK_INT(otelc__cfg_get_int(a, "port", 0, &i, &d), OTELC_OK);
    CHECK_INT(i, 4317);
    CHECK_STR(scalar(at(a, "def", NULL)), "fallback:x");
    /* Set but empty: no default (otelcol's env provider). */
    CHECK_STR(scalar(at(a, "emptydef", NULL)), "");
    /* A whole-value unset variable is null: the default applies. */
    CHECK_INT(at(a, "unset", NULL)->kind, OTELC_CFG_NULL);
    CHECK_INT(otelc__cfg_get_int(a, "unset", 77, &i, &d), OTELC_OK);
    CHECK_INT(i, 77);
    CHECK_STR(scalar(at(a, "unset_in_text", NULL)), "[]");
    CHECK_STR(scalar(at(a, "dollars", NULL)), "pa$word$");
    CHECK_STR(scalar(at(a, "literal", NULL)), "cost $5 and $HOME");
    CHECK_STR(scalar(at(a, "quoted", NULL)), "4317");
    CHECK_INT(at(a, "quoted", NULL)->quoted, 1);
    /* Keys are not expanded. */
    CHECK(at(a, "key_${env:OTELC_T_PORT}", NULL) != NULL);
    CHECK_INT(otelc__diag_count(&d), 0);
    otelc__cfg_free(c);
}

static void
t_expansion_errors(void)
{
    char *msg = load_error("exporters:\n"
                           "  otlp:\n"
                           "    endpoint: ${foo:bar}\n");
    CHECK_STR(msg, "cfg.yaml:3:5: exporters.otlp.endpoint: unsupported "
                   "scheme \"foo\" in \"${foo:bar}\" (supported: env, file)");
    free(msg);
    msg = load_error("a:\n  b: ${env:OTELC_T_HOST\n");
    CHECK_STR(msg, "cfg.yaml:2:3: a.b: unterminated \"${\" in "
                   "\"${env:OTELC_T_HOST\" (write $$ for a literal $)");
    free(msg);
    msg = load_error("a: ${env:BAD-NAME}\n");
    CHECK_CONTAINS(msg, "cfg.yaml:1:1: a: invalid environment variable name "
                        "\"BAD-NAME\"");
    free(msg);
    msg = load_error("a: ${not a name}\n");
    CHECK_CONTAINS(msg, "cfg.yaml:1:1: a: invalid reference \"${not a "
                        "name}\"");
    free(msg);
    msg = load_error("a: ${env:A:-${env:B}}\n");
    CHECK_CONTAINS(msg, "nested references are not supported");
    free(msg);
    /* Every error is reported, not just the first. */
    {
        otelc__diag d = {0};
        /* (In flow context "{" is YAML syntax: references there are quoted.) */
        CHECK(load("a: ${x:1}\nb: [\"${y:2}\"]\n", &d) == NULL);
        CHECK_INT(otelc__diag_errors(&d), 2);
        CHECK(strncmp(otelc__diag_text(&d, 0), "cfg.yaml:1:1: a: ", 17) == 0);
        CHECK(strncmp(otelc__diag_text(&d, 1), "cfg.yaml:2:5: b[0]: ", 20) ==
              0);
        otelc__diag_free(&d);
    }
}

static void
t_file_expansion(void)
{
    char          dir[] = "/tmp/otelc-cfg-XXXXXX";
    char          path[256], yaml[512];
    FILE         *f;
    otelc_config *c;
    char         *msg;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/token", dir);
    f = fopen(path, "w");
    CHECK(f != NULL);
    fputs("s3cr$t-token\n\n", f);
    fclose(f);

    snprintf(yaml, sizeof(yaml),
             "exporters:\n"
             "  otlp:\n"
             "    headers:\n"
             "      authorization: \"Bearer ${file:%s}\"\n",
             path);
    c = load_ok(yaml);
    /* Trailing newlines trimmed; the content itself is not expanded. */
    CHECK_STR(
        scalar(at(c, "exporters", "otlp", "headers", "authorization", NULL)),
        "Bearer s3cr$t-token");
    otelc__cfg_free(c);

    /* Relative paths are relative to the working directory. */
    CHECK(chdir(dir) == 0);
    c = load_ok("a: ${file:token}\n");
    CHECK_STR(scalar(at(c, "a", NULL)), "s3cr$t-token");
    otelc__cfg_free(c);

    msg = load_error("x:\n  y: 1\n  secret: ${file:missing.txt}\n");
    CHECK_STR(msg, "cfg.yaml:3:3: x.secret: cannot read file "
                   "\"missing.txt\": No such file or directory");
    free(msg);

    unlink(path);
    rmdir(dir);
}

static void
t_merge_files(void)
{
    otelc__diag   d = {0};
    otelc_config *base = otelc__cfg_load_file(fixture("nested.yaml"), &d);
    otelc_config *over = otelc__cfg_load_file(fixture("override.yaml"), &d);
    const otelc_config *n;
    int64_t             i;

    CHECK(base != NULL && over != NULL);
    otelc__cfg_merge(base, over);
    CHECK_INT(otelc__diag_count(&d), 0);

    /* Later file wins for scalars; sibling keys survive the map merge. */
    n = at(base, "processors", "batch", "timeout", NULL);
    CHECK_STR(scalar(n), "1s");
    CHECK_STR(n->file, fixture("override.yaml"));
    CHECK_INT(n->line, 4);
    CHECK_INT(otelc__cfg_get_int(at(base, "processors", "batch", NULL),
                                 "send_batch_size", 0, &i, &d),
              OTELC_OK);
    CHECK_INT(i, 8192);

    /* New keys are added after the existing ones. */
    n = at(base, "exporters", NULL);
    CHECK_INT(n->n, 2);
    CHECK_STR(n->items[0]->key, "debug");
    CHECK_STR(n->items[1]->key, "otlp");
    CHECK_STR(scalar(at(n, "debug", "verbosity", NULL)), "detailed");
    CHECK_STR(scalar(at(n, "otlp", "endpoint", NULL)), "backend:4317");

    /* Lists are replaced, not concatenated. */
    n = at(base, "service", "pipelines", "traces", "exporters", NULL);
    CHECK_INT(n->kind, OTELC_CFG_SEQ);
    CHECK_INT(n->n, 2);
    CHECK_STR(scalar(n->items[0]), "otlp");
    CHECK_STR(scalar(n->items[1]), "debug");
    CHECK(n->items[1]->parent == n);
    CHECK_STR(
        scalar(at(base, "service", "pipelines", "traces", "receivers", NULL)
                   ->items[0]),
        "otlp/in");

    /* A replaced value reports errors at its new place. */
    {
        otelc_config *over2 = load_ok("service:\n  pipelines: 5\n");
        char         *w;
        otelc__cfg_merge(base, over2);
        n = at(base, "service", "pipelines", NULL);
        CHECK_STR(scalar(n), "5");
        w = otelc__cfg_where(n);
        CHECK_STR(w, "cfg.yaml:2:3: service.pipelines");
        free(w);
    }
    otelc__cfg_free(base);
}

static void
t_set(void)
{
    otelc__diag         d = {0};
    otelc_config       *c = otelc__cfg_load_file(fixture("nested.yaml"), &d);
    const otelc_config *n;
    int64_t             i;
    char               *w;

    CHECK(c != NULL);
    CHECK_INT(otelc__cfg_set(c, "processors.batch.timeout=5s", &d), OTELC_OK);
    CHECK_INT(otelc__cfg_set(c, "service.workers=2", &d), OTELC_OK);
    CHECK_INT(otelc__cfg_set(c, "exporters::otlp/a.b::endpoint=h:4317", &d),
              OTELC_OK);
    CHECK_INT(
        otelc__cfg_set(c, "service::pipelines::traces::exporters=[a, b]", &d),
        OTELC_OK);
    CHECK_INT(otelc__cfg_set(c, "exporters.debug.verbosity=detailed", &d),
              OTELC_OK);
    CHECK_INT(otelc__cfg_set(c, "extensions.health_check=", &d), OTELC_OK);
    CHECK_INT(otelc__cfg_set(c, "service.name=a=b", &d), OTELC_OK);
    CHECK_INT(otelc__cfg_set(c, "service.port=\"8080\"", &d), OTELC_OK);
    CHECK_INT(otelc__diag_count(&d), 0);

    n = at(c, "processors", "batch", "timeout", NULL);
    CHECK_STR(scalar(n), "5s");
    CHECK_STR(n->file, "--set");
    CHECK_INT(n->line, 0);
    CHECK_STR(scalar(at(c, "processors", "batch", "send_batch_size", NULL)),
              "8192");

    CHECK_INT(otelc__cfg_get_int(at(c, "service", NULL), "workers", 1, &i, &d),
              OTELC_OK);
    CHECK_INT(i, 2);
    CHECK_INT(at(c, "service", "workers", NULL)->quoted, 0);
    CHECK_INT(at(c, "service", "port", NULL)->quoted, 1);
    CHECK_STR(scalar(at(c, "service", "name", NULL)), "a=b");

    /* "::" keeps dots inside ids. */
    n = at(c, "exporters", "otlp/a.b", "endpoint", NULL);
    CHECK_STR(scalar(n), "h:4317");
    CHECK_STR(at(c, "exporters", "otlp/a.b", NULL)->file, "--set");

    n = at(c, "service", "pipelines", "traces", "exporters", NULL);
    CHECK_INT(n->kind, OTELC_CFG_SEQ);
    CHECK_INT(n->n, 2);
    CHECK_STR(scalar(n->items[1]), "b");
    w = otelc__cfg_where(n->items[1]);
    CHECK_STR(w, "--set: service.pipelines.traces.exporters[1]");
    free(w);

    CHECK_INT(at(c, "extensions", "health_check", NULL)->kind, OTELC_CFG_NULL);

    /* An error on a --set value names --set and the path. */
    CHECK_INT(otelc__cfg_set(c, "service.workers=two", &d), OTELC_OK);
    CHECK_INT(otelc__cfg_get_int(at(c, "service", NULL), "workers", 1, &i, &d),
              OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "--set: service.workers: expected an integer, "
                              "got \"two\"");
    otelc__diag_free(&d);

    /* A null on the way becomes a map. */
    CHECK_INT(otelc__cfg_set(c, "extensions.health_check.endpoint=:13133", &d),
              OTELC_OK);
    CHECK_STR(scalar(at(c, "extensions", "health_check", "endpoint", NULL)),
              ":13133");
    otelc__cfg_free(c);
}

/* An unknown key is matched against the keys its reader asked for (found
 * or not) in the same map. */
static void
t_unknown_key_suggestion(void)
{
    otelc_config       *c = load_ok("recievers:\n"            /* 1 */
                                    "  otlp:\n"               /* 2 */
                                    "    endpiont: x\n"       /* 3 */
                                    "    timeout: 1s\n"       /* 4 */
                                    "    compleetly_off: 1\n" /* 5 */
                                    "    Timeout: 2s\n");     /* 6 */
    otelc__diag         d = {0};
    const otelc_config *otlp;
    const char         *s;

    CHECK(otelc__cfg_get(c, "receivers") == NULL);
    CHECK(otelc__cfg_get(c, "exporters") == NULL);
    otlp = otelc__cfg_get(c, "recievers");
    otelc__cfg_mark_node(otlp); /* the typo is reported below its parent */
    otlp = otelc__cfg_get(otlp, "otlp");
    CHECK_INT(otelc__cfg_get_str(otlp, "endpoint", "d", &s, &d), OTELC_OK);
    CHECK_INT(otelc__cfg_get_str(otlp, "timeout", "d", &s, &d), OTELC_OK);
    CHECK_INT(otelc__cfg_get_str(otlp, "endpoint", "d", &s, &d), OTELC_OK);
    otelc__cfg_report_unused(c, &d);
    if (otelc__diag_count(&d) != 3)
        otelc__diag_print(&d, stderr);
    CHECK_INT(otelc__diag_count(&d), 3);
    CHECK_STR(otelc__diag_text(&d, 0), "cfg.yaml:3:5: recievers.otlp.endpiont: "
                                       "unknown key \"endpiont\" (did you "
                                       "mean `endpoint`?)");
    CHECK_STR(otelc__diag_text(&d, 1), "cfg.yaml:5:5: "
                                       "recievers.otlp.compleetly_off: "
                                       "unknown key \"compleetly_off\"");
    CHECK_STR(otelc__diag_text(&d, 2), "cfg.yaml:6:5: recievers.otlp.Timeout: "
                                       "unknown key \"Timeout\" (did you mean "
                                       "`timeout`?)");
    otelc__diag_free(&d);

    /* The same report, fed by a list of known keys (a schema). */
    {
        static const char *const known[] = {"receivers", "processors",
                                            "exporters"};
        otelc__cfg_report_unknown_key(&d, otelc__cfg_get(c, "recievers"), known,
                                      3);
        CHECK_STR(only_error(&d), "cfg.yaml:1:1: recievers: unknown key "
                                  "\"recievers\" (did you mean "
                                  "`receivers`?)");
        otelc__diag_free(&d);
    }
    CHECK_INT(otelc__edit_distance("grcp", "grpc"), 1);
    CHECK_INT(otelc__edit_distance("kitten", "sitting"), 3);
    CHECK_INT(otelc__edit_distance("", "abc"), 3);
    CHECK(otelc__closest("abc", (const char *const[]){"xyz", "abd"}, 2) !=
          NULL);
    CHECK(otelc__closest("ab", (const char *const[]){"xy"}, 1) == NULL);
    otelc__cfg_free(c);
}

static void
t_set_on_empty_and_errors(void)
{
    otelc__diag   d = {0};
    otelc_config *c = load_ok("");

    CHECK_INT(otelc__cfg_set(c, "a.b.c=1", &d), OTELC_OK);
    CHECK_STR(scalar(at(c, "a", "b", "c", NULL)), "1");

    CHECK_INT(otelc__cfg_set(c, "noequals", &d), OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "--set noequals: expected key=value, e.g. "
                              "processors::batch::timeout=2s");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_set(c, "a..b=1", &d), OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "--set a..b=1: empty key segment");
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_set(c, "a.b.c.d=1", &d), OTELC_E_CONFIG);
    /* The origin (--set and which one) is said once per message. */
    CHECK_STR(only_error(&d), "--set a.b.c.d=1: cannot set a key inside "
                              "a.b.c, a single value");
    otelc__diag_free(&d);

    {
        otelc_config *f = load_ok("a:\n  s: 1\n");
        CHECK_INT(otelc__cfg_set(f, "a.s.k=1", &d), OTELC_E_CONFIG);
        CHECK_STR(only_error(&d), "--set a.s.k=1: cannot set a key inside "
                                  "a.s, a single value (cfg.yaml:2:3)");
        otelc__diag_free(&d);
        otelc__cfg_free(f);
    }

    CHECK_INT(otelc__cfg_set(c, "a.x=[1", &d), OTELC_E_CONFIG);
    CHECK(strncmp(only_error(&d),
                  "--set a.x=[1: invalid value: YAML syntax "
                  "error",
                  37) == 0);
    CHECK(strstr(only_error(&d), "--set:") == NULL);
    otelc__diag_free(&d);

    CHECK_INT(otelc__cfg_set(c, "a.y=${nope:x}", &d), OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "--set a.y=${nope:x}: invalid value: "
                              "unsupported scheme \"nope\" in \"${nope:x}\" "
                              "(supported: env, file)");
    otelc__diag_free(&d);

    setenv("OTELC_T_W", "3", 1);
    CHECK_INT(otelc__cfg_set(c, "a.w=${env:OTELC_T_W}", &d), OTELC_OK);
    CHECK_STR(scalar(at(c, "a", "w", NULL)), "3");
    otelc__cfg_free(c);
}

static void
t_durations(void)
{
    static const struct {
        const char *s;
        int         rc;
        int64_t     ns;
    } cases[] = {
        {"200ms", OTELC_OK, 200000000},
        {"1.5s", OTELC_OK, 1500000000},
        {"1m30s", OTELC_OK, INT64_C(90000000000)},
        {"2h", OTELC_OK, INT64_C(7200000000000)},
        {"300us", OTELC_OK, 300000},
        {"300\xc2\xb5s", OTELC_OK, 300000},
        {"300\xce\xbcs", OTELC_OK, 300000},
        {"10ns", OTELC_OK, 10},
        {"0", OTELC_OK, 0},
        {"0s", OTELC_OK, 0},
        {"5000", OTELC_OK, 5000},
        {".5s", OTELC_OK, 500000000},
        {"1.s", OTELC_OK, 1000000000},
        {"1h2m3s4ms5us6ns", OTELC_OK, INT64_C(3723004005006)},
        {"-1.5h", OTELC_OK, -INT64_C(5400000000000)},
        {"+10s", OTELC_OK, INT64_C(10000000000)},
        {"0.000000001s", OTELC_OK, 1},
        {"2562047h47m16.854775807s", OTELC_OK, INT64_MAX},
        {"9223372036854775807", OTELC_OK, INT64_MAX},
        {"2562047h47m16.854775808s", OTELC_E_RANGE, 0},
        {"9999999999h", OTELC_E_RANGE, 0},
        {"9223372036854775808", OTELC_E_RANGE, 0},
        {"", OTELC_E_INVALID, 0},
        {"s", OTELC_E_INVALID, 0},
        {".s", OTELC_E_INVALID, 0},
        {"1.5", OTELC_E_INVALID, 0},
        {"1m30", OTELC_E_INVALID, 0},
        {"10 s", OTELC_E_INVALID, 0},
        {"10S", OTELC_E_INVALID, 0},
        {"10sec", OTELC_E_INVALID, 0},
        {"1d", OTELC_E_INVALID, 0},
        {"-", OTELC_E_INVALID, 0},
        {"1e3s", OTELC_E_INVALID, 0},
    };
    for (size_t i = 0; i < TEST_COUNT(cases); i++) {
        int64_t ns = -777;
        int     rc = otelc__parse_duration(cases[i].s, &ns);
        if (rc != cases[i].rc || (rc == OTELC_OK && ns != cases[i].ns)) {
            fprintf(stderr, "\"%s\": rc %d ns %" PRId64 "\n", cases[i].s, rc,
                    ns);
            CHECK(!"duration case failed");
        }
    }
}

static void
t_bytes(void)
{
    static const struct {
        const char *s;
        int         rc;
        int64_t     b;
    } cases[] = {
        {"0", OTELC_OK, 0},
        {"1048576", OTELC_OK, 1048576},
        {"512B", OTELC_OK, 512},
        {"512KiB", OTELC_OK, 512 * 1024},
        {"4MiB", OTELC_OK, 4 * 1048576},
        {"4mib", OTELC_OK, 4 * 1048576},
        {"4Mi", OTELC_OK, 4 * 1048576},
        {"20MB", OTELC_OK, 20000000},
        {"20M", OTELC_OK, 20000000},
        {"1.5GiB", OTELC_OK, INT64_C(1610612736)},
        {"2 GB", OTELC_OK, INT64_C(2000000000)},
        {"1TiB", OTELC_OK, INT64_C(1099511627776)},
        {"8k", OTELC_OK, 8000},
        {"+3KB", OTELC_OK, 3000},
        {"9223372036854775807", OTELC_OK, INT64_MAX},
        {"9223372036854775808", OTELC_E_RANGE, 0},
        {"99999999TiB", OTELC_E_RANGE, 0},
        {"", OTELC_E_INVALID, 0},
        {"MiB", OTELC_E_INVALID, 0},
        {"-1", OTELC_E_INVALID, 0},
        {"-4MiB", OTELC_E_INVALID, 0},
        {"1.5", OTELC_E_INVALID, 0},
        {"4.MiB", OTELC_E_INVALID, 0},
        {"4  MiB", OTELC_E_INVALID, 0},
        {"4 ", OTELC_E_INVALID, 0},
        {"4MiBs", OTELC_E_INVALID, 0},
        {"4PB", OTELC_E_INVALID, 0},
        {"0x10", OTELC_E_INVALID, 0},
    };
    for (size_t i = 0; i < TEST_COUNT(cases); i++) {
        int64_t b = -777;
        int     rc = otelc__parse_bytes(cases[i].s, &b);
        if (rc != cases[i].rc || (rc == OTELC_OK && b != cases[i].b)) {
            fprintf(stderr, "\"%s\": rc %d bytes %" PRId64 "\n", cases[i].s, rc,
                    b);
            CHECK(!"byte size case failed");
        }
    }
}

static void
t_anchors_aliases(void)
{
    otelc_config       *c = load_ok("x-common: &common\n"        /* 1 */
                                    "  timeout: 5s\n"            /* 2 */
                                    "  retry: {enabled: true}\n" /* 3 */
                                    "exporters:\n"               /* 4 */
                                    "  otlp/a:\n"                /* 5 */
                                    "    <<: *common\n"          /* 6 */
                                    "    endpoint: a:4317\n"     /* 7 */
                                    "    timeout: 1s\n"          /* 8 */
                                    "  otlp/b: *common\n"        /* 9 */
                                    "  list: &l [one, two]\n"    /* 10 */
                                    "  again: *l\n"              /* 11 */
                                    "  s: &s hello\n"            /* 12 */
                                    "  t: *s\n");                /* 13 */
    const otelc_config *a = at(c, "exporters", "otlp/a", NULL);
    const otelc_config *b = at(c, "exporters", "otlp/b", NULL);
    const otelc_config *n;
    char               *path;

    /* Explicit keys win over merged ones, even written after "<<". */
    CHECK_INT(a->n, 3);
    CHECK(at(a, "<<", NULL) == NULL);
    CHECK_STR(scalar(at(a, "timeout", NULL)), "1s");
    CHECK_STR(scalar(at(a, "endpoint", NULL)), "a:4317");
    CHECK_STR(scalar(at(a, "retry", "enabled", NULL)), "true");

    /* An alias is a copy, placed where it is used. */
    CHECK_INT(b->kind, OTELC_CFG_MAP);
    CHECK_INT(b->line, 9);
    CHECK_STR(scalar(at(b, "timeout", NULL)), "5s");
    path = otelc__cfg_path(at(b, "retry", "enabled", NULL));
    CHECK_STR(path, "exporters.otlp/b.retry.enabled");
    free(path);
    CHECK(at(b, "retry", NULL) != at(c, "x-common", "retry", NULL));

    n = at(c, "exporters", "again", NULL);
    CHECK_INT(n->kind, OTELC_CFG_SEQ);
    CHECK_INT(n->n, 2);
    CHECK_STR(scalar(n->items[1]), "two");
    CHECK_STR(scalar(at(c, "exporters", "t", NULL)), "hello");
    otelc__cfg_free(c);

    /* Merge from a list of maps: earlier maps win. */
    c = load_ok("a: &a {x: 1, y: 1}\n"
                "b: &b {y: 2, z: 2}\n"
                "c:\n"
                "  <<: [*a, *b]\n"
                "  w: 0\n");
    n = at(c, "c", NULL);
    CHECK_INT(n->n, 4);
    CHECK_STR(scalar(at(n, "y", NULL)), "1");
    CHECK_STR(scalar(at(n, "z", NULL)), "2");
    otelc__cfg_free(c);
}

static void
t_alias_bomb(void)
{
    otelc__diag d = {0};
    /* 10^8 nodes if expanded: must be refused, quickly. */
    otelc_config *c = load("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                           "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                           "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                           "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                           "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                           "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                           "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
                           &d);
    CHECK(c == NULL);
    CHECK_CONTAINS(only_error(&d), "too many nodes");
    otelc__diag_free(&d);
}

static void
t_deep_nesting(void)
{
    char        buf[4096];
    otelc__diag d = {0};
    size_t      depth = 1000;
    memcpy(buf, "a: ", 3);
    memset(buf + 3, '[', depth);
    memset(buf + 3 + depth, ']', depth);
    buf[3 + 2 * depth] = '\0';
    CHECK(load(buf, &d) == NULL);
    CHECK_CONTAINS(only_error(&d), "nesting deeper than");
    otelc__diag_free(&d);
}

static void
t_unicode_keys(void)
{
    otelc_config       *c = load_ok("attributes:\n"
                                          "  \xc3\xa9tiquette: caf\xc3\xa9\n"
                                          "  \xe5\x90\x8d\xe5\x89\x8d: \"\xe5\x80\xa4\"\n"
                                          "  bad\xc3\xa9: [1]\n");
    const otelc_config *n =
        at(c, "attributes", "\xe5\x90\x8d\xe5\x89\x8d", NULL);
    otelc__diag d = {0};
    int64_t     i;

    CHECK_STR(scalar(n), "\xe5\x80\xa4");
    CHECK_INT(n->line, 3);
    CHECK_STR(scalar(at(c, "attributes", "\xc3\xa9tiquette", NULL)),
              "caf\xc3\xa9");
    CHECK_INT(
        otelc__cfg_get_int(at(c, "attributes", NULL), "bad\xc3\xa9", 0, &i, &d),
        OTELC_E_CONFIG);
    CHECK_STR(only_error(&d), "cfg.yaml:4:3: attributes.bad\xc3\xa9: "
                              "expected an integer, got a list");
    otelc__diag_free(&d);
    otelc__cfg_free(c);

    /* Invalid UTF-8 is a load error, not garbage in the tree. */
    CHECK(load("a: \xff\xfe\n", &d) == NULL);
    CHECK_CONTAINS(only_error(&d), "cfg.yaml:");
    otelc__diag_free(&d);
}

static void
t_host_api(void)
{
    otelc_config       *c = load_ok("m:\n  k1: v1\n  k2: [a, b]\nn: 3\n");
    const otelc_config *m, *l;

    /* Through the SDK's inline wrappers, i.e. via the node's api. */
    CHECK(c->api != NULL);
    m = otelc_cfg_child(c, "m");
    CHECK_INT(otelc_cfg_kind(m), OTELC_CFG_MAP);
    CHECK_INT(otelc_cfg_len(m), 2);
    CHECK_STR(otelc_cfg_key(m, 1), "k2");
    CHECK(otelc_cfg_key(m, 2) == NULL);
    CHECK_STR(otelc_cfg_scalar(otelc_cfg_item(m, 0)), "v1");
    l = otelc_cfg_item(m, 1);
    CHECK_INT(otelc_cfg_kind(l), OTELC_CFG_SEQ);
    CHECK_INT(otelc_cfg_len(l), 2);
    CHECK(otelc_cfg_key(l, 0) == NULL);
    CHECK_STR(otelc_cfg_scalar(otelc_cfg_item(l, 1)), "b");
    CHECK(otelc_cfg_item(l, 2) == NULL);
    CHECK(otelc_cfg_scalar(l) == NULL);
    CHECK_INT(otelc_cfg_kind(NULL), OTELC_CFG_NULL);
    CHECK(otelc_cfg_child(c, "zzz") == NULL);

    /* Iterating a map's entries reads them. */
    {
        otelc__diag d = {0};
        otelc__cfg_report_unused(c, &d);
        CHECK_STR(only_error(&d), "cfg.yaml:4:1: n: unknown key \"n\"");
        otelc__diag_free(&d);
        otelc_cfg_mark_used(otelc_cfg_child(c, "n"));
        otelc__cfg_report_unused(c, &d);
        CHECK_INT(otelc__diag_count(&d), 0);
    }
    otelc__cfg_free(c);
}

static void
t_diag_print(void)
{
    otelc__diag   d = {0};
    otelc_config *c = load_ok("a:\n  b: 1\n");
    char         *out = NULL;
    size_t        len = 0;
    FILE         *f;

    otelc__diag_error(&d, at(c, "a", "b", NULL), "bad %s", "thing");
    otelc__diag_warn(&d, at(c, "a", NULL), "deprecated");
    otelc__diag_errorf(&d, "no location %d", 3);
    otelc__diag_warnf(&d, "plain warning");
    otelc__diag_error(&d, c, "at the root");
    CHECK_INT(otelc__diag_count(&d), 5);
    CHECK_INT(otelc__diag_errors(&d), 3);
    CHECK_INT(otelc__diag_level(&d, 1), OTELC__DIAG_WARN);

    f = open_memstream(&out, &len);
    CHECK(f != NULL);
    otelc__diag_print(&d, f);
    fclose(f);
    CHECK_STR(out, "error: cfg.yaml:2:3: a.b: bad thing\n"
                   "warning: cfg.yaml:1:1: a: deprecated\n"
                   "error: no location 3\n"
                   "warning: plain warning\n"
                   "error: cfg.yaml:1:1: at the root\n");
    free(out);
    otelc__diag_free(&d);
    CHECK_INT(otelc__diag_count(&d), 0);
    CHECK_INT(otelc__diag_errors(&d), 0);

    /* A NULL list swallows messages. */
    otelc__diag_errorf(NULL, "ignored");
    CHECK_INT(otelc__diag_errors(NULL), 0);
    otelc__cfg_free(c);
}

static const struct test_case cases[] = {
    TEST_CASE(t_nested_positions),
    TEST_CASE(t_getters_valid),
    TEST_CASE(t_getters_wrong_type),
    TEST_CASE(t_unknown_keys),
    TEST_CASE(t_duplicate_key),
    TEST_CASE(t_syntax_error),
    TEST_CASE(t_structure_errors),
    TEST_CASE(t_load_file_missing),
    TEST_CASE(t_empty_file),
    TEST_CASE(t_env_expansion),
    TEST_CASE(t_expansion_errors),
    TEST_CASE(t_file_expansion),
    TEST_CASE(t_merge_files),
    TEST_CASE(t_set),
    TEST_CASE(t_unknown_key_suggestion),
    TEST_CASE(t_set_on_empty_and_errors),
    TEST_CASE(t_durations),
    TEST_CASE(t_bytes),
    TEST_CASE(t_anchors_aliases),
    TEST_CASE(t_alias_bomb),
    TEST_CASE(t_deep_nesting),
    TEST_CASE(t_unicode_keys),
    TEST_CASE(t_host_api),
    TEST_CASE(t_diag_print),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
