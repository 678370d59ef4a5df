import AtelierSystem
import CTestSupport
import Foundation

/// Waits for something a process writes into a folder (the stand-in kubectl's invocation log, a
/// server's data file) on inotify events instead of sleeping between looks.
public enum FileWatch {
    /// Returns true as soon as `condition` holds, re-evaluating it after every change in `directory`;
    /// false when `timeout` (a generous deadline, not a synchronisation delay) runs out first.
    /// Blocks a dedicated thread, never one of Swift's cooperative threads.
    public static func waitUntil(in directory: URL, timeout: TimeInterval = 120,
                                 _ condition: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: blockingWait(in: directory.path, timeout: timeout, condition))
            }
            thread.start()
        }
    }

    static func blockingWait(in path: String, timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return condition() }
        defer { close(fd) }
        let mask = UInt32(IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_ATTRIB)
        guard inotify_add_watch(fd, path, mask) >= 0 else { return condition() }
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            // Checked after the watch exists, so a change between the check and the wait is not missed.
            if condition() { return true }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, Int32(min(remaining * 1000, 60_000)) + 1)
            while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
        }
    }
}

extension ProcessExit {
    /// `ProcessExit.wait(for:timeout:)` (AtelierSystem's pidfd wait) on a thread of its own, so an
    /// async test waiting for a grandchild killed with its group never blocks a cooperative thread.
    public static func waitOffPool(for pid: pid_t, timeout: TimeInterval = 20) async -> Bool {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let ended = (try? ProcessExit.wait(for: pid, timeout: .milliseconds(Int(timeout * 1000)))) ?? false
                continuation.resume(returning: ended)
            }
            thread.start()
        }
    }
}
