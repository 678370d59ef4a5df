/// One check run in a learner's detail view (`GET /api/progress/{learnerId}`).
public struct HistoryEntryView: Sendable, Hashable, Codable {
    public let at: ISOTimestamp
    public let lesson: String
    public let step: String
    public let passed: Bool
    public let checks: [CheckOutcome]

    public init(_ run: CheckRunRecord) {
        self.at = run.at
        self.lesson = run.lesson
        self.step = run.step
        self.passed = run.passed
        self.checks = run.checks
    }
}
