import AtelierContent

/// The outcome of a command run with `kubectl exec`, when it ran at all.
///
/// A non-zero exit is an answer, not a failure of kubectl: `getent` exits 2 for an unknown name,
/// psql exits 1 on a missing table, and the check turns that into a precise message.
package struct ExecResult: Sendable, Hashable {
    package var exitCode: Int
    package var stdout: String
    /// The command's own stderr, without kubectl's « command terminated » line.
    package var stderr: String
}
