/// Everything the supervising thread needs to run one child, fixed before it starts.
package struct SpawnRequest: Sendable {
    /// Resolved path handed to `posix_spawn`.
    package var executablePath: String
    /// Complete argv, argv[0] included.
    package var arguments: [String]
    /// `NAME=value` pairs: the child gets exactly these.
    package var environment: [String]
    package var stdoutLimit: Int
    package var stderrLimit: Int
    /// After this instant the child gets SIGTERM.
    package var deadline: ContinuousClock.Instant
    /// Time between SIGTERM and SIGKILL.
    package var terminationGrace: Duration

    package init(executablePath: String, arguments: [String], environment: [String], stdoutLimit: Int, stderrLimit: Int,
                 deadline: ContinuousClock.Instant, terminationGrace: Duration) {
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
        self.stdoutLimit = stdoutLimit
        self.stderrLimit = stderrLimit
        self.deadline = deadline
        self.terminationGrace = terminationGrace
    }
}
