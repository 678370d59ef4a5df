/// A system call that failed, with the call's name and its `errno`: « openat: ENOENT (No such file
/// or directory) ». What callers log; what they show a learner is theirs to decide.
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function that failed (`openat`, `fsync`…).
    public let call: String
    public let errno: Errno

    public init(_ call: String, errno: Errno) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call): \(errno)"
    }
}
