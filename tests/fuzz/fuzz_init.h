/* Every fuzzer installs the host table its handles are stamped with, as
 * main() does, before libFuzzer runs the first input. */
#ifndef OTELC_FUZZ_INIT_H
#define OTELC_FUZZ_INIT_H

#include "api.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    otelc__api_install();
    return 0;
}

#endif
