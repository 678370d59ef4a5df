import AtelierProgress
import Foundation

/// A clock the test moves by hand, so that "10 minutes on a step" needs no waiting.
final class ManualClock: @unchecked Sendable {  // `current` is guarded by `lock`.
    private let lock = NSLock()
    private var current: Date

    /// 2026-11-25T09:00:12Z.
    static let origin = Date(timeIntervalSince1970: 1_795_597_212)

    init(_ start: Date = ManualClock.origin) {
        current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }

    var progressClock: ProgressClock {
        ProgressClock { [self] in self.now }
    }
}
