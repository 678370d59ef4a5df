/// The one place that turns a C call's `-1` + `errno` into a Swift error, retrying on EINTR.
///
/// Modelled on SwiftNIO's `syscall` (NIOPosix/System.swift): every call site reads
/// `try syscall("fsync") { fsync(fd) }` and no hand-written `while … errno == EINTR` loop remains.
/// EINTR is retried because a signal handler installed with SA_RESTART still interrupts some calls
/// (`poll`, `flock`, reads on some file systems); any other failure is thrown with its `errno`.

/// Calls `body` until it returns something other than -1 with EINTR; throws on any other -1.
@discardableResult @inline(__always)
public func syscall<Result: FixedWidthInteger>(
    _ call: String, _ body: () -> Result
) throws(SystemCallError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Errno.current
        if code == .interrupted { continue }
        throw SystemCallError(call, errno: code)
    }
}

/// For calls that return a pointer and signal failure with NULL + `errno` (`fdopendir`, `fopen`).
@inline(__always)
public func syscall<Pointee>(
    _ call: String, _ body: () -> UnsafeMutablePointer<Pointee>?
) throws(SystemCallError) -> UnsafeMutablePointer<Pointee> {
    while true {
        if let result = body() { return result }
        let code = Errno.current
        if code == .interrupted { continue }
        throw SystemCallError(call, errno: code)
    }
}

/// For calls that return an opaque pointer, NULL + `errno` on failure (`fdopendir` on Linux).
@inline(__always)
public func syscall(_ call: String, _ body: () -> OpaquePointer?) throws(SystemCallError) -> OpaquePointer {
    while true {
        if let result = body() { return result }
        let code = Errno.current
        if code == .interrupted { continue }
        throw SystemCallError(call, errno: code)
    }
}

/// For the POSIX functions that return the error number itself instead of setting `errno`
/// (`posix_spawn`, `pthread_*`): 0 is success, EINTR is retried.
@inline(__always)
public func syscallReturningError(_ call: String, _ body: () -> Int32) throws(SystemCallError) {
    while true {
        let code = body()
        if code == 0 { return }
        if code == EINTR { continue }
        throw SystemCallError(call, errno: Errno(rawValue: code))
    }
}

/// Closes a descriptor exactly once. Never retried: on Linux the descriptor is released even when
/// `close` reports EINTR, and a retry could close a number another thread has just been given.
/// EINTR is therefore success; other errors (EIO on some file systems: written data may be lost)
/// are thrown.
public func closeDescriptor(_ descriptor: Int32) throws(SystemCallError) {
    if close(descriptor) == 0 { return }
    let code = Errno.current
    if code == .interrupted { return }
    throw SystemCallError("close", errno: code)
}
