#define _GNU_SOURCE
#include "CAtelierSystem.h"

#include <signal.h>
#include <stddef.h>
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

int atelier_install_signal_handler(int signal_number, void (*handler)(int)) {
    struct sigaction action;
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signal_number, &action, NULL);
}

int atelier_reset_signal_handler(int signal_number) {
    struct sigaction action;
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(signal_number, &action, NULL);
}

int atelier_pidfd_open(int pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}
