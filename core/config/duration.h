/* Go-style durations and human byte sizes, as otelcol configs write them. */
#ifndef OTELC__DURATION_H
#define OTELC__DURATION_H

#include <stdint.h>

/* Parses a Go duration ("200ms", "1.5s", "1m30s", "2h", "300us", "300µs",
 * "10ns", "-1s"), the syntax of Go's time.ParseDuration, into nanoseconds.
 * A bare integer ("5000", "-3") is also accepted and means nanoseconds: that
 * is what an otelcol config gets when it writes a YAML integer into a
 * duration field. Returns OTELC_OK, or OTELC_E_INVALID for a malformed
 * value, OTELC_E_RANGE when it does not fit in int64 nanoseconds (~292
 * years). Negative values are returned as such; rejecting them is the
 * caller's decision. */
int otelc__parse_duration(const char *s, int64_t *ns);

/* Parses a byte size: a plain integer ("1048576") or a number with a unit,
 * optionally separated by one space ("4MiB", "20MB", "1.5 GiB", "512KiB").
 * Units (case-insensitive): B; K/KB, M/MB, G/GB, T/TB are powers of 1000;
 * Ki/KiB, Mi/MiB, Gi/GiB, Ti/TiB are powers of 1024. A fractional result is
 * truncated to whole bytes. Negative sizes are invalid. Returns OTELC_OK,
 * OTELC_E_INVALID or OTELC_E_RANGE. */
int otelc__parse_bytes(const char *s, int64_t *bytes);

#endif
