/* Writes a benchmark payload: an ExportTraceServiceRequest with N spans,
 * as raw protobuf (for OTLP/HTTP) and as one length-prefixed gRPC message
 * (for h2load). Built with the collector's own data layer, so the payload
 * is exactly what an OTLP client would send.
 *
 *   make_payload SPANS OUT.pb OUT.grpc */
#include <stdio.h>
#include <stdlib.h>

#include <otelc/otelc.h>

#include "api.h"
#include "batch.h"

static int
write_file(const char *path, const void *prefix, size_t plen, const void *buf,
           size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    if ((plen && fwrite(prefix, 1, plen, f) != plen) ||
        fwrite(buf, 1, len, f) != len) {
        fclose(f);
        return -1;
    }
    return fclose(f);
}

int
main(int argc, char **argv)
{
    otelc_batch  *b;
    otelc_node   *rs, *ss;
    const void   *buf;
    size_t        len;
    unsigned char prefix[5];
    long          spans;

    if (argc != 4 || (spans = strtol(argv[1], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: make_payload SPANS OUT.pb OUT.grpc\n");
        return 2;
    }
    otelc__api_install();
    b = otelc__batch_new(OTELC_SIGNAL_TRACES, NULL);
    rs = otelc_build_resource(b);
    otelc_attrs_set_str(otelc_build_resource_attrs(rs), "service.name",
                        "bench");
    ss = otelc_build_scope(rs, "bench", "1.0");
    for (long i = 0; i < spans; i++) {
        unsigned char tid[16] = {1}, sid[8] = {2};
        otelc_node   *s = otelc_build_span(ss, "GET /api/items");
        tid[15] = (unsigned char)i;
        tid[14] = (unsigned char)(i >> 8);
        sid[7] = (unsigned char)i;
        sid[6] = (unsigned char)(i >> 8);
        otelc_node_set_bytes(s, OTELC_SPAN_TRACE_ID, tid, 16, OTELC_COPY);
        otelc_node_set_bytes(s, OTELC_SPAN_SPAN_ID, sid, 8, OTELC_COPY);
        otelc_node_set_int(s, OTELC_SPAN_KIND, OTELC_SPAN_KIND_SERVER);
        otelc_node_set_uint(s, OTELC_SPAN_START_TIME_UNIX_NANO,
                            UINT64_C(1700000000000000000) + (uint64_t)i);
        otelc_node_set_uint(s, OTELC_SPAN_END_TIME_UNIX_NANO,
                            UINT64_C(1700000000001000000) + (uint64_t)i);
        otelc_attrs_set_str(s, "http.request.method", "GET");
        otelc_attrs_set_str(s, "url.path", "/api/items");
        otelc_attrs_set_int(s, "http.response.status_code", 200);
        otelc_attrs_set_str(s, "server.address", "shop.example.com");
    }
    if (otelc_batch_to_otlp(b, &buf, &len) != OTELC_OK) {
        fprintf(stderr, "encode failed\n");
        return 1;
    }
    prefix[0] = 0;
    prefix[1] = (unsigned char)(len >> 24);
    prefix[2] = (unsigned char)(len >> 16);
    prefix[3] = (unsigned char)(len >> 8);
    prefix[4] = (unsigned char)len;
    if (write_file(argv[2], NULL, 0, buf, len) != 0 ||
        write_file(argv[3], prefix, sizeof(prefix), buf, len) != 0) {
        perror("write");
        return 1;
    }
    printf("%ld spans, %zu bytes\n", spans, len);
    otelc_batch_release(b);
    return 0;
}
