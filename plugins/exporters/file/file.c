/* The `file` exporter: otelcol's file exporter.
 *
 * Writes every batch it receives to `path`:
 *   format: json   one OTLP/JSON Export*ServiceRequest per line;
 *   format: proto  each Export*ServiceRequest as a 4-byte big-endian length
 *                  followed by its protobuf bytes (otelcol's framing).
 * Each batch is written with one writev() on a descriptor opened with
 * O_APPEND, so a reader never sees half a record unless the disk fills
 * up. The data goes to the kernel on every batch: there is no user-space
 * buffer to flush, and `flush_interval` is accepted for compatibility.
 *
 * One instance serves the whole collector (OTELC_CAP_SINGLETON): several
 * workers' replicas truncating and writing the same file would race.
 * rotation, compression, group_by and encoding are refused explicitly
 * rather than silently ignored. */
/* O_CLOEXEC and writev() are POSIX.1-2008, outside plain C11: say so when
 * built outside the otelc tree, which defines _GNU_SOURCE itself. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <otelc/otelc.h>

#define FILE_VERSION "0.1.0"

/* Segments written with one writev(); more are concatenated by the host. */
#define FILE_MAX_IOV 64

enum file_format { FORMAT_JSON, FORMAT_PROTO };

struct file_exporter {
    otelc_ctx  *ctx;
    const char *path; /* config string: lives as long as the instance */
    int         format;
    int         append;
    int64_t     flush_interval_ns;
    /* otelcol keys refused with a clear message rather than ignored. */
    const otelc_config *rotation, *compression, *group_by, *encoding;
    int                 fd;
};

/* ---- configuration ---- */

static int
check_non_empty(otelc_ctx *ctx, const otelc_config *node, const void *value)
{
    const char *const *s = value;
    return **s ? OTELC_OK : otelc_cfg_error(ctx, node, "must be non-empty");
}

#define FILE_OPT(key, type, member, ...)                                       \
    OTELC_OPTION(key, type, struct file_exporter, member, __VA_ARGS__)
#define FILE_UNSUPPORTED(key)                                                  \
    FILE_OPT(#key, OTELC_OPT_NODE, key, .help = "not supported by otelc yet")

static const otelc_option file_options[] = {
    FILE_OPT("path", OTELC_OPT_STRING, path, .flags = OTELC_OPT_REQUIRED,
             .check = check_non_empty, .help = "file to write"),
    FILE_OPT("format", OTELC_OPT_ENUM, format, .def = "json",
             .values = (const char *const[]){"json", "proto", NULL},
             .help = "OTLP/JSON lines, or length-prefixed OTLP protobuf"),
    FILE_OPT("append", OTELC_OPT_BOOL, append, .def = "false",
             .help = "append to the file instead of truncating it"),
    FILE_OPT("flush_interval", OTELC_OPT_DURATION, flush_interval_ns,
             .def = "1s", .min = "1ns",
             .help = "accepted: every batch is written at once"),
    FILE_UNSUPPORTED(rotation),
    FILE_UNSUPPORTED(compression),
    FILE_UNSUPPORTED(group_by),
    FILE_UNSUPPORTED(encoding),
    OTELC_OPTIONS_END};

static int
file_parse_config(otelc_ctx *ctx, const otelc_config *cfg,
                  struct file_exporter *f)
{
    static const char *const names[] = {"rotation", "compression", "group_by",
                                        "encoding"};
    int                      rc = otelc_config_read(ctx, cfg, file_options, f);

    if (rc != OTELC_OK)
        return rc;
    const otelc_config *unsupported[] = {f->rotation, f->compression,
                                         f->group_by, f->encoding};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (unsupported[i] != NULL)
            rc = otelc_cfg_error(ctx, unsupported[i],
                                 "%s is not supported by otelc yet", names[i]);
    if (rc == OTELC_OK && f->format == FORMAT_JSON &&
        !otelc_host_has(ctx, batch_to_otlp_json))
        rc = otelc_cfg_error(ctx, otelc_cfg_child(cfg, "format"),
                             "format json: this collector has no OTLP/JSON "
                             "encoder; use format: proto");
    return rc != OTELC_OK ? OTELC_E_CONFIG : OTELC_OK;
}

/* ---- writing ---- */

/* Writes all of iov (advancing it), retrying short writes. */
static int
write_all(int fd, struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t w = writev(fd, iov, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        while (n > 0 && (size_t)w >= iov->iov_len) {
            w -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + w;
            iov->iov_len -= (size_t)w;
        }
    }
    return 0;
}

/* The protobuf record: the segments the batch arrived in, written as they
 * are (their concatenation is the encoding of the whole request), behind
 * the 4-byte big-endian length of their sum. */
static int
file_write_proto(struct file_exporter *f, otelc_batch *b)
{
    struct iovec  iov[FILE_MAX_IOV + 1];
    unsigned char hdr[4];
    size_t        nseg = otelc_batch_segments(b), total = 0;
    int           n = 1;

    if (nseg > 0 && nseg <= FILE_MAX_IOV) {
        for (size_t i = 0; i < nseg; i++) {
            const void *p;
            size_t      len;
            if (otelc_batch_segment(b, i, &p, &len) != OTELC_OK)
                return OTELC_E_IO;
            iov[n].iov_base = (void *)(uintptr_t)p;
            iov[n].iov_len = len;
            total += len;
            n++;
        }
    } else {
        const void *p;
        size_t      len;
        int         rc = otelc_batch_to_otlp(b, &p, &len);
        if (rc != OTELC_OK)
            return rc;
        iov[n].iov_base = (void *)(uintptr_t)p;
        iov[n].iov_len = len;
        total = len;
        n++;
    }
    if (total > UINT32_MAX)
        return OTELC_E_RANGE;
    hdr[0] = (unsigned char)(total >> 24);
    hdr[1] = (unsigned char)(total >> 16);
    hdr[2] = (unsigned char)(total >> 8);
    hdr[3] = (unsigned char)total;
    iov[0].iov_base = hdr;
    iov[0].iov_len = sizeof(hdr);
    return write_all(f->fd, iov, n) == 0 ? OTELC_OK : OTELC_E_IO;
}

static int
file_write_json(struct file_exporter *f, otelc_batch *b)
{
    struct iovec iov[2];
    const void  *p;
    size_t       len;
    int          rc = otelc_batch_to_otlp_json(b, &p, &len);

    if (rc != OTELC_OK)
        return rc;
    iov[0].iov_base = (void *)(uintptr_t)p;
    iov[0].iov_len = len;
    iov[1].iov_base = (void *)(uintptr_t) "\n";
    iov[1].iov_len = 1;
    return write_all(f->fd, iov, 2) == 0 ? OTELC_OK : OTELC_E_IO;
}

static int
file_consume(void *state, otelc_batch *b)
{
    struct file_exporter *f = state;
    int                   rc;

    if (f->fd < 0) {
        otelc_batch_release(b);
        return OTELC_E_RETRYABLE;
    }
    rc = f->format == FORMAT_JSON ? file_write_json(f, b)
                                  : file_write_proto(f, b);
    if (rc == OTELC_E_IO) {
        /* A full or failing disk may recover: let the sender retry. */
        otelc_warn(f->ctx, "cannot write to %s: %s", f->path, strerror(errno));
        rc = OTELC_E_RETRYABLE;
    } else if (rc != OTELC_OK) {
        otelc_warn(f->ctx, "cannot encode a batch for %s: %s", f->path,
                   otelc_status_message(rc));
    }
    otelc_batch_release(b);
    return rc;
}

/* ---- lifecycle ---- */

static int
file_create(otelc_ctx *ctx, const otelc_config *cfg, void **state)
{
    struct file_exporter *f = otelc_calloc(ctx, 1, sizeof(*f));
    int                   rc;

    if (f == NULL)
        return OTELC_E_NOMEM;
    f->ctx = ctx;
    f->fd = -1;
    rc = file_parse_config(ctx, cfg, f);
    if (rc != OTELC_OK) {
        otelc_free(ctx, f);
        return rc;
    }
    *state = f;
    return OTELC_OK;
}

static int
file_start(void *state)
{
    struct file_exporter *f = state;
    int                   flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;

    if (!f->append)
        flags |= O_TRUNC;
    /* 0600 as otelcol: telemetry may carry sensitive attributes. */
    f->fd = open(f->path, flags, 0600);
    if (f->fd < 0) {
        otelc_error(f->ctx, "cannot open %s: %s", f->path, strerror(errno));
        return OTELC_E_IO;
    }
    return OTELC_OK;
}

static void
file_destroy(void *state)
{
    struct file_exporter *f = state;

    if (f == NULL)
        return;
    if (f->fd >= 0)
        close(f->fd);
    otelc_free(f->ctx, f);
}

static const otelc_component_def file_components[] = {OTELC_COMPONENT(
        .kind = OTELC_KIND_EXPORTER, .type = "file",
        .signals = OTELC_SIGNALS_ALL, .capabilities = OTELC_CAP_SINGLETON,
        .stability = OTELC_STABILITY_ALPHA,
        .description =
            "Writes OTLP/JSON lines or length-prefixed OTLP protobuf "
            "to a file",
        .create = file_create, .start = file_start, .consume = file_consume,
        .destroy = file_destroy,
        OTELC_CONFIG_SCHEMA(file_options, struct file_exporter))};

OTELC_PLUGIN("otelc-file-exporter", FILE_VERSION, "Apache-2.0", file_components)
