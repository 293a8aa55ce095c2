/* Worker threads: start-up, the inbox, and the phased shutdown. */
#ifndef OTELC__WORKER_H
#define OTELC__WORKER_H

#include "runtime.h"

/* Starts one thread per worker; each starts its instances (downstream
 * first) and runs its loop. Returns 0 when every start() succeeded. */
int otelc__runtime_start(struct otelc__runtime *rt);

/* Shuts the graph down depth by depth (receivers first, so everything they
 * accepted flows through processors that flush into exporters that
 * drain), then stops the loops and joins the threads. Returns 0 when every
 * component finished before the deadline. */
int otelc__runtime_stop(struct otelc__runtime *rt, int64_t timeout_ns);

#endif
