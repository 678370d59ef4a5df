import Foundation
import Logging

/// Collects every log line (level, message and metadata) so tests can check what was logged and,
/// above all, that no secret (token, password) ever reaches a log.
public final class LogCapture: @unchecked Sendable {  // `storage` is guarded by `lock`.
    private let lock = NSLock()
    private var storage: [String] = []
    private var watchers: [(predicate: @Sendable (String) -> Bool, continuation: CheckedContinuation<String, Never>)] = []

    public init() {}

    public var lines: [String] {
        lock.withLock { storage }
    }

    public func append(_ line: String) {
        let reached = lock.withLock { () -> [CheckedContinuation<String, Never>] in
            storage.append(line)
            let reached = watchers.filter { $0.predicate(line) }.map(\.continuation)
            watchers.removeAll { $0.predicate(line) }
            return reached
        }
        reached.forEach { $0.resume(returning: line) }
    }

    /// The first line (already logged or to come) for which `predicate` holds: a test waits for the
    /// log line that says something happened rather than for a delay.
    public func line(where predicate: @escaping @Sendable (String) -> Bool) async -> String {
        await withCheckedContinuation { continuation in
            let found = lock.withLock { () -> String? in
                if let line = storage.first(where: predicate) { return line }
                watchers.append((predicate, continuation))
                return nil
            }
            if let found { continuation.resume(returning: found) }
        }
    }

    /// A logger at `trace` level writing into this capture.
    public var logger: Logger {
        var logger = Logger(label: "atelier.tests.capture") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}
