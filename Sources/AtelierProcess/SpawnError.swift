import AtelierSystem
import Subprocess

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

    package init(code: Code, errno: Int32) {
        self.code = code
        self.errno = errno
    }

    /// `ENOENT (No such file or directory)`, for log lines.
    package var errnoName: String {
        Errno(rawValue: errno).description
    }

    /// Classifies a swift-subprocess failure by its errno, as the `posix_spawn` result was before.
    /// The library folds EACCES and ENOTDIR into « executable not found » with ENOENT; asking
    /// `access(2)` about the path gives the precise errno back for the log line.
    init(_ error: any Error, executablePath: String) {
        guard let failure = error as? SubprocessError else {
            self.init(code: .other, errno: 0)
            return
        }
        var number = failure.underlyingError?.rawValue ?? 0
        if failure.code == .executableNotFound, (try? syscall("access") { access(executablePath, X_OK) }) == nil {
            number = Errno.current.rawValue
        }
        switch number {
        case ENOENT, EACCES, ENOEXEC, ENOTDIR, ELOOP, EISDIR, ETXTBSY:
            self.init(code: .notExecutable, errno: number)
        case EAGAIN, ENOMEM, EMFILE, ENFILE:
            self.init(code: .resourcesExhausted, errno: number)
        default:
            self.init(code: failure.code == .executableNotFound ? .notExecutable : .other, errno: number)
        }
    }
}
