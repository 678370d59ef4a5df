/// A learner as held in memory: the record and the identity of the file it was last written to.
struct StoredLearner: Sendable {
    var record: LearnerRecord
    var signature: FileSignature?
}
