import Foundation
import Testing
import TestSupport

/// Issue 15, item 8: what counts as a view and what counts as an attempt.
@Suite("Views and attempts: HEAD is no view, repeated clicks are one attempt")
struct ReadingAndClickingTests {
    static let step = "/api/lessons/statefulsets-postgresql/steps/service-headless"

    static func stepRecord(_ app: TestApp, token: String) async throws -> [String: Any]? {
        let me = try await app.client().get("/api/me", headers: TestApp.bearer(token)).json()
        let lessons = me["lessons"] as? [String: Any]
        let steps = (lessons?["statefulsets-postgresql"] as? [String: Any])?["steps"] as? [String: Any]
        return steps?["service-headless"] as? [String: Any]
    }

    @Test func headOnAStepRecordsNoFirstView() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let head = try await app.client().request("HEAD", Self.step, headers: TestApp.bearer(learner.token))
        #expect(head.status == 200)
        #expect(try await Self.stepRecord(app, token: learner.token)?["firstViewedAt"] is NSNull)
        let get = try await app.client().get(Self.step, headers: TestApp.bearer(learner.token))
        #expect(get.status == 200)
        #expect(try await Self.stepRecord(app, token: learner.token)?["firstViewedAt"] as? String != nil)
    }

    /// 50 clicks of one learner while the first one's kubectl is held at the stand-in's gate: all
    /// join that run (the `atelier_check_clicks_joined` gauge says when all 49 others wait), then the
    /// gate opens. One attempt, one failure in a row — not 50, which would flag the learner as stuck.
    @Test func fiftySimultaneousClicksAreOneAttempt() async throws {
        let gateFolder = try TemporaryDirectory(prefix: "atelier-gate")
        defer { gateFolder.remove() }
        let gate = gateFolder.url.appendingPathComponent("gate")
        #expect(mkfifo(gate.path, 0o600) == 0)
        let app = try await TestApp(scenario: "service-clusterip", standinEnvironment: ["KUBECTL_STANDIN_GATE": gate.path])
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let port = app.port
        let clicks = Task.detached {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await HTTPTestClient(port: port).request("POST", Self.step + "/check",
                                                                     headers: TestApp.bearer(learner.token), body: []).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        let joined = await Self.waitForGauge(app, "atelier_check_clicks_joined", toReach: 49)
        #expect(joined, "the 49 later clicks never all joined the first one")
        // Opening the gate for writing (O_RDWR never blocks) releases every waiting stand-in; kept
        // open until the end so later invocations pass straight through.
        let opened = open(gate.path, O_RDWR | O_CLOEXEC)
        #expect(opened >= 0)
        defer { close(opened) }
        let statuses = try await clicks.value
        #expect(statuses == Array(repeating: 200, count: 50))
        let record = try await Self.stepRecord(app, token: learner.token)
        #expect(record?["attempts"] as? Int == 1)
        let detail = try await app.client().get("/api/progress/\(learner.id)", headers: TestApp.bearer(TestApp.trainerToken)).json()
        #expect((detail["history"] as? [Any])?.count == 1)
        let cell = (detail["steps"] as? [String: Any])?["service-headless"] as? [String: Any]
        #expect(cell?["attempts"] as? Int == 1)
        #expect(cell?["failedInARow"] as? Int == 1)
        #expect(detail["stuck"] as? Bool == false, "one failed attempt flagged the learner as stuck")
    }

    /// Reads a gauge of /metrics until it reaches `value`; /metrics is the signal, the bound generous.
    static func waitForGauge(_ app: TestApp, _ name: String, toReach value: Double, timeout: Duration = .seconds(60)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let text = try? await app.client().get("/metrics", headers: TestApp.bearer(TestApp.trainerToken)).text,
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + " ") }),
               let current = Double(line.split(separator: " ").last ?? ""), current >= value {
                return true
            }
            await Task.yield()
        }
        return false
    }
}
