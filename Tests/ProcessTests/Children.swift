import AtelierProcess
import AtelierSystem
import Foundation
import TestSupport

/// Small children for the process tests: the stand-in (by scenario), `/usr/bin/printf`,
/// `/usr/bin/env`, `/bin/cat` — never a shell.
enum Children {
    static let standin = BuildProducts.executable("kubectl-standin").path
    static let scenarios = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("KubectlStandin/scenarios").path

    static func request(
        _ path: String, _ arguments: [String], environment: [String] = [], deadline: Duration = .seconds(20),
        stdoutLimit: Int = 8 << 20, stderrLimit: Int = 64 << 10, grace: Duration = .milliseconds(300)
    ) -> SpawnRequest {
        SpawnRequest(executablePath: path, arguments: [path] + arguments, environment: environment,
                     stdoutLimit: stdoutLimit, stderrLimit: stderrLimit, deadline: .now + deadline, terminationGrace: grace)
    }

    /// The stand-in playing `scenario`, logging its pid (and its child's) to `log`.
    static func standinRequest(_ scenario: String, log: String, deadline: Duration, grace: Duration = .milliseconds(200)) -> SpawnRequest {
        request(standin, ["get", "pods", "-o", "json"], environment: [
            "KUBECTL_STANDIN_SCENARIO=\(scenario)", "KUBECTL_STANDIN_DIR=\(scenarios)", "KUBECTL_STANDIN_LOG=\(log)",
        ], deadline: deadline, grace: grace)
    }

    /// `childPid` of the first stand-in invocation logged in `log`.
    static func loggedChildPid(_ log: String) throws -> Int32? {
        try childPid(inLog: try String(contentsOfFile: log, encoding: .utf8))
    }

    static func childPid(inLog text: String) throws -> Int32? {
        guard let line = text.split(separator: "\n").first,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return (object["childPid"] as? NSNumber)?.int32Value
    }

    /// Our children among `pids` still in the process table (zombies included).
    static func unreaped(_ pids: [Int32]) -> [Int32] {
        let me = getpid()
        return pids.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // Fields after the command: state, ppid…
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == me
        }
    }

    /// Threads of this process.
    static func threadCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
    }
}

/// A named pipe a `/bin/cat` child reads: opening it for writing returns only once the child has
/// opened it, which tells the test the child is running without any sleep; closing it ends the child.
struct Fifo {
    let path: String

    init(in directory: TemporaryDirectory, name: String) throws {
        path = directory.url.appendingPathComponent(name).path
        try syscall("mkfifo") { mkfifo(path, 0o600) }
    }

    /// Opens each FIFO for writing, in order, on one plain thread (the open blocks until the
    /// reader comes); returns the write ends.
    static func openWriters(_ fifos: [Fifo]) async throws -> [Int32] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    var descriptors: [Int32] = []
                    for fifo in fifos {
                        descriptors.append(try syscall("open") { open(fifo.path, O_WRONLY | O_CLOEXEC) })
                    }
                    continuation.resume(returning: descriptors)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// Opens the FIFO for reading on a plain thread (the open blocks until a writer comes) and
    /// reads until every writer closed it.
    func readAll() async throws -> String {
        let path = path
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let descriptor = try syscall("open") { open(path, O_RDONLY | O_CLOEXEC) }
                    defer { try? closeDescriptor(descriptor) }
                    var bytes: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let count = try syscall("read") { read(descriptor, &buffer, buffer.count) }
                        if count == 0 { break }
                        bytes += buffer[0..<count]
                    }
                    continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    static func send(_ text: String, to descriptor: Int32) throws {
        var bytes = Array(text.utf8)
        try syscall("write") { write(descriptor, &bytes, bytes.count) }
    }
}
