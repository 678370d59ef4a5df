import Foundation

/// The live streams open now, per learner: a cap per learner (tabs, not a flood) and the figures
/// `/metrics` publishes (`atelier_live_streams`, `atelier_live_refreshes`).
final class LiveStreams: @unchecked Sendable {
    private let lock = NSLock()
    /// Per learner, their open streams, oldest first (weakly: a slot's end is its deinit).
    private var open: [String: [WeakSlot]] = [:]

    private struct WeakSlot {
        let id: UInt64
        weak var slot: Slot?
    }
    private var refreshCount = 0
    private var served: [String: Int] = [:]
    private var nextID: UInt64 = 0

    /// Counts a new stream of `learner`. When they already hold `limit`, their oldest stream is
    /// ended (evicted) to make room: a browser that moved to another step or another tab has often
    /// closed the old stream without the server noticing yet (a suspended connection learns it at
    /// its next write), and the newest page is the one the learner looks at.
    func admit(_ learner: String, limit: Int) -> Slot {
        let (slot, evicted): (Slot, [Slot]) = lock.withLock {
            nextID += 1
            let slot = Slot(self, learner, id: nextID)
            var streams = open[learner, default: []]
            var evicted: [Slot] = []
            while streams.count >= max(1, limit) {
                if let old = streams.removeFirst().slot { evicted.append(old) }
            }
            streams.append(WeakSlot(id: slot.id, slot: slot))
            open[learner] = streams
            return (slot, evicted)
        }
        for old in evicted { old.evict() }
        return slot
    }

    fileprivate func release(learner: String, id: UInt64) {
        lock.withLock {
            open[learner]?.removeAll { $0.id == id }
            if open[learner]?.isEmpty == true { open[learner] = nil }
        }
    }

    /// A stream's place in its learner's count, given back when the stream's producer is released
    /// (ended, cancelled, or never started because the response was dropped), or taken by a newer
    /// stream of the same learner (then the stream is told to end).
    final class Slot: @unchecked Sendable {  // `handler` and `evicted` are guarded by `lock`.
        private weak var streams: LiveStreams?
        let learner: String
        let id: UInt64
        private let lock = NSLock()
        private var evicted = false
        private var handler: (@Sendable () -> Void)?

        fileprivate init(_ streams: LiveStreams, _ learner: String, id: UInt64) {
            self.streams = streams
            self.learner = learner
            self.id = id
        }

        /// What ends the stream when a newer one takes its place (called at once if it already has).
        func onEviction(_ body: @escaping @Sendable () -> Void) {
            let now = lock.withLock { () -> Bool in
                if evicted { return true }
                handler = body
                return false
            }
            if now { body() }
        }

        fileprivate func evict() {
            let body = lock.withLock { () -> (@Sendable () -> Void)? in
                evicted = true
                defer { handler = nil }
                return handler
            }
            body?()
        }

        deinit { streams?.release(learner: learner, id: id) }
    }

    func refreshed() { lock.withLock { refreshCount += 1 } }

    /// The observer revision the last finished refresh of `learner` was taken at (tests wait on it:
    /// once it is the current one, nothing is left to refresh).
    func served(_ learner: String, revision: Int?) {
        lock.withLock { served[learner] = revision }
    }

    func servedRevision(_ learner: String) -> Int? { lock.withLock { served[learner] } }

    var total: Int { lock.withLock { open.values.reduce(0) { $0 + $1.count } } }
    var refreshes: Int { lock.withLock { refreshCount } }
}
