/* OpenSSL's EVP_DecodeBlock knows neither the URL-safe alphabet nor
 * missing padding, both of which OTLP/JSON and gRPC allow. */
#include "base64.h"

#include <stdint.h>

static int
b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

long
otelc__b64_decode(const char *in, size_t n, unsigned char *out)
{
    uint32_t acc = 0;
    int      bits = 0;
    long     o = 0;

    while (n > 0 && in[n - 1] == '=')
        n--;
    /* One leftover character carries 6 bits: not a whole byte. */
    if (n % 4 == 1)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int v = b64val((unsigned char)in[i]);
        if (v < 0)
            return -1;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    return o;
}
