import AtelierSystem
import Foundation
import Synchronization

/// Write end of the self-pipe; set once by `install()` before any signal can arrive, read by the handler.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// SIGINT/SIGTERM handling that works whichever thread the kernel picks: libmicrohttpd's threads do
/// not block these signals, so a dispatch source (which needs them blocked everywhere) could miss one.
/// The handler only writes a byte to a pipe (async-signal-safe); one thread, for the whole life of
/// the server, waits on the pipe.
enum SignalWaiter {
    private nonisolated(unsafe) static var pipeRead: Int32 = -1
    /// Set by the handler itself (a lock-free store is async-signal-safe): a start-up step that
    /// fails because the signal interrupted it (EINTR on a blocked open or read) can tell a
    /// requested stop from a real failure.
    private static let arrived = Atomic<Bool>(false)

    /// Whether SIGINT or SIGTERM has arrived since `install()`.
    static var terminationRequested: Bool { arrived.load(ordering: .acquiring) }

    /// Installs the handlers; call before starting anything that creates threads.
    static func install() throws(SystemCallError) {
        var fds: [Int32] = [-1, -1]
        try syscall("pipe") { pipe(&fds) }
        pipeRead = fds[0]
        signalPipeWrite = fds[1]
        for number in [SIGINT, SIGTERM] {
            try SignalHandler.install(number) { _ in
                // errno is saved and restored: the handler may interrupt code about to read it.
                let saved = errno
                SignalWaiter.arrived.store(true, ordering: .releasing)
                var byte: UInt8 = 1
                _ = write(signalPipeWrite, &byte, 1)
                errno = saved
            }
        }
    }

    /// Returns when SIGINT or SIGTERM has arrived (at any time since `install()`).
    static func waitForTermination() async {
        let descriptor = pipeRead
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                var byte: UInt8 = 0
                // A failed read (the pipe cannot break while we hold both ends) also ends the wait:
                // stopping is safer than serving without a way to be stopped.
                _ = try? syscall("read") { read(descriptor, &byte, 1) }
                continuation.resume()
            }
            thread.name = "atelier-signals"
            thread.start()
        }
    }
}
