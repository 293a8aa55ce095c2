/* otelc plugin SDK: declarative configuration schemas.
 *
 * A component describes its settings once, as a table of options (in the
 * spirit of nginx's command tables), and reads its whole config section
 * into a struct with one call:
 *
 *   struct my_config { int64_t rate; int64_t interval_ns; int verbosity;
 *                      const otelc_config *client; };
 *   #define MY(key, type, member, ...) \
 *       OTELC_OPTION(key, type, struct my_config, member, __VA_ARGS__)
 *   static const otelc_option my_options[] = {
 *       MY("rate", OTELC_OPT_INT, rate, .def = "10", .min = "1",
 *          .help = "items per second"),
 *       MY("interval", OTELC_OPT_DURATION, interval_ns, .def = "100ms",
 *          .help = "tick"),
 *       MY("verbosity", OTELC_OPT_ENUM, verbosity, .def = "basic",
 *          .values = (const char *const[]){"basic", "detailed", NULL},
 *          .help = "how much to print"),
 *       MY(NULL, OTELC_OPT_BLOCK, client, .block = OTELC_BLOCK_HTTP_CLIENT,
 *          .help = "where to send"),
 *       OTELC_OPTIONS_END};
 *
 *   create(): rc = otelc_config_read(ctx, cfg, my_options, &me->cfg);
 *
 * and names the table in its otelc_component_def (OTELC_CONFIG_SCHEMA), so
 * the host validates the section without calling create(), prints it as
 * JSON Schema (`otelc components --config-schema TYPE`) and as the README
 * table (`--config-table TYPE`). Every key of a section is visited, so one
 * bad value is one error; keys not in the table are reported as unknown
 * with their YAML path. The host's standard settings blocks (TLS, HTTP and
 * gRPC clients and servers, the exporter helper) are referenced by id: the
 * host owns their keys, and the component's field receives the block's
 * node to hand to otelc_server_new(), otelc_http_client_new(),
 * otelc_grpc_client_new() or otelc_exporter_new().
 *
 * The table is read by the host with the element size the component
 * declares (config_option_size), so otelc_option may grow within a major
 * version like every other ABI struct. */
#ifndef OTELC_CONFIG_H
#define OTELC_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include <otelc/host.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What an option's value is and what its struct field must be. Defaults,
 * min and max are written as YAML text and parsed like the value. */
typedef enum otelc_opt_type {
    OTELC_OPT_END = 0,      /* ends a table (OTELC_OPTIONS_END) */
    OTELC_OPT_STRING = 1,   /* const char *: host-owned, NULL if no default */
    OTELC_OPT_BOOL = 2,     /* int: 0 or 1; true/false only */
    OTELC_OPT_INT = 3,      /* int64_t */
    OTELC_OPT_DOUBLE = 4,   /* double */
    OTELC_OPT_DURATION = 5, /* int64_t nanoseconds: "200ms", "1m30s" */
    OTELC_OPT_BYTES = 6,    /* int64_t bytes: 1048576, "4MiB", "20MB" */
    OTELC_OPT_ENUM = 7,     /* int: index into .values */
    OTELC_OPT_STRING_LIST = 8,   /* otelc_cfg_strings */
    OTELC_OPT_STRING_MAP = 9,    /* otelc_cfg_pairs (e.g. headers) */
    OTELC_OPT_SECTION = 10,      /* nested struct at offset, keys in .sub */
    OTELC_OPT_SECTION_LIST = 11, /* otelc_cfg_sections of .sub_size items */
    OTELC_OPT_BLOCK = 12, /* const otelc_config *: a host block (.block) */
    OTELC_OPT_NODE = 13   /* const otelc_config *: any value, unchecked */
} otelc_opt_type;

/* Option flags (bit mask).
 * REQUIRED    a missing (or null) key is an error.
 * SECRET      the value is never printed: messages say "<secret>".
 * DEPRECATED  accepted with a warning; with .alias_of the key is an old
 *             name of that option.
 * IGNORED     an otelcol key that is accepted but not acted upon.
 * NOCASE      ENUM: values match ignoring ASCII case. */
#define OTELC_OPT_REQUIRED   0x1u
#define OTELC_OPT_SECRET     0x2u
#define OTELC_OPT_DEPRECATED 0x4u
#define OTELC_OPT_IGNORED    0x8u
#define OTELC_OPT_NOCASE     0x10u

/* The host's standard settings blocks, for OTELC_OPT_BLOCK. */
typedef enum otelc_block_id {
    OTELC_BLOCK_TLS_CLIENT = 1,      /* configtls client: ca_file, insecure */
    OTELC_BLOCK_TLS_SERVER = 2,      /* configtls server: cert/key_file */
    OTELC_BLOCK_HTTP_CLIENT = 3,     /* confighttp client (otelc/client.h) */
    OTELC_BLOCK_GRPC_CLIENT = 4,     /* configgrpc client (otelc/client.h) */
    OTELC_BLOCK_HTTP_SERVER = 5,     /* confighttp server (otelc/server.h) */
    OTELC_BLOCK_GRPC_SERVER = 6,     /* configgrpc server (otelc/server.h) */
    OTELC_BLOCK_EXPORTER_HELPER = 7, /* timeout, retry_on_failure,
                                        sending_queue (otelc/exporter.h) */
    OTELC_BLOCK_COUNT_ = 8           /* not a block: one past the last */
} otelc_block_id;

/* Validates a value after it was parsed. `node` is the value's config node
 * (borrowed), `value` points to the struct field just written (for
 * SECTION: the nested struct, for lists: the list). Called only when the
 * key is present in the config, on the thread reading the config (the
 * main thread for create() and validation). Report a problem with
 * otelc_cfg_error(ctx, node, ...) and return its result (OTELC_E_CONFIG);
 * return OTELC_OK to accept. Must not keep `value` or `node` beyond the
 * instance's life. */
typedef int (*otelc_opt_check)(otelc_ctx *ctx, const otelc_config *node,
                               const void *value);

/* One option, usually written with OTELC_OPTION():
 *   OTELC_OPTION("rate", OTELC_OPT_INT, struct my_config, rate,
 *                .def = "10", .min = "1", .help = "items per second")
 *
 * key       the YAML key; NULL only for BLOCK, SECTION and NODE, meaning
 *           "inline in this section" (otelcol's squashed structs): a BLOCK
 *           whose keys sit in this section (an exporter's client settings
 *           and exporter-helper keys; the field gets this section's node),
 *           a SECTION whose .sub options are read into this same struct
 *           (a group of keys shared by several tables), or a NODE field
 *           that gets this section's own node (NULL when it is absent).
 * offset    offsetof() the field in the struct given to otelc_config_read
 *           (in the nested struct for options of a .sub table).
 * def       default as YAML text ("10", "200ms", "4MiB", "basic", "true");
 *           NULL: zero / NULL / empty. Applied when the key is absent or
 *           null.
 * help      one line for `--config-table` and JSON Schema descriptions.
 * min, max  inclusive bounds as YAML text (INT, DOUBLE, DURATION, BYTES),
 *           or NULL.
 * values    ENUM: NULL-terminated allowed spellings; the field receives
 *           the index. An error lists them all.
 * sub       SECTION, SECTION_LIST: the nested table (same element size).
 * sub_size  SECTION_LIST: sizeof one item struct.
 * block     BLOCK: an otelc_block_id.
 * alias_of  with OTELC_OPT_DEPRECATED: the current key of the same table
 *           this key is an old name for (type and offset come from it).
 * check     optional extra validation (otelc_opt_check). */
typedef struct otelc_option {
    const char                *key;
    uint32_t                   type; /* otelc_opt_type */
    size_t                     offset;
    const char                *def;
    uint32_t                   flags; /* OTELC_OPT_REQUIRED ... */
    const char                *help;
    const char                *min, *max;
    const char *const         *values;
    const struct otelc_option *sub;
    size_t                     sub_size;
    int                        block;
    const char                *alias_of;
    otelc_opt_check            check;
} otelc_option;

/* One table entry: key, type, and the field as struct type and member
 * name; then designated initializers of the other members (at least one:
 * by convention .help). */
#define OTELC_OPTION(key_, type_, struct_, member_, ...)                       \
    {                                                                          \
        .key = (key_), .type = (type_), .offset = offsetof(struct_, member_),  \
        __VA_ARGS__                                                            \
    }

/* An entry with no field of its own (host block tables, ignored keys). */
#define OTELC_OPTION_NOFIELD(key_, type_, ...)                                 \
    {                                                                          \
        .key = (key_), .type = (type_), __VA_ARGS__                            \
    }

/* Ends every table. */
#define OTELC_OPTIONS_END                                                      \
    {                                                                          \
        .type = OTELC_OPT_END                                                  \
    }

/* Field types of the list and map options. The arrays are host-owned and
 * stay valid until the instance is destroyed; strings point into the
 * config (same lifetime). */
typedef struct otelc_cfg_strings {
    const char *const *v; /* n strings */
    size_t             n;
} otelc_cfg_strings;

/* One entry of a STRING_MAP option (e.g. `headers`): key and value point
 * into the config and live until the instance is destroyed. */
typedef struct otelc_cfg_pair {
    const char *key;
    const char *value;
} otelc_cfg_pair;

/* The field a STRING_MAP option writes: n pairs in config order, in a
 * host-owned array valid until the instance is destroyed. */
typedef struct otelc_cfg_pairs {
    const otelc_cfg_pair *v; /* n pairs, in config order */
    size_t                n;
} otelc_cfg_pairs;

/* The field a SECTION_LIST option writes: n structs of the option's
 * sub_size, each read through its `sub` table; host-owned, valid until the
 * instance is destroyed. */
typedef struct otelc_cfg_sections {
    void  *v; /* n items of the option's sub_size, each read with .sub */
    size_t n;
} otelc_cfg_sections;

/* In an otelc_component_def: the component's table and config struct, so
 * the host can validate and describe its section without create(). */
#define OTELC_CONFIG_SCHEMA(options, config_struct)                            \
    .config_schema = (options), .config_size = sizeof(config_struct),          \
    .config_option_size = sizeof(otelc_option)

/* In an otelc_component_def: the component takes no settings at all; any
 * key in its section is an unknown key. */
#define OTELC_CONFIG_NONE                                                      \
    .config_schema = (const otelc_option[]){OTELC_OPTIONS_END},                \
    .config_size = 0, .config_option_size = sizeof(otelc_option)

/* Reads the section `map` (borrowed; NULL or null: everything takes its
 * default) into `dst` as described by `options` (a static table ending in
 * OTELC_OPTIONS_END): every field the table names is written, the defaults
 * included, fields it does not name are left alone. Every key is visited:
 * a wrong type, an out-of-range or disallowed value, a missing required
 * key and an unknown key are each reported once, with the YAML path, file,
 * line and column (secret values are shown as "<secret>"), and reading
 * goes on, so one round of validation lists all problems. A failed field
 * keeps its default.
 *
 * Returns OTELC_OK, or OTELC_E_CONFIG when anything was reported (the
 * errors go to the validation report, or to the log at run time), or
 * OTELC_E_NOMEM. Strings, lists and block nodes written into `dst` are
 * host-owned and valid until the instance is destroyed: do not free them.
 * Call it from create(), which runs on the main thread (before the loops
 * start, or while validating); it does no I/O. */
static inline int
otelc_config_read(otelc_ctx *ctx, const otelc_config *map,
                  const otelc_option *options, void *dst)
{
    return OTELC__API(ctx)->config_read(ctx, map, options, sizeof(otelc_option),
                                        dst);
}

#ifdef __cplusplus
}
#endif
#endif
