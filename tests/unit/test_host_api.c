/* The host function table is one static const initializer (core/api/
 * host_api.c); a member left out of it would be NULL and crash the first
 * plugin that calls it. */
#include <stddef.h>

#include <otelc/host.h>

#include "api.h"
#include "host_table.h"
#include "testlib.h"

typedef void (*any_fn)(void);

static void
t_no_member_is_null(void)
{
    const otelc_host_api *api = &otelc__host_api;
    size_t                first = offsetof(otelc_host_api, log), n = 0;

    for (size_t off = first; off + sizeof(any_fn) <= sizeof(*api);
         off += sizeof(any_fn), n++) {
        any_fn f;
        memcpy(&f, (const char *)api + off, sizeof(f));
        if (f == NULL)
            fprintf(stderr, "member at offset %zu is NULL\n", off);
        CHECK(f != NULL);
    }
    CHECK(n > 100);
}

static void
t_header_fields(void)
{
    CHECK_INT(otelc__host_api.struct_size, sizeof(otelc_host_api));
    CHECK_INT(otelc__host_api.abi_major, OTELC_ABI_MAJOR);
    CHECK_INT(otelc__host_api.abi_minor, OTELC_ABI_MINOR);
}

static void
t_installed_before_cases_run(void)
{
    /* test_main() installs it, as main() does. */
    CHECK(otelc__host() == &otelc__host_api);
}

static const struct test_case cases[] = {
    TEST_CASE(t_no_member_is_null),
    TEST_CASE(t_header_fields),
    TEST_CASE(t_installed_before_cases_run),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
