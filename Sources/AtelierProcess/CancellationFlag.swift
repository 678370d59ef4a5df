import Foundation

/// Tells a supervising thread that the task awaiting it was cancelled.
///
/// A lock-protected flag rather than a pipe: the thread wakes at least every 100 ms anyway,
/// and a flag cannot be written after the thread closed it.
package final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    package init() {}

    package func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    package var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
