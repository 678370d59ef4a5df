import Subprocess
import Synchronization

/// A long-lived child whose stdout is consumed as it comes (a `kubectl get pods --watch`), handed
/// to the body of `ChildProcess.stream`. Read `chunks` or `lines(maxLength:)`, once; call `stop()`
/// to end the child early. Stopping, like leaving the body, is SIGTERM → grace → SIGKILL to the
/// whole process group.
package struct StreamingChild: Sendable {
    package let pid: Int32
    private let output: SubprocessOutputSequence
    private let teardown: GroupTeardown
    private let ended: EndOfOutput

    init(pid: Int32, output: SubprocessOutputSequence, teardown: GroupTeardown, ended: EndOfOutput) {
        self.pid = pid
        self.output = output
        self.teardown = teardown
        self.ended = ended
    }

    /// stdout as it arrives, in the sizes the pipe delivers. Ends at end of file, when the child
    /// has exited, or when the task is cancelled.
    package var chunks: Chunks {
        Chunks(output: output, ended: ended)
    }

    /// stdout split on `\n` (the `\n` removed, a final unterminated line included). A line longer
    /// than `maxLength` bytes throws `LineTooLong` and stops the child: a watcher never buffers
    /// an unbounded line.
    package func lines(maxLength: Int) -> Lines {
        Lines(chunks: chunks, maxLength: maxLength, teardown: teardown)
    }

    /// Starts the group teardown and returns at once; the body then sees the output end.
    package func stop() {
        teardown.stop(.stopped)
    }

    package struct Chunks: AsyncSequence, Sendable {
        package typealias Element = [UInt8]
        let output: SubprocessOutputSequence
        let ended: EndOfOutput

        package struct AsyncIterator: AsyncIteratorProtocol {
            var base: SubprocessOutputSequence.AsyncIterator
            let ended: EndOfOutput

            package mutating func next() async throws -> [UInt8]? {
                guard let buffer = try await base.next() else {
                    // A cancelled task also sees the end: that is not the child's end of output.
                    if !Task.isCancelled { ended.mark() }
                    return nil
                }
                return buffer.withUnsafeBytes { Array($0) }
            }
        }

        package func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(base: output.makeAsyncIterator(), ended: ended)
        }
    }

    package struct Lines: AsyncSequence, Sendable {
        package typealias Element = [UInt8]
        let chunks: Chunks
        let maxLength: Int
        let teardown: GroupTeardown

        package struct AsyncIterator: AsyncIteratorProtocol {
            var chunks: Chunks.AsyncIterator
            let maxLength: Int
            let teardown: GroupTeardown
            var pending: [UInt8] = []
            var start = 0
            var finished = false

            package mutating func next() async throws -> [UInt8]? {
                while true {
                    let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n"))
                    if (newline ?? pending.count) - start > maxLength {
                        teardown.stop(.overflow(.stdout))
                        throw LineTooLong(limit: maxLength)
                    }
                    if let newline {
                        let line = Array(pending[start..<newline])
                        start = newline + 1
                        return line
                    }
                    if finished {
                        guard start < pending.count else { return nil }
                        defer { start = pending.count }
                        return Array(pending[start...])
                    }
                    pending.removeFirst(start)
                    start = 0
                    if let chunk = try await chunks.next() {
                        pending += chunk
                    } else {
                        finished = true
                    }
                }
            }
        }

        package func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(chunks: chunks.makeAsyncIterator(), maxLength: maxLength, teardown: teardown)
        }
    }
}

/// A line of the streamed output went over its cap; the child is being stopped.
package struct LineTooLong: Error, Sendable, Hashable {
    package var limit: Int
}

/// Whether the body read stdout to its end (then the child is let exit by itself).
final class EndOfOutput: Sendable {
    private let reached = Atomic(false)
    func mark() { reached.store(true, ordering: .relaxed) }
    var isReached: Bool { reached.load(ordering: .relaxed) }
}
