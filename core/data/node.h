/* The node_* and attrs_* members of the host function table: protobuf
 * messages inside a batch, addressed by OTLP field number (node.c). */
#ifndef OTELC__NODE_H
#define OTELC__NODE_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include <otelc/host.h>

/* The descriptor of `field` in n's message, OTELC_ATTRS resolved to the
 * field named "attributes"; NULL when there is none (node.c). */
const ProtobufCFieldDescriptor *otelc__node_field(const otelc_node *n,
                                                  uint32_t          field);

const char *otelc__node_type(const otelc_node *n);
int         otelc__node_field_kind(const otelc_node *n, uint32_t field);
size_t      otelc__node_count(const otelc_node *n, uint32_t field);
int         otelc__node_get_int(const otelc_node *n, uint32_t field, size_t i,
                                int64_t *out);
int         otelc__node_get_uint(const otelc_node *n, uint32_t field, size_t i,
                                 uint64_t *out);
int otelc__node_get_double(const otelc_node *n, uint32_t field, size_t i,
                           double *out);
int otelc__node_get_bool(const otelc_node *n, uint32_t field, size_t i,
                         int *out);
int otelc__node_get_bytes(const otelc_node *n, uint32_t field, size_t i,
                          const void **data, size_t *len);
otelc_node *otelc__node_get_msg(const otelc_node *n, uint32_t field, size_t i);
uint32_t    otelc__node_oneof_case(const otelc_node *n, uint32_t field);
int         otelc__node_set_int(otelc_node *n, uint32_t field, int64_t v);
int         otelc__node_set_uint(otelc_node *n, uint32_t field, uint64_t v);
int         otelc__node_set_double(otelc_node *n, uint32_t field, double v);
int         otelc__node_set_bool(otelc_node *n, uint32_t field, int v);
int otelc__node_set_bytes(otelc_node *n, uint32_t field, const void *data,
                          size_t len, otelc_destructor dtor);
otelc_node *otelc__node_mut_msg(otelc_node *n, uint32_t field);
int         otelc__node_add_int(otelc_node *n, uint32_t field, int64_t v);
int         otelc__node_add_uint(otelc_node *n, uint32_t field, uint64_t v);
int         otelc__node_add_double(otelc_node *n, uint32_t field, double v);
int otelc__node_add_bytes(otelc_node *n, uint32_t field, const void *data,
                          size_t len, otelc_destructor dtor);
int otelc__node_remove(otelc_node *n, uint32_t field, size_t i);
int otelc__attrs_delete(otelc_node *n, uint32_t field, const char *key,
                        size_t key_len);
int otelc__attrs_get(const otelc_node *n, uint32_t field, const char *key,
                     size_t key_len, otelc_node **value);
int otelc__attrs_count(const otelc_node *n, uint32_t field, size_t *count);
int otelc__attrs_at(const otelc_node *n, uint32_t field, size_t i,
                    const char **key, size_t *key_len, otelc_node **value);
int otelc__attrs_upsert(otelc_node *n, uint32_t field, const char *key,
                        size_t key_len, otelc_node **value);
int otelc__attrs_remove_at(otelc_node *n, uint32_t field, size_t i);
int otelc__attrs_copy(otelc_node *dst, uint32_t dst_field, const char *to,
                      size_t to_len, const otelc_node *src, uint32_t src_field,
                      const char *from, size_t from_len, int mode);
int otelc__attrs_rename(otelc_node *n, uint32_t field, const char *from,
                        size_t from_len, const char *to, size_t to_len,
                        int mode);

#endif
