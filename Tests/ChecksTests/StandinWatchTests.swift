import Foundation
import Testing
@testable import AtelierProcess

/// The stand-in's watch mode (`get TYPE --watch --output-watch-events -o json`), which the
/// timeline of the next round is built on: it must stream what a real watch streams when the
/// cluster walks through a scale-down, a rolling restart or a re-created claim.
@Suite("kubectl-standin : watch", .serialized)
struct StandinWatchTests {
    /// A running `kubectl-standin get … --watch` whose stdout is collected as it arrives.
    ///
    /// Started through `ChildProcess.stream`, the production path (own process group, SIGTERM then
    /// SIGKILL to the group, reaped): Foundation's `Process` beside swift-subprocess in one test
    /// process left unreaped children and hung whole runs.
    final class RunningWatch: @unchecked Sendable {
        private let lock = NSLock()
        private var buffer = Data()
        private var child: StreamingChild?
        private var exitStatus: Int32??
        private var task: Task<Void, Never>?

        init(_ standin: Standin, _ arguments: [String]) throws {
            let binary = try #require(Standin.binary)
            let request = StreamRequest(executablePath: binary, arguments: [binary] + arguments,
                                        environment: standin.environment().map { "\($0.key)=\($0.value)" },
                                        terminationGrace: .milliseconds(300))
            task = Task { [self] in
                let outcome = try? await ChildProcess.stream(request) { child in
                    self.lock.withLock { self.child = child }
                    for try await chunk in child.chunks {
                        self.lock.withLock { self.buffer.append(contentsOf: chunk) }
                    }
                    return true
                }
                let status: Int32? = if case .exited(let code)? = outcome?.termination { code } else { nil }
                lock.withLock { exitStatus = .some(status) }
            }
        }

        private var isRunning: Bool { lock.withLock { exitStatus == nil } }

        /// `TYPE name uid` of every complete event printed so far (concatenated JSON objects).
        func events() -> [String] {
            let text = lock.withLock { String(decoding: buffer, as: UTF8.self) }
            var result: [String] = []
            var depth = 0, start: String.Index?, inString = false, escaped = false
            for index in text.indices {
                let character = text[index]
                if inString {
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                    continue
                }
                switch character {
                case "\"": inString = true
                case "{":
                    if depth == 0 { start = index }
                    depth += 1
                case "}":
                    depth -= 1
                    if depth == 0, let begin = start,
                       let object = try? JSONSerialization.jsonObject(with: Data(text[begin...index].utf8)) as? [String: Any],
                       let type = object["type"] as? String, let body = object["object"] as? [String: Any] {
                        let metadata = body["metadata"] as? [String: Any] ?? [:]
                        let name = metadata["name"] as? String ?? "\(body["code"] ?? "")"
                        result.append("\(type) \(name) \(String((metadata["uid"] as? String ?? "").prefix(8)))")
                    }
                default: break
                }
            }
            return result
        }

        /// Waits, up to a generous deadline, until `count` events have arrived (never blocking a
        /// thread of the cooperative pool).
        func waitForEvents(_ count: Int, seconds: Double = 30) async -> [String] {
            let deadline = Date().addingTimeInterval(seconds)
            while events().count < count && Date() < deadline && isRunning {
                try? await Task.sleep(for: .milliseconds(20))  // polling a condition, bounded by the deadline
            }
            return events()
        }

        /// Waits, up to a generous deadline, for the process to end on its own; its exit status.
        func waitForExit(seconds: Double = 30) async -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while isRunning && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(20))  // polling a condition, bounded by the deadline
            }
            return lock.withLock { exitStatus ?? nil }
        }

        /// Ends the watch (a test never leaves one behind): SIGTERM then SIGKILL to its group.
        func stop() {
            lock.withLock { child }?.stop()
            task?.cancel()
        }

        deinit { stop() }
    }

    @Test("3 → 1 → 3 → 2 : chaque suppression et chaque recréation (nouvel uid) est diffusée, dans l'ordre")
    func scaleSequence() async throws {
        let standin = try Standin(scenario: "sts-ready")
        let watch = try RunningWatch(standin, ["get", "pods", "--watch", "--output-watch-events", "-o", "json", "-n", standin.namespace])
        defer { watch.stop() }
        #expect(await watch.waitForEvents(3).count == 3)
        let states = ["scale-1-a", "scale-1-b", "scale-3-a", "scale-3-b", "scale-2"]
        try Data((["sts-ready"] + states).map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: standin.statePath))
        let events = await watch.waitForEvents(8).dropFirst(3)
        #expect(Array(events) == [
            "DELETED postgres-2 a4d2c9e7", "DELETED postgres-1 6b1e0f3c", "ADDED postgres-1 e0b3f5a4",
            "ADDED postgres-2 f1c4a6b5", "DELETED postgres-2 f1c4a6b5",
        ])
    }

    @Test("Redémarrage progressif : chaque Pod est supprimé puis recréé, du plus grand ordinal au plus petit")
    func rollingRestart() async throws {
        let standin = try Standin(scenario: "sts-ready")
        let watch = try RunningWatch(standin, ["get", "pods", "-w", "--output-watch-events", "-o", "json", "-n", standin.namespace])
        defer { watch.stop() }
        #expect(await watch.waitForEvents(3).count == 3)
        let states = ["sts-ready", "restart-1", "restart-2", "restart-3", "restart-4", "restart-5", "restart-done"]
        try Data(states.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: standin.statePath))
        let events = await watch.waitForEvents(9).dropFirst(3).map { String($0.split(separator: " ").prefix(2).joined(separator: " ")) }
        #expect(Array(events) == [
            "DELETED postgres-2", "ADDED postgres-2", "DELETED postgres-1", "ADDED postgres-1", "DELETED postgres-0", "ADDED postgres-0",
        ])
    }

    @Test("410 Expired : un événement ERROR portant le Status 410, puis la fin du flux")
    func expired() async throws {
        let standin = try Standin(scenario: "sts-ready")
        let watch = try RunningWatch(standin, ["get", "statefulsets", "--watch", "--output-watch-events", "-o", "json", "-A"])
        #expect(await watch.waitForEvents(1).count == 1)
        try standin.setScenario("sts-ready\nwatch-gone")
        let events = await watch.waitForEvents(2)
        #expect(events.last == "ERROR 410 ")
        #expect(await watch.waitForExit() == 0)
    }

    @Test("État réécrit d'une seule ligne (un test qui change de scénario) : la watch le voit aussi")
    func rewrittenState() async throws {
        let standin = try Standin(scenario: "sts-ready")
        let watch = try RunningWatch(standin, ["get", "pods", "--watch", "--output-watch-events", "-o", "json", "-n", standin.namespace])
        defer { watch.stop() }
        #expect(await watch.waitForEvents(3).count == 3)
        try standin.setScenario("scale-1-b")  // one line, as before: not a longer file
        let events = await watch.waitForEvents(5).dropFirst(3)
        #expect(Array(events) == ["DELETED postgres-1 6b1e0f3c", "DELETED postgres-2 a4d2c9e7"])
    }

    @Test("Un seul type de ressource par processus, comme kubectl")
    func singleType() async throws {
        let standin = try Standin(scenario: "sts-ready")
        let watch = try RunningWatch(standin, ["get", "pods,statefulsets", "--watch", "-o", "json"])
        #expect(await watch.waitForExit() == 1)
    }
}
