/// One entry of a learner's check history, kept in full in the learner's file: it is what lets a
/// trainer see what a stuck learner actually tried.
public struct CheckRunRecord: Sendable, Hashable, Codable {
    public let at: ISOTimestamp
    public let lesson: String
    public let step: String
    public let passed: Bool
    public let durationMs: Int
    public let checks: [CheckOutcome]

    public init(at: ISOTimestamp, lesson: String, step: String, passed: Bool, durationMs: Int, checks: [CheckOutcome]) {
        self.at = at
        self.lesson = lesson
        self.step = step
        self.passed = passed
        self.durationMs = durationMs
        self.checks = checks
    }
}
