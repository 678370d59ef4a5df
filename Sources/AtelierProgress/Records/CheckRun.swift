import AtelierContent
import Foundation

/// One press of « Vérifier »: what the App hands the store after the check engine ran, and the entry
/// kept in the learner's `history` (in full: it is what lets a trainer see what a stuck learner tried).
///
/// Each check's verdict is the engine's own `CheckResult`, clipped for storage when the run is made
/// (`CheckResult.clippedForStorage()`), so one run cannot bloat a progress file.
public struct CheckRun: Sendable, Hashable, Codable {
    public let at: ISOTimestamp
    public let lesson: String
    public let step: String
    public let passed: Bool
    public let durationMs: Int
    public let checks: [CheckResult]

    /// A run as it happens (the App's side): the instant is kept to the second, a negative duration
    /// is zero, and every check is clipped for storage.
    public init(at: Date, lesson: String, step: String, passed: Bool, durationMs: Int, checks: [CheckResult]) {
        self.at = ISOTimestamp(at)
        self.lesson = lesson
        self.step = step
        self.passed = passed
        self.durationMs = max(0, durationMs)
        self.checks = checks.map { $0.clippedForStorage() }
    }
}
