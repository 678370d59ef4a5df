import AtelierSystem
import Subprocess

/// Runs one child to completion through swift-subprocess and returns what it printed.
///
/// No thread per child: swift-subprocess waits for every child on one shared monitor thread
/// (pidfd + epoll) and reads every pipe on one shared I/O thread, so fifty hung kubectl processes
/// cost two threads, not fifty, and never sit on the Swift cooperative pool (two threads here).
/// What this file adds to the library: the deadline, the output caps that stop the child (the
/// library's `.bytes(limit:)` would only report overflow once the child ended), and the final
/// SIGKILL to the whole process group while the leader is still unreaped (see `GroupTeardown`).
package enum ChildProcess {
    package static func run(_ request: SpawnRequest) async throws(SpawnError) -> SpawnOutcome {
        try await run(request, cancellation: CancellationFlag())
    }

    /// - Parameter cancellation: `cancel()` stops the child as cancelling the awaiting task does.
    package static func run(_ request: SpawnRequest, cancellation: CancellationFlag) async throws(SpawnError) -> SpawnOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let result: ExecutionResult<Captured, SequenceOutput, SequenceOutput>
        // Supervision runs at high priority: its jobs (the deadline, the signals, the exit) are a
        // few microseconds each but must not queue behind request work on the two-thread pool.
        let supervision = Task(priority: .high) {
            try await Subprocess.run(request.configuration, input: .none, output: .sequence, error: .sequence) { execution in
                await supervise(execution, request, cancellation: cancellation)
            }
        }
        do {
            result = try await withTaskCancellationHandler {
                try await supervision.value
            } onCancel: {
                cancellation.cancel()
                supervision.cancel()
            }
        } catch {
            throw SpawnError(error, executablePath: request.executablePath)
        }
        let captured = result.closureResult
        return SpawnOutcome(
            pid: result.processIdentifier.value, termination: SpawnOutcome.Termination(result.terminationStatus),
            stdout: captured.stdout, stderr: captured.stderr, timedOut: captured.reason == .deadline,
            cancelled: captured.reason == .cancelled, overflow: captured.reason?.overflow, duration: clock.now - started)
    }

    /// What the body hands back to `Subprocess.run`, which adds the pid and exit status.
    private struct Captured: Sendable {
        var stdout: [UInt8]
        var stderr: [UInt8]
        var reason: GroupTeardown.Reason?
    }

    /// Drains both pipes under their caps, enforces the deadline and stop requests, and returns
    /// once the child has exited and its group has been killed. The leader is still unreaped
    /// until this returns (swift-subprocess reaps after the body), which keeps `kill(-pid)` safe.
    private static func supervise(
        _ execution: Execution<NoInput, SequenceOutput, SequenceOutput>, _ request: SpawnRequest,
        cancellation: CancellationFlag
    ) async -> Captured {
        let teardown = GroupTeardown(execution, grace: request.terminationGrace)
        cancellation.onCancel { teardown.stop(.cancelled) }
        return await withTaskGroup(of: Captured.self) { group in
            group.addTask {
                let bytes = await OutputCapture.collect(execution.standardOutput, limit: request.stdoutLimit) {
                    teardown.stop(.overflow(.stdout))
                }
                return Captured(stdout: bytes, stderr: [], reason: nil)
            }
            group.addTask {
                let bytes = await OutputCapture.collect(execution.standardError, limit: request.stderrLimit) {
                    teardown.stop(.overflow(.stderr))
                }
                return Captured(stdout: [], stderr: bytes, reason: nil)
            }
            group.addTask {
                // Cancelled as soon as the leader exits; a child that exits right at the deadline
                // may be reported either way, as with any deadline.
                if (try? await Task.sleep(until: request.deadline, clock: .continuous)) != nil {
                    teardown.stop(.deadline)
                }
                return Captured(stdout: [], stderr: [], reason: nil)
            }
            // The leader's exit, seen by the library's monitor thread (pidfd + epoll).
            await teardown.waitForExit(backstop: max(.zero, request.deadline - .now) + request.terminationGrace * 2 + .seconds(5))
            group.cancelAll()
            var captured = Captured(stdout: [], stderr: [], reason: nil)
            // Both reads end now: at end of file, or because the library cancels the pipes' I/O
            // when the leader exits (a grandchild may hold them open forever).
            for await part in group {
                captured.stdout += part.stdout
                captured.stderr += part.stderr
            }
            await teardown.finish()
            teardown.killGroup()
            captured.reason = teardown.reason
            return captured
        }
    }
}

extension SpawnOutcome.Termination {
    init(_ status: TerminationStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }
}
