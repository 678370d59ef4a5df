/// The child could not be started at all.
package struct SpawnError: Error, Sendable, Hashable {
    package enum Code: Sendable, Hashable {
        /// The file vanished or is not executable (ENOENT, EACCES, ENOEXEC…).
        case notExecutable
        /// pipes, file descriptors or processes ran out.
        case resourcesExhausted
        case other
    }

    package var code: Code
    package var errno: Int32
}
