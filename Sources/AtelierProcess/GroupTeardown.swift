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

    private struct State: Sendable {
        var reason: Reason?
        /// Set once the child is about to be reaped: no teardown may start after that.
        var finished = false
        /// The teardown `stop` started, awaited by `finish()`.
        var pending: Task<Void, Never>?
    }

    private let execution: Execution<NoInput, SequenceOutput, SequenceOutput>
    private let grace: Duration
    private let state = Mutex(State())

    init(_ execution: Execution<NoInput, SequenceOutput, SequenceOutput>, grace: Duration) {
        self.execution = execution
        self.grace = grace
    }

    /// Why the child was stopped, nil when it ended by itself.
    var reason: Reason? {
        state.withLock { $0.reason }
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
        let execution = execution, steps = Self.steps(grace: grace)
        state.withLock { current in
            guard current.reason == nil, !current.finished, !leaderHasExited else { return }
            current.reason = reason
            // Created under the lock, so `finish()` either sees this task and waits for it, or
            // the task sees `finished` and does nothing. A teardown that ran after the reaping
            // would signal a pid the kernel may have given to another process, and register the
            // closed (perhaps reused) pidfd with swift-subprocess's exit monitor — which then
            // never reports the exit of the next child that gets that descriptor number.
            current.pending = Task { [self] in
                guard state.withLock({ !$0.finished }) else { return }
                await execution.teardown(using: steps)
            }
        }
    }

    /// Called once the leader has exited and before the library reaps it: no teardown starts
    /// from now on, and one already started has ended when this returns.
    func finish() async {
        let pending = state.withLock { current -> Task<Void, Never>? in
            current.finished = true
            return current.pending
        }
        await pending?.value
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
            // ECHILD: no such child any more — it was reaped, so it has certainly exited.
            return true
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
