/// Class-wide counts for one step: how many learners passed it, are on it, have not reached it, are
/// stuck on it.
public struct StepTotals: Sendable, Hashable, Codable {
    public var passed: Int
    public var inProgress: Int
    public var notStarted: Int
    public var stuck: Int

    public init(passed: Int = 0, inProgress: Int = 0, notStarted: Int = 0, stuck: Int = 0) {
        self.passed = passed
        self.inProgress = inProgress
        self.notStarted = notStarted
        self.stuck = stuck
    }
}
