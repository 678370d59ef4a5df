/// What a supervised child did, including how we had to stop it.
package struct SpawnOutcome: Sendable {
    package enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Which stream went over its cap first.
    package enum Overflow: Sendable, Hashable {
        case stdout
        case stderr
    }

    package var pid: Int32
    package var termination: Termination
    package var stdout: [UInt8]
    package var stderr: [UInt8]
    /// True when the deadline passed and we signalled the child.
    package var timedOut: Bool
    /// True when the waiting task was cancelled and we signalled the child.
    package var cancelled: Bool
    package var overflow: Overflow?
    package var duration: Duration
}
