import AtelierSystem
import Subprocess
import Synchronization

/// Stops one child and everything it started: SIGTERM to its process group, a grace, SIGKILL to
/// the group — once, whoever asks first (deadline, output cap, cancellation, `stop()`).
///
/// swift-subprocess's teardown sequence ends as soon as the *leader* exits, so a grandchild that
/// ignores SIGTERM would survive it (the stand-in's `unreachable-hang-stubborn` scenario does
/// exactly that). `killGroup()` closes that gap: called before the body returns, while the leader
/// is exited but not yet reaped, so its pid — the group id — cannot have been reused.
final class GroupTeardown: Sendable {
    enum Reason: Sendable, Hashable {
        case deadline
        case cancelled
        case overflow(SpawnOutcome.Overflow)
        /// Asked by the owner of a streaming child.
        case stopped

        var overflow: SpawnOutcome.Overflow? {
            if case .overflow(let stream) = self { return stream }
            return nil
        }
    }

    private let execution: Execution<NoInput, SequenceOutput, SequenceOutput>
    private let grace: Duration
    private let state = Mutex<Reason?>(nil)

    init(_ execution: Execution<NoInput, SequenceOutput, SequenceOutput>, grace: Duration) {
        self.execution = execution
        self.grace = grace
    }

    /// Why the child was stopped, nil when it ended by itself.
    var reason: Reason? {
        state.withLock { $0 }
    }

    /// The steps after the first signal; swift-subprocess appends SIGKILL, to the group as well
    /// since the last step targets the group.
    static func steps(grace: Duration) -> [TeardownStep] {
        [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: grace)]
    }

    /// Starts the SIGTERM → grace → SIGKILL sequence unless one already started; returns at once.
    /// The sequence runs in its own task, as the library's own teardown does, so a cancelled
    /// caller still gets its child stopped; it ends when the leader exits.
    /// A child that already exited is left alone: a deadline or a stop that comes a moment too
    /// late does not turn a normal end into « stopped ».
    func stop(_ reason: Reason) {
        let first = state.withLock { current -> Bool in
            guard current == nil, !leaderHasExited else { return false }
            current = reason
            return true
        }
        guard first else { return }
        let execution = execution, steps = Self.steps(grace: grace)
        Task { await execution.teardown(using: steps) }
    }

    /// Returns when the leader has exited (ended by itself or by `stop`). Nothing polls and no
    /// thread blocks: the wait is the library's teardown, whose first step only probes the child
    /// (signal 0) and then waits on the library's exit monitor for `backstop`; past it, the child
    /// is stopped as at a deadline — a last resort, callers stop it well before.
    func waitForExit(backstop: Duration = .seconds(Int64(Int32.max))) async {
        let probe = TeardownStep.send(signal: Signal(rawValue: 0), toProcessGroup: false, allowedDurationToNextStep: backstop)
        await execution.teardown(using: [probe] + Self.steps(grace: grace))
    }

    /// Whether the leader has exited, without reaping it (`WNOWAIT`): swift-subprocess reaps it
    /// after the body, and until then its pid cannot be reused.
    private var leaderHasExited: Bool {
        var info = siginfo_t()
        let pid = execution.processIdentifier.value
        guard (try? syscall("waitid") { waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) }) != nil else {
            return false
        }
        // With WNOHANG and nothing to report, the kernel leaves the record zeroed.
        return info.si_signo == SIGCHLD
    }

    /// SIGKILL to the whole group. Safe only while the leader is unreaped: call it before the
    /// `Subprocess.run` body returns. A group with no member left answers ESRCH, which is fine.
    func killGroup() {
        try? execution.send(signal: .kill, toProcessGroup: true)
    }
}
