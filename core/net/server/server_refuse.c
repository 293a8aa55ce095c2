/* The answer to a request refused before its body is read because the
 * collector is over service.memory_limit_mib: 429 with Retry-After, and a
 * google.rpc.Status body in the request's own encoding (protobuf or JSON,
 * as OTLP/HTTP clients expect from any error), plain text otherwise. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ctx.h"
#include "server.h"
#include "telemetry.h"

#define GRPC_RESOURCE_EXHAUSTED 8

void
otelc__srv_memory_refused(struct otelc_request *r)
{
    otelc_ctx *ctx = r->srv->ctx;

    /* Counted per receiver in requests: the body, and so the number of
     * items, was never read. */
    if (ctx)
        otelc__tel_metric_add(
            otelc__tel_counter(otelc__ctx_tel(ctx),
                               "otelc_receiver_refused_requests_total",
                               "requests refused before their body was read "
                               "because of the memory limit"),
            1);
}

size_t
otelc__srv_memory_refusal(struct otelc_request *r, char *buf, size_t cap,
                          const char **content_type)
{
    static const char msg[] = OTELC__SRV_OVER_MEMORY_MSG;
    const char       *ct = otelc__srv_req_hdr(r, "content-type");
    size_t            mlen = sizeof(msg) - 1, n = 0;
    int               w;

    otelc__srv_memory_refused(r);
    if (ct && strncasecmp(ct, "application/x-protobuf", 22) == 0 &&
        cap >= mlen + 4) {
        /* Status{code (1): RESOURCE_EXHAUSTED, message (2): msg} */
        buf[n++] = 0x08;
        buf[n++] = GRPC_RESOURCE_EXHAUSTED;
        buf[n++] = 0x12;
        buf[n++] = (char)mlen;
        memcpy(buf + n, msg, mlen);
        *content_type = "application/x-protobuf";
        return n + mlen;
    }
    if (ct && strncasecmp(ct, "application/json", 16) == 0) {
        w = snprintf(buf, cap, "{\"code\":%d,\"message\":\"%s\"}",
                     GRPC_RESOURCE_EXHAUSTED, msg);
        *content_type = "application/json";
        return w > 0 && (size_t)w < cap ? (size_t)w : 0;
    }
    *content_type = "text/plain; charset=utf-8";
    n = mlen < cap ? mlen : cap;
    memcpy(buf, msg, n);
    return n;
}
