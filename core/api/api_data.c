/* Members of otelc/data.h whose lower-layer implementation reports into an
 * otelc__detail: the detail becomes the calling instance's
 * otelc_last_error(). */
#include "api.h"

#include "batch.h"
#include "ctx.h"
#include "otlp_response.h"

/* The callee's status, with its detail (or the status's own message when
 * a failure path left none) as the instance's otelc_last_error(). */
static int
report(otelc_ctx *ctx, int rc, const otelc__detail *d)
{
    return otelc__ctx_fail(ctx, rc, "%s",
                           d->text[0] ? d->text : otelc_status_message(rc));
}

otelc_batch *
otelc__api_batch_new(otelc_ctx *ctx, int signal)
{
    otelc__detail d = {0};
    otelc_batch  *b = otelc__batch_new(signal, &d);

    if (b == NULL)
        report(ctx, d.status ? d.status : OTELC_E_NOMEM, &d);
    return b;
}

int
otelc__api_batch_from_otlp(otelc_ctx *ctx, int signal, const void *buf,
                           size_t len, otelc_destructor dtor, otelc_batch **out)
{
    otelc__detail d = {0};
    int           rc = otelc__batch_from_otlp(signal, buf, len, dtor, out, &d);

    return rc == OTELC_OK ? rc : report(ctx, rc, &d);
}

int
otelc__api_batch_from_otlp_json(otelc_ctx *ctx, int signal, const void *buf,
                                size_t len, otelc_batch **out)
{
    otelc__detail d = {0};
    int           rc = otelc__batch_from_otlp_json(signal, buf, len, out, &d);

    return rc == OTELC_OK ? rc : report(ctx, rc, &d);
}

int
otelc__api_otlp_response_read(otelc_ctx *ctx, int signal, const void *buf,
                              size_t len, unsigned flags, int64_t *rejected,
                              char *msg, size_t cap)
{
    otelc__detail d = {0};
    int rc = otelc__otlp_response_read(signal, buf, len, flags, rejected, msg,
                                       cap, &d);

    return rc == OTELC_OK ? rc : report(ctx, rc, &d);
}

int
otelc__api_rpc_status_read(otelc_ctx *ctx, const void *buf, size_t len,
                           unsigned flags, int *code, char *msg, size_t cap)
{
    otelc__detail d = {0};
    int rc = otelc__rpc_status_read(buf, len, flags, code, msg, cap, &d);

    return rc == OTELC_OK ? rc : report(ctx, rc, &d);
}
