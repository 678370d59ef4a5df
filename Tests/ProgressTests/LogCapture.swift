import Foundation
import Logging

/// Collects every log line (message and metadata), so tests can check what the store logs and, above
/// all, that no token ever reaches a log.
final class LogCapture: @unchecked Sendable {  // `storage` is guarded by `lock`.
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
        Logger(label: "progress-tests") { _ in CapturingLogHandler(capture: self) }
    }
}
