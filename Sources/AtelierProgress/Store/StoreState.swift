/// The in-memory index of `FileProgressStore`: it answers every read, so trainer views never touch
/// the disk. Changed only after a write succeeded.
struct StoreState: Sendable {
    var learners: [String: StoredLearner] = [:]
    var idByTokenHash: [String: String] = [:]
    /// Learner ids by the hash of their resume code.
    var idByResumeHash: [String: String] = [:]
    /// What `classes.json` holds (written before this changes).
    var classes = ClassList()
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
    /// Keeps the token and resume-code indexes in step with a learner's new record.
    mutating func reindex(from old: LearnerRecord?, to new: LearnerRecord) {
        if let old, old.tokenHash != new.tokenHash, idByTokenHash[old.tokenHash] == new.id {
            idByTokenHash[old.tokenHash] = nil
        }
        idByTokenHash[new.tokenHash] = new.id
        if let oldHash = old?.resumeCodeHash, oldHash != new.resumeCodeHash, idByResumeHash[oldHash] == new.id {
            idByResumeHash[oldHash] = nil
        }
        if let hash = new.resumeCodeHash { idByResumeHash[hash] = new.id }
    }

    mutating func takeCloseWaitersIfIdle() -> [CheckedContinuation<Void, Never>] {
        guard closed, writing.isEmpty, reservedIds.isEmpty else { return [] }
        defer { closeWaiters = [] }
        return closeWaiters
    }
}

extension StoreState {
    /// Whether a learner of `classId` (nil: of no class) already has this name, ignoring case.
    func hasLearner(named name: LearnerName, inClass classId: String?) -> Bool {
        let wanted = name.value.lowercased()
        return learners.values.contains { $0.record.classId == classId && $0.record.name.value.lowercased() == wanted }
    }
}

/// A first view waiting for the disk to accept it, with the time it really happened.
struct DeferredView: Sendable, Hashable {
    let lesson: String
    let step: String
    let at: ISOTimestamp
}
