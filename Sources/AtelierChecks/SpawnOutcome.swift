/// What a supervised child did, including how we had to stop it.
struct SpawnOutcome: Sendable {
    enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Which stream went over its cap first.
    enum Overflow: Sendable, Hashable {
        case stdout
        case stderr
    }

    var pid: Int32
    var termination: Termination
    var stdout: [UInt8]
    var stderr: [UInt8]
    /// True when the deadline passed and we signalled the child.
    var timedOut: Bool
    /// True when the waiting task was cancelled and we signalled the child.
    var cancelled: Bool
    var overflow: Overflow?
    var duration: Duration
}
