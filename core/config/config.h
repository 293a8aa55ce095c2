/* The configuration tree: YAML loaded with libyaml, ${...} expanded, merged
 * across --config files and --set values, read through typed getters that
 * report wrong types with the YAML path, file and line, and track which
 * keys were read so unknown keys can be reported.
 *
 * Nodes are plain structs owned by their parent; otelc__cfg_free() on the
 * root frees everything. A node handed out (to plugins too) stays valid
 * until the tree is freed. */
#ifndef OTELC__CONFIG_H
#define OTELC__CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include <otelc/host.h>

#include "diag.h"

struct otelc_config {
    const otelc_host_api *api;  /* MUST be first: every SDK handle starts so */
    int                   kind; /* OTELC_CFG_NULL / SCALAR / MAP / SEQ */
    char                 *scalar; /* expanded text; NULL unless SCALAR */
    int                   quoted; /* written quoted, block (| >) or !!str */
    char                 *key;    /* key under the parent map, else NULL */
    struct otelc_config  *parent;
    size_t                n; /* map entries (each with ->key) or seq items */
    struct otelc_config **items;
    char                 *file;      /* "--set" for --set nodes */
    int                   line, col; /* 1-based; of the key for map values;
                                        0 for --set nodes */
    int used; /* read through an accessor (bookkeeping, see config.c) */
    /* Maps: keys looked up here that were absent, so an unknown key can
     * be matched against the keys its reader knows. */
    char **asked;
    size_t n_asked;
    int    erred; /* an error was reported at this node (diag.c) */
};

/* ---- loading ---- */

/* Loads one YAML file (or text, with `name` used as its file name in
 * messages). Expands ${env:VAR}, ${env:VAR:-default}, ${VAR}, ${file:path}
 * and $$ in every scalar value. Anchors, aliases and "<<" merge keys work.
 * Duplicate keys, several documents, a top level that is not a map, syntax
 * errors and failed expansions are errors in d (all of them, with line
 * numbers). An empty file is an empty map. Returns NULL when anything was
 * reported as an error. */
otelc_config *otelc__cfg_load_file(const char *path, otelc__diag *d);
otelc_config *otelc__cfg_load_string(const char *name, const char *yaml,
                                     otelc__diag *d);

/* Frees n and everything under it (n must be a root or already detached). */
void otelc__cfg_free(otelc_config *n);

/* Merges src into dst and frees src: maps merge key by key, recursively;
 * anything else in src (scalar, sequence, null) replaces what dst had
 * (otelcol semantics for several --config files). */
void otelc__cfg_merge(otelc_config *dst, otelc_config *src);

/* Applies one --set value: "a.b.c=value", or "a::b::c=value" (when the key
 * part contains "::" it is split on "::" only, so ids with dots survive).
 * Missing maps on the way are created; the value is parsed as YAML (a
 * scalar, or a flow sequence/map like "[a, b]") and ${...} expanded.
 * Returns OTELC_OK or OTELC_E_CONFIG (error in d). */
int otelc__cfg_set(otelc_config *root, const char *assignment, otelc__diag *d);

/* ---- reading ---- */

/* Path of n from the root: "receivers.otlp/in.protocols.grpc",
 * "service.pipelines.traces.receivers[1]"; "" for the root. malloc'd. */
char *otelc__cfg_path(const otelc_config *n);

/* "file:line:col: path" (or "--set: path"), the prefix of diagnostics
 * about n. malloc'd. */
char *otelc__cfg_where(const otelc_config *n);

/* The value of `key` in a map, marked as read; NULL when absent or when
 * `map` is NULL or not a map. */
const otelc_config *otelc__cfg_get(const otelc_config *map, const char *key);

/* Tests only: called with every (map, key) otelc__cfg_get looks up, so a
 * test can list the keys a parser reads (test_schema.c proves that the
 * standard block tables and their parsers agree). NULL otherwise. */
extern void (*otelc__cfg_lookup_hook)(const otelc_config *map, const char *key);

/* Typed getters. An absent key, an explicit null (`key:` or `key: null`)
 * and a NULL or non-map `map` give `def` and OTELC_OK. A value of the wrong
 * type is reported in d with its location and gives OTELC_E_CONFIG (and
 * *out = def).
 *  _str:      any scalar, as written (after expansion).
 *  _int:      decimal, 0x hex, 0o octal, 0b binary, optional sign; quoted
 *             "10" too (as otelcol's weak decoding does); not 1.5 or 1e3.
 *  _double:   decimal or exponent notation, .inf/-.inf/.nan (YAML).
 *  _bool:     true/false/True/False/TRUE/FALSE only. yes/no/on/off are
 *             YAML 1.1 spellings that YAML 1.2 (and otelcol's Go YAML
 *             parser) reads as strings, so they are rejected here with a
 *             hint rather than silently accepted or misread.
 *  _duration: Go duration or bare integer nanoseconds; negative rejected.
 *  _bytes:    integer bytes or "4MiB"/"20MB"/"512KiB" (duration.h). */
int otelc__cfg_get_str(const otelc_config *map, const char *key,
                       const char *def, const char **out, otelc__diag *d);
int otelc__cfg_get_int(const otelc_config *map, const char *key, int64_t def,
                       int64_t *out, otelc__diag *d);
int otelc__cfg_get_double(const otelc_config *map, const char *key, double def,
                          double *out, otelc__diag *d);
int otelc__cfg_get_bool(const otelc_config *map, const char *key, int def,
                        int *out, otelc__diag *d);
int otelc__cfg_get_duration(const otelc_config *map, const char *key,
                            int64_t def_ns, int64_t *out_ns, otelc__diag *d);
int otelc__cfg_get_bytes(const otelc_config *map, const char *key, int64_t def,
                         int64_t *out, otelc__diag *d);

/* Marks n and its whole subtree as read. */
void otelc__cfg_mark_used(const otelc_config *n);

/* Structure accessors, NULL-safe (the cfg_kind .. cfg_scalar members of the
 * host table). Iterating (cfg_item) marks the item read. */
int                 otelc__cfg_kind(const otelc_config *n);
size_t              otelc__cfg_len(const otelc_config *n);
const otelc_config *otelc__cfg_item(const otelc_config *n, size_t i);
const char         *otelc__cfg_key(const otelc_config *n, size_t i);
const char         *otelc__cfg_scalar(const otelc_config *n);

/* One error per key that nothing read: only the top-most unread key of a
 * subtree ("file:line:col: receivers.otlp.protocols.grcp: unknown key
 * \"grcp\" (did you mean `grpc`?)"). The suggestions come from the keys
 * read or looked up in the same map. Sequence items are descended into,
 * not reported. */
void otelc__cfg_report_unused(const otelc_config *n, otelc__diag *d);

/* suggest.c: the one report of an unknown key (node, a map entry), with
 * the closest of `known` (the keys valid in its map: looked up by a
 * reader, or declared by a schema) as a suggestion. */
void otelc__cfg_report_unknown_key(otelc__diag *d, const otelc_config *node,
                                   const char *const *known, size_t n_known);
/* The candidate closest to word by edit distance, when close enough to be
 * a typo of it (never word itself), else NULL. */
const char *otelc__closest(const char *word, const char *const *cands,
                           size_t n);
/* Edit distance (insertions, deletions, substitutions and swaps of
 * adjacent characters), ignoring case. */
size_t otelc__edit_distance(const char *a, const char *b);
/* For a section read by hand (no schema) whose reader reported an error:
 * in every map under n, the unread keys that follow (in file order) a key
 * at or under which an error was reported are marked read. A reader that
 * stops at its first error never gets to them, and reporting them as
 * unknown would be a cascade of wrong errors. Unread keys before the
 * first error, and in maps without one, are still reported. */
void otelc__cfg_forgive_unread(const otelc_config *n);

/* Scalar parsers shared by the getters and the schema reader: YAML 1.2
 * integers (decimal, 0x, 0o, 0b, sign) and numbers (decimal, exponent,
 * .inf, .nan). OTELC_OK, OTELC_E_INVALID or OTELC_E_RANGE. */
int otelc__cfg_parse_int(const char *s, int64_t *out);
int otelc__cfg_parse_double(const char *s, double *out);
/* YAML 1.2 booleans (true/True/TRUE, false/...): OTELC_OK; OTELC_E_TYPE for
 * a YAML 1.1 spelling (yes, off, ...), which YAML 1.2 reads as a string;
 * OTELC_E_INVALID otherwise. */
int otelc__cfg_parse_bool(const char *s, int *out);

/* ---- internal: shared by config.c, config_expand.c, config_merge.c ---- */

/* A new detached node (file copied). Aborts when out of memory. */
otelc_config *otelc__cfg_new(int kind, const char *file, int line, int col);
/* Appends child to a map or seq node and sets child->parent. */
void otelc__cfg_append(otelc_config *parent, otelc_config *child);
/* Deep copy of n (positions kept, `used` cleared), detached. */
otelc_config *otelc__cfg_copy(const otelc_config *n);
/* Index of `key` in map n, or -1. Does not mark anything. */
long otelc__cfg_find(const otelc_config *n, const char *key);
/* Parses YAML text into a tree. any_top: the document may be any node
 * (for --set values) rather than a map; set_origin: nodes get file "--set"
 * and line 0. */
otelc_config *otelc__cfg_parse(const char *name, const char *yaml, size_t len,
                               int any_top, int set_origin, otelc__diag *d);
/* Expands ${...} and $$ in raw for the scalar node `at` (errors are
 * reported at it). *whole is set when raw is exactly one ${...} reference
 * (the result is then typed like a YAML value: empty or "null" is null).
 * Returns a malloc'd string, or NULL after reporting an error. */
char *otelc__cfg_expand(const char *raw, const otelc_config *at, int *whole,
                        otelc__diag *d);
/* Small helpers that abort on allocation failure. */
/* "a map", "a list", "null" or "a single value", for messages. */
const char *otelc__cfg_kind_name(int kind);

/* Marks one node as read (not its children). */
void otelc__cfg_mark_node(const otelc_config *n);
/* Remembers that `key` was looked up in map n and was absent. Any
 * thread. */
void otelc__cfg_note_asked(const otelc_config *n, const char *key);
/* Frees n's list of looked-up keys. */
void otelc__cfg_free_asked(otelc_config *n);
/* Nodes in the subtree under n, n included. */
size_t otelc__cfg_count_nodes(const otelc_config *n);

void *otelc__cfg_xalloc(size_t size);
char *otelc__cfg_xstrdup(const char *s);

#endif
