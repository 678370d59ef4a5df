import AtelierApp
import Foundation
import Testing
import TestSupport

/// A learner's data (issue 14, item 3): export and erasure by the learner and the trainer, the
/// retention rule, and erasure surviving SIGKILL at each of its steps (real binary).
@Suite("Learner data: export, erasure, retention")
struct LearnerDataTests {
    static let lesson = "statefulsets-postgresql"

    /// A learner with progress, a check run, a timeline file and an uploaded kubeconfig.
    static func fullLearner(_ app: TestApp, name: String = "Camille Export") async throws -> (id: String, token: String) {
        let learner = try await app.register(name)
        let client = app.client()
        _ = try await client.request("POST", "/api/lessons/\(lesson)/steps/deployment/check", headers: TestApp.bearer(learner.token), body: [])
        let put = try await LearnerKubeconfigTests.put(app, learner.token, LearnerKubeconfigTests.microk8s())
        #expect(put.status == 204)
        let timeline = app.data.url.appendingPathComponent("timelines/\(learner.id).json")
        try Data(#"{"entries":[{"object":"Pod/postgres-0","ip":"10.1.254.78"}]}"#.utf8).write(to: timeline)
        return learner
    }

    /// Learner kubeconfigs on, observation off (the test writes the timeline itself) but a timelines
    /// folder left from a time it was on: an erasure must clean it as well.
    static func withTimelines(_ config: inout AppConfig) {
        config.cluster.learnerKubeconfig = true
        try? FileManager.default.createDirectory(at: config.dataDir.appendingPathComponent("timelines"), withIntermediateDirectories: true)
    }

    static func files(of id: String, in data: URL) -> [String] {
        ["\(id).json", "\(id).erasing", "timelines/\(id).json", "kubeconfigs/\(id).json"]
            .filter { FileManager.default.fileExists(atPath: data.appendingPathComponent($0).path) }
    }

    @Test("export: everything kept about the learner, no token hash, no kubeconfig; learner and trainer")
    func export() async throws {
        let app = try await TestApp(scenario: "empty", configure: Self.withTimelines)
        defer { Task { await app.stop() } }
        let learner = try await Self.fullLearner(app)
        for (path, headers) in [("/api/me/export", TestApp.bearer(learner.token)),
                                ("/api/progress/\(learner.id)/export", TestApp.bearer(TestApp.trainerToken))] {
            let reply = try await app.client().get(path, headers: headers)
            #expect(reply.status == 200, "\(path)")
            #expect(reply.header("Content-Disposition") == "attachment; filename=\"atelier-donnees-\(learner.id).json\"")
            let json = try reply.json()
            #expect(json["format"] as? String == "atelier-export-1")
            let record = try #require(json["learner"] as? [String: Any])
            #expect(record["name"] as? String == "Camille Export")
            #expect(record["tokenHash"] == nil)
            #expect(reply.text.contains("demo-deployment"), "the check messages (cluster object names) are part of it")
            #expect(reply.text.contains("10.1.254.78"), "the timeline is part of it")
            #expect((json["clusterConnection"] as? [String: Any])?["server"] as? String == "https://10.1.2.3:16443")
            #expect(!reply.text.contains("Q0xFLVBSSVZFRS1TRUNSRVRF"), "never the kubeconfig's credentials")
        }
        #expect(try await app.client().get("/api/progress/\(learner.id)/export").status == 401)
        #expect(try await app.client().get("/api/progress/\(learner.id)/export", headers: TestApp.bearer(learner.token)).status == 401)
        #expect(try await app.client().get("/api/progress/aaaaaaaaaaaa/export", headers: TestApp.bearer(TestApp.trainerToken)).status == 404)
    }

    @Test("erasure by the learner: every file gone, token refused, dashboard without them at once")
    func learnerErases() async throws {
        let app = try await TestApp(scenario: "empty", configure: Self.withTimelines)
        defer { Task { await app.stop() } }
        let learner = try await Self.fullLearner(app)
        let other = try await app.register("Dominique Reste")
        #expect(Self.files(of: learner.id, in: app.data.url).count == 3)
        let foreign = try await app.client().request("DELETE", "/api/me",
            headers: TestApp.bearer(learner.token).merging(["Origin": "http://evil.example"]) { $1 })
        #expect(foreign.status == 403, "a cross-site page cannot erase a learner")
        let reply = try await app.client().request("DELETE", "/api/me", headers: TestApp.bearer(learner.token))
        #expect(reply.status == 204)
        #expect(Self.files(of: learner.id, in: app.data.url) == [])
        #expect(try await app.client().get("/api/me", headers: TestApp.bearer(learner.token)).status == 401)
        let progress = try await app.client().get("/api/progress?class=all", headers: TestApp.bearer(TestApp.trainerToken)).text
        #expect(!progress.contains(learner.id) && progress.contains(other.id))
        #expect(try await app.client().get("/api/progress/\(learner.id)", headers: TestApp.bearer(TestApp.trainerToken)).status == 404)
    }

    @Test("erasure by the trainer: 204, then 404; trainer token required")
    func trainerErases() async throws {
        let app = try await TestApp(scenario: "empty", configure: Self.withTimelines)
        defer { Task { await app.stop() } }
        let learner = try await Self.fullLearner(app)
        #expect(try await app.client().request("DELETE", "/api/progress/\(learner.id)", headers: TestApp.bearer(learner.token)).status == 401)
        #expect(Self.files(of: learner.id, in: app.data.url).count == 3)
        let reply = try await app.client().request("DELETE", "/api/progress/\(learner.id)", headers: TestApp.bearer(TestApp.trainerToken))
        #expect(reply.status == 204)
        #expect(Self.files(of: learner.id, in: app.data.url) == [])
        #expect(try await app.client().get("/api/me", headers: TestApp.bearer(learner.token)).status == 401)
        let again = try await app.client().request("DELETE", "/api/progress/\(learner.id)", headers: TestApp.bearer(TestApp.trainerToken))
        #expect(again.status == 404)
        #expect(again.text.contains("learner_not_found"))
    }

    @Test("retentionDays erases learners inactive for longer at start-up, keeps the others")
    func retention() async throws {
        let later = Date().addingTimeInterval(2 * 86_400)
        // Two days from now by the App's clock: B's step view is recorded then; A only registered today.
        let first = try await TestApp(scenario: "empty", now: { later })
        let idle = try await first.register("Inactif")
        let active = try await first.register("Actif")
        #expect(try await first.client().get("/api/lessons/\(Self.lesson)/steps/deployment", headers: TestApp.bearer(active.token)).status == 200)
        let data = first.data.url
        await first.application.shutdown()

        let logs = LogCapture()
        let second = try await TestApp(scenario: "empty", configure: { config in
            config.dataDir = data
            config.retentionDays = 1
        }, now: { later }, logs: logs)
        #expect(await second.application.services.store.learner(id: idle.id) == nil)
        #expect(await second.application.services.store.learner(id: active.id) != nil)
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("\(idle.id).json").path))
        let line = await logs.line { $0.contains("durée de conservation appliquée") }
        #expect(line.contains("erased=1 kept=1 retentionDays=1"), "\(line)")
        await second.stop()
        await first.stop()
    }
}

/// Erasure under SIGKILL at each step, with the real binary and its test hook
/// (`ATELIER_TEST_KILL_DURING_ERASURE`): after a restart the learner is there in full or not at all.
@Suite("Erasure survives SIGKILL", .serialized)
struct ErasureCrashTests {
    @Test(arguments: ["before-commit", "after-commit", "after-timeline", "after-kubeconfig"])
    func killDuringErasure(_ point: String) async throws {
        let setup = try CrashSafetyTests.setUp("atelier-erase-\(point)")
        defer { setup.folder.remove() }
        // The same config with learner kubeconfigs on.
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: setup.config)) as? [String: Any])
        var cluster = try #require(config["cluster"] as? [String: Any])
        cluster["learnerKubeconfig"] = true
        config["cluster"] = cluster
        try JSONSerialization.data(withJSONObject: config).write(to: setup.config)

        // Observation is off in this config: a timelines folder from a time it was on.
        try FileManager.default.createDirectory(at: setup.data.appendingPathComponent("timelines"), withIntermediateDirectories: true)
        var environment = setup.environment
        environment["ATELIER_TEST_KILL_DURING_ERASURE"] = point
        let server = ServerProcess(config: setup.config, environment: environment)
        try await server.startOffPool()
        let client = HTTPTestClient(port: server.port)
        let created = try await client.postJSON("/api/learners", #"{"name": "Effacé"}"#).json()
        let id = try #require(created["id"] as? String)
        let token = try #require(created["token"] as? String)
        let upload = try await client.request("PUT", "/api/me/kubeconfig", headers: ["Authorization": "Bearer \(token)"],
                                              body: Array(LearnerKubeconfigTests.microk8s().utf8))
        #expect(upload.status == 204)
        try Data(#"{"entries":[]}"#.utf8).write(to: setup.data.appendingPathComponent("timelines/\(id).json"))
        #expect(LearnerDataTests.files(of: id, in: setup.data).count == 3)

        // The erasure request: the server kills itself at `point`, so no answer comes.
        _ = try? await HTTPTestClient(port: server.port).request("DELETE", "/api/me", headers: ["Authorization": "Bearer \(token)"])
        let status = await server.waitOffPool()
        #expect(status == SIGKILL, "killed by its own hook at \(point)")
        let left = LearnerDataTests.files(of: id, in: setup.data)
        if point == "before-commit" {
            #expect(left.count == 3, "\(left)")
        } else {
            #expect(left.contains("\(id).erasing") && !left.contains("\(id).json"), "\(left)")
        }

        // Restart without the hook: all or nothing.
        let again = ServerProcess(config: setup.config, environment: setup.environment)
        try await again.startOffPool()
        defer { again.kill(signal: SIGKILL); _ = again.wait(timeout: 30) }
        let me = try await HTTPTestClient(port: again.port).get("/api/me", headers: ["Authorization": "Bearer \(token)"])
        let after = LearnerDataTests.files(of: id, in: setup.data)
        if point == "before-commit" {
            #expect(me.status == 200)
            #expect(after.count == 3, "the learner in full: \(after)")
        } else {
            #expect(me.status == 401)
            #expect(after == [], "nothing of the learner: \(after)")
        }
    }
}
