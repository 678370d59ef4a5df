/// The answer to a learner creation (or a resume): the record and the secrets, which exist nowhere
/// else once this value is gone (only their hashes are stored).
public struct CreatedLearner: Sendable {
    public let learner: LearnerRecord
    public let token: String
    /// `XXXX-XXXX-XXXX`, shown once at registration; nil when resuming (the code stays the same).
    public let resumeCode: String?
    /// Another learner of the same class (or, without classes, of the server) has this name: the
    /// registration goes through, with a warning that suggests resuming instead.
    public let nameTaken: Bool

    public init(learner: LearnerRecord, token: String, resumeCode: String? = nil, nameTaken: Bool = false) {
        self.learner = learner
        self.token = token
        self.resumeCode = resumeCode
        self.nameTaken = nameTaken
    }
}
