import Subprocess
import Synchronization

extension ChildProcess {
    /// Starts a long-lived child and hands its stdout to `body` as it arrives.
    ///
    /// The child lives as long as the body: when the body returns or throws before the output
    /// ended, the child is stopped (SIGTERM → grace → SIGKILL to its group); when the output
    /// ended, the child gets `terminationGrace` to exit by itself. Cancelling the awaiting task
    /// stops it too. Either way the whole group is killed and the child reaped before this returns.
    /// A body that throws has its error rethrown once the child is gone.
    package static func stream<Result: Sendable>(
        _ request: StreamRequest, _ body: @Sendable (StreamingChild) async throws -> Result
    ) async throws -> StreamOutcome<Result> {
        let configuration = SpawnRequest.configuration(
            executablePath: request.executablePath, arguments: request.arguments,
            environment: request.environment, terminationGrace: request.terminationGrace)
        let result: ExecutionResult<Streamed<Result>, SequenceOutput, SequenceOutput>
        do {
            result = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) { execution in
                await supervise(execution, request, body)
            }
        } catch {
            throw SpawnError(error, executablePath: request.executablePath)
        }
        let streamed = result.closureResult
        return StreamOutcome(
            result: try streamed.result.get(), pid: result.processIdentifier.value,
            termination: SpawnOutcome.Termination(result.terminationStatus), stderr: streamed.stderr,
            stderrOverflowed: streamed.stderrOverflowed, stopped: streamed.stopped)
    }

    private static func waitForExit(_ teardown: GroupTeardown, stoppingAfter delay: Duration) async {
        async let timer: Void = {
            if (try? await Task.sleep(for: delay)) != nil { teardown.stop(.stopped) }
        }()
        await teardown.waitForExit()
        // Leaving the scope cancels the timer if the child exited in time.
    }

    private struct Streamed<Result: Sendable>: Sendable {
        var result: Swift.Result<Result, any Error>
        var stderr: [UInt8]
        var stderrOverflowed: Bool
        var stopped: Bool
    }

    private static func supervise<Result: Sendable>(
        _ execution: Execution<NoInput, SequenceOutput, SequenceOutput>, _ request: StreamRequest,
        _ body: @Sendable (StreamingChild) async throws -> Result
    ) async -> Streamed<Result> {
        let teardown = GroupTeardown(execution, grace: request.terminationGrace)
        let ended = EndOfOutput()
        let overflowed = Atomic(false)
        // stderr is only kept for the log: over the cap it is dropped, the child goes on.
        async let stderr = OutputCapture.collect(execution.standardError, limit: request.stderrLimit) {
            overflowed.store(true, ordering: .relaxed)
        }
        let child = StreamingChild(
            pid: execution.processIdentifier.value, output: execution.standardOutput, teardown: teardown, ended: ended)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(child))
        } catch {
            result = .failure(error)
        }
        if ended.isReached {
            // The output ended: the child is exiting. It gets the grace to do so, then is stopped.
            await waitForExit(teardown, stoppingAfter: request.terminationGrace)
        } else {
            teardown.stop(.stopped)
            await teardown.waitForExit()
        }
        let captured = await stderr
        await teardown.finish()
        teardown.killGroup()
        return Streamed(result: result, stderr: captured, stderrOverflowed: overflowed.load(ordering: .relaxed),
                        stopped: teardown.reason != nil)
    }
}
