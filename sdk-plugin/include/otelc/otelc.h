/* otelc plugin SDK: everything a plugin needs, in one include. */
#ifndef OTELC_OTELC_H
#define OTELC_OTELC_H

#include <otelc/client.h>
#include <otelc/config.h>
#include <otelc/data.h>
#include <otelc/exporter.h>
#include <otelc/host.h>
#include <otelc/otlp_fields.h>
#include <otelc/plugin.h>
#include <otelc/server.h>
#include <otelc/status.h>

#endif
