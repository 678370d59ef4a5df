/// Everything the supervising thread needs to run one child, fixed before it starts.
struct SpawnRequest: Sendable {
    /// Resolved path handed to `posix_spawn`.
    var executablePath: String
    /// Complete argv, argv[0] included.
    var arguments: [String]
    /// `NAME=value` pairs: the child gets exactly these.
    var environment: [String]
    var stdoutLimit: Int
    var stderrLimit: Int
    /// After this instant the child gets SIGTERM.
    var deadline: ContinuousClock.Instant
    /// Time between SIGTERM and SIGKILL.
    var terminationGrace: Duration
}
