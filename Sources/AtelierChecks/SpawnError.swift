/// The child could not be started at all.
struct SpawnError: Error, Sendable, Hashable {
    enum Code: Sendable, Hashable {
        /// The file vanished or is not executable (ENOENT, EACCES, ENOEXEC…).
        case notExecutable
        /// pipes, file descriptors or processes ran out.
        case resourcesExhausted
        case other
    }

    var code: Code
    var errno: Int32
}
