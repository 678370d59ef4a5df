/// What the server observed for one learner in one lesson.
public struct LessonRecord: Sendable, Hashable, Codable {
    /// The « Commencer » click (first one only).
    public var startedAt: ISOTimestamp?
    /// When every checkable step of the lesson outline had been passed.
    public var completedAt: ISOTimestamp?
    /// Latest failed run in this lesson, whatever the step.
    public var lastFailure: FailureRecord?
    public var steps: [String: StepRecord]

    public init(startedAt: ISOTimestamp? = nil, completedAt: ISOTimestamp? = nil,
                lastFailure: FailureRecord? = nil, steps: [String: StepRecord] = [:]) {
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.lastFailure = lastFailure
        self.steps = steps
    }
}
