import AtelierSystem

/// A failed system call on the data directory. Carries the file and `errno` for the log line; the
/// learner only ever sees `ProgressStoreError`'s French message.
public struct FileIOError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case createDirectory
        case openDirectory
        /// Another `FileProgressStore` (in this process or another) already uses the directory.
        case directoryInUse
        case lockDirectory
        case listDirectory
        case open
        case read
        case write
        /// `write` returned 0 bytes for a non-empty buffer: the disk is full or the file system is broken.
        case shortWrite
        case sync
        case close
        case rename
        case remove
        case stat
        case syncDirectory
        /// Not a regular file (a directory, a symbolic link, a device) where a progress file was expected.
        case notRegularFile
        /// Larger than any progress file can legitimately be; not read into memory.
        case fileTooLarge
    }

    public let code: Code
    /// The path or file name involved.
    public let path: String
    /// `errno` at the time of failure, 0 when the failure was not a system call's.
    public let errno: Int32

    public init(_ code: Code, path: String, errno: Int32 = 0) {
        self.code = code
        self.path = path
        self.errno = errno
    }

    /// The failure of a system call, its errno kept.
    init(_ code: Code, path: String, _ failure: SystemCallError) {
        self.init(code, path: path, errno: failure.errno.rawValue)
    }

    public var description: String {
        if errno == 0 { return "\(code) \(path)" }
        return "\(code) \(path): \(Errno(rawValue: errno))"
    }
}
