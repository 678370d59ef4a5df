import Foundation
import Logging

/// Collects every log line (level, message and metadata) so tests can check what was logged and,
/// above all, that no secret (token, password) ever reaches a log.
public final class LogCapture: @unchecked Sendable {  // `storage` is guarded by `lock`.
    private let lock = NSLock()
    private var storage: [String] = []

    public init() {}

    public var lines: [String] {
        lock.withLock { storage }
    }

    public func append(_ line: String) {
        lock.withLock { storage.append(line) }
    }

    /// A logger at `trace` level writing into this capture.
    public var logger: Logger {
        var logger = Logger(label: "atelier.tests.capture") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}
