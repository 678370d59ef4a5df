import Foundation

/// The body of `GET /api/progress/{learnerId}`: the learner's dashboard row plus every check run
/// (all lessons, oldest first), flattened into one JSON object as the API contract shows it.
public struct LearnerDetailView: Sendable, Hashable, Codable {
    public let learner: LearnerProgressRow
    public let history: [CheckRunView]

    public init(record: LearnerRecord, outline: LessonOutline, thresholds: StuckThresholds, now: Date) {
        self.learner = LearnerProgressRow(record: record, outline: outline, thresholds: thresholds, now: now)
        self.history = record.history.map { CheckRunView(history: $0) }
    }

    private enum HistoryKey: String, CodingKey {
        case history
    }

    public init(from decoder: any Decoder) throws {
        self.learner = try LearnerProgressRow(from: decoder)
        let container = try decoder.container(keyedBy: HistoryKey.self)
        self.history = try container.decode([CheckRunView].self, forKey: .history)
    }

    public func encode(to encoder: any Encoder) throws {
        try learner.encode(to: encoder)
        var container = encoder.container(keyedBy: HistoryKey.self)
        try container.encode(history, forKey: .history)
    }
}
