/// A learner as held in memory: the record and the identity of the file it was last written to.
struct StoredLearner: Sendable {
    /// Process-wide, so that a revision is never reused, even for a learner loaded again.
    private static let revisionCounter = LockedState<UInt64>(0)

    let record: LearnerRecord
    var signature: FileSignature?
    /// Fresh for every record stored: see `ProgressSnapshot.revisions`.
    let revision: UInt64

    init(record: LearnerRecord, signature: FileSignature?) {
        self.record = record
        self.signature = signature
        self.revision = Self.revisionCounter.withLock { counter in
            counter += 1
            return counter
        }
    }
}
