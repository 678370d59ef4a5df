/// A long-lived child to stream: no deadline (its owner stops it), stderr capped.
package struct StreamRequest: Sendable {
    /// Resolved path of the executable (see `ExecutableLocator`).
    package var executablePath: String
    /// Complete argv, argv[0] included.
    package var arguments: [String]
    /// `NAME=value` pairs: the child gets exactly these.
    package var environment: [String]
    /// stderr kept in memory, the rest dropped (and reported).
    package var stderrLimit: Int
    /// Time between SIGTERM and SIGKILL when the child is stopped; also how long a child whose
    /// stdout ended may take to exit before it is stopped.
    package var terminationGrace: Duration

    package init(executablePath: String, arguments: [String], environment: [String], stderrLimit: Int = 64 << 10,
                 terminationGrace: Duration = .milliseconds(500)) {
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
        self.stderrLimit = stderrLimit
        self.terminationGrace = terminationGrace
    }
}

/// How a streamed child ended, with what the body returned.
package struct StreamOutcome<Result: Sendable>: Sendable {
    package var result: Result
    package var pid: Int32
    package var termination: SpawnOutcome.Termination
    package var stderr: [UInt8]
    package var stderrOverflowed: Bool
    /// True when the child was stopped (by `stop()`, a line over its cap, the body leaving before
    /// the end of the output, or cancellation) rather than ending by itself.
    package var stopped: Bool
}
