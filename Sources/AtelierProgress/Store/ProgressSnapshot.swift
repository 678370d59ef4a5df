/// A consistent copy of every learner, for trainer views; taken from memory, never from disk.
public struct ProgressSnapshot: Sendable {
    /// Sorted by creation date, then id.
    public let learners: [LearnerRecord]
    public let corruptFiles: [CorruptFileReport]
    /// Parallel to `learners`: a number that changes whenever that learner's record does, so that
    /// views can keep what they derived from an unchanged record. Nil when the store keeps none.
    public let revisions: [UInt64]?

    public init(learners: [LearnerRecord], corruptFiles: [CorruptFileReport], revisions: [UInt64]? = nil) {
        precondition(revisions == nil || revisions?.count == learners.count, "one revision per learner")
        self.learners = learners
        self.corruptFiles = corruptFiles
        self.revisions = revisions
    }

    /// The learners of one class (nil: those in no class), revisions kept in step.
    public func inClass(_ classId: String?) -> ProgressSnapshot {
        let kept = learners.indices.filter { learners[$0].classId == classId }
        return ProgressSnapshot(learners: kept.map { learners[$0] }, corruptFiles: corruptFiles,
                                revisions: revisions.map { revisions in kept.map { revisions[$0] } })
    }
}
