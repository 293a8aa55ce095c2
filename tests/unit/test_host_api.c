/* The host function table is one static const initializer (core/api/
 * host_api.c); a member left out of it would be NULL and crash the first
 * plugin that calls it. */
#include <stddef.h>

#include <otelc/otelc.h>

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

/* Host-filled structs that cross the boundary begin with struct_size, so a
 * plugin built against a newer SDK can ask whether this host filled a
 * member before reading it. */
_Static_assert(offsetof(otelc_http_response, struct_size) == 0,
               "otelc_http_response begins with struct_size");
_Static_assert(offsetof(otelc_grpc_response, struct_size) == 0,
               "otelc_grpc_response begins with struct_size");
_Static_assert(offsetof(otelc_host_api, struct_size) == 0,
               "otelc_host_api begins with struct_size");

static void
t_has_member(void)
{
    otelc_http_response  http = {.struct_size = sizeof(http)};
    otelc_grpc_response  grpc = {.struct_size = sizeof(grpc)};
    otelc_http_response *none = NULL;
    otelc_host_api       old = otelc__host_api;

    CHECK(OTELC_HAS_MEMBER(&http, otelc_http_response, retry_after_ns));
    CHECK(OTELC_HAS_MEMBER(&grpc, otelc_grpc_response, retry_after_ns));
    /* An older host's struct ends before the member. */
    http.struct_size = (uint32_t)offsetof(otelc_http_response, retry_after_ns);
    CHECK(!OTELC_HAS_MEMBER(&http, otelc_http_response, retry_after_ns));
    CHECK(OTELC_HAS_MEMBER(&http, otelc_http_response, content_type));
    /* Partly covered is not there. */
    http.struct_size += 1;
    CHECK(!OTELC_HAS_MEMBER(&http, otelc_http_response, retry_after_ns));
    CHECK(!OTELC_HAS_MEMBER(none, otelc_http_response, status));
    /* otelc_host_has() is the same test on the table (plus non-NULL). */
    {
        struct otelc__handle h = {&old};
        CHECK(otelc_host_has(&h, rpc_status_read));
        old.struct_size = (uint32_t)offsetof(otelc_host_api, rpc_status_read);
        CHECK(!otelc_host_has(&h, rpc_status_read));
        CHECK(otelc_host_has(&h, otlp_response_read));
        old.otlp_response_read = NULL;
        CHECK(!otelc_host_has(&h, otlp_response_read));
    }
}

/* The gRPC codes are the protocol's and named once, in the SDK. */
static void
t_grpc_status_names(void)
{
    int n = 0;
#define COUNT(name, value) n += (value == n);
    OTELC_GRPC_STATUS_TABLE(COUNT)
#undef COUNT
    CHECK_INT(n, 17);
    CHECK_STR(otelc_grpc_status_name(OTELC_GRPC_OK), "OK");
    CHECK_STR(otelc_grpc_status_name(OTELC_GRPC_UNAUTHENTICATED),
              "UNAUTHENTICATED");
    CHECK_STR(otelc_grpc_status_name(OTELC_GRPC_RESOURCE_EXHAUSTED),
              "RESOURCE_EXHAUSTED");
    CHECK_STR(otelc_grpc_status_name(17), "UNKNOWN");
    CHECK_STR(otelc_grpc_status_name(-1), "UNKNOWN");
}

static const struct test_case cases[] = {
    TEST_CASE(t_has_member),
    TEST_CASE(t_grpc_status_names),
    TEST_CASE(t_no_member_is_null),
    TEST_CASE(t_header_fields),
    TEST_CASE(t_installed_before_cases_run),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
