#ifndef ATELIER_CTESTSUPPORT_SHIM_H
#define ATELIER_CTESTSUPPORT_SHIM_H
/* What the test helpers need from Linux and Swift cannot call directly: `syscall` is variadic. */
#include <poll.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* A descriptor that becomes readable when process `pid` ends (any process, not only a child). */
static inline int atelier_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}
#endif
