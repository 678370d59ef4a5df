/// What the server observed for one learner in one lesson.
public struct LessonRecord: Sendable, Hashable, Codable {
    /// The « Commencer » click (first one only).
    public var startedAt: ISOTimestamp?
    /// When every checkable step of the lesson outline had been passed.
    public var completedAt: ISOTimestamp?
    /// Latest failed run in this lesson, whatever the step (derived from the history, not stored).
    public var lastFailure: FailureRecord?
    public var steps: [String: StepRecord]

    public init(startedAt: ISOTimestamp? = nil, completedAt: ISOTimestamp? = nil,
                lastFailure: FailureRecord? = nil, steps: [String: StepRecord] = [:]) {
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.lastFailure = lastFailure
        self.steps = steps
    }

    private enum CodingKeys: String, CodingKey {
        case startedAt, completedAt, lastFailure, steps
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        startedAt = try container.decodeIfPresent(ISOTimestamp.self, forKey: .startedAt)
        completedAt = try container.decodeIfPresent(ISOTimestamp.self, forKey: .completedAt)
        lastFailure = try container.decodeIfPresent(FailureRecord.self, forKey: .lastFailure)
        steps = try container.decode([String: StepRecord].self, forKey: .steps)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(startedAt, forKey: .startedAt)
        try container.encodeIfPresent(completedAt, forKey: .completedAt)
        try container.encode(steps, forKey: .steps)
    }
}
