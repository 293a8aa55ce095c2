/* One-shot codecs for request bodies: gzip/zlib (zlib), zstd (libzstd),
 * snappy blocks (libsnappy's C API) and the snappy framing format (on top
 * of the block codec, with our own CRC-32C). */
#include "compress.h"

#include <snappy-c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include <otelc/status.h>

static const struct {
    const char *name;
    int         algo;
} names[] = {
    {"", OTELC__COMPRESS_NONE},
    {"none", OTELC__COMPRESS_NONE},
    {"gzip", OTELC__COMPRESS_GZIP},
    {"zlib", OTELC__COMPRESS_ZLIB},
    {"deflate", OTELC__COMPRESS_DEFLATE},
    {"zstd", OTELC__COMPRESS_ZSTD},
    {"snappy", OTELC__COMPRESS_SNAPPY},
    {"x-snappy-framed", OTELC__COMPRESS_SNAPPY_FRAMED},
};

int
otelc__compress_parse(const char *name)
{
    if (name == NULL)
        return OTELC__COMPRESS_NONE;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].algo;
    if (strcmp(name, "lz4") == 0)
        return -2;
    return -1;
}

const char *
otelc__compress_name(int algo)
{
    if (algo <= OTELC__COMPRESS_NONE || algo >= OTELC__COMPRESS_COUNT)
        return NULL;
    /* names[] lists every algorithm after the two NONE spellings. */
    for (size_t i = 2; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].algo == algo)
            return names[i].name;
    return NULL;
}

/* ---- zlib (gzip and zlib framing) ---- */

static int
zlib_compress(int gzip, int level, const void *in, size_t len, void **out,
              size_t *out_len)
{
    z_stream zs;
    uLong    bound;
    void    *buf;
    int      zrc;

    memset(&zs, 0, sizeof(zs));
    if (level == 0 || level < -1 || level > 9)
        level = Z_DEFAULT_COMPRESSION;
    /* windowBits 15 (+16: gzip wrapper instead of zlib's). */
    if (deflateInit2(&zs, level, Z_DEFLATED, gzip ? 15 + 16 : 15, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return OTELC_E_NOMEM;
    bound = deflateBound(&zs, (uLong)len) + 32;
    buf = malloc(bound);
    if (buf == NULL) {
        deflateEnd(&zs);
        return OTELC_E_NOMEM;
    }
    /* zlib's avail_in is 32-bit: feed large inputs in slices. */
    zs.next_out = buf;
    zs.avail_out = (uInt)(bound > UINT32_MAX ? UINT32_MAX : bound);
    zs.next_in = (Bytef *)(uintptr_t)in;
    do {
        size_t rest =
            len - (size_t)((const char *)zs.next_in - (const char *)in);
        zs.avail_in = (uInt)(rest > UINT32_MAX ? UINT32_MAX : rest);
        zrc = deflate(&zs, rest > UINT32_MAX ? Z_NO_FLUSH : Z_FINISH);
    } while (zrc == Z_OK);
    deflateEnd(&zs);
    if (zrc != Z_STREAM_END) {
        free(buf);
        return OTELC_E_IO;
    }
    *out = buf;
    *out_len = zs.total_out;
    return OTELC_OK;
}

/* Grows *buf to at least need bytes (doubling), bounded by max (0: none). */
static int
grow(unsigned char **buf, size_t *cap, size_t need, size_t max)
{
    size_t         ncap = *cap ? *cap : 256;
    unsigned char *n;
    if (need <= *cap)
        return OTELC_OK;
    if (max && need > max)
        return OTELC_E_RANGE;
    while (ncap < need)
        ncap *= 2;
    if (max && ncap > max)
        ncap = max;
    n = realloc(*buf, ncap);
    if (n == NULL)
        return OTELC_E_NOMEM;
    *buf = n;
    *cap = ncap;
    return OTELC_OK;
}

static int
zlib_decompress(int gzip, const void *in, size_t len, size_t max, void **out,
                size_t *out_len)
{
    z_stream       zs;
    unsigned char *buf = NULL;
    size_t         cap = 0, have = 0;
    int            rc = OTELC_OK;

    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, gzip ? 15 + 16 : 15) != Z_OK)
        return OTELC_E_NOMEM;
    zs.next_in = (Bytef *)(uintptr_t)in;
    for (;;) {
        size_t rest =
            len - (size_t)((const char *)zs.next_in - (const char *)in);
        int zrc;
        if (have == cap) {
            /* Room for max + 1 bytes at most: filling the extra byte
             * proves the limit was exceeded without decoding further. */
            size_t         want = cap ? cap * 2 : (len < 1024 ? 4096 : len * 4);
            unsigned char *n;
            if (max && want > max + 1)
                want = max + 1;
            if (want <= cap) {
                rc = OTELC_E_RANGE;
                break;
            }
            if ((n = realloc(buf, want)) == NULL) {
                rc = OTELC_E_NOMEM;
                break;
            }
            buf = n;
            cap = want;
        }
        zs.avail_in = (uInt)(rest > UINT32_MAX ? UINT32_MAX : rest);
        zs.next_out = buf + have;
        zs.avail_out =
            (uInt)(cap - have > UINT32_MAX ? UINT32_MAX : cap - have);
        zrc = inflate(&zs, Z_NO_FLUSH);
        have = (size_t)(zs.next_out - buf);
        if (zrc == Z_STREAM_END)
            break;
        if (zrc == Z_BUF_ERROR || (zrc == Z_OK && zs.avail_out != 0)) {
            /* No progress possible: out of input inside the stream. */
            if (zs.avail_out != 0 && rest <= UINT32_MAX) {
                rc = OTELC_E_IO;
                break;
            }
            continue;
        }
        if (zrc != Z_OK) {
            rc = OTELC_E_IO;
            break;
        }
    }
    if (rc == OTELC_OK && max && have > max)
        rc = OTELC_E_RANGE;
    /* Trailing bytes after the stream are corruption too. */
    if (rc == OTELC_OK && zs.avail_in != 0)
        rc = OTELC_E_IO;
    inflateEnd(&zs);
    if (rc != OTELC_OK) {
        free(buf);
        return rc;
    }
    *out = buf ? (void *)buf : malloc(1);
    *out_len = have;
    return *out ? OTELC_OK : OTELC_E_NOMEM;
}

/* ---- zstd ---- */

static int
zstd_compress(int level, const void *in, size_t len, void **out,
              size_t *out_len)
{
    size_t bound = ZSTD_compressBound(len), n;
    void  *buf = malloc(bound ? bound : 1);
    if (buf == NULL)
        return OTELC_E_NOMEM;
    n = ZSTD_compress(buf, bound, in, len, level ? level : 3);
    if (ZSTD_isError(n)) {
        free(buf);
        return OTELC_E_IO;
    }
    *out = buf;
    *out_len = n;
    return OTELC_OK;
}

static int
zstd_decompress(const void *in, size_t len, size_t max, void **out,
                size_t *out_len)
{
    ZSTD_DStream  *ds = ZSTD_createDStream();
    ZSTD_inBuffer  ib = {in, len, 0};
    unsigned char *buf = NULL;
    size_t         cap = 0, have = 0, zr = 1;
    int            rc = OTELC_OK;

    if (ds == NULL)
        return OTELC_E_NOMEM;
    /* Streaming, not ZSTD_decompress(): a frame's declared content size
     * is attacker-controlled and may be absent. Every frame in the input
     * is decoded (concatenated frames are valid zstd). */
    while (ib.pos < ib.size || zr != 0) {
        ZSTD_outBuffer ob;
        if ((rc = grow(&buf, &cap, have + ZSTD_DStreamOutSize(),
                       max ? max + ZSTD_DStreamOutSize() : 0)) != OTELC_OK)
            break;
        ob.dst = buf + have;
        ob.size = cap - have;
        ob.pos = 0;
        zr = ZSTD_decompressStream(ds, &ob, &ib);
        have += ob.pos;
        if (ZSTD_isError(zr)) {
            rc = OTELC_E_IO;
            break;
        }
        if (max && have > max) {
            rc = OTELC_E_RANGE;
            break;
        }
        if (ib.pos == ib.size && zr != 0 && ob.pos < ob.size) {
            rc = OTELC_E_IO; /* input ended inside a frame */
            break;
        }
    }
    ZSTD_freeDStream(ds);
    if (rc == OTELC_OK && len == 0)
        rc = OTELC_E_IO; /* not even one frame */
    if (rc != OTELC_OK) {
        free(buf);
        return rc;
    }
    *out = buf ? (void *)buf : malloc(1);
    *out_len = have;
    return *out ? OTELC_OK : OTELC_E_NOMEM;
}

/* ---- snappy block ---- */

static int
snappy_block_compress(const void *in, size_t len, void **out, size_t *out_len)
{
    size_t n = snappy_max_compressed_length(len);
    void  *buf = malloc(n ? n : 1);
    if (buf == NULL)
        return OTELC_E_NOMEM;
    if (snappy_compress(in, len, buf, &n) != SNAPPY_OK) {
        free(buf);
        return OTELC_E_IO;
    }
    *out = buf;
    *out_len = n;
    return OTELC_OK;
}

static int
snappy_block_decompress(const void *in, size_t len, size_t max, void **out,
                        size_t *out_len)
{
    size_t n;
    void  *buf;
    if (snappy_uncompressed_length(in, len, &n) != SNAPPY_OK)
        return OTELC_E_IO;
    if (max && n > max)
        return OTELC_E_RANGE;
    buf = malloc(n ? n : 1);
    if (buf == NULL)
        return OTELC_E_NOMEM;
    if (snappy_uncompress(in, len, buf, &n) != SNAPPY_OK) {
        free(buf);
        return OTELC_E_IO;
    }
    *out = buf;
    *out_len = n;
    return OTELC_OK;
}

/* ---- snappy framing format ----
 * Chunks: 1 type byte, 3 bytes little-endian length, body. Data chunks
 * (0x00 compressed, 0x01 stored) start with the masked CRC-32C of the
 * uncompressed data and hold at most 64 KiB of it. */

#define SF_MAX_CHUNK 65536

static uint32_t crc32c_table[256];

static void
crc32c_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc32c_table[i] = c;
    }
}

static uint32_t
sf_masked_crc(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    /* Benign race: every thread writes identical values. */
    if (crc32c_table[1] == 0)
        crc32c_init();
    while (n--)
        c = crc32c_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    c = ~c;
    return ((c >> 15) | (c << 17)) + 0xA282EAD8u;
}

static void
put_le(unsigned char *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get_le(const unsigned char *p, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static const unsigned char sf_magic[10] = {0xFF, 6,   0,   0,   's',
                                           'N',  'a', 'P', 'p', 'Y'};

static int
snappy_framed_compress(const void *in, size_t len, void **out, size_t *out_len)
{
    const unsigned char *src = in;
    size_t               chunks = len / SF_MAX_CHUNK + 1;
    size_t               cap = sizeof(sf_magic) +
                 chunks * (8 + snappy_max_compressed_length(SF_MAX_CHUNK));
    unsigned char *buf = malloc(cap), *p;

    if (buf == NULL)
        return OTELC_E_NOMEM;
    memcpy(buf, sf_magic, sizeof(sf_magic));
    p = buf + sizeof(sf_magic);
    for (size_t off = 0; off < len; off += SF_MAX_CHUNK) {
        size_t n = len - off < SF_MAX_CHUNK ? len - off : SF_MAX_CHUNK;
        size_t clen = snappy_max_compressed_length(n);
        if (snappy_compress((const char *)src + off, n, (char *)p + 8, &clen) !=
            SNAPPY_OK) {
            free(buf);
            return OTELC_E_IO;
        }
        put_le(p + 4, sf_masked_crc(src + off, n), 4);
        /* Store incompressible data as is (less than 12.5% saved). */
        if (clen >= n - n / 8) {
            p[0] = 0x01;
            memcpy(p + 8, src + off, n);
            clen = n;
        } else {
            p[0] = 0x00;
        }
        put_le(p + 1, (uint32_t)(clen + 4), 3);
        p += 8 + clen;
    }
    *out = buf;
    *out_len = (size_t)(p - buf);
    return OTELC_OK;
}

static int
snappy_framed_decompress(const void *in, size_t len, size_t max, void **out,
                         size_t *out_len)
{
    const unsigned char *p = in, *end = p + len;
    unsigned char       *buf = NULL;
    size_t               cap = 0, have = 0;
    int                  rc = OTELC_OK, seen_magic = 0;

    while (rc == OTELC_OK && p < end) {
        unsigned type;
        size_t   clen;
        if (end - p < 4) {
            rc = OTELC_E_IO;
            break;
        }
        type = p[0];
        clen = get_le(p + 1, 3);
        if ((size_t)(end - p - 4) < clen) {
            rc = OTELC_E_IO;
            break;
        }
        p += 4;
        if (type == 0xFF) {
            if (clen != 6 || memcmp(p, sf_magic + 4, 6) != 0)
                rc = OTELC_E_IO;
            seen_magic = 1;
        } else if (!seen_magic) {
            rc = OTELC_E_IO;
        } else if (type == 0x00 || type == 0x01) {
            const unsigned char *data = p + 4;
            size_t               n = clen - 4;
            if (clen < 4) {
                rc = OTELC_E_IO;
                break;
            }
            if (type == 0x00 &&
                snappy_uncompressed_length((const char *)data, clen - 4, &n) !=
                    SNAPPY_OK) {
                rc = OTELC_E_IO;
                break;
            }
            if (n > SF_MAX_CHUNK) {
                rc = OTELC_E_IO;
                break;
            }
            if ((rc = grow(&buf, &cap, have + n + 1, 0)) != OTELC_OK)
                break;
            if (max && have + n > max) {
                rc = OTELC_E_RANGE;
                break;
            }
            if (type == 0x00) {
                if (snappy_uncompress((const char *)data, clen - 4,
                                      (char *)buf + have, &n) != SNAPPY_OK) {
                    rc = OTELC_E_IO;
                    break;
                }
            } else {
                memcpy(buf + have, data, n);
            }
            if (sf_masked_crc(buf + have, n) != get_le(p, 4)) {
                rc = OTELC_E_IO;
                break;
            }
            have += n;
        } else if (type >= 0x02 && type <= 0x7F) {
            rc = OTELC_E_IO; /* reserved unskippable */
        }
        /* 0x80..0xFE: padding and reserved skippable chunks. */
        p += clen;
    }
    if (rc == OTELC_OK && !seen_magic)
        rc = OTELC_E_IO;
    if (rc != OTELC_OK) {
        free(buf);
        return rc;
    }
    *out = buf ? (void *)buf : malloc(1);
    *out_len = have;
    return *out ? OTELC_OK : OTELC_E_NOMEM;
}

/* ---- dispatch ---- */

static int
copy_out(const void *in, size_t len, void **out, size_t *out_len)
{
    void *buf = malloc(len ? len : 1);
    if (buf == NULL)
        return OTELC_E_NOMEM;
    if (len)
        memcpy(buf, in, len);
    *out = buf;
    *out_len = len;
    return OTELC_OK;
}

int
otelc__compress_level(int algo, int level, const void *in, size_t len,
                      void **out, size_t *out_len)
{
    static const char empty[1];
    *out = NULL;
    *out_len = 0;
    if (in == NULL)
        in = empty; /* codecs want a valid pointer even for 0 bytes */
    switch (algo) {
    case OTELC__COMPRESS_NONE:
        return copy_out(in, len, out, out_len);
    case OTELC__COMPRESS_GZIP:
        return zlib_compress(1, level, in, len, out, out_len);
    case OTELC__COMPRESS_ZLIB:
    case OTELC__COMPRESS_DEFLATE:
        return zlib_compress(0, level, in, len, out, out_len);
    case OTELC__COMPRESS_ZSTD:
        return zstd_compress(level, in, len, out, out_len);
    case OTELC__COMPRESS_SNAPPY:
        return snappy_block_compress(in, len, out, out_len);
    case OTELC__COMPRESS_SNAPPY_FRAMED:
        return snappy_framed_compress(in, len, out, out_len);
    }
    return OTELC_E_INVALID;
}

int
otelc__compress(int algo, const void *in, size_t len, void **out,
                size_t *out_len)
{
    return otelc__compress_level(algo, 0, in, len, out, out_len);
}

int
otelc__decompress(int algo, const void *in, size_t len, size_t max_out,
                  void **out, size_t *out_len)
{
    static const char empty[1];
    *out = NULL;
    *out_len = 0;
    if (in == NULL)
        in = empty;
    switch (algo) {
    case OTELC__COMPRESS_NONE:
        if (max_out && len > max_out)
            return OTELC_E_RANGE;
        return copy_out(in, len, out, out_len);
    case OTELC__COMPRESS_GZIP:
        return zlib_decompress(1, in, len, max_out, out, out_len);
    case OTELC__COMPRESS_ZLIB:
    case OTELC__COMPRESS_DEFLATE:
        return zlib_decompress(0, in, len, max_out, out, out_len);
    case OTELC__COMPRESS_ZSTD:
        return zstd_decompress(in, len, max_out, out, out_len);
    case OTELC__COMPRESS_SNAPPY:
        return snappy_block_decompress(in, len, max_out, out, out_len);
    case OTELC__COMPRESS_SNAPPY_FRAMED:
        return snappy_framed_decompress(in, len, max_out, out, out_len);
    }
    return OTELC_E_INVALID;
}
