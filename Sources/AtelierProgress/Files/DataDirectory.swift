import AtelierSystem
import Foundation

/// The data directory, opened once, and the only place that issues system calls on it.
///
/// Every write is atomic and durable: a temporary file in the same directory is written in full,
/// `fsync`ed, renamed over the target, then the directory itself is `fsync`ed so that the rename
/// survives a power cut. Until all of that succeeded the caller is told nothing was stored.
/// Operations go through the directory's descriptor (`openat`, `renameat`…) so that a concurrent
/// rename of the directory path cannot redirect them.
final class DataDirectory: @unchecked Sendable {  // Immutable after init; syscalls are thread-safe.
    /// Temporary files start with this; any left at start-up come from a crash and are removed.
    static let temporaryPrefix = ".tmp-"

    let path: String
    private let descriptor: Int32
    /// Tests set an errno here (ENOSPC, EROFS) to make every write fail as a full or read-only disk
    /// would, without needing a mount; nil in production.
    let simulatedWriteErrno = LockedState<Int32?>(nil)

    init(path: String) throws(FileIOError) {
        try Self.makeDirectories(path)
        let fd = try Self.call(.openDirectory, path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        // One store per directory: a second one (another server, a second instance in the same
        // process) would hold its own index and silently overwrite the first one's writes, and its
        // start-up would delete the first one's in-flight temporary files. The lock dies with the
        // descriptor, so a killed server never leaves it behind.
        do {
            try syscall("flock") { flock(fd, LOCK_EX | LOCK_NB) }
        } catch {
            try? closeDescriptor(fd)
            throw FileIOError(error.errno == .wouldBlock ? .directoryInUse : .lockDirectory, path: path, error)
        }
        self.path = path
        self.descriptor = fd
    }

    deinit {
        try? closeDescriptor(descriptor)
    }

    // MARK: - Writing

    /// Atomically replaces (or creates) `name` with `bytes`; returns once file and directory are synced.
    @discardableResult
    func writeAtomically(_ bytes: [UInt8], name: String) throws(FileIOError) -> FileSignature {
        if let code = simulatedWriteErrno.withLock({ $0 }) { throw FileIOError(.write, path: name, errno: code) }
        let temporary = Self.temporaryPrefix + name + "-" + LearnerToken.hex(SecureRandom.bytes(count: 6))
        let fd = try Self.call(.open, temporary) {
            openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        }

        let signature: FileSignature
        do throws(FileIOError) {
            try Self.writeAll(fd, bytes, path: temporary)
            try Self.sync(fd, path: temporary, code: .sync)
            var status = stat()
            try Self.call(.stat, temporary) { fstat(fd, &status) }
            signature = FileSignature(status)
        } catch {
            try? closeDescriptor(fd)
            _ = unlinkat(descriptor, temporary, 0)
            throw error
        }
        // EIO from close (some file systems) means the data may not be there: a failure.
        do throws(FileIOError) {
            do { try closeDescriptor(fd) } catch { throw FileIOError(.close, path: temporary, error) }
            try Self.call(.rename, name) { renameat(descriptor, temporary, descriptor, name) }
        } catch {
            _ = unlinkat(descriptor, temporary, 0)
            throw error
        }
        try syncDirectory()
        return signature
    }

    /// Lets another store open the directory (after `FileProgressStore.close()`); the descriptor stays
    /// open until deinit so that a late call can never reach a reused descriptor number.
    func unlock() {
        _ = flock(descriptor, LOCK_UN)
    }

    func syncDirectory() throws(FileIOError) {
        try Self.sync(descriptor, path: path, code: .syncDirectory)
    }

    /// Renames `name` to a free `<name>.corrupt-<timestamp>[-n]` and syncs the directory.
    func moveAside(_ name: String, at timestamp: ISOTimestamp) throws(FileIOError) -> String {
        let base = name + ".corrupt-" + timestamp.compactDescription
        var target = base
        var counter = 1
        while exists(target) {
            counter += 1
            target = base + "-\(counter)"
        }
        try Self.call(.rename, name) { renameat(descriptor, name, descriptor, target) }
        try syncDirectory()
        return target
    }

    /// Renames `name` to `target` inside the directory (the caller syncs the directory).
    func rename(_ name: String, to target: String) throws(FileIOError) {
        try Self.call(.rename, name) { renameat(descriptor, name, descriptor, target) }
    }

    func remove(_ name: String) throws(FileIOError) {
        try Self.call(.remove, name) { unlinkat(descriptor, name, 0) }
    }

    // MARK: - Reading

    /// Reads a whole regular file (symbolic links are refused, not followed), with the identity of
    /// what was read. `O_NONBLOCK` so that a named pipe (or a device) cannot block the open: its type
    /// is checked with `fstat` before any read, and it is refused like a symbolic link.
    func read(_ name: String, maximumBytes: Int) throws(FileIOError) -> (data: Data, signature: FileSignature) {
        let fd: Int32
        do {
            fd = try syscall("openat") { openat(descriptor, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
        } catch {
            throw FileIOError(error.errno == .tooManySymbolicLinks ? .notRegularFile : .open, path: name, error)
        }
        defer { try? closeDescriptor(fd) }
        var status = stat()
        try Self.call(.stat, name) { fstat(fd, &status) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw FileIOError(.notRegularFile, path: name) }
        guard Int(status.st_size) <= maximumBytes else { throw FileIOError(.fileTooLarge, path: name) }

        var buffer = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while true {
            if filled == buffer.count {
                guard buffer.count <= maximumBytes else { throw FileIOError(.fileTooLarge, path: name) }
                buffer.append(contentsOf: repeatElement(0, count: max(4_096, buffer.count)))
            }
            let count = try Self.call(.read, name) {
                buffer.withUnsafeMutableBytes { raw in readBytes(fd, raw.baseAddress! + filled, raw.count - filled) }
            }
            if count == 0 { break }
            filled += count
        }
        return (Data(buffer[0..<filled]), FileSignature(status))
    }

    /// The file's identity, or nil when there is no such entry.
    func signature(of name: String) throws(FileIOError) -> FileSignature? {
        var status = stat()
        do {
            try syscall("fstatat") { fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) }
        } catch {
            if error.errno == .noSuchFileOrDirectory { return nil }
            throw FileIOError(.stat, path: name, error)
        }
        return FileSignature(status)
    }

    func exists(_ name: String) -> Bool {
        var status = stat()
        do {
            try syscall("fstatat") { fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) }
            return true
        } catch {
            return error.errno != .noSuchFileOrDirectory
        }
    }

    /// Names of the directory's entries (without `.` and `..`).
    func entryNames() throws(FileIOError) -> [String] {
        let copy = try Self.call(.listDirectory, path) { dup(descriptor) }
        let stream: OpaquePointer
        do {
            stream = try syscall("fdopendir") { fdopendir(copy) }
        } catch {
            try? closeDescriptor(copy)
            throw FileIOError(.listDirectory, path: path, error)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while true {
            // readdir returns NULL both at the end and on failure; only errno tells them apart.
            errno = 0
            guard let entry = readdir(stream) else {
                let code = Errno.current
                if code.rawValue != 0 { throw FileIOError(.listDirectory, path: path, SystemCallError("readdir", errno: code)) }
                break
            }
            // Read the name in place: a dirent record is only as long as its name (d_reclen), so
            // copying the declared 256-byte d_name field would read past the end (ASan caught it).
            let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: - Helpers

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(FileIOError) {
        var offset = 0
        while offset < bytes.count {
            let written = try call(.write, path) {
                bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress! + offset, raw.count - offset) }
            }
            if written == 0 { throw FileIOError(.shortWrite, path: path) }
            offset += written
        }
    }

    private static func sync(_ fd: Int32, path: String, code: FileIOError.Code) throws(FileIOError) {
        try call(code, path) { fsync(fd) }
    }

    /// A system call through `syscall` (EINTR retried), its failure told as a `FileIOError`.
    @discardableResult
    private static func call<Result: FixedWidthInteger>(
        _ code: FileIOError.Code, _ path: String, _ body: () -> Result
    ) throws(FileIOError) -> Result {
        do {
            return try syscall("\(code)", body)
        } catch {
            throw FileIOError(code, path: path, error)
        }
    }

    /// `mkdir -p` with mode 0700 (the files hold names and token hashes), syncing the parent of each
    /// directory created so that the directory itself survives a crash.
    private static func makeDirectories(_ path: String) throws(FileIOError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw FileIOError(.createDirectory, path: path, errno: ENOTDIR)
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path {
            try makeDirectories(parent)
        }
        do {
            try syscall("mkdir") { mkdir(path, 0o700) }
        } catch {
            if error.errno != .fileExists { throw FileIOError(.createDirectory, path: path, error) }
        }
        if let parentFD = try? syscall("open", { open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }) {
            defer { try? closeDescriptor(parentFD) }
            try sync(parentFD, path: parent, code: .syncDirectory)
        }
    }
}

/// `read(2)`, named apart from `DataDirectory.read(_:maximumBytes:)`, which shadows it inside the class.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
