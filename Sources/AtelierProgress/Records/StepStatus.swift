/// A step's state for one learner, as dashboards show it.
public enum StepStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case notStarted = "not_started"
    /// Viewed, attempted, or the current step of a started lesson, and not passed.
    case inProgress = "in_progress"
    /// Passed at least once (progress is never taken back).
    case passed
}
