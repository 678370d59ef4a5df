import Foundation
import Glibc

/// Spawns one child with `posix_spawn` and supervises it on a dedicated thread.
///
/// The blocking parts (poll on the pipes, waitpid) run on a thread of their own so they never
/// sit on the Swift cooperative pool, which has only as many threads as cores (two here): eight
/// hung kubectl processes must not freeze the HTTP server's async work.
package enum ChildProcess {
    /// Time a child may keep its pipes open after it exited (a grandchild holding them) before
    /// the whole process group is killed.
    private static let lingerAfterExit: Duration = .milliseconds(200)
    /// Upper bound on one poll so cancellation and deadlines are noticed promptly.
    private static let pollSlice: Duration = .milliseconds(100)

    package static func run(_ request: SpawnRequest, cancellation: CancellationFlag) async throws(SpawnError) -> SpawnOutcome {
        let result: Result<SpawnOutcome, SpawnError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: supervise(request, cancellation: cancellation))
                }
                thread.name = "atelier-kubectl"
                thread.stackSize = 512 * 1024
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    /// `posix_spawn_file_actions_addclosefrom_np` exists in glibc ≥ 2.34 but is hidden behind
    /// `_GNU_SOURCE`, so it is looked up at run time; without it the pipes are still CLOEXEC.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// `pipe2` is GNU-only (hidden from Swift's Glibc module): looked up at run time so the
    /// pipe is close-on-exec from birth, with a `pipe` + `FD_CLOEXEC` fallback.
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private static let pipe2: Pipe2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: Pipe2.self)
    }()

    private static func makePipe(_ fds: inout [Int32]) -> Int32 {
        fds.withUnsafeMutableBufferPointer { buffer in
            if let pipe2 { return pipe2(buffer.baseAddress!, O_CLOEXEC) }
            guard pipe(buffer.baseAddress!) == 0 else { return -1 }
            _ = fcntl(buffer[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(buffer[1], F_SETFD, FD_CLOEXEC)
            return 0
        }
    }

    // MARK: - Supervision (runs on the dedicated thread)

    private static func supervise(_ request: SpawnRequest, cancellation: CancellationFlag) -> Result<SpawnOutcome, SpawnError> {
        let clock = ContinuousClock()
        let started = clock.now
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe) == 0 else { return .failure(SpawnError(code: .resourcesExhausted, errno: errno)) }
        guard makePipe(&errPipe) == 0 else {
            let saved = errno
            close(outPipe[0]); close(outPipe[1])
            return .failure(SpawnError(code: .resourcesExhausted, errno: saved))
        }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard devNull >= 0 else {
            let saved = errno
            [outPipe[0], outPipe[1], errPipe[0], errPipe[1]].forEach { _ = close($0) }
            return .failure(SpawnError(code: .resourcesExhausted, errno: saved))
        }

        var pid: pid_t = 0
        let spawnStatus = spawn(request, pid: &pid, stdin: devNull, stdout: outPipe[1], stderr: errPipe[1])
        close(devNull)
        close(outPipe[1])
        close(errPipe[1])
        guard spawnStatus == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            let code: SpawnError.Code
            switch spawnStatus {
            case ENOENT, EACCES, ENOEXEC, ENOTDIR, ELOOP, EISDIR, ETXTBSY: code = .notExecutable
            case EAGAIN, ENOMEM, EMFILE, ENFILE: code = .resourcesExhausted
            default: code = .other
            }
            return .failure(SpawnError(code: code, errno: spawnStatus))
        }
        _ = fcntl(outPipe[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(errPipe[0], F_SETFL, O_NONBLOCK)

        var fds = [
            pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
            pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0),
        ]
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var overflow: SpawnOutcome.Overflow?
        var timedOut = false
        var cancelled = false
        var termSentAt: ContinuousClock.Instant?
        var killSent = false
        var exitedAt: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 65536)

        func stop(_ now: ContinuousClock.Instant) {
            guard termSentAt == nil else { return }
            termSentAt = now
            signalGroup(pid, SIGTERM)
        }

        /// Reads what the pipe holds, without blocking; closes it at end of file. Past the cap
        /// the bytes are read and dropped, so a dying child never blocks on a full pipe.
        func drain(_ index: Int, maxReads: Int) {
            let isStdout = index == 0
            let limit = isStdout ? request.stdoutLimit : request.stderrLimit
            var reads = 0
            while fds[index].fd >= 0 && reads < maxReads {
                reads += 1
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    guard overflow == nil else { continue }
                    let current = isStdout ? stdout.count : stderr.count
                    if current + count > limit {
                        overflow = isStdout ? .stdout : .stderr
                        let keep = max(0, limit - current)
                        if isStdout { stdout += buffer[0..<keep] } else { stderr += buffer[0..<keep] }
                        stop(clock.now)
                    } else if isStdout {
                        stdout += buffer[0..<count]
                    } else {
                        stderr += buffer[0..<count]
                    }
                    continue
                }
                if count < 0 && errno == EINTR { continue }
                if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                    close(fds[index].fd)
                    fds[index].fd = -1
                }
                return
            }
        }

        while true {
            let now = clock.now
            if termSentAt == nil {
                if cancellation.isCancelled {
                    cancelled = true
                    stop(now)
                } else if now >= request.deadline {
                    timedOut = true
                    stop(now)
                }
            }
            if let termSentAt, !killSent, now >= termSentAt + request.terminationGrace {
                signalGroup(pid, SIGKILL)
                killSent = true
            }

            // Next instant at which something must happen without any I/O.
            var wake = now + pollSlice
            if termSentAt == nil { wake = min(wake, request.deadline) }
            if let termSentAt, !killSent { wake = min(wake, termSentAt + request.terminationGrace) }
            let timeoutMs = max(0, Int32(clamping: milliseconds(wake - now)))

            let pipesOpen = fds.contains { $0.fd >= 0 }
            if !pipesOpen {
                if hasExited(pid) || killSent { break }
                _ = poll(nil, 0, min(timeoutMs, 10))
                continue
            }

            let ready = poll(&fds, nfds_t(fds.count), timeoutMs)
            if ready < 0 {
                if errno == EINTR { continue }
                // poll itself failing leaves no way to supervise: end the child now.
                signalGroup(pid, SIGKILL)
                killSent = true
                break
            }
            if ready > 0 {
                for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                    // Bounded, so a child writing without pause cannot keep us from the deadline.
                    drain(index, maxReads: 16)
                    fds[index].revents = 0
                }
            } else if hasExited(pid) {
                // The child is gone but something (a grandchild) still holds the pipes.
                if let exitedAt {
                    if clock.now - exitedAt >= lingerAfterExit {
                        signalGroup(pid, SIGKILL)
                        killSent = true
                        break
                    }
                } else {
                    exitedAt = clock.now
                }
            }
        }

        // The leader is still unreaped here, so its pid (and group id) cannot have been reused:
        // clearing out the whole group is safe and leaves no orphan behind.
        signalGroup(pid, SIGKILL)
        // Keep what was already written before we stopped listening (bounded: 64 MiB at most).
        for index in fds.indices { drain(index, maxReads: 1024) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        for entry in fds where entry.fd >= 0 { close(entry.fd) }

        let termination: SpawnOutcome.Termination
        if status & 0x7F == 0 {
            termination = .exited((status >> 8) & 0xFF)
        } else {
            termination = .signaled(status & 0x7F)
        }
        return .success(SpawnOutcome(
            pid: pid, termination: termination, stdout: stdout, stderr: stderr, timedOut: timedOut,
            cancelled: cancelled, overflow: overflow, duration: clock.now - started))
    }

    /// Starts the child in a process group of its own (so `kill(-pid)` also reaches whatever it
    /// spawns, e.g. the real kubectl behind `microk8s kubectl`), with default signal handling and
    /// an empty signal mask whatever the server itself does with SIGPIPE.
    private static func spawn(_ request: SpawnRequest, pid: inout pid_t, stdin: Int32, stdout: Int32, stderr: Int32) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        if let closeFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv: [UnsafeMutablePointer<CChar>?] = request.arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = request.environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        return posix_spawn(&pid, request.executablePath, &actions, &attributes, argv, envp)
    }

    /// Signals the child's process group, and the child itself in case it left the group.
    private static func signalGroup(_ pid: pid_t, _ signal: Int32) {
        _ = kill(-pid, signal)
        _ = kill(pid, signal)
    }

    /// Whether the child has exited, without reaping it (`WNOWAIT`), so its pid stays reserved
    /// until the final `waitpid`.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        let status = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return status == 0 && info._sifields._sigchld.si_pid == pid
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
