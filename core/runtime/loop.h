/* Loop services of an instance (the timer_*, io_*, async_* and
 * work_submit members of otelc/host.h), on its home worker's loop. */
#ifndef OTELC__LOOP_H
#define OTELC__LOOP_H

#include <otelc/host.h>

otelc_timer *otelc__timer_start(otelc_ctx *ctx, uint64_t after_ns,
                                uint64_t repeat_ns, otelc_cb cb, void *arg);
void         otelc__timer_stop(otelc_timer *t);
otelc_io    *otelc__io_start(otelc_ctx *ctx, int fd, unsigned events,
                             otelc_io_cb cb, void *arg);
void         otelc__io_stop(otelc_io *io);
otelc_async *otelc__async_new(otelc_ctx *ctx, otelc_cb cb, void *arg);
void         otelc__async_send(otelc_async *a); /* any thread */
void         otelc__async_free(otelc_async *a);
int otelc__work_submit(otelc_ctx *ctx, otelc_cb work, otelc_cb done, void *arg);

#endif
