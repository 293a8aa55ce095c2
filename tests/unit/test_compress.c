/* The body codecs: round trips for every algorithm (empty, small, large,
 * incompressible, several snappy frames), bounded and corrupt input, and
 * that what we write decodes with independent decoders: gzip(1), zstd(1)
 * and python's zlib, and the pure-python snappy decoders of
 * tests/integration/http_sink.py (not libsnappy). */
#include <stdint.h>
#include <stdlib.h>

#include "compress.h"
#include "testlib.h"

#include <otelc/status.h>

static const int algos[] = {
    OTELC__COMPRESS_NONE,         OTELC__COMPRESS_GZIP, OTELC__COMPRESS_ZLIB,
    OTELC__COMPRESS_DEFLATE,      OTELC__COMPRESS_ZSTD, OTELC__COMPRESS_SNAPPY,
    OTELC__COMPRESS_SNAPPY_FRAMED};
#define N_ALGOS (sizeof(algos) / sizeof(algos[0]))

/* Telemetry-like data: repetitive text with varying numbers, so every
 * codec actually compresses; or pure noise when noisy. */
static unsigned char *
make_data(size_t len, int noisy)
{
    unsigned char *p = malloc(len ? len : 1);
    uint64_t       x = 88172645463325252ull;
    CHECK(p != NULL);
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        p[i] = noisy ? (unsigned char)x
                     : (unsigned char)("service.name=checkout span "[i % 27] +
                                       (i % 1000 == 0 ? (x & 3) : 0));
    }
    return p;
}

static void
round_trip(int algo, const unsigned char *in, size_t len)
{
    void  *c = NULL, *d = NULL;
    size_t clen = 0, dlen = 0;

    CHECK_INT(otelc__compress(algo, in, len, &c, &clen), OTELC_OK);
    CHECK(c != NULL);
    CHECK_INT(otelc__decompress(algo, c, clen, 0, &d, &dlen), OTELC_OK);
    CHECK(d != NULL);
    CHECK_INT(dlen, len);
    CHECK(len == 0 || memcmp(d, in, len) == 0);
    /* A bound of exactly the size is fine, one byte less is not. */
    free(d);
    CHECK_INT(otelc__decompress(algo, c, clen, len ? len : 1, &d, &dlen),
              OTELC_OK);
    free(d);
    if (len > 1) {
        CHECK_INT(otelc__decompress(algo, c, clen, len - 1, &d, &dlen),
                  OTELC_E_RANGE);
        CHECK(d == NULL);
    }
    free(c);
}

static void
t_names(void)
{
    CHECK_INT(otelc__compress_parse(""), OTELC__COMPRESS_NONE);
    CHECK_INT(otelc__compress_parse("none"), OTELC__COMPRESS_NONE);
    CHECK_INT(otelc__compress_parse(NULL), OTELC__COMPRESS_NONE);
    CHECK_INT(otelc__compress_parse("lz4"), -2);
    CHECK_INT(otelc__compress_parse("GZIP"), -1);
    CHECK_INT(otelc__compress_parse("brotli"), -1);
    CHECK(otelc__compress_name(OTELC__COMPRESS_NONE) == NULL);
    CHECK(otelc__compress_name(99) == NULL);
    for (size_t i = 1; i < N_ALGOS; i++) {
        const char *n = otelc__compress_name(algos[i]);
        CHECK(n != NULL);
        CHECK_INT(otelc__compress_parse(n), algos[i]);
    }
    CHECK_STR(otelc__compress_name(OTELC__COMPRESS_ZLIB), "zlib");
    CHECK_STR(otelc__compress_name(OTELC__COMPRESS_DEFLATE), "deflate");
}

static void
t_round_trips(void)
{
    static const size_t sizes[] = {0,     1,     27,     4096,    65535,
                                   65536, 65537, 200000, 3u << 20};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        for (int noisy = 0; noisy < 2; noisy++) {
            unsigned char *in = make_data(sizes[s], noisy);
            for (size_t a = 0; a < N_ALGOS; a++)
                round_trip(algos[a], in, sizes[s]);
            free(in);
        }
    }
    /* NULL with length 0 is an empty body. */
    for (size_t a = 0; a < N_ALGOS; a++)
        round_trip(algos[a], NULL, 0);
}

static void
t_compresses(void)
{
    unsigned char *in = make_data(1 << 20, 0);
    for (size_t a = 1; a < N_ALGOS; a++) {
        void  *c;
        size_t clen;
        CHECK_INT(otelc__compress(algos[a], in, 1 << 20, &c, &clen), OTELC_OK);
        CHECK(clen < (1 << 20) / 4);
        free(c);
    }
    /* Levels are honoured (best compression is not larger than fastest). */
    {
        void  *c1, *c9;
        size_t l1, l9;
        CHECK_INT(otelc__compress_level(OTELC__COMPRESS_GZIP, 1, in, 1 << 20,
                                        &c1, &l1),
                  OTELC_OK);
        CHECK_INT(otelc__compress_level(OTELC__COMPRESS_GZIP, 9, in, 1 << 20,
                                        &c9, &l9),
                  OTELC_OK);
        CHECK(l9 <= l1);
        free(c1);
        free(c9);
    }
    free(in);
}

static void
t_corrupt(void)
{
    unsigned char *in = make_data(100000, 0);
    for (size_t a = 1; a < N_ALGOS; a++) {
        void  *c, *d = (void *)1;
        size_t clen, dlen;
        CHECK_INT(otelc__compress(algos[a], in, 100000, &c, &clen), OTELC_OK);
        /* Truncated. */
        CHECK_INT(otelc__decompress(algos[a], c, clen / 2, 0, &d, &dlen),
                  OTELC_E_IO);
        CHECK(d == NULL);
        /* Garbage. */
        memset(c, 0x5A, clen);
        CHECK(otelc__decompress(algos[a], c, clen, 0, &d, &dlen) != OTELC_OK);
        free(c);
    }
    CHECK_INT(otelc__compress(42, "x", 1, &(void *){NULL}, &(size_t){0}),
              OTELC_E_INVALID);
    free(in);
}

/* ---- independent decoders ---- */

static char tmpdir[] = "/tmp/otelc-compress-XXXXXX";

static void
write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(p, 1, n, f) == n);
    CHECK(fclose(f) == 0);
}

static int
same_file(const char *path, const void *p, size_t n)
{
    FILE          *f = fopen(path, "rb");
    unsigned char *buf = malloc(n + 1);
    size_t         got;
    int            same;
    CHECK(f != NULL && buf != NULL);
    got = fread(buf, 1, n + 1, f);
    fclose(f);
    same = got == n && memcmp(buf, p, n) == 0;
    free(buf);
    return same;
}

static int
have_tool(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* Compresses with algo, decodes with `cmd` (%s: input, %s: output). */
static void
external(int algo, const char *fmt, const unsigned char *in, size_t len)
{
    char   src[128], dst[128], cmd[1024];
    void  *c;
    size_t clen;

    snprintf(src, sizeof(src), "%s/in.%d", tmpdir, algo);
    snprintf(dst, sizeof(dst), "%s/out.%d", tmpdir, algo);
    CHECK_INT(otelc__compress(algo, in, len, &c, &clen), OTELC_OK);
    write_file(src, c, clen);
    free(c);
    snprintf(cmd, sizeof(cmd), fmt, src, dst);
    if (system(cmd) != 0) {
        fprintf(stderr, "failed: %s\n", cmd);
        CHECK(!"external decoder failed");
    }
    CHECK(same_file(dst, in, len));
}

static void
t_reference_decoders(void)
{
    char         sink[1024], *slash, py[2048];
    const size_t sizes[] = {0, 5000, 300000};
    const char  *here = __FILE__;

    CHECK(mkdtemp(tmpdir) != NULL);
    /* __FILE__ is absolute in CMake builds: tests/unit/ -> integration/. */
    snprintf(sink, sizeof(sink), "%s", here);
    slash = strrchr(sink, '/');
    CHECK(slash != NULL);
    snprintf(slash, sizeof(sink) - (size_t)(slash - sink), "/../integration");
    for (size_t s = 0; s < 3; s++) {
        unsigned char *in = make_data(sizes[s], s == 2);
        CHECK(have_tool("gzip"));
        external(OTELC__COMPRESS_GZIP, "gzip -dc < %s > %s", in, sizes[s]);
        if (have_tool("zstd"))
            external(OTELC__COMPRESS_ZSTD, "zstd -q -d -c < %s > %s", in,
                     sizes[s]);
        else
            fprintf(stderr, "note: zstd(1) not installed, skipped\n");
        /* zlib stream, raw snappy block and snappy framing, decoded by
         * python (zlib module; http_sink.py's own snappy decoders). */
        snprintf(py, sizeof(py),
                 "/usr/bin/python3 -c \"import sys; sys.path.insert(0, '%s');"
                 " import http_sink as h; d = open(sys.argv[1], 'rb').read();"
                 " open(sys.argv[2], 'wb').write(h.decode(sys.argv[3], d))\""
                 " %%s %%s %%s",
                 sink);
        {
            static const struct {
                int         algo;
                const char *name;
            } py_algos[] = {{OTELC__COMPRESS_ZLIB, "zlib"},
                            {OTELC__COMPRESS_DEFLATE, "deflate"},
                            {OTELC__COMPRESS_GZIP, "gzip"},
                            {OTELC__COMPRESS_SNAPPY, "snappy"},
                            {OTELC__COMPRESS_SNAPPY_FRAMED, "x-snappy-framed"}};
            for (size_t a = 0; a < 5; a++) {
                char fmt[2200];
                /* Fill in the encoding name now, keep the two paths. */
                char *p = strstr(py, "%s %s %s");
                CHECK(p != NULL);
                snprintf(fmt, sizeof(fmt), "%.*s%%s %%s %s", (int)(p - py), py,
                         py_algos[a].name);
                external(py_algos[a].algo, fmt, in, sizes[s]);
            }
        }
        free(in);
    }
    snprintf(py, sizeof(py), "rm -rf %s", tmpdir);
    CHECK(system(py) == 0);
}

static const struct test_case cases[] = {
    TEST_CASE(t_names),
    TEST_CASE(t_round_trips),
    TEST_CASE(t_compresses),
    TEST_CASE(t_corrupt),
    TEST_CASE(t_reference_decoders),
};

int
main(int argc, char **argv)
{
    return test_main(argc, argv, cases, TEST_COUNT(cases));
}
