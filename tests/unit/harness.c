/* See harness.h. Linked into every unit test with otelc_core. */
#include "harness.h"

#include <string.h>

#include "memlimit.h"
#include "testlib.h"

static struct otelc__plugin_file harness_file = {(char *)"/test/in-process.so",
                                                 NULL, NULL, NULL};

void
harness_registry(struct harness *h, const otelc_component_def *defs, size_t n)
{
    memset(h, 0, sizeof(*h));
    CHECK(n <= HARNESS_MAX_DEFS);
    for (size_t i = 0; i < n; i++) {
        h->cd[i].def = defs[i];
        h->cd[i].file = &harness_file;
        h->cd[i].plugin_name = "test";
        h->cd[i].plugin_version = "1";
        h->ptrs[i] = &h->cd[i];
    }
    h->reg.comps = h->ptrs;
    h->reg.n_comps = n;
}

size_t
harness_validate(struct harness *h, const char *yaml)
{
    h->root = otelc__cfg_load_string("test.yaml", yaml, &h->diag);
    CHECK(h->root != NULL);
    otelc__service_build(&h->svc, h->root, &h->reg, &h->diag);
    return otelc__diag_errors(&h->diag);
}

void
harness_start(struct harness *h, const otelc_component_def *defs, size_t n,
              const char *yaml)
{
    harness_registry(h, defs, n);
    if (harness_validate(h, yaml) != 0) {
        otelc__diag_print(&h->diag, stderr);
        CHECK(!"config must validate");
    }
    otelc__mem_set_limit(h->svc.memory_limit_bytes);
    CHECK_INT(otelc__graph_build(&h->rt, &h->svc,
                                 h->svc.workers > 0 ? h->svc.workers : 1),
              0);
    CHECK_INT(otelc__runtime_start(&h->rt), 0);
}

int
harness_stop(struct harness *h)
{
    int rc = otelc__runtime_stop(&h->rt, h->svc.shutdown_timeout_ns);
    otelc__graph_free(&h->rt);
    otelc__mem_set_limit(0);
    harness_free(h);
    return rc;
}

void
harness_free(struct harness *h)
{
    otelc__service_free(&h->svc);
    otelc__cfg_free(h->root);
    otelc__diag_free(&h->diag);
    h->root = NULL;
}

int
harness_nop_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    (void)ctx;
    (void)cfg;
    *state = NULL;
    return OTELC_OK;
}

int
harness_nop_consume(void *state, otelc_batch *b)
{
    (void)state;
    otelc_batch_release(b);
    return OTELC_OK;
}

void
harness_nop_destroy(void *state)
{
    (void)state;
}
