/* otelc: command line, start-up and shutdown. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "batch.h"
#include "config.h"
#include "diag.h"
#include "graph.h"
#include "log.h"
#include "memlimit.h"
#include "registry.h"
#include "schema.h"
#include "service.h"
#include "telemetry.h"
#include "worker.h"

extern const char otelc__default_config[];

enum {
    EXIT_OK = 0,
    EXIT_RUNTIME = 1, /* a component failed to start, or shutdown was late */
    EXIT_CONFIG = 2,  /* bad command line or config */
    EXIT_REFUSED = 3  /* `plugins check` refused a plugin */
};

static const char usage_text[] =
    "usage: otelc [--config FILE]... [--set KEY=VALUE]... [--plugin-dir "
    "DIR]...\n"
    "             [--log-level LEVEL]\n"
    "       otelc validate --config FILE... [options]\n"
    "       otelc components [--plugin-dir DIR]...\n"
    "       otelc components --config-schema|--config-table [KIND/]TYPE\n"
    "       otelc plugins check [DIR|FILE]...\n"
    "       otelc --version | --help\n"
    "\n"
    "Runs an OpenTelemetry Collector from an otelcol-style YAML config.\n"
    "Without --config it runs the built-in default (configs/default.yaml).\n"
    "\n"
    "  --config FILE      config file; several are merged in order\n"
    "  --set KEY=VALUE    override one setting (a.b.c=v or a::b::c=v)\n"
    "  --plugin-dir DIR   search DIR for plugins first (repeatable); then\n"
    "                     service.plugin_dirs, $OTELC_PLUGIN_PATH and\n"
    "                     <prefix>/lib/otelc/plugins\n"
    "  --log-level LEVEL  debug, info, warn or error (overrides the config);\n"
    "                     debug also prints self-metrics at shutdown\n"
    "  --config-schema T  print component T's settings as JSON Schema\n"
    "  --config-table T   print them as a markdown table (README.md)\n"
    "                     (T: a type, or KIND/TYPE such as receiver/otlp)\n"
    "\n"
    "Exit status: 0 success (also after SIGTERM/SIGINT with everything\n"
    "flushed), 1 runtime failure (a component failed to start, or shutdown\n"
    "missed its deadline), 2 usage or configuration error, 3 `plugins\n"
    "check` refused at least one plugin.\n";

struct opts {
    const char  *cmd; /* "run", "validate", "components", "plugins" */
    const char **configs, **sets, **dirs, **args;
    size_t       n_configs, n_sets, n_dirs, n_args;
    int          log_level;
    const char  *schema_of; /* components --config-schema / --config-table */
    int          schema_markdown;
};

static void
push(const char ***v, size_t *n, const char *s)
{
    *v = realloc(*v, (*n + 1) * sizeof(**v));
    if (*v == NULL)
        abort();
    (*v)[(*n)++] = s;
}

static void
opts_free(struct opts *o)
{
    free(o->configs);
    free(o->sets);
    free(o->dirs);
    free(o->args);
}

/* Accepts "--opt value" and "--opt=value". */
static const char *
opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t len = strlen(name);
    if (strncmp(argv[*i], name, len) == 0 && argv[*i][len] == '=')
        return argv[*i] + len + 1;
    if (strcmp(argv[*i], name) == 0) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "otelc: %s needs a value\n", name);
            exit(EXIT_CONFIG);
        }
        return argv[++*i];
    }
    return NULL;
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
    int i = 1;

    memset(o, 0, sizeof(*o));
    o->cmd = "run";
    o->log_level = -1;
    if (argc > 1 && argv[1][0] != '-') {
        o->cmd = argv[1];
        i = 2;
        if (strcmp(o->cmd, "plugins") == 0) {
            if (argc < 3 || strcmp(argv[2], "check") != 0) {
                fprintf(stderr, "otelc: usage: otelc plugins check "
                                "[DIR|FILE]...\n");
                exit(EXIT_CONFIG);
            }
            i = 3;
        } else if (strcmp(o->cmd, "validate") != 0 &&
                   strcmp(o->cmd, "components") != 0) {
            fprintf(stderr, "otelc: unknown command \"%s\"\n\n%s", o->cmd,
                    usage_text);
            exit(EXIT_CONFIG);
        }
    }
    for (; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            exit(EXIT_OK);
        } else if (strcmp(argv[i], "--version") == 0 ||
                   strcmp(argv[i], "-v") == 0) {
            printf("otelc %s (plugin ABI %d.%d)\n", OTELC_VERSION,
                   OTELC_ABI_MAJOR, OTELC_ABI_MINOR);
            exit(EXIT_OK);
        } else if ((v = opt_value(argc, argv, &i, "--config")) != NULL) {
            push(&o->configs, &o->n_configs, v);
        } else if ((v = opt_value(argc, argv, &i, "--set")) != NULL) {
            push(&o->sets, &o->n_sets, v);
        } else if ((v = opt_value(argc, argv, &i, "--plugin-dir")) != NULL) {
            push(&o->dirs, &o->n_dirs, v);
        } else if ((v = opt_value(argc, argv, &i, "--log-level")) != NULL) {
            o->log_level = otelc__log_parse_level(v);
            if (o->log_level < 0) {
                fprintf(stderr, "otelc: unknown log level \"%s\"\n", v);
                exit(EXIT_CONFIG);
            }
        } else if (strcmp(o->cmd, "components") == 0 &&
                   (v = opt_value(argc, argv, &i, "--config-schema")) != NULL) {
            o->schema_of = v;
            o->schema_markdown = 0;
        } else if (strcmp(o->cmd, "components") == 0 &&
                   (v = opt_value(argc, argv, &i, "--config-table")) != NULL) {
            o->schema_of = v;
            o->schema_markdown = 1;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "otelc: unknown option \"%s\"\n\n%s", argv[i],
                    usage_text);
            exit(EXIT_CONFIG);
        } else if (strcmp(o->cmd, "plugins") == 0) {
            push(&o->args, &o->n_args, argv[i]);
        } else {
            fprintf(stderr, "otelc: unexpected argument \"%s\"\n", argv[i]);
            exit(EXIT_CONFIG);
        }
    }
    if (strcmp(o->cmd, "validate") == 0 && o->n_configs == 0) {
        /* Checking the built-in default would say "valid" about a file
         * the user never named. */
        fprintf(stderr, "otelc: validate needs --config FILE (the config "
                        "to check)\n"
                        "usage: otelc validate --config FILE... [options]\n");
        exit(EXIT_CONFIG);
    }
    if (o->log_level >= 0)
        otelc__log_set_level(o->log_level);
}

static otelc_config *
load_config(const struct opts *o, otelc__diag *d)
{
    otelc_config *root = NULL;

    if (o->n_configs == 0) {
        root = otelc__cfg_load_string("<built-in default config>",
                                      otelc__default_config, d);
    }
    for (size_t i = 0; i < o->n_configs; i++) {
        otelc_config *t = otelc__cfg_load_file(o->configs[i], d);
        if (t == NULL)
            continue;
        if (root == NULL)
            root = t;
        else
            otelc__cfg_merge(root, t);
    }
    for (size_t i = 0; root && i < o->n_sets; i++)
        otelc__cfg_set(root, o->sets[i], d);
    return root;
}

/* The component `spec` names: "otlp", or "receiver/otlp" when a type is
 * used by several kinds. A component whose own type is `spec` wins over
 * one that only has it as a deprecated alias ("otlp" is the otlp receiver,
 * not the otlp_grpc exporter's old name). NULL after printing why. */
static const struct otelc__compdef *
find_component(const struct otelc__registry *reg, const char *spec)
{
    const struct otelc__compdef *found = NULL, *canonical = NULL;
    const char                  *slash = strchr(spec, '/'), *type = spec;
    int                          want = 0, n = 0, n_canonical = 0;
    char                         kinds[128] = "";

    if (slash != NULL) {
        char kind[32];
        snprintf(kind, sizeof(kind), "%.*s", (int)(slash - spec), spec);
        for (int k = OTELC_KIND_RECEIVER; k <= OTELC_KIND_CONNECTOR; k++)
            if (strcmp(kind, otelc__kind_name(k)) == 0)
                want = k;
        if (want == 0)
            want = otelc__kind_parse(kind); /* "receivers" */
        if (want <= 0) {
            fprintf(stderr, "otelc: unknown component kind \"%s\"\n", kind);
            return NULL;
        }
        type = slash + 1;
    }
    for (int k = OTELC_KIND_RECEIVER; k <= OTELC_KIND_CONNECTOR; k++) {
        const struct otelc__compdef *c;
        const char                  *alias_of = NULL;
        if (want && k != want)
            continue;
        c = otelc__registry_find(reg, k, type, &alias_of);
        if (c == NULL)
            continue;
        found = c;
        n++;
        if (alias_of == NULL) {
            canonical = c;
            n_canonical++;
        }
        snprintf(kinds + strlen(kinds), sizeof(kinds) - strlen(kinds),
                 "%s%s/%s", kinds[0] ? ", " : "", otelc__kind_name(k), type);
    }
    if (n == 1)
        return found;
    if (n_canonical == 1)
        return canonical;
    if (n == 0)
        fprintf(stderr, "otelc: no component \"%s\" (see otelc components)\n",
                spec);
    else
        fprintf(stderr, "otelc: \"%s\" is several components (%s): name one\n",
                spec, kinds);
    return NULL;
}

static int
cmd_component_schema(const struct opts *o, const struct otelc__registry *reg)
{
    const struct otelc__compdef *c = find_component(reg, o->schema_of);
    otelc__diag                  d = {0};
    char                         title[160];

    if (c == NULL)
        return EXIT_CONFIG;
    if (c->def.config_schema == NULL) {
        fprintf(
            stderr, "otelc: %s \"%s\" (plugin %s) declares no config schema\n",
            otelc__kind_name((int)c->def.kind), c->def.type, c->plugin_name);
        return EXIT_CONFIG;
    }
    snprintf(title, sizeof(title), "%s \"%s\" (%s)",
             otelc__kind_name((int)c->def.kind), c->def.type, c->plugin_name);
    if (otelc__schema_lint(c->def.config_schema, c->def.config_option_size,
                           title, &d) > 0) {
        otelc__diag_print(&d, stderr);
        otelc__diag_free(&d);
        return EXIT_CONFIG;
    }
    if (o->schema_markdown)
        otelc__schema_markdown(stdout, c->def.config_schema,
                               c->def.config_option_size);
    else
        otelc__schema_json(stdout, c->def.config_schema,
                           c->def.config_option_size, title,
                           c->def.description);
    return EXIT_OK;
}

static int
cmd_components(const struct opts *o)
{
    struct otelc__registry reg = {0};

    otelc__registry_load_search_path(&reg, o->dirs, o->n_dirs, NULL, 0);
    if (o->schema_of != NULL) {
        int rc = cmd_component_schema(o, &reg);
        otelc__registry_free(&reg);
        return rc;
    }
    printf("%-10s %-22s %-24s %-20s %-12s %s\n", "KIND", "TYPE", "ALIASES",
           "SIGNALS", "STABILITY", "PLUGIN");
    for (int kind = OTELC_KIND_RECEIVER; kind <= OTELC_KIND_CONNECTOR; kind++) {
        for (size_t i = 0; i < reg.n_comps; i++) {
            const struct otelc__compdef *c = reg.comps[i];
            char                         aliases[128] = "", sig[32];
            if ((int)c->def.kind != kind)
                continue;
            for (const char *const *a = c->def.aliases; a && *a; a++) {
                if (aliases[0])
                    strncat(aliases, ",",
                            sizeof(aliases) - strlen(aliases) - 1);
                strncat(aliases, *a, sizeof(aliases) - strlen(aliases) - 1);
            }
            printf("%-10s %-22s %-24s %-20s %-12s %s (%s %s)\n",
                   otelc__kind_name(kind), c->def.type,
                   aliases[0] ? aliases : "-",
                   otelc__signals_str((int)c->def.signals, sig),
                   otelc__stability_name((int)c->def.stability), c->file->path,
                   c->plugin_name, c->plugin_version);
        }
    }
    otelc__registry_free(&reg);
    return EXIT_OK;
}

static int
cmd_plugins_check(const struct opts *o)
{
    struct otelc__registry reg = {0};
    int                    refused = 0;

    /* Refusals are this command's output (stdout); don't repeat them as
     * warnings on stderr unless asked to. */
    if (o->log_level < 0)
        otelc__log_set_level(OTELC_LOG_ERROR);
    if (o->n_args == 0)
        otelc__registry_load_search_path(&reg, o->dirs, o->n_dirs, NULL, 0);
    for (size_t i = 0; i < o->n_args; i++) {
        if (otelc__registry_load(&reg, o->args[i]) < 0) {
            fprintf(stderr, "otelc: %s: %s\n", o->args[i], strerror(errno));
            refused++;
        }
    }
    for (size_t i = 0; i < reg.n_files; i++) {
        const struct otelc__plugin_file *f = reg.files[i];
        if (f->refusal) {
            printf("refused %s: %s\n", f->path, f->refusal);
            refused++;
        } else {
            printf("ok      %s: %s %s, ABI %u.%u (needs host %u.%u+), %u "
                   "components\n",
                   f->path, f->desc->name, f->desc->version, f->desc->abi_major,
                   f->desc->abi_minor, f->desc->abi_major,
                   f->desc->min_host_minor, f->desc->n_components);
        }
    }
    otelc__registry_free(&reg);
    return refused ? EXIT_REFUSED : EXIT_OK;
}

static int
default_workers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* Waits for SIGTERM/SIGINT. Signals are blocked in every thread and taken
 * here synchronously, so no handler runs in the middle of a worker. */
static void
wait_for_stop(const sigset_t *set)
{
    for (;;) {
        int sig = 0;
        if (sigwait(set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            otelc__warn("SIGHUP: configuration reload is not implemented "
                        "yet; restart otelc to apply changes");
            continue;
        }
        otelc__info("received %s, shutting down", strsignal(sig));
        return;
    }
}

static int
cmd_run(const struct opts *o, int validate_only)
{
    otelc__diag            d = {0};
    otelc_config          *root;
    struct otelc__preread  pre;
    struct otelc__registry reg = {0};
    struct otelc__service  svc;
    struct otelc__runtime  rt;
    sigset_t               set;
    int                    rc = EXIT_OK, n_workers;

    root = load_config(o, &d);
    if (root == NULL || otelc__diag_errors(&d)) {
        otelc__diag_print(&d, stderr);
        otelc__diag_free(&d);
        otelc__cfg_free(root);
        return EXIT_CONFIG;
    }
    otelc__service_preread(root, &pre, &d);
    if (o->log_level < 0 && pre.log_level >= 0)
        otelc__log_set_level(pre.log_level);
    otelc__registry_load_search_path(&reg, o->dirs, o->n_dirs, pre.plugin_dirs,
                                     pre.n_plugin_dirs);
    otelc__service_build(&svc, root, &reg, &d);
    otelc__diag_print(&d, stderr);
    if (otelc__diag_errors(&d)) {
        fprintf(stderr, "otelc: invalid configuration: %zu error(s)\n",
                otelc__diag_errors(&d));
        rc = EXIT_CONFIG;
        goto out;
    }
    if (validate_only) {
        printf("configuration is valid\n");
        goto out;
    }

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    n_workers = svc.workers > 0 ? svc.workers : default_workers();
    otelc__mem_set_limit(svc.memory_limit_bytes);
    memset(&rt, 0, sizeof(rt));
    if (otelc__graph_build(&rt, &svc, n_workers) != 0) {
        otelc__graph_free(&rt);
        rc = EXIT_RUNTIME;
        goto out;
    }
    otelc__info("otelc %s starting: %d worker(s), %zu pipeline(s)",
                OTELC_VERSION, n_workers, svc.n_pipes);
    if (otelc__runtime_start(&rt) != 0) {
        otelc__err("start-up failed; shutting down");
        rc = EXIT_RUNTIME;
    } else {
        otelc__info("everything is ready; send SIGTERM to stop");
        wait_for_stop(&set);
    }
    if (otelc__runtime_stop(&rt, svc.shutdown_timeout_ns) != 0)
        rc = EXIT_RUNTIME;
    otelc__graph_free(&rt);
    if (otelc__log_level() <= OTELC_LOG_DEBUG) {
        fprintf(stderr, "otelc self-telemetry at shutdown:\n");
        otelc__tel_write(stderr);
    }
    otelc__info("shutdown complete");
out:
    otelc__service_free(&svc);
    otelc__preread_free(&pre);
    otelc__registry_free(&reg);
    otelc__cfg_free(root);
    otelc__diag_free(&d);
    otelc__tel_free_all();
    return rc;
}

int
main(int argc, char **argv)
{
    struct opts o;
    int         rc;

    otelc__api_install();
    parse_args(argc, argv, &o);
    if (strcmp(o.cmd, "components") == 0)
        rc = cmd_components(&o);
    else if (strcmp(o.cmd, "plugins") == 0)
        rc = cmd_plugins_check(&o);
    else
        rc = cmd_run(&o, strcmp(o.cmd, "validate") == 0);
    opts_free(&o);
    return rc;
}
