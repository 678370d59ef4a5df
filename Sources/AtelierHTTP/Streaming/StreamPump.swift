import Foundation

/// Moves a `ResponseStream`'s chunks to libmicrohttpd's content-reader callback without holding a
/// worker thread: when nothing is pending the reader suspends the connection and returns 0; the
/// next chunk (or the end) resumes it. Both sides take the same lock, so a chunk pushed between
/// « nothing pending » and the suspension cannot be missed.
///
/// The transport hands in `suspend`/`resume` (libmicrohttpd calls, kept out of this file). After
/// `close()` (libmicrohttpd reported the request finished, the connection may be gone) nothing
/// resumes it again.
final class StreamPump: @unchecked Sendable {
    /// A client that reads slower than the stream produces is cut off past this many pending bytes.
    static let pendingLimit = 4 << 20

    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var offset = 0
    private var ended = false
    private var closed = false
    private var sleeping = false
    private var lastPush = ContinuousClock.now
    private var tasks: [Task<Void, Never>] = []
    private let suspend: @Sendable () -> Void
    private let resume: @Sendable () -> Void

    init(suspend: @escaping @Sendable () -> Void, resume: @escaping @Sendable () -> Void) {
        self.suspend = suspend
        self.resume = resume
    }

    /// Starts the producer and, if any, the heartbeat.
    func start(_ stream: ResponseStream) {
        let producer = Task { [self] in
            await stream.run { [weak self] bytes in self?.push(bytes) }
            finish()
        }
        var started = [producer]
        if let interval = stream.heartbeat {
            let bytes = stream.heartbeatBytes
            started.append(Task { [weak self] in
                var wait = interval
                while true {
                    do { try await Task.sleep(for: wait) } catch { return }
                    guard let self else { return }
                    let quiet = ContinuousClock.now - lock.withLock { lastPush }
                    if quiet >= interval {
                        push(bytes)
                        wait = interval
                    } else {
                        wait = interval - quiet
                    }
                }
            })
        }
        let late = lock.withLock { () -> Bool in
            tasks = started
            return ended
        }
        if late { started.forEach { $0.cancel() } }
    }

    /// Queues a chunk and wakes the connection if it sleeps.
    func push(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        var overflow = false
        lock.withLock {
            guard !ended else { return }
            pending += bytes
            lastPush = .now
            if pending.count - offset > StreamPump.pendingLimit {
                ended = true
                overflow = true
            }
            wakeLocked()
        }
        if overflow { cancelTasks() }
    }

    /// Ends the stream after what is pending (producer done, or the server stops).
    func finish() {
        lock.withLock {
            guard !ended else { return }
            ended = true
            wakeLocked()
        }
        cancelTasks()
    }

    /// libmicrohttpd is done with the request (sent, or the client went away).
    func close() {
        lock.withLock {
            closed = true
            ended = true
            sleeping = false
        }
        cancelTasks()
    }

    var isEnded: Bool { lock.withLock { ended } }

    /// The content reader: bytes copied, 0 after suspending the connection, -1 at the end.
    func read(into buffer: UnsafeMutableRawPointer, max: Int) -> Int {
        lock.withLock {
            let available = pending.count - offset
            if available > 0 {
                let count = min(max, available)
                pending.withUnsafeBytes { source in
                    buffer.copyMemory(from: source.baseAddress! + offset, byteCount: count)
                }
                offset += count
                if offset == pending.count {
                    pending.removeAll(keepingCapacity: pending.count <= 64 * 1024)
                    offset = 0
                }
                return count
            }
            if ended { return -1 }
            sleeping = true
            suspend()
            return 0
        }
    }

    private func wakeLocked() {
        guard sleeping, !closed else { return }
        sleeping = false
        resume()
    }

    private func cancelTasks() {
        let running = lock.withLock { () -> [Task<Void, Never>] in
            defer { tasks = [] }
            return tasks
        }
        running.forEach { $0.cancel() }
    }
}
