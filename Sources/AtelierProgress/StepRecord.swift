/// What the server observed for one learner on one step.
public struct StepRecord: Sendable, Hashable, Codable {
    /// First time the step page was served to the learner; later views are not kept.
    public var firstViewedAt: ISOTimestamp?
    public var attempts: Int
    /// Failed runs since the last pass (or since the start): the "stuck" signal.
    public var failedInARow: Int
    /// First pass; later runs never move it.
    public var passedAt: ISOTimestamp?
    /// From first view to first pass, fixed at the first pass.
    public var timeSpentSeconds: Int?
    public var lastRun: LastRunRecord?
    /// Latest failed run on this step (the CSV's `last_failure`).
    public var lastFailure: FailureRecord?

    public init(firstViewedAt: ISOTimestamp? = nil, attempts: Int = 0, failedInARow: Int = 0,
                passedAt: ISOTimestamp? = nil, timeSpentSeconds: Int? = nil,
                lastRun: LastRunRecord? = nil, lastFailure: FailureRecord? = nil) {
        self.firstViewedAt = firstViewedAt
        self.attempts = attempts
        self.failedInARow = failedInARow
        self.passedAt = passedAt
        self.timeSpentSeconds = timeSpentSeconds
        self.lastRun = lastRun
        self.lastFailure = lastFailure
    }
}
