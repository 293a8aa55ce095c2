/* Network helpers shared by the unit tests that talk to real peers: free
 * loopback ports, helper processes (the python sinks in tests/integration)
 * that announce their port in a file, and a throwaway PKI made with
 * openssl(1). Failures CHECK (exit the case) unless said otherwise. */
#ifndef OTELC_TEST_TESTNET_H
#define OTELC_TEST_TESTNET_H

#include <sys/types.h>

/* An openssl req key option for testnet_make_pki. */
#define TESTNET_KEY_RSA "-newkey rsa:2048"
#define TESTNET_KEY_EC  "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1"

/* A loopback TCP port that was free a moment ago (bound, then closed). */
int testnet_free_port(void);

/* The path of tests/integration/<name> in the source tree (static
 * buffer, overwritten by the next call). */
const char *testnet_script(const char *name);

/* Runs argv (argv[0] a path, NULL-terminated) in a child that is killed
 * when this process dies, so a CHECK that exits early leaves no helper
 * behind; quiet_stdout sends its stdout to /dev/null. Returns its pid. */
pid_t testnet_spawn(const char *const *argv, int quiet_stdout);

/* Waits up to 10s for the file at path to hold a port number > 0 (a
 * helper writes it once it listens); returns it, or 0 on time-out. */
int testnet_wait_port_file(const char *path);

/* SIGTERM to *pid and reaps it; *pid becomes 0. Nothing when *pid <= 0. */
void testnet_stop(pid_t *pid);

/* Makes in dir: a CA (ca.crt, ca.key, CN otelc-test-ca), a server
 * certificate for subjectAltName `san` (srv.crt, srv.key, CN localhost)
 * and a client certificate (cli.crt, cli.key, CN client), both signed by
 * the CA, with keys made by `newkey` (TESTNET_KEY_RSA or TESTNET_KEY_EC);
 * valid for two days. */
void testnet_make_pki(const char *dir, const char *newkey, const char *san);

#endif
