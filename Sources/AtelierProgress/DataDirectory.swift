import Foundation
import Glibc

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

    init(path: String) throws(FileIOError) {
        try Self.makeDirectories(path)
        let fd = Self.retrying { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw FileIOError(.openDirectory, path: path, errno: errno) }
        // One store per directory: a second one (another server, a second instance in the same
        // process) would hold its own index and silently overwrite the first one's writes, and its
        // start-up would delete the first one's in-flight temporary files. The lock dies with the
        // descriptor, so a killed server never leaves it behind.
        if Self.retrying({ flock(fd, LOCK_EX | LOCK_NB) }) != 0 {
            let failure = FileIOError(errno == EWOULDBLOCK ? .directoryInUse : .lockDirectory, path: path, errno: errno)
            _ = Glibc.close(fd)
            throw failure
        }
        self.path = path
        self.descriptor = fd
    }

    deinit {
        _ = Glibc.close(descriptor)
    }

    // MARK: - Writing

    /// Atomically replaces (or creates) `name` with `bytes`; returns once file and directory are synced.
    @discardableResult
    func writeAtomically(_ bytes: [UInt8], name: String) throws(FileIOError) -> FileSignature {
        let temporary = Self.temporaryPrefix + name + "-" + LearnerToken.hex(SecureRandom.bytes(count: 6))
        let fd = Self.retrying {
            openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        }
        guard fd >= 0 else { throw FileIOError(.open, path: temporary, errno: errno) }

        let signature: FileSignature
        do throws(FileIOError) {
            try Self.writeAll(fd, bytes, path: temporary)
            try Self.sync(fd, path: temporary, code: .sync)
            var status = stat()
            guard fstat(fd, &status) == 0 else { throw FileIOError(.stat, path: temporary, errno: errno) }
            signature = FileSignature(status)
        } catch {
            _ = Glibc.close(fd)
            _ = unlinkat(descriptor, temporary, 0)
            throw error
        }
        // On Linux the descriptor is released even when close reports EINTR; other errors (EIO on
        // some file systems) mean the data may not be there, so they count as failures.
        if Glibc.close(fd) != 0, errno != EINTR {
            let failure = FileIOError(.close, path: temporary, errno: errno)
            _ = unlinkat(descriptor, temporary, 0)
            throw failure
        }
        guard renameat(descriptor, temporary, descriptor, name) == 0 else {
            let failure = FileIOError(.rename, path: name, errno: errno)
            _ = unlinkat(descriptor, temporary, 0)
            throw failure
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
        guard renameat(descriptor, name, descriptor, target) == 0 else {
            throw FileIOError(.rename, path: name, errno: errno)
        }
        try syncDirectory()
        return target
    }

    func remove(_ name: String) throws(FileIOError) {
        guard unlinkat(descriptor, name, 0) == 0 else { throw FileIOError(.remove, path: name, errno: errno) }
    }

    // MARK: - Reading

    /// Reads a whole regular file (symbolic links are refused, not followed), with the identity of
    /// what was read.
    func read(_ name: String, maximumBytes: Int) throws(FileIOError) -> (data: Data, signature: FileSignature) {
        let fd = Self.retrying { openat(descriptor, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        guard fd >= 0 else {
            let code: FileIOError.Code = errno == ELOOP ? .notRegularFile : .open
            throw FileIOError(code, path: name, errno: errno)
        }
        defer { _ = Glibc.close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw FileIOError(.stat, path: name, errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw FileIOError(.notRegularFile, path: name) }
        guard Int(status.st_size) <= maximumBytes else { throw FileIOError(.fileTooLarge, path: name) }

        var buffer = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while true {
            if filled == buffer.count {
                guard buffer.count <= maximumBytes else { throw FileIOError(.fileTooLarge, path: name) }
                buffer.append(contentsOf: repeatElement(0, count: max(4_096, buffer.count)))
            }
            let count = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIOError(.read, path: name, errno: errno)
            }
            if count == 0 { break }
            filled += count
        }
        return (Data(buffer[0..<filled]), FileSignature(status))
    }

    /// The file's identity, or nil when there is no such entry.
    func signature(of name: String) throws(FileIOError) -> FileSignature? {
        var status = stat()
        guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw FileIOError(.stat, path: name, errno: errno)
        }
        return FileSignature(status)
    }

    func exists(_ name: String) -> Bool {
        var status = stat()
        return fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT
    }

    /// Names of the directory's entries (without `.` and `..`).
    func entryNames() throws(FileIOError) -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0 else { throw FileIOError(.listDirectory, path: path, errno: errno) }
        guard let stream = fdopendir(copy) else {
            let failure = FileIOError(.listDirectory, path: path, errno: errno)
            _ = Glibc.close(copy)
            throw failure
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw FileIOError(.listDirectory, path: path, errno: errno) }
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
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileIOError(.write, path: path, errno: errno)
            }
            if written == 0 { throw FileIOError(.shortWrite, path: path) }
            offset += written
        }
    }

    private static func sync(_ fd: Int32, path: String, code: FileIOError.Code) throws(FileIOError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw FileIOError(code, path: path, errno: errno)
        }
    }

    private static func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
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
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw FileIOError(.createDirectory, path: path, errno: errno)
        }
        let parentFD = retrying { Glibc.open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if parentFD >= 0 {
            defer { _ = Glibc.close(parentFD) }
            try sync(parentFD, path: parent, code: .syncDirectory)
        }
    }
}
