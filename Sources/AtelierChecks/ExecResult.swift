/// The outcome of a command run with `kubectl exec`, when it ran at all.
///
/// A non-zero exit is an answer, not a failure of kubectl: `getent` exits 2 for an unknown name,
/// psql exits 1 on a missing table, and the check turns that into a precise message.
struct ExecResult: Sendable, Hashable {
    var exitCode: Int
    var stdout: String
    /// The command's own stderr, without kubectl's « command terminated » line.
    var stderr: String
}
