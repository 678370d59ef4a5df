/// An `errno` value with its symbolic name, for log lines a person can read (`ENOENT`, not `2`).
///
/// Like swift-system's `Errno`, a thin wrapper over the raw code; unlike it, `description` leads
/// with the name a developer greps the manual for, then the C library's own message.
public struct Errno: RawRepresentable, Error, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The calling thread's current `errno`.
    public static var current: Errno {
        Errno(rawValue: errno)
    }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EWOULDBLOCK)
    public static let noSuchFileOrDirectory = Errno(rawValue: ENOENT)
    public static let fileExists = Errno(rawValue: EEXIST)
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    public static let tooManySymbolicLinks = Errno(rawValue: ELOOP)
    public static let noChildProcess = Errno(rawValue: ECHILD)
    public static let noSuchProcess = Errno(rawValue: ESRCH)
    public static let addressInUse = Errno(rawValue: EADDRINUSE)

    /// `ENOENT`, `EINTR`…, or `errno 123` for a code this table does not know.
    public var name: String {
        Self.names[rawValue] ?? "errno \(rawValue)"
    }

    /// The C library's message (`strerror`), e.g. « No such file or directory ».
    public var message: String {
        String(cString: strerror(rawValue))
    }

    /// `ENOENT (No such file or directory)`.
    public var description: String {
        "\(name) (\(message))"
    }

    /// The codes a server meets on files, pipes, sockets and processes. Built from the platform's
    /// constants, so the numbers are right wherever the module builds.
    private static let names: [Int32: String] = {
        let pairs: [(Int32, String)] = [
            (EPERM, "EPERM"), (ENOENT, "ENOENT"), (ESRCH, "ESRCH"), (EINTR, "EINTR"), (EIO, "EIO"),
            (ENXIO, "ENXIO"), (E2BIG, "E2BIG"), (ENOEXEC, "ENOEXEC"), (EBADF, "EBADF"), (ECHILD, "ECHILD"),
            (EAGAIN, "EAGAIN"), (ENOMEM, "ENOMEM"), (EACCES, "EACCES"), (EFAULT, "EFAULT"), (EBUSY, "EBUSY"),
            (EEXIST, "EEXIST"), (EXDEV, "EXDEV"), (ENODEV, "ENODEV"), (ENOTDIR, "ENOTDIR"), (EISDIR, "EISDIR"),
            (EINVAL, "EINVAL"), (ENFILE, "ENFILE"), (EMFILE, "EMFILE"), (ETXTBSY, "ETXTBSY"), (EFBIG, "EFBIG"),
            (ENOSPC, "ENOSPC"), (ESPIPE, "ESPIPE"), (EROFS, "EROFS"), (EMLINK, "EMLINK"), (EPIPE, "EPIPE"),
            (ERANGE, "ERANGE"), (ENAMETOOLONG, "ENAMETOOLONG"), (ENOSYS, "ENOSYS"), (ENOTEMPTY, "ENOTEMPTY"),
            (ELOOP, "ELOOP"), (EDQUOT, "EDQUOT"), (EADDRINUSE, "EADDRINUSE"), (EADDRNOTAVAIL, "EADDRNOTAVAIL"),
            (ECONNREFUSED, "ECONNREFUSED"), (ECONNRESET, "ECONNRESET"), (ENOTCONN, "ENOTCONN"),
            (ETIMEDOUT, "ETIMEDOUT"), (EINPROGRESS, "EINPROGRESS"), (EALREADY, "EALREADY"),
            (ENOTSOCK, "ENOTSOCK"), (EOPNOTSUPP, "EOPNOTSUPP"), (ECANCELED, "ECANCELED"),
        ]
        // EWOULDBLOCK is EAGAIN on Linux and macOS: the first name wins.
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }()
}
