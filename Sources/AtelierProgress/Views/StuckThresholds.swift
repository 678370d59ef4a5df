/// When a learner shows as stuck on the trainer dashboard.
public struct StuckThresholds: Sendable, Hashable {
    /// Failed checks in a row on a step not yet passed.
    public var failedAttemptsInARow: Int
    /// Minutes on the current step without passing it.
    public var minutesOnStep: Int

    /// Values below 1 are raised to 1: a zero threshold would flag every learner.
    public init(failedAttemptsInARow: Int = 3, minutesOnStep: Int = 10) {
        self.failedAttemptsInARow = max(1, failedAttemptsInARow)
        self.minutesOnStep = max(1, minutesOnStep)
    }
}
