/* A tiny test runner: every case runs in its own forked child with an alarm,
 * so a crash or a hang fails that case only. Prints one line per case and
 * "N passed, N failed" at the end; exit status 1 when anything failed.
 *
 *   static void t_something(void) { CHECK(1 + 1 == 2); }
 *   static const struct test_case cases[] = { TEST_CASE(t_something) };
 *   int main(int argc, char **argv) { return test_main(argc, argv, cases,
 *                                            TEST_COUNT(cases)); }
 *
 * `./test name` runs one case in-process (for gdb). */
#ifndef OTELC_TESTLIB_H
#define OTELC_TESTLIB_H

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct test_case {
    const char *name;
    void (*fn)(void);
};
#define TEST_CASE(fn)                                                          \
    {                                                                          \
#fn, fn                                                                \
    }
#define TEST_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

#define CHECK_INT(a, b)                                                        \
    do {                                                                       \
        long long _a = (long long)(a), _b = (long long)(b);                    \
        if (_a != _b) {                                                        \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n",        \
                    __FILE__, __LINE__, #a, _a, #b, _b);                       \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *_a = (a), *_b = (b);                                       \
        if (_a == NULL || _b == NULL || strcmp(_a, _b) != 0) {                 \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n",          \
                    __FILE__, __LINE__, #a, _a ? _a : "(null)",                \
                    _b ? _b : "(null)");                                       \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

/* Substring check, for error messages. */
#define CHECK_CONTAINS(hay, needle)                                            \
    do {                                                                       \
        const char *_h = (hay), *_n = (needle);                                \
        if (_h == NULL || strstr(_h, _n) == NULL) {                            \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n",         \
                    __FILE__, __LINE__, _h ? _h : "(null)", _n);               \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

/* Waits for an event: polls cond every millisecond until it holds. The
 * limit (seconds) is a hang guard, not a timing assertion: past it the
 * case fails, saying what it was waiting for. */
#define WAIT_UNTIL(cond, limit_s, what)                                        \
    do {                                                                       \
        long _polls = 1000L * (limit_s);                                       \
        while (!(cond) && _polls-- > 0)                                        \
            usleep(1000);                                                      \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: gave up waiting (%ds) for %s: %s\n",       \
                    __FILE__, __LINE__, (int)(limit_s), what, #cond);          \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

/* Every unit test links the whole core: the host table is installed before
 * any case runs, as main() does (core/api/api.h). */
void otelc__api_install(void);

static inline int
test_main(int argc, char **argv, const struct test_case *cases, size_t n)
{
    size_t passed = 0, failed = 0;
    otelc__api_install();
    if (argc > 1) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(cases[i].name, argv[1]) == 0) {
                cases[i].fn();
                printf("ok %s\n", cases[i].name);
                return 0;
            }
        }
        fprintf(stderr, "no test named %s\n", argv[1]);
        return 2;
    }
    for (size_t i = 0; i < n; i++) {
        int   status = 0;
        pid_t pid;
        fflush(NULL);
        pid = fork();
        if (pid == 0) {
            alarm(60);
            cases[i].fn();
            /* exit(), not _exit(): LeakSanitizer checks at exit. */
            exit(0);
        }
        waitpid(pid, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            passed++;
            printf("ok %s\n", cases[i].name);
        } else {
            failed++;
            if (WIFSIGNALED(status))
                printf("FAIL %s (signal %d)\n", cases[i].name,
                       WTERMSIG(status));
            else
                printf("FAIL %s\n", cases[i].name);
        }
    }
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif
