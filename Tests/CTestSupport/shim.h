#ifndef ATELIER_CTESTSUPPORT_SHIM_H
#define ATELIER_CTESTSUPPORT_SHIM_H
/* What the test helpers need from Linux: inotify (FileWatch). Waiting for a process to end is
   AtelierSystem's ProcessExit (pidfd). */
#include <poll.h>
#include <sys/inotify.h>
#include <sys/types.h>
#include <unistd.h>
#endif
