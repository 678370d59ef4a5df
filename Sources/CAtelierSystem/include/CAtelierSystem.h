#ifndef C_ATELIER_SYSTEM_H
#define C_ATELIER_SYSTEM_H

/// The few libc calls whose Swift import is not portable: `struct sigaction` exposes glibc's
/// internal union (`__sigaction_handler`) where macOS has `__sigaction_u`; `pidfd_open` has no
/// libc declaration Swift sees. Only SignalHandler.swift and ProcessExit.swift (AtelierSystem)
/// import this; no C type appears in their public API.

/// Installs `handler` for `signal_number` with an empty mask and SA_RESTART.
/// Returns 0, or -1 with errno set (as sigaction does).
int atelier_install_signal_handler(int signal_number, void (*handler)(int));

/// Restores the default disposition of `signal_number`. Returns 0, or -1 with errno set.
int atelier_reset_signal_handler(int signal_number);

/// `pidfd_open(pid, 0)` (Linux ≥ 5.3), which glibc 2.36 declares only in <sys/pidfd.h>.
/// Returns a descriptor, or -1 with errno set (ENOSYS where the kernel lacks it).
int atelier_pidfd_open(int pid);

#endif
