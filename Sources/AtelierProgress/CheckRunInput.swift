import Foundation

/// One press of « Vérifier », as the App hands it to the store after the check engine ran.
public struct CheckRunInput: Sendable, Hashable {
    public let at: Date
    public let lesson: String
    public let step: String
    public let passed: Bool
    public let durationMs: Int
    public let checks: [CheckOutcome]

    public init(at: Date, lesson: String, step: String, passed: Bool, durationMs: Int, checks: [CheckOutcome]) {
        self.at = at
        self.lesson = lesson
        self.step = step
        self.passed = passed
        self.durationMs = max(0, durationMs)
        self.checks = checks
    }
}
