/* Declarative config schemas (otelc/config.h): reading a section through
 * an option table into a struct, the host's standard block tables, and
 * describing a table as JSON Schema or as a markdown table. */
#ifndef OTELC__SCHEMA_H
#define OTELC__SCHEMA_H

#include <stddef.h>
#include <stdio.h>

#include <otelc/config.h>

#include "diag.h"

/* Allocations whose lifetime is an instance's (lists read into a config
 * struct). A zeroed struct is empty; free it with otelc__cfg_mem_free. */
struct otelc__cfg_mem {
    void **v;
    size_t n, cap;
};
/* Zeroed memory owned by m, or NULL when out of memory. */
void *otelc__cfg_mem_alloc(struct otelc__cfg_mem *m, size_t size);
void  otelc__cfg_mem_free(struct otelc__cfg_mem *m);

/* The standard blocks: tables the layers that parse them define
 * (net/client, net/server, export) and core/api installs once at startup,
 * before anything reads a config. Tables use sizeof(otelc_option). */
void                otelc__schema_set_block(int id, const otelc_option *table);
const otelc_option *otelc__schema_block(int id);      /* NULL if unknown */
const char         *otelc__schema_block_name(int id); /* "TLS client ..." */

/* Reads `map` (NULL: absent) through `opts` (elements `stride` bytes
 * apart) into dst (NULL: validate only, nothing written). Every key is
 * visited and marked read; problems go to d (at their nodes; "missing
 * required key" at `anchor` when map is NULL). `ctx` is passed to option
 * check callbacks only. Lists are allocated in mem. Returns OTELC_OK,
 * OTELC_E_CONFIG or OTELC_E_NOMEM. */
int otelc__schema_read(otelc_ctx *ctx, const otelc_config *map,
                       const otelc_option *opts, size_t stride, void *dst,
                       struct otelc__cfg_mem *mem, const otelc_config *anchor,
                       otelc__diag *d);

/* The option at a dotted path ("tls.min_version", "keepalive.time"),
 * through sections, keyed and squashed blocks; keys under a STRING_MAP or
 * NODE option resolve to that option. NULL when the table has no such
 * key. */
const otelc_option *otelc__schema_find(const otelc_option *opts, size_t stride,
                                       const char *path);

/* Checks a table for mistakes a plugin author can make (unknown type, no
 * key, bad default/min/max, enum without values, alias of nothing). One
 * message per mistake in d (without location); returns their number. */
size_t otelc__schema_lint(const otelc_option *opts, size_t stride,
                          const char *what, otelc__diag *d);

/* JSON Schema (draft 2020-12) of a section: an object (or null) with
 * additionalProperties false, types, enums, defaults, bounds,
 * descriptions, required keys, nested objects and the standard blocks
 * inlined. */
void otelc__schema_json(FILE *f, const otelc_option *opts, size_t stride,
                        const char *title, const char *description);

/* Markdown table (key, type, default, description) between nothing: the
 * caller adds markers. Nested sections as dotted keys; a standard block is
 * one row; secrets are marked. */
void otelc__schema_markdown(FILE *f, const otelc_option *opts, size_t stride);

#endif
