import Foundation

/// The real `atelier` binary run as a child process, for tests that must kill it (SIGKILL) or
/// send it signals. The port is read from its "listening" log line.
public final class ServerProcess: @unchecked Sendable {
    public let process = Process()
    public private(set) var port = 0
    private let stderrPipe = Pipe()
    /// Guards the fields below; signalled on every log chunk, at the end of the log and when the
    /// process ends, so waits are woken by what they wait for instead of looking again after a sleep.
    private let condition = NSCondition()
    private var logText = ""
    private var ended = false
    private var logClosed = false

    public init(config: URL, environment: [String: String] = [:]) {
        process.executableURL = BuildProducts.executable("atelier")
        process.arguments = ["serve", "--config", config.path, "--host", "127.0.0.1", "--port", "0"]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] _ in
            guard let self else { return }
            self.condition.withLock {
                self.ended = true
                self.condition.broadcast()
            }
        }
    }

    /// Starts the server and waits (up to `timeout`) for it to listen.
    public func start(timeout: TimeInterval = 120) throws {
        try launch()
        if let port = waitForLog(timeout: timeout, { Self.listeningPort(in: $0) }) {
            self.port = port
            return
        }
        if !process.isRunning { waitForEndOfLog(timeout: 5) }
        throw HTTPTestClientError(message: "server did not start (exit \(process.isRunning ? "-" : String(process.terminationStatus))); log:\n\(log)")
    }

    /// Runs the server without waiting for it to listen (for tests of start-up itself).
    public func launch() throws {
        try process.run()
        startReadingLog()
    }

    /// A plain thread reads stderr to its end with blocking reads (a FileHandle readability
    /// handler's dispatch source crashed libdispatch when the pipe closed under it). The thread
    /// holds `self`, so the pipe outlives every read.
    private func startReadingLog() {
        let handle = stderrPipe.fileHandleForReading
        let thread = Thread { [self] in
            let descriptor = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                condition.withLock {
                    if count > 0 {
                        logText += String(decoding: buffer[0..<count], as: UTF8.self)
                    } else {
                        logClosed = true
                    }
                    condition.broadcast()
                }
                if count <= 0 { return }
            }
        }
        thread.start()
    }

    public var log: String { condition.withLock { logText } }

    /// Waits until `extract` finds something in the log (woken by each new chunk); nil when the
    /// process ends or `timeout` passes first.
    public func waitForLog<T>(timeout: TimeInterval = 120, _ extract: (String) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let found = extract(logText) { return found }
            if (ended && logClosed) || !condition.wait(until: deadline) { return extract(logText) }
        }
    }

    /// The server's last lines arrive when every writer of the pipe is gone (a kubectl child may
    /// outlive it briefly): bounded.
    private func waitForEndOfLog(timeout: TimeInterval) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        while !logClosed && condition.wait(until: deadline) {}
        condition.unlock()
    }

    private static func listeningPort(in text: String) -> Int? {
        guard let range = text.range(of: "url=http://127.0.0.1:") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    public func kill(signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end; returns its exit status (or the terminating signal).
    @discardableResult
    public func wait(timeout: TimeInterval = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        while !ended && condition.wait(until: deadline) {}
        let finished = ended
        condition.unlock()
        guard finished else { return nil }
        waitForEndOfLog(timeout: 5)
        return process.terminationStatus
    }
}

extension ServerProcess {
    /// The waits above block their thread; async tests call these instead, which wait on a thread
    /// of their own: a test holding one of the cooperative pool's two threads (2 cores) for up to
    /// two minutes starves every in-process server and kubectl supervision of the other tests.
    public func startOffPool(timeout: TimeInterval = 120) async throws {
        try await Self.offPool { try self.start(timeout: timeout) }
    }

    public func waitOffPool(timeout: TimeInterval = 120) async -> Int32? {
        (try? await Self.offPool { self.wait(timeout: timeout) }) ?? nil
    }

    public func waitForLogOffPool(timeout: TimeInterval = 120, _ extract: @escaping @Sendable (String) -> Bool) async -> Bool {
        (try? await Self.offPool { self.waitForLog(timeout: timeout) { extract($0) ? true : nil } ?? false }) ?? false
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}
