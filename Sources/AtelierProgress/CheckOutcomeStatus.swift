/// The verdict of one check, as the check engine reports it.
public enum CheckOutcomeStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case passed
    case failed
    /// The check could not run (kubectl unreachable, timeout): not the learner's fault, but not a pass.
    case error
    /// Not judged: a check it depends on failed.
    case skipped
}
