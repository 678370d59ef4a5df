import Foundation

/// The body of `GET /api/progress`: every learner on one lesson, class totals per step, and the
/// progress files that had to be moved aside. A pure function of its inputs.
public struct ClassProgressView: Sendable, Hashable, Codable {
    /// The class shown, when the server has classes (`?class=ID`, else the most recent); absent
    /// otherwise, so a server without classes answers exactly as before.
    public let group: ClassHeading?
    public let lesson: String
    public let generatedAt: ISOTimestamp
    public let steps: [StepHeading]
    /// In the snapshot's order (creation date, then id).
    public let learners: [LearnerProgressRow]
    public let totals: [String: StepTotals]
    public let corruptFiles: [CorruptFileReport]

    private enum CodingKeys: String, CodingKey {
        case group = "class"
        case lesson, generatedAt, steps, learners, totals, corruptFiles
    }

    public init(snapshot: ProgressSnapshot, outline: LessonOutline, thresholds: StuckThresholds, now: Date,
                group: ClassHeading? = nil) {
        let timestamp = ISOTimestamp(now)
        self.group = group
        self.lesson = outline.id
        self.generatedAt = timestamp
        self.steps = outline.steps.map { StepHeading(id: $0.id, title: $0.title) }

        var totals: [String: StepTotals] = [:]
        for step in outline.steps { totals[step.id] = StepTotals() }
        var rows: [LearnerProgressRow] = []
        rows.reserveCapacity(snapshot.learners.count)
        for record in snapshot.learners {
            let analysis = LessonAnalysis(lesson: record.lessons[outline.id], outline: outline,
                                          thresholds: thresholds, now: timestamp)
            rows.append(LearnerProgressRow(record: record, analysis: analysis, outline: outline))
            for step in outline.steps {
                switch analysis.statuses[step.id] ?? .notStarted {
                case .passed: totals[step.id]?.passed += 1
                case .inProgress: totals[step.id]?.inProgress += 1
                case .notStarted: totals[step.id]?.notStarted += 1
                }
            }
            if let stuckStep = analysis.stuckStepId {
                totals[stuckStep]?.stuck += 1
            }
        }
        self.learners = rows
        self.totals = totals
        self.corruptFiles = snapshot.corruptFiles
    }
}
