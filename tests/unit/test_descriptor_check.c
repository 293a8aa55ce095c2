/* The loader's descriptor checks as a pure function: every refusal, each
 * with its status and the message a plugin author reads (the same text
 * `otelc plugins check` prints, see tests/abi/abi_refusal.sh). */
#include <otelc/otelc.h>

#include "descriptor_check.h"
#include "testlib.h"

static int
c_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    (void)ctx;
    (void)cfg;
    *state = NULL;
    return OTELC_OK;
}
static int
c_consume(void *state, otelc_batch *b)
{
    (void)state;
    otelc_batch_release(b);
    return OTELC_OK;
}
static void
c_destroy(void *state)
{
    (void)state;
}

#define GOOD_COMPONENT                                                         \
    {                                                                          \
        .struct_size = sizeof(otelc_component_def),                            \
        .kind = OTELC_KIND_PROCESSOR, .type = "proc",                          \
        .signals = OTELC_SIGNALS_ALL, .stability = OTELC_STABILITY_BETA,       \
        .create = c_create, .consume = c_consume, .destroy = c_destroy         \
    }

static otelc_component_def comps[2];
static otelc_plugin        desc;

/* A valid one-component descriptor in `desc`, to break one field of. */
static void
good(void)
{
    const otelc_component_def c = GOOD_COMPONENT;
    const otelc_plugin        d = {
               OTELC_PLUGIN_HEADER,  .min_host_minor = 0, .n_components = 1,
               .name = "otelc-test", .version = "1.0.0",  .license = "Apache-2.0",
               .components = comps,
    };
    comps[0] = c;
    comps[1] = c;
    comps[1].type = "proc2";
    desc = d;
}

/* Checks desc with host minor `minor`: status `want`, and returns the
 * message (which must be there exactly for a refusal). */
static char *
check(unsigned minor, int want)
{
    char *msg = (char *)"unset";
    int   st = otelc__descriptor_check(&desc, minor, &msg);
    if (st != want)
        fprintf(stderr, "status %d, message: %s\n", st, msg ? msg : "-");
    CHECK_INT(st, want);
    CHECK((msg == NULL) == (want == OTELC__DESC_OK));
    return msg;
}

static void
t_good(void)
{
    good();
    CHECK(check(OTELC_ABI_MINOR, OTELC__DESC_OK) == NULL);
    desc.n_components = 2;
    CHECK(check(OTELC_ABI_MINOR, OTELC__DESC_OK) == NULL);
    /* A plugin needing exactly this host's minor is fine. */
    desc.min_host_minor = OTELC_ABI_MINOR;
    CHECK(check(OTELC_ABI_MINOR, OTELC__DESC_OK) == NULL);
}

static void
t_null(void)
{
    char *msg = NULL;
    CHECK_INT(otelc__descriptor_check(NULL, OTELC_ABI_MINOR, &msg),
              OTELC__DESC_NULL);
    CHECK_STR(msg, "otelc_plugin_v1() returned no descriptor");
    free(msg);
}

static void
t_bad_magic(void)
{
    char *msg;
    good();
    desc.magic = 0x1122334455667788ull;
    msg = check(OTELC_ABI_MINOR, OTELC__DESC_BAD_MAGIC);
    CHECK_CONTAINS(msg, "bad descriptor magic 0x1122334455667788 (expected "
                        "0x");
    CHECK_CONTAINS(msg, "fix: rebuild the plugin with OTELC_PLUGIN_HEADER");
    free(msg);
}

static void
t_other_major(void)
{
    char buf[256], *msg;
    good();
    desc.abi_major = OTELC_ABI_MAJOR + 1;
    desc.abi_minor = 4;
    msg = check(7, OTELC__DESC_OTHER_MAJOR);
    snprintf(buf, sizeof(buf),
             "plugin ABI %d.4, host ABI %d.7: major versions differ; fix: "
             "upgrade otelc or rebuild the plugin against this otelc's SDK",
             OTELC_ABI_MAJOR + 1, OTELC_ABI_MAJOR);
    CHECK_STR(msg, buf);
    free(msg);
    desc.abi_major = OTELC_ABI_MAJOR - 1;
    msg = check(7, OTELC__DESC_OTHER_MAJOR);
    CHECK_CONTAINS(msg, "fix: rebuild the plugin against this otelc's SDK");
    free(msg);
}

static void
t_truncated(void)
{
    char *msg;
    good();
    desc.struct_size = (uint32_t)offsetof(otelc_plugin, components);
    msg = check(OTELC_ABI_MINOR, OTELC__DESC_TRUNCATED);
    CHECK_CONTAINS(msg, "descriptor truncated: struct_size");
    CHECK_CONTAINS(msg, "fix: rebuild the plugin against the otelc SDK");
    free(msg);
}

static void
t_min_host_minor_too_new(void)
{
    char buf[256], *msg;
    good();
    desc.abi_minor = 9;
    desc.min_host_minor = 8;
    msg = check(7, OTELC__DESC_HOST_TOO_OLD);
    snprintf(buf, sizeof(buf),
             "needs host ABI %d.8 or newer, this host is %d.7 (plugin built "
             "with %d.9); fix: upgrade otelc, or rebuild the plugin with a "
             "lower min_host_minor",
             OTELC_ABI_MAJOR, OTELC_ABI_MAJOR, OTELC_ABI_MAJOR);
    CHECK_STR(msg, buf);
    CHECK(OTELC__DESC_READABLE(OTELC__DESC_HOST_TOO_OLD));
    CHECK(!OTELC__DESC_READABLE(OTELC__DESC_TRUNCATED));
    free(msg);
}

static void
t_missing_metadata(void)
{
    char *msg;
    good();
    desc.name = "";
    msg = check(OTELC_ABI_MINOR, OTELC__DESC_NO_METADATA);
    CHECK_STR(msg, "descriptor lacks a name");
    free(msg);
    good();
    desc.version = NULL;
    msg = check(OTELC_ABI_MINOR, OTELC__DESC_NO_METADATA);
    CHECK_STR(msg, "descriptor lacks a version");
    free(msg);
    good();
    desc.n_components = 0;
    msg = check(OTELC_ABI_MINOR, OTELC__DESC_NO_METADATA);
    CHECK_STR(msg, "descriptor lacks components");
    free(msg);
    good();
    desc.components = NULL;
    msg = check(OTELC_ABI_MINOR, OTELC__DESC_NO_METADATA);
    CHECK_STR(msg, "descriptor lacks components");
    free(msg);
}

static void
t_component_truncated(void)
{
    char *msg;
    good();
    comps[0].struct_size = (uint32_t)offsetof(otelc_component_def, destroy);
    msg = check(OTELC_ABI_MINOR, OTELC__DESC_COMP_TRUNCATED);
    CHECK_CONTAINS(msg, "component definition truncated: struct_size");
    CHECK_CONTAINS(msg, "fix: rebuild the plugin against the otelc SDK");
    free(msg);
}

/* One broken field of the second component: its refusal message. */
static char *
second_component(void (*breakit)(otelc_component_def *c))
{
    good();
    desc.n_components = 2;
    breakit(&comps[1]);
    return check(OTELC_ABI_MINOR, OTELC__DESC_BAD_COMPONENT);
}

static void
no_kind(otelc_component_def *c)
{
    c->kind = 0;
}
static void
big_kind(otelc_component_def *c)
{
    c->kind = 99;
}
static void
no_type(otelc_component_def *c)
{
    c->type = NULL;
}
static void
bad_type(otelc_component_def *c)
{
    c->type = "Has-Caps";
}
static void
no_signals(otelc_component_def *c)
{
    c->signals = 0;
}
static void
bad_signals(otelc_component_def *c)
{
    c->signals = 0x80;
}
static void
no_create(otelc_component_def *c)
{
    c->create = NULL;
}
static void
no_destroy(otelc_component_def *c)
{
    c->destroy = NULL;
}
static void
no_consume(otelc_component_def *c)
{
    c->consume = NULL;
}
static void
other_size(otelc_component_def *c)
{
    c->struct_size += 8;
}
static void
bad_alias(otelc_component_def *c)
{
    static const char *const aliases[] = {"ok_alias", "bad alias", NULL};
    c->aliases = aliases;
}
static void
extension_no_signals(otelc_component_def *c)
{
    c->kind = OTELC_KIND_EXTENSION;
    c->signals = 0;
    c->consume = NULL;
}

static void
t_bad_components(void)
{
    static const struct {
        void (*breakit)(otelc_component_def *c);
        const char *msg;
    } cases[] = {
        {no_kind, "component #1 (proc2): unknown component kind"},
        {big_kind, "component #1 (proc2): unknown component kind"},
        {no_type, "component #1 (?): component type must be 1-64 "
                  "characters of [a-z0-9_]"},
        {bad_type, "component #1 (Has-Caps): component type must be 1-64 "
                   "characters of [a-z0-9_]"},
        {no_signals, "component #1 (proc2): component declares no valid "
                     "signals"},
        {bad_signals, "component #1 (proc2): component declares no valid "
                      "signals"},
        {no_create, "component #1 (proc2): component lacks create or "
                    "destroy"},
        {no_destroy, "component #1 (proc2): component lacks create or "
                     "destroy"},
        {no_consume, "component #1 (proc2): component lacks consume"},
        {other_size, "component #1 (proc2): component definitions have "
                     "different struct_size values"},
        {bad_alias, "component #1 (proc2): alias must be 1-64 characters "
                    "of [a-z0-9_]"},
    };
    for (size_t i = 0; i < TEST_COUNT(cases); i++) {
        char *msg = second_component(cases[i].breakit);
        CHECK_STR(msg, cases[i].msg);
        free(msg);
    }
    /* Extensions carry no data: no signals, no consume is fine. */
    good();
    extension_no_signals(&comps[0]);
    CHECK(check(OTELC_ABI_MINOR, OTELC__DESC_OK) == NULL);
}

static const struct test_case cases[] = {
    TEST_CASE(t_good),
    TEST_CASE(t_null),
    TEST_CASE(t_bad_magic),
    TEST_CASE(t_other_major),
    TEST_CASE(t_truncated),
    TEST_CASE(t_min_host_minor_too_new),
    TEST_CASE(t_missing_metadata),
    TEST_CASE(t_component_truncated),
    TEST_CASE(t_bad_components),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
