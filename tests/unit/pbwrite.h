/* Protobuf wire-format builders for hand-made test inputs: a fixed buffer
 * and one put_* per encoding, each CHECKing that the buffer has room.
 *
 *   struct pbbuf span = {0}, req = {0};
 *   put_str(&span, 5, "name");      // field 5, length-delimited
 *   put_msg(&req, 1, &span);        // field 1, the nested message */
#ifndef OTELC_TEST_PBWRITE_H
#define OTELC_TEST_PBWRITE_H

#include <stdint.h>
#include <string.h>

#include "testlib.h"

struct pbbuf {
    unsigned char d[8192];
    size_t        n;
};

static inline void
put_byte(struct pbbuf *b, unsigned char c)
{
    CHECK(b->n < sizeof(b->d));
    b->d[b->n++] = c;
}

static inline void
put_varint(struct pbbuf *b, uint64_t v)
{
    while (v >= 0x80) {
        put_byte(b, (unsigned char)(v | 0x80));
        v >>= 7;
    }
    put_byte(b, (unsigned char)v);
}

/* wt: the wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
static inline void
put_tag(struct pbbuf *b, uint32_t field, unsigned wt)
{
    put_varint(b, ((uint64_t)field << 3) | wt);
}

/* n bytes as they are, with no tag or length. */
static inline void
put_raw(struct pbbuf *b, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_byte(b, ((const unsigned char *)p)[i]);
}

static inline void
put_len(struct pbbuf *b, uint32_t field, const void *p, size_t n)
{
    put_tag(b, field, 2);
    put_varint(b, n);
    put_raw(b, p, n);
}

static inline void
put_msg(struct pbbuf *b, uint32_t field, const struct pbbuf *inner)
{
    put_len(b, field, inner->d, inner->n);
}

static inline void
put_str(struct pbbuf *b, uint32_t field, const char *s)
{
    put_len(b, field, s, strlen(s));
}

static inline void
put_fixed64(struct pbbuf *b, uint32_t field, uint64_t v)
{
    put_tag(b, field, 1);
    for (int i = 0; i < 8; i++)
        put_byte(b, (unsigned char)(v >> (8 * i)));
}

static inline void
put_fixed32(struct pbbuf *b, uint32_t field, uint32_t v)
{
    put_tag(b, field, 5);
    for (int i = 0; i < 4; i++)
        put_byte(b, (unsigned char)(v >> (8 * i)));
}

#endif
