/* Where the host function table lives, for the layers below core/api.
 *
 * Every handle given to a plugin starts with a pointer to otelc_host_api.
 * The table is built in core/api (the top layer, which sees every
 * implementation); the lower layers that allocate handles only need its
 * address, so the API layer installs it here once, before anything runs
 * (otelc__api_install(), called by main and by the test runner). */
#ifndef OTELC__HOST_TABLE_H
#define OTELC__HOST_TABLE_H

#include <otelc/host.h>

/* The installed table, or NULL before otelc__api_install(). Any thread. */
const otelc_host_api *otelc__host(void);

/* Installs the table; called once, before any worker thread starts. */
void otelc__host_set(const otelc_host_api *api);

#endif
