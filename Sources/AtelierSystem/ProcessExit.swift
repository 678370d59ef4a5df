import CAtelierSystem

/// Waits for any process to exit — not only a child of ours — through a pidfd, without polling.
/// Tests use it to prove that a grandchild killed with its process group is really gone.
public enum ProcessExit {
    /// True once `pid` has exited (or no longer exists), false if it still runs after `timeout`.
    public static func wait(for pid: Int32, timeout: Duration) throws(SystemCallError) -> Bool {
        let descriptor: Int32
        do {
            descriptor = try syscall("pidfd_open") { atelier_pidfd_open(pid) }
        } catch {
            if error.errno == .noSuchProcess { return true }
            throw error
        }
        defer { try? closeDescriptor(descriptor) }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        return try syscall("poll") { poll(&entry, 1, milliseconds) } == 1
    }
}
