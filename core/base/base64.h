/* Base64 decoding as OTLP and gRPC meet it: the standard or the URL-safe
 * alphabet, with or without '=' padding (gRPC's -bin headers are unpadded,
 * OTLP/JSON bytes may be either). */
#ifndef OTELC__BASE64_H
#define OTELC__BASE64_H

#include <stddef.h>

/* Room that decoding n characters may need. */
#define OTELC__B64_DECODED_MAX(n) ((n) / 4 * 3 + 3)

/* Decodes in[0..n) into out (OTELC__B64_DECODED_MAX(n) bytes). Trailing
 * padding is ignored. Returns the decoded length, or -1 for a character
 * outside both alphabets or a length no encoding produces. */
long otelc__b64_decode(const char *in, size_t n, unsigned char *out);

#endif
