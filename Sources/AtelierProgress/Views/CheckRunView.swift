import AtelierContent

/// A check run as the API shows it: a step's `lastRun` in `GET /api/me` (`at`, `passed`, `checks`)
/// and an entry of `history` in `GET /api/progress/{learnerId}` (with `lesson` and `step`).
/// The duration stays in the file; `lesson` and `step` are written only where the run is not
/// already under its step.
public struct CheckRunView: Sendable, Hashable, Codable {
    public let at: ISOTimestamp
    public let lesson: String?
    public let step: String?
    public let passed: Bool
    public let checks: [CheckResult]

    /// A step's latest run, under that step (no `lesson`, no `step`).
    public init(latest run: CheckRun) {
        self.init(at: run.at, lesson: nil, step: nil, passed: run.passed, checks: run.checks)
    }

    /// A run of the history, which mixes lessons and steps.
    public init(history run: CheckRun) {
        self.init(at: run.at, lesson: run.lesson, step: run.step, passed: run.passed, checks: run.checks)
    }

    public init(at: ISOTimestamp, lesson: String?, step: String?, passed: Bool, checks: [CheckResult]) {
        self.at = at
        self.lesson = lesson
        self.step = step
        self.passed = passed
        self.checks = checks
    }
}
