/* One-shot compression codecs shared by the HTTP and gRPC clients.
 *
 * Bodies the clients send are already whole in memory (an encoded batch),
 * so a one-shot interface is all that is needed: compress the buffer, get
 * a malloc'd result. The names are otelcol's `compression` values
 * (configcompression); the Content-Encoding sent is the same word, which is
 * what otelcol's receivers expect:
 *
 *   gzip            RFC 1952 (zlib's gzip wrapper)
 *   zlib, deflate   RFC 1950 zlib stream (otelcol writes both with Go's
 *                   compress/zlib, and decodes both that way)
 *   zstd            a zstd frame with the content size
 *   snappy          one raw snappy *block* (otelcol >= 0.125 with the
 *                   confighttp.framedSnappy gate, beta and on by default)
 *   x-snappy-framed the snappy framing format (stream identifier, chunks
 *                   with masked CRC-32C)
 *
 * lz4 is a valid otelcol value but liblz4 is not a dependency: the parser
 * reports it as unsupported rather than as unknown. */
#ifndef OTELC__COMPRESS_H
#define OTELC__COMPRESS_H

#include <stddef.h>

enum otelc__compress_algo {
    OTELC__COMPRESS_NONE = 0,
    OTELC__COMPRESS_GZIP,
    OTELC__COMPRESS_ZLIB,
    OTELC__COMPRESS_DEFLATE,
    OTELC__COMPRESS_ZSTD,
    OTELC__COMPRESS_SNAPPY,
    OTELC__COMPRESS_SNAPPY_FRAMED,
    OTELC__COMPRESS_COUNT
};

/* Parses an otelcol compression name. "" and "none" are NONE. Returns the
 * algorithm, -1 for an unknown name, -2 for a known but unsupported one
 * (lz4). Case-sensitive, as otelcol is. */
int otelc__compress_parse(const char *name);

/* The Content-Encoding / grpc-encoding token of algo ("gzip", ...), or
 * NULL for NONE and invalid values. */
const char *otelc__compress_name(int algo);

/* Compresses in[0..len) into a malloc'd *out of *out_len bytes (always
 * allocated, even for empty input, so the caller can free() it
 * unconditionally). NONE copies. Returns OTELC_OK, OTELC_E_NOMEM,
 * OTELC_E_INVALID (unknown algo) or OTELC_E_IO (codec failure). */
int otelc__compress(int algo, const void *in, size_t len, void **out,
                    size_t *out_len);
/* The same with otelcol's compression_params.level (0: the codec's
 * default; gzip/zlib -1..9, zstd 1..22; snappy has no levels). */
int otelc__compress_level(int algo, int level, const void *in, size_t len,
                          void **out, size_t *out_len);

/* The inverse, for tests and for decoding responses. max_out bounds the
 * decompressed size (0: no bound); exceeding it is OTELC_E_RANGE, so a
 * small hostile input cannot make us allocate gigabytes. Corrupt input is
 * OTELC_E_IO. */
int otelc__decompress(int algo, const void *in, size_t len, size_t max_out,
                      void **out, size_t *out_len);

#endif
