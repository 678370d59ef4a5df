import Foundation

/// The real `atelier` binary run as a child process, for tests that must kill it (SIGKILL) or
/// send it signals. The port is read from its "listening" log line.
public final class ServerProcess: @unchecked Sendable {
    public let process = Process()
    public private(set) var port = 0
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var logText = ""

    public init(config: URL, environment: [String: String] = [:]) {
        process.executableURL = BuildProducts.executable("atelier")
        process.arguments = ["serve", "--config", config.path, "--host", "127.0.0.1", "--port", "0"]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
    }

    /// Starts the server and waits (up to `timeout`) for it to listen.
    public func start(timeout: TimeInterval = 20) throws {
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.logText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let port = listeningPort() {
                self.port = port
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        if !process.isRunning {
            stderrPipe.fileHandleForReading.readabilityHandler = nil
            let rest = stderrPipe.fileHandleForReading.readDataToEndOfFile()
            lock.withLock { logText += String(decoding: rest, as: UTF8.self) }
        }
        throw HTTPTestClientError(message: "server did not start (exit \(process.isRunning ? "-" : String(process.terminationStatus))); log:\n\(log)")
    }

    public var log: String { lock.withLock { logText } }

    private func listeningPort() -> Int? {
        let text = log
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
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else { return nil }
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }
}
