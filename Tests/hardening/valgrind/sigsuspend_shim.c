/*
 * Preloaded into the server when it runs under valgrind (scripts/hardening.sh), nowhere else.
 *
 * libdispatch's main thread parks in sigsuspend() with a mask that lives in read-only memory.
 * Valgrind 3.19's rt_sigsuspend wrapper edits the caller's mask in place (to keep its own signals
 * deliverable) and so faults inside valgrind ("VALGRIND INTERNAL ERROR ... SIGSEGV") as soon as any
 * Swift program that calls dispatchMain() - every async main on Linux - is run under it. Passing a
 * writable copy of the mask changes nothing else.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>

int sigsuspend(const sigset_t *mask) {
    static int (*real)(const sigset_t *);
    if (real == NULL) {
        real = (int (*)(const sigset_t *))dlsym(RTLD_NEXT, "sigsuspend");
    }
    sigset_t copy = *mask;
    return real(&copy);
}
