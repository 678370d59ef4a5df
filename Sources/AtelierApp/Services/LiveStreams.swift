import Foundation

/// The live streams open now, per learner: a cap per learner (tabs, not a flood) and the figures
/// `/metrics` publishes (`atelier_live_streams`, `atelier_live_refreshes`).
final class LiveStreams: @unchecked Sendable {
    private let lock = NSLock()
    private var open: [String: Int] = [:]
    private var refreshCount = 0
    private var served: [String: Int] = [:]

    /// Counts a new stream of `learner`; false when they already hold `limit`.
    func admit(_ learner: String, limit: Int) -> Bool {
        lock.withLock {
            guard open[learner, default: 0] < limit else { return false }
            open[learner, default: 0] += 1
            return true
        }
    }

    func release(_ learner: String) {
        lock.withLock {
            open[learner, default: 1] -= 1
            if open[learner] == 0 { open[learner] = nil }
        }
    }

    /// A stream's place in its learner's count, given back when the stream's producer is released
    /// (ended, cancelled, or never started because the response was dropped).
    final class Slot: Sendable {
        let streams: LiveStreams
        let learner: String
        init(_ streams: LiveStreams, _ learner: String) {
            self.streams = streams
            self.learner = learner
        }
        deinit { streams.release(learner) }
    }

    func refreshed() { lock.withLock { refreshCount += 1 } }

    /// The observer revision the last finished refresh of `learner` was taken at (tests wait on it:
    /// once it is the current one, nothing is left to refresh).
    func served(_ learner: String, revision: Int?) {
        lock.withLock { served[learner] = revision }
    }

    func servedRevision(_ learner: String) -> Int? { lock.withLock { served[learner] } }

    var total: Int { lock.withLock { open.values.reduce(0, +) } }
    var refreshes: Int { lock.withLock { refreshCount } }
}
