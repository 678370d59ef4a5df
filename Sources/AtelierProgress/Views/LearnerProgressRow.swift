import Foundation

/// One learner in `GET /api/progress`: where they are, for how long, and whether (and why) they
/// look stuck, so a trainer knows whom to help first.
public struct LearnerProgressRow: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let createdAt: ISOTimestamp
    public let startedAt: ISOTimestamp?
    public let completedAt: ISOTimestamp?
    public let currentStep: String?
    public let timeOnStepSeconds: Int?
    public let stuck: Bool
    /// In French, for the trainer; nil when not stuck.
    public let stuckReason: String?
    public let lastFailure: FailureRecord?
    public let steps: [String: StepProgressCell]

    public init(record: LearnerRecord, outline: LessonOutline, thresholds: StuckThresholds, now: Date) {
        self.init(record: record, analysis: LessonAnalysis(lesson: record.lessons[outline.id], outline: outline,
                                                           thresholds: thresholds, now: ISOTimestamp(now)),
                  outline: outline)
    }

    init(record: LearnerRecord, analysis: LessonAnalysis, outline: LessonOutline) {
        let lesson = analysis.lesson
        self.id = record.id
        self.name = record.name.value
        self.createdAt = record.createdAt
        self.startedAt = lesson?.startedAt
        self.completedAt = lesson?.completedAt
        self.currentStep = analysis.currentStep?.id
        self.timeOnStepSeconds = analysis.timeOnStepSeconds
        self.stuck = analysis.stuck
        self.stuckReason = analysis.stuckReason
        self.lastFailure = lesson?.lastFailure
        var steps: [String: StepProgressCell] = [:]
        for step in outline.steps {
            steps[step.id] = StepProgressCell(status: analysis.statuses[step.id] ?? .notStarted,
                                              record: lesson?.steps[step.id])
        }
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case id, name, createdAt, startedAt, completedAt, currentStep, timeOnStepSeconds
        case stuck, stuckReason, lastFailure, steps
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(currentStep, forKey: .currentStep)
        try container.encode(timeOnStepSeconds, forKey: .timeOnStepSeconds)
        try container.encode(stuck, forKey: .stuck)
        try container.encode(stuckReason, forKey: .stuckReason)
        try container.encode(lastFailure, forKey: .lastFailure)
        try container.encode(steps, forKey: .steps)
    }
}
