/// A consistent copy of every learner, for trainer views; taken from memory, never from disk.
public struct ProgressSnapshot: Sendable {
    /// Sorted by creation date, then id.
    public let learners: [LearnerRecord]
    public let corruptFiles: [CorruptFileReport]

    public init(learners: [LearnerRecord], corruptFiles: [CorruptFileReport]) {
        self.learners = learners
        self.corruptFiles = corruptFiles
    }
}
