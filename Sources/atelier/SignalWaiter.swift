import Foundation

/// Write end of the self-pipe; set once by `install()` before any signal can arrive, read by the handler.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// SIGINT/SIGTERM handling that works whichever thread the kernel picks: libmicrohttpd's threads do
/// not block these signals, so a dispatch source (which needs them blocked everywhere) could miss one.
/// The handler only writes a byte to a pipe (async-signal-safe); a plain thread waits on the pipe.
enum SignalWaiter {
    private nonisolated(unsafe) static var pipeRead: Int32 = -1

    /// Installs the handlers; call before starting anything that creates threads.
    static func install() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        pipeRead = fds[0]
        signalPipeWrite = fds[1]
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(signalPipeWrite, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Returns when SIGINT or SIGTERM has arrived (at any time since `install()`).
    static func waitForTermination() async {
        let descriptor = pipeRead
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                var byte: UInt8 = 0
                while read(descriptor, &byte, 1) < 0 && errno == EINTR {}
                continuation.resume()
            }
            thread.start()
        }
    }
}
