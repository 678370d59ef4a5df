/// Answer of `POST /api/lessons/{lesson}/steps/{step}/check`.
public struct StepCheckResult: Codable, Sendable, Hashable {
    public let lesson: String
    public let step: String
    /// True only when every check passed.
    public let passed: Bool
    public let checks: [CheckResult]
    public let durationMs: Int

    public init(lesson: String, step: String, passed: Bool, checks: [CheckResult], durationMs: Int) {
        self.lesson = lesson
        self.step = step
        self.passed = passed
        self.checks = checks
        self.durationMs = durationMs
    }
}
