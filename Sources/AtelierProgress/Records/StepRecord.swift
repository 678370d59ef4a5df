/// What the server observed for one learner on one step.
///
/// On disk a run is kept once, in the learner's `history`: `lastRun` and `lastFailure` are rebuilt
/// from it when the file is read (they are not written), and runs that fell out of the bounded
/// history are summarised in `earlierRuns` / `earlierFailures`.
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
    /// The latest run (derived from the history, not stored twice).
    public var lastRun: CheckRunView?
    /// Latest failed run on this step (the CSV's `last_failure`; derived from the history).
    public var lastFailure: FailureRecord?
    /// Runs of this step dropped from the bounded history, and how many of them failed.
    public var earlierRuns: Int
    public var earlierFailures: Int

    public init(firstViewedAt: ISOTimestamp? = nil, attempts: Int = 0, failedInARow: Int = 0,
                passedAt: ISOTimestamp? = nil, timeSpentSeconds: Int? = nil,
                lastRun: CheckRunView? = nil, lastFailure: FailureRecord? = nil,
                earlierRuns: Int = 0, earlierFailures: Int = 0) {
        self.firstViewedAt = firstViewedAt
        self.attempts = attempts
        self.failedInARow = failedInARow
        self.passedAt = passedAt
        self.timeSpentSeconds = timeSpentSeconds
        self.lastRun = lastRun
        self.lastFailure = lastFailure
        self.earlierRuns = earlierRuns
        self.earlierFailures = earlierFailures
    }

    private enum CodingKeys: String, CodingKey {
        case firstViewedAt, attempts, failedInARow, passedAt, timeSpentSeconds, lastRun, lastFailure
        case earlierRuns, earlierFailures
    }

    /// Files written before the history was bounded carry `lastRun` and `lastFailure`: they are
    /// read as a fallback, and replaced by what the history says when it has the run.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        firstViewedAt = try container.decodeIfPresent(ISOTimestamp.self, forKey: .firstViewedAt)
        attempts = try container.decode(Int.self, forKey: .attempts)
        failedInARow = try container.decode(Int.self, forKey: .failedInARow)
        passedAt = try container.decodeIfPresent(ISOTimestamp.self, forKey: .passedAt)
        timeSpentSeconds = try container.decodeIfPresent(Int.self, forKey: .timeSpentSeconds)
        lastRun = try container.decodeIfPresent(CheckRunView.self, forKey: .lastRun)
        lastFailure = try container.decodeIfPresent(FailureRecord.self, forKey: .lastFailure)
        earlierRuns = try container.decodeIfPresent(Int.self, forKey: .earlierRuns) ?? 0
        earlierFailures = try container.decodeIfPresent(Int.self, forKey: .earlierFailures) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(firstViewedAt, forKey: .firstViewedAt)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(failedInARow, forKey: .failedInARow)
        try container.encodeIfPresent(passedAt, forKey: .passedAt)
        try container.encodeIfPresent(timeSpentSeconds, forKey: .timeSpentSeconds)
        if earlierRuns > 0 {
            try container.encode(earlierRuns, forKey: .earlierRuns)
            try container.encode(earlierFailures, forKey: .earlierFailures)
        }
    }
}
