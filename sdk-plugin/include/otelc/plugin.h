/* otelc plugin SDK: the plugin descriptor and component definitions.
 *
 * A plugin is a shared object exporting exactly one symbol,
 * otelc_plugin_v1, a side-effect-free function that returns a pointer to a
 * static const otelc_plugin descriptor. See ABI.md for the versioning rules:
 * within one major version every struct is append-only and is read by the
 * host only up to its struct_size. */
#ifndef OTELC_PLUGIN_H
#define OTELC_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include <otelc/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Descriptor identity and ABI version: the magic ("OTCLPGV1") opens every
 * descriptor; OTELC_ABI_MAJOR changes only with an incompatible change,
 * OTELC_ABI_MINOR with every addition (ABI.md). Compile-time constants, fixed
 * into the plugin when it is built. */
#define OTELC_PLUGIN_MAGIC UINT64_C(0x315647504c43544f) /* "OTCLPGV1" */
#define OTELC_ABI_MAJOR    1
#define OTELC_ABI_MINOR    0

/* The entry point's name, as an identifier and as the string the host passes
 * to dlsym(); a new ABI major gets a new name, so old plugins are refused by
 * name. */
#define OTELC_PLUGIN_ENTRY        otelc_plugin_v1
#define OTELC_PLUGIN_ENTRY_SYMBOL "otelc_plugin_v1"

#if defined(__GNUC__) || defined(__clang__)
/* Default visibility for the one symbol a plugin exports (plugins build with
 * hidden visibility); empty where the compiler has no such attribute. */
#define OTELC_EXPORT __attribute__((visibility("default")))
#else
#define OTELC_EXPORT
#endif

/* Opaque host objects. None of the host's libraries' types cross the ABI. */
typedef struct otelc_ctx    otelc_ctx;    /* one component instance */
typedef struct otelc_config otelc_config; /* a node of the YAML config */
typedef struct otelc_batch  otelc_batch;  /* refcounted telemetry batch */
typedef struct otelc_node   otelc_node;   /* a message inside a batch */
typedef struct otelc_timer  otelc_timer;
typedef struct otelc_io     otelc_io;
typedef struct otelc_async  otelc_async;
typedef struct otelc_metric otelc_metric;
struct otelc_option; /* otelc/config.h */

/* What a component is: the config section it is declared in (receivers,
 * processors, exporters, extensions, connectors). Value of
 * otelc_component_def.kind. */
typedef enum otelc_kind {
    OTELC_KIND_RECEIVER = 1,
    OTELC_KIND_PROCESSOR = 2,
    OTELC_KIND_EXPORTER = 3,
    OTELC_KIND_EXTENSION = 4,
    OTELC_KIND_CONNECTOR = 5
} otelc_kind;

/* Signals, used both as values (a batch's signal) and as bit masks
 * (which signals a component supports). */
typedef enum otelc_signal {
    OTELC_SIGNAL_TRACES = 1,
    OTELC_SIGNAL_METRICS = 2,
    OTELC_SIGNAL_LOGS = 4
} otelc_signal;
/* Mask of all three signals, for otelc_component_def.signals. */
#define OTELC_SIGNALS_ALL                                                      \
    (OTELC_SIGNAL_TRACES | OTELC_SIGNAL_METRICS | OTELC_SIGNAL_LOGS)
/* Number of signals: the length of an array indexed by otelc_signal_index. */
#define OTELC_SIGNAL_COUNT 3

/* 0, 1, 2 for traces, metrics, logs (to index per-signal arrays); -1 for
 * anything that is not exactly one signal. Pure; any thread. */
static inline int
otelc_signal_index(int signal)
{
    return signal == OTELC_SIGNAL_TRACES    ? 0
           : signal == OTELC_SIGNAL_METRICS ? 1
           : signal == OTELC_SIGNAL_LOGS    ? 2
                                            : -1;
}

/* Capabilities (bit mask).
 * MUTATES_DATA: consume() modifies batches; the host hands it a sole
 *               reference, cloning on fan-out.
 * SINGLETON:    one instance for the whole collector, on its home worker;
 *               other workers' batches reach it through a queue. */
#define OTELC_CAP_MUTATES_DATA 0x1u
#define OTELC_CAP_SINGLETON    0x2u

/* otelcol's stability levels, shown by `otelc components`; a component marked
 * DEPRECATED or UNMAINTAINED is reported when a config uses it. Value of
 * otelc_component_def.stability. */
typedef enum otelc_stability {
    OTELC_STABILITY_DEVELOPMENT = 1,
    OTELC_STABILITY_ALPHA = 2,
    OTELC_STABILITY_BETA = 3,
    OTELC_STABILITY_STABLE = 4,
    OTELC_STABILITY_DEPRECATED = 5,
    OTELC_STABILITY_UNMAINTAINED = 6
} otelc_stability;

/* The callbacks of one component. All run on the instance's worker loop,
 * never concurrently for one instance. `state` is what create() returned.
 *
 * validate  optional. Read and check the config through the otelc_cfg_*
 *           accessors; report problems with otelc_cfg_error(). Any key the
 *           component never read is reported by the host as unknown. When
 *           NULL the host validates by calling create() then destroy().
 * create    allocate the instance. No I/O, threads or sockets here: the
 *           instance may be created only to validate a config.
 * start     begin work (listen, schedule timers). Runs on the worker loop.
 * consume   processors, exporters, connectors: take ownership of `batch`
 *           (pass it on with otelc_emit() or drop it with
 *           otelc_batch_release()). Return OTELC_OK, OTELC_E_RETRYABLE,
 *           OTELC_E_OVERLOADED or OTELC_E_PERMANENT.
 * shutdown  stop accepting work and flush what is held. Return OTELC_OK
 *           when done, or OTELC_PENDING and call otelc_shutdown_done()
 *           later; the host waits until the shutdown deadline.
 * destroy   free the instance. */
typedef struct otelc_component_def {
    uint32_t           struct_size; /* sizeof(otelc_component_def) */
    uint32_t           kind;        /* otelc_kind */
    const char        *type;        /* "batch", "otlp_grpc" */
    const char *const *aliases;     /* NULL-terminated deprecated
                                       names, or NULL */
    uint32_t    signals;            /* OTELC_SIGNAL_* mask */
    uint32_t    capabilities;       /* OTELC_CAP_* mask */
    uint32_t    stability;          /* otelc_stability */
    uint32_t    reserved_u32;       /* must be 0 */
    const char *description;        /* one line, may be NULL */
    int (*validate)(otelc_ctx *ctx, const otelc_config *cfg);
    int (*create)(otelc_ctx *ctx, const otelc_config *cfg, void **state);
    int (*start)(void *state);
    int (*consume)(void *state, otelc_batch *batch);
    int (*shutdown)(void *state);
    void (*destroy)(void *state);
    /* The component's settings (otelc/config.h): its option table, NULL
     * for a component that reads its config by hand (then every key it
     * never read is reported as unknown), and the size of the struct the
     * table describes, so the host can validate the section without
     * create(). config_option_size is sizeof(otelc_option) at build time
     * (the host walks the table with it). Set all three with
     * OTELC_CONFIG_SCHEMA(options, struct) or OTELC_CONFIG_NONE. */
    const struct otelc_option *config_schema;
    uint32_t                   config_size;
    uint32_t                   config_option_size;
    void (*reserved[8])(void); /* must be NULL */
} otelc_component_def;

/* The plugin descriptor the entry point returns: a static const object that
 * must live as long as the process (plugins are never unloaded). Start it with
 * OTELC_PLUGIN_HEADER; the host reads only struct_size bytes of it, checks it
 * as ABI.md lists and refuses it with one message naming the file when a check
 * fails. name, version, license and components are borrowed for the life of
 * the process. */
typedef struct otelc_plugin {
    uint64_t    magic;          /* OTELC_PLUGIN_MAGIC */
    uint16_t    abi_major;      /* OTELC_ABI_MAJOR */
    uint16_t    abi_minor;      /* OTELC_ABI_MINOR at build time */
    uint32_t    struct_size;    /* sizeof(otelc_plugin) */
    uint16_t    min_host_minor; /* oldest host minor it runs on */
    uint16_t    reserved_u16;
    uint32_t    n_components;
    const char *name;    /* "otelc-batch" */
    const char *version; /* the plugin's own version */
    const char *license; /* SPDX id */
    const otelc_component_def *components;
    void                      *reserved[8]; /* must be NULL */
} otelc_plugin;

/* Smallest struct sizes a 1.x host accepts (a component definition may
 * end before the config schema members: it then has no schema). */
#define OTELC_PLUGIN_MIN_SIZE    (offsetof(otelc_plugin, reserved))
#define OTELC_COMPONENT_MIN_SIZE (offsetof(otelc_component_def, config_schema))

/* Declares the entry point:
 *   OTELC_PLUGIN_DEFINE(my_plugin_descriptor)
 * where my_plugin_descriptor is a static const otelc_plugin. */
#define OTELC_PLUGIN_DEFINE(descriptor)                                        \
    OTELC_EXPORT const otelc_plugin *otelc_plugin_v1(void);                    \
    OTELC_EXPORT const otelc_plugin *otelc_plugin_v1(void)                     \
    {                                                                          \
        return &(descriptor);                                                  \
    }

/* Initializer for the descriptor's fixed header fields. */
#define OTELC_PLUGIN_HEADER                                                    \
    OTELC_PLUGIN_MAGIC, OTELC_ABI_MAJOR, OTELC_ABI_MINOR,                      \
        (uint32_t)sizeof(otelc_plugin)

/* An otelc_component_def with struct_size filled in; the arguments are
 * designated initializers of the other members:
 *   static const otelc_component_def my_components[] = {OTELC_COMPONENT(
 *       .kind = OTELC_KIND_EXPORTER, .type = "mine", ...)}; */
#define OTELC_COMPONENT(...)                                                   \
    {                                                                          \
        .struct_size = (uint32_t)sizeof(otelc_component_def), __VA_ARGS__      \
    }

/* Defines the plugin's static const descriptor and its entry point, with
 * n_components counted from the array `components` (which must be an
 * array, not a pointer) and min_host_minor 0:
 *   OTELC_PLUGIN("otelc-mine", "1.0.0", "Apache-2.0", my_components)
 * A plugin that needs a newer host writes its descriptor by hand with
 * OTELC_PLUGIN_HEADER and OTELC_PLUGIN_DEFINE. Use once per plugin. */
#define OTELC_PLUGIN(name_, version_, license_, components_)                   \
    static const otelc_plugin otelc_plugin_descriptor_ = {                     \
        OTELC_PLUGIN_HEADER,                                                   \
        .min_host_minor = 0,                                                   \
        .n_components =                                                        \
            (uint32_t)(sizeof(components_) / sizeof((components_)[0])),        \
        .name = (name_),                                                       \
        .version = (version_),                                                 \
        .license = (license_),                                                 \
        .components = (components_)};                                          \
    OTELC_PLUGIN_DEFINE(otelc_plugin_descriptor_)

/* create() for a component that keeps no state (it gets state NULL). Its
 * settings, if any, are checked by its config schema.
 * Runs on the main thread, where the host calls create(); never fails. */
static inline int
otelc_create_stateless(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    (void)ctx;
    (void)cfg;
    *state = NULL;
    return OTELC_OK;
}
/* destroy() for a component made by otelc_create_stateless(): nothing to
 * free. Runs on the main thread, where the host calls destroy(); never fails.
 */
static inline void
otelc_destroy_stateless(void *state)
{
    (void)state;
}

#ifdef __cplusplus
}
#endif
#endif
