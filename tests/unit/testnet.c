/* See testnet.h. Linked into every unit test with the harness. */
#include "testnet.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

int
testnet_free_port(void)
{
    struct sockaddr_in a;
    socklen_t          len = sizeof(a);
    int                fd = socket(AF_INET, SOCK_STREAM, 0), port;

    CHECK(fd >= 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK_INT(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    CHECK_INT(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}

const char *
testnet_script(const char *name)
{
    static char path[1024];
    const char *f = __FILE__;
    const char *slash = strrchr(f, '/');

    snprintf(path, sizeof(path), "%.*s/../integration/%s",
             slash ? (int)(slash - f) : 1, slash ? f : ".", name);
    return path;
}

pid_t
testnet_spawn(const char *const *argv, int quiet_stdout)
{
    pid_t parent = getpid(), pid;

    fflush(NULL);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) /* the parent died before prctl */
            _exit(127);
        if (quiet_stdout) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0)
                dup2(devnull, 1);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

int
testnet_wait_port_file(const char *path)
{
    for (int i = 0; i < 1000; i++) {
        FILE *f = fopen(path, "r");
        int   port = 0;

        if (f != NULL) {
            if (fscanf(f, "%d", &port) != 1)
                port = 0;
            fclose(f);
            if (port > 0)
                return port;
        }
        usleep(10000);
    }
    return 0;
}

void
testnet_stop(pid_t *pid)
{
    if (*pid > 0) {
        kill(*pid, SIGTERM);
        waitpid(*pid, NULL, 0);
        *pid = 0;
    }
}

void
testnet_make_pki(const char *dir, const char *newkey, const char *san)
{
    char cmd[4096];

    snprintf(cmd, sizeof(cmd),
             "cd '%s' && "
             "printf 'subjectAltName=%s\\n' > srv.ext && "
             "openssl req -x509 %s -nodes -days 2 -subj /CN=otelc-test-ca "
             "-keyout ca.key -out ca.crt >/dev/null 2>&1 && "
             "openssl req %s -nodes -subj /CN=localhost "
             "-keyout srv.key -out srv.csr >/dev/null 2>&1 && "
             "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key "
             "-CAcreateserial -days 2 -extfile srv.ext -out srv.crt "
             ">/dev/null 2>&1 && "
             "openssl req %s -nodes -subj /CN=client "
             "-keyout cli.key -out cli.csr >/dev/null 2>&1 && "
             "openssl x509 -req -in cli.csr -CA ca.crt -CAkey ca.key "
             "-CAcreateserial -days 2 -out cli.crt >/dev/null 2>&1",
             dir, san, newkey, newkey, newkey);
    if (system(cmd) != 0) {
        fprintf(stderr, "failed: %s\n", cmd);
        CHECK(!"openssl could not make the test PKI");
    }
}
