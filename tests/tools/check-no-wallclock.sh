#!/usr/bin/env bash
# Fails when a unit test asserts on wall-clock time or sleeps and hopes
# (CONTRIBUTING.md: no timing assertions in tests). Reads tests/unit/*.c,
# or the files given, and reports file:line for
#   clock-check  a CHECK*(...) whose condition reads a clock or a time
#                difference: elapsed, now_s()/mono_ns()..., clock_gettime,
#                gettimeofday, time(NULL), tv_sec/tv_nsec, x_ns[i] - y_ns[j]
#   clock-diff   a clock reading subtracted anywhere (dt = now_s() - t0)
#   fixed-sleep  usleep()/sleep() of a constant 50 ms or more outside a
#                polling helper (a function named wait_* or poll_*); short
#                sleeps inside a wait-until loop are how tests poll
# and ends with "N passed, N failed" (files). Comments and string
# literals are not looked at.
#
#   check-no-wallclock.sh --selftest   shows that the patterns catch the
#       offenders the unit tests had before they were cleaned (samples
#       below, and the files themselves from git history when it is
#       there) and leave polling code alone.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
self="$root/tests/tools/check-no-wallclock.sh"
# The last commit whose unit tests still timed things (for --selftest).
pre_cleanup=b26ddda5400f451d7af74051fe85e35850fc0caf

scan() { # files...; prints findings, returns 1 when there are any
  awk -v SQ="'" '
    function reset_file() {
      in_comment = 0; fname = ""; acc = ""; depth = 0; inside = 0
    }
    # The code of a line: comments and string/char literals blanked.
    function code_of(s,    out, i, c, n) {
      out = ""; n = length(s); i = 1
      while (i <= n) {
        c = substr(s, i, 1)
        if (in_comment) {
          if (substr(s, i, 2) == "*/") { in_comment = 0; i += 2 } else i++
          continue
        }
        if (substr(s, i, 2) == "/*") { in_comment = 1; i += 2; continue }
        if (substr(s, i, 2) == "//") break
        if (c == "\"" || c == SQ) {
          q = c; out = out q; i++
          while (i <= n && substr(s, i, 1) != q) {
            if (substr(s, i, 1) == "\\") i++
            i++
          }
          out = out q; i++
          continue
        }
        out = out c; i++
      }
      return out
    }
    function report(kind, text) {
      gsub(/^[ \t]+/, "", text)
      printf "%s:%d: %s: %s\n", FILENAME, at, kind, text
      bad[FILENAME] = 1
    }
    # A constant duration expression (digits, *, +, parentheses, integer
    # suffixes); -1 when it is not one.
    function const_value(e,    k, v, p, j, n, m, terms, factors) {
      gsub(/[ \t()]/, "", e)
      while (match(e, /[0-9][uUlL]+/))
        e = substr(e, 1, RSTART) substr(e, RSTART + RLENGTH)
      if (e == "" || e ~ /[^0-9*+]/) return -1
      v = 0
      n = split(e, terms, "+")
      for (k = 1; k <= n; k++) {
        p = 1
        m = split(terms[k], factors, "*")
        for (j = 1; j <= m; j++) {
          if (factors[j] == "") return -1
          p *= factors[j] + 0
        }
        v += p
      }
      return v
    }
    BEGIN {
      W = "[^A-Za-z0-9_]"
      clock_words = "(elapsed|now_s|now_ms|now_us|now_ns|mono_ns|mono_ms|" \
                    "clock_gettime|gettimeofday|tv_sec|tv_usec|tv_nsec)"
      clock_re = "(^|" W ")" clock_words "(" W "|$)"
      time_re = "(^|" W ")time\\((NULL|0)\\)"
      nsdiff_re = "_(ns|us|ms)(\\[[^]]*\\])?[ \\t]*-[ \\t]*[A-Za-z_]"
      # a clock reading minus something, or something minus t0 (also
      # a->t0, s.t0): not the arrow of a->t0 itself
      diff_re = "((now_s|now_ms|now_us|now_ns|mono_ns|mono_ms)\\(\\)|" \
                "time\\((NULL|0)\\))[ \\t]*-|[ \\t)]-[ \\t]*" \
                "([A-Za-z0-9_]+(->|\\.))*t0(" W "|$)"
      sleep_re = "(^|" W ")(usleep|sleep)\\([^()]*(\\([^()]*\\)[^()]*)*\\)"
    }
    FNR == 1 { reset_file() }
    {
      files[FILENAME] = 1
      line = code_of($0)
      # Top-level function definitions start in column 0: name(
      if (match(line, /^[A-Za-z_][A-Za-z0-9_]*\(/))
        fname = substr(line, 1, RLENGTH - 1)
      # clock-diff
      if (line ~ diff_re) { at = FNR; report("clock-diff", $0) }
      # fixed-sleep
      rest = line
      while (match(rest, sleep_re)) {
        call = substr(rest, RSTART, RLENGTH)
        rest = substr(rest, RSTART + RLENGTH)
        sub(/^[^A-Za-z_]/, "", call)
        fn = call; sub(/\(.*/, "", fn)
        arg = call; sub(/^[a-z]+\(/, "", arg); sub(/\)$/, "", arg)
        v = const_value(arg)
        if (v < 0) continue
        ms = fn == "sleep" ? v * 1000 : v / 1000
        if (ms >= 50 && fname !~ /^(wait|poll)_/) {
          at = FNR
          report("fixed-sleep", sprintf("%s (%d ms; wait for an event)",
                                        call, ms))
        }
      }
      # clock-check: CHECK*(...) statements, possibly over several lines
      if (depth == 0 && match(line, "(^|" W ")CHECK[A-Z_]*\\(")) {
        acc = ""; depth = 0; start = FNR; first = $0
        line = substr(line, RSTART)
        inside = 1
      }
      if (inside) {
        acc = acc " " line
        n = length(line)
        for (i = 1; i <= n; i++) {
          c = substr(line, i, 1)
          if (c == "(") depth++
          else if (c == ")") { depth--; if (depth == 0) break }
        }
        if (depth <= 0) {
          inside = 0; depth = 0
          if (acc ~ clock_re || acc ~ time_re || acc ~ nsdiff_re) {
            at = start; report("clock-check", first)
          }
        }
      }
    }
    END {
      np = nf = 0
      for (f in files) { if (f in bad) nf++; else np++ }
      printf "%d passed, %d failed\n", np, nf
      exit nf ? 1 : 0
    }
  ' "$@"
}

selftest() {
  local tmp pass=0 fail=0 skip=0
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN

  expect() { # want(0|1) name file
    local want="$1" name="$2" file="$3" got=0 out
    out="$("$self" "$file" 2>&1)" || got=1
    if [ "$got" = "$want" ]; then
      echo "ok $name"
      pass=$((pass + 1))
    else
      echo "FAIL $name (exit $got, expected $want)"
      printf '%s\n' "$out" | sed 's/^/    /'
      fail=$((fail + 1))
    fi
  }

  # Offenders as the unit tests had them.
  cat >"$tmp/elapsed_bounds.c" <<'EOF'
static void
t_deadline(void)
{
    CHECK(g_res[r].elapsed >= 0.29 && g_res[r].elapsed < 1.5);
}
EOF
  cat >"$tmp/elapsed_multiline.c" <<'EOF'
static void
t_fast(void)
{
    CHECK(g_res[r].status == 14 &&
          g_res[r].elapsed < 0.5);
}
EOF
  cat >"$tmp/now_minus_t0.c" <<'EOF'
static void
t_concurrent(void)
{
    t0 = now_s();
    CHECK(now_s() - t0 < 5.0);
}
EOF
  cat >"$tmp/dt_assigned.c" <<'EOF'
static void
t_slowloris(void)
{
    dt = now_s() - t0;
    CHECK(dt > 0.8 && dt < 3.0);
}
EOF
  cat >"$tmp/time_null.c" <<'EOF'
static void
t_transport(void)
{
    CHECK((uint64_t)time(NULL) - t0 < 3);
}
EOF
  cat >"$tmp/ns_array_diff.c" <<'EOF'
static void
t_retry_after(void)
{
    CHECK(g_attempt_ns[1] - g_attempt_ns[0] >= UINT64_C(290000000));
}
EOF
  cat >"$tmp/usleep_literal.c" <<'EOF'
static void
t_reconnect(void)
{
    usleep(1600000); /* past the first backoff (1s +- 20%) */
}
EOF
  cat >"$tmp/usleep_product.c" <<'EOF'
static void
t_free(void)
{
    usleep(1500 * 1000);
}
EOF
  cat >"$tmp/sleep_seconds.c" <<'EOF'
static void
t_wait(void)
{
    sleep(1);
}
EOF
  for f in elapsed_bounds elapsed_multiline now_minus_t0 dt_assigned \
           time_null ns_array_diff usleep_literal usleep_product sleep_seconds; do
    expect 1 "catches $f" "$tmp/$f.c"
  done

  # What the cleaned tests do, and look-alikes that are not timing.
  cat >"$tmp/polling.c" <<'EOF'
/* A comment may say usleep(500000) or CHECK(elapsed < 1). */
static void
wait_done(int target)
{
    for (int i = 0; i < 30 && atomic_load(&g_done) < target; i++)
        usleep(100000);
    CHECK_INT(atomic_load(&g_done), target);
}

static void
run(struct call *c, int secs)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts); /* a hang guard's deadline */
    ts.tv_sec += secs;
    for (int i = 0; i < 500 && !ready; i++)
        usleep(10000);
    WAIT_UNTIL(atomic_load(&g_freed), 20, "the client to be freed");
    CHECK_INT(c.max_elapsed_ns, 300 * S);
    CHECK_STR(args, "--sleep 3 --delay 1.5 elapsed");
    CHECK_INT(otelc_batch_to_otlp(t1, &p1, &n1), OTELC_OK);
    usleep(20000);
}
EOF
  expect 0 "passes polling and look-alikes" "$tmp/polling.c"

  # The unit tests before the cleanup, from git history.
  if git -C "$root" cat-file -e "$pre_cleanup^{commit}" 2>/dev/null; then
    for f in test_grpc_client.c test_server.c test_http_client.c \
             test_exporter_helper.c test_memlimit.c test_runtime.c; do
      git -C "$root" show "$pre_cleanup:tests/unit/$f" >"$tmp/old_$f"
      expect 1 "catches the old $f" "$tmp/old_$f"
    done
  elif git -C "$root" rev-parse --git-dir >/dev/null 2>&1 &&
    [ "$(git -C "$root" rev-parse --is-shallow-repository)" = false ]; then
    echo "FAIL the old unit tests: commit $pre_cleanup is not in the history"
    fail=$((fail + 1))
  else
    echo "skip the old unit tests: no history here (not a clone, or shallow)"
    skip=$((skip + 1))
  fi

  if [ "$skip" -gt 0 ]; then
    echo "$pass passed, $fail failed, $skip skipped"
  else
    echo "$pass passed, $fail failed"
  fi
  [ "$fail" -eq 0 ]
}

if [ "${1:-}" = "--selftest" ]; then
  selftest
  exit $?
fi
if [ "$#" -eq 0 ]; then
  set -- "$root"/tests/unit/*.c
fi
scan "$@"
