import Foundation

/// The real `atelier` binary run as a child process, for tests that must kill it (SIGKILL) or
/// send it signals. The port is read from its "listening" log line.
public final class ServerProcess: @unchecked Sendable {
    public let process = Process()
    public private(set) var port = 0
    private let stderrPipe = Pipe()
    /// Guards `logText`; signalled on every log chunk and when the process ends, so waits are
    /// woken by what they wait for instead of looking again after a sleep.
    private let condition = NSCondition()
    private var logText = ""
    private var ended = false

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
            self.condition.lock()
            self.ended = true
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    /// Starts the server and waits (up to `timeout`) for it to listen.
    public func start(timeout: TimeInterval = 20) throws {
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.condition.lock()
            self.logText += String(decoding: data, as: UTF8.self)
            self.condition.broadcast()
            self.condition.unlock()
        }
        try process.run()
        if let port = waitForLog(timeout: timeout, { Self.listeningPort(in: $0) }) {
            self.port = port
            return
        }
        if !process.isRunning {
            stderrPipe.fileHandleForReading.readabilityHandler = nil
            let rest = stderrPipe.fileHandleForReading.readDataToEndOfFile()
            condition.withLock { logText += String(decoding: rest, as: UTF8.self) }
        }
        throw HTTPTestClientError(message: "server did not start (exit \(process.isRunning ? "-" : String(process.terminationStatus))); log:\n\(log)")
    }

    public var log: String { condition.withLock { logText } }

    /// Waits until `extract` finds something in the log (woken by each new chunk); nil when the
    /// process ends or `timeout` passes first.
    public func waitForLog<T>(timeout: TimeInterval = 20, _ extract: (String) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let found = extract(logText) { return found }
            if ended || !condition.wait(until: deadline) { return extract(logText) }
        }
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
    public func wait(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        while !ended && condition.wait(until: deadline) {}
        let finished = ended
        condition.unlock()
        guard finished else { return nil }
        // The last lines may still be in the pipe: take what it holds without waiting (a kubectl
        // child that outlived the server may keep the write end open).
        let handle = stderrPipe.fileHandleForReading
        handle.readabilityHandler = nil
        let descriptor = handle.fileDescriptor
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var rest: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            rest += buffer[0..<count]
        }
        condition.withLock { logText += String(decoding: rest, as: UTF8.self) }
        return process.terminationStatus
    }
}
