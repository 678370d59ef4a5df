/// One lesson in `GET /api/me`.
public struct LessonSelfView: Sendable, Hashable, Codable {
    public let startedAt: ISOTimestamp?
    public let completedAt: ISOTimestamp?
    public let currentStep: String?
    public let steps: [String: StepSelfView]

    public init(lesson: LessonRecord?, outline: LessonOutline) {
        let progression = LessonAnalysis.progression(lesson: lesson, outline: outline)
        self.startedAt = lesson?.startedAt
        self.completedAt = lesson?.completedAt
        self.currentStep = progression.current?.id
        var steps: [String: StepSelfView] = [:]
        for step in outline.steps {
            steps[step.id] = StepSelfView(status: progression.statuses[step.id] ?? .notStarted,
                                          record: lesson?.steps[step.id])
        }
        self.steps = steps
    }

    private enum CodingKeys: String, CodingKey {
        case startedAt, completedAt, currentStep, steps
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(currentStep, forKey: .currentStep)
        try container.encode(steps, forKey: .steps)
    }
}
