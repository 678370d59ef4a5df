/// The answer to a learner creation: the record and the token, which exists nowhere else once this
/// value is gone (only its hash is stored).
public struct CreatedLearner: Sendable {
    public let learner: LearnerRecord
    public let token: String

    public init(learner: LearnerRecord, token: String) {
        self.learner = learner
        self.token = token
    }
}
