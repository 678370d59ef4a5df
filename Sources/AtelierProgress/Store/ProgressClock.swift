import Foundation

/// The wall clock the store reads for creation dates and corrupt-file timestamps.
///
/// Injected so that tests can move time forward (stuck detection, time spent) without sleeping.
public struct ProgressClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = ProgressClock(now: { Date() })
}
