import Foundation
import Logging

/// Collects every log line (message and metadata) so tests can prove no secret is logged.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    func append(_ line: String) {
        lock.lock()
        storage.append(line)
        lock.unlock()
    }

    var logger: Logger {
        var logger = Logger(label: "atelier.checks.capture") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}
