/// The in-memory index of `FileProgressStore`: it answers every read, so trainer views never touch
/// the disk. Changed only after a write succeeded.
struct StoreState: Sendable {
    var learners: [String: StoredLearner] = [:]
    var idByTokenHash: [String: String] = [:]
    /// Ids handed out to creations still writing, so that two creations cannot pick the same one.
    var reservedIds: Set<String> = []
    var corruptFiles: [CorruptFileReport] = []
    /// Changes queued per learner while that learner's writer is busy.
    var pending: [String: [PendingMutation]] = [:]
    /// Learners whose writer is running: at most one per learner, which serializes their writes.
    var writing: Set<String> = []
    /// First views the disk refused (full, read-only): kept here and written with the learner's next
    /// successful write, so that reading a step never depends on writing.
    var deferredViews: [String: [DeferredView]] = [:]
    /// Round-robin position in `FileProgressStore.lanes`.
    var nextLane = 0
    /// Set by `close()`: new changes are refused, queued ones still complete.
    var closed = false
    var closeWaiters: [CheckedContinuation<Void, Never>] = []

    /// The `close()` callers to wake if the store is closed and no write is in flight.
    mutating func takeCloseWaitersIfIdle() -> [CheckedContinuation<Void, Never>] {
        guard closed, writing.isEmpty, reservedIds.isEmpty else { return [] }
        defer { closeWaiters = [] }
        return closeWaiters
    }
}

/// A first view waiting for the disk to accept it, with the time it really happened.
struct DeferredView: Sendable, Hashable {
    let lesson: String
    let step: String
    let at: ISOTimestamp
}
