import Foundation
import Testing
import TestSupport

/// Each step's checks through `POST …/check`, the real runner and the stand-in kubectl: a cluster
/// where the step is done passes, a cluster where it is not fails with a message saying what was seen.
@Suite("Step checks over HTTP against stand-in clusters")
struct StepChecksOverHTTPTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let step: String
        let scenario: String
        let passes: Bool
        /// Words the failing verdict must contain (what was seen).
        let mentions: [String]
        var testDescription: String { "\(step) on \(scenario)" }
    }

    static let cases: [Case] = [
        Case(step: "preparation", scenario: "empty", passes: true, mentions: []),
        Case(step: "preparation", scenario: "no-addons", passes: false, mentions: ["CoreDNS"]),
        Case(step: "deployment", scenario: "all-ok", passes: true, mentions: []),
        Case(step: "deployment", scenario: "empty", passes: false, mentions: ["demo-deployment", "n'existe pas"]),
        Case(step: "deployment", scenario: "deployment-partial", passes: false, mentions: ["demo-deployment", "que 1 Pod(s) prêt(s) sur 3"]),
        Case(step: "service-headless", scenario: "headless-ok", passes: true, mentions: []),
        Case(step: "service-headless", scenario: "service-clusterip", passes: false, mentions: ["10.152.183.12", "clusterIP: None"]),
        Case(step: "service-headless", scenario: "service-wrong", passes: false, mentions: ["POSTGRES_PASSWORD"]),
        Case(step: "statefulset", scenario: "sts-ready", passes: true, mentions: []),
        Case(step: "statefulset", scenario: "sts-crashloop", passes: false, mentions: ["CrashLoopBackOff"]),
        Case(step: "statefulset", scenario: "sts-partial", passes: false, mentions: ["postgres-2", "CrashLoopBackOff"]),
        Case(step: "statefulset", scenario: "parallel", passes: false, mentions: ["Parallel"]),
        Case(step: "statefulset", scenario: "sts-wrong", passes: false, mentions: ["postgres:17"]),
        Case(step: "stockage", scenario: "pvc-ok", passes: true, mentions: []),
        Case(step: "stockage", scenario: "pvc-pending", passes: false, mentions: ["data-postgres-2"]),
        Case(step: "stockage", scenario: "pvc-wrong-class", passes: false, mentions: ["standard"]),
        Case(step: "persistance", scenario: "persistence-ok", passes: true, mentions: []),
        Case(step: "persistance", scenario: "persistence-not-restarted", passes: false, mentions: ["postgres-0"]),
        Case(step: "persistance", scenario: "persistence-no-table", passes: false, mentions: ["cours"]),
        Case(step: "dns", scenario: "dns-ok", passes: true, mentions: []),
        Case(step: "dns", scenario: "dns-wrong-ip", passes: false, mentions: ["postgres-0"]),
        Case(step: "ordre-suppression", scenario: "all-ok", passes: true, mentions: []),
        Case(step: "ordre-suppression", scenario: "markers-missing", passes: false,
             mentions: ["La table marqueur n'existe pas dans postgres-1", "La table marqueur de postgres-2 ne contient pas"]),
        Case(step: "ordre-suppression", scenario: "scaled-down-wrong-order", passes: false, mentions: ["postgres-1"]),
    ]

    @Test(arguments: cases)
    func stepVerdict(_ example: Case) async throws {
        let app = try await TestApp(scenario: example.scenario)
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/\(example.step)/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        #expect(reply.status == 200)
        let json = try reply.json()
        #expect(json["step"] as? String == example.step)
        #expect(json["durationMs"] is Int)
        #expect(json["passed"] as? Bool == example.passes, "\(reply.text)")
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(!checks.isEmpty)
        let failed = checks.filter { $0["status"] as? String != "passed" }
        if example.passes {
            #expect(failed.isEmpty)
            #expect(checks.allSatisfy { $0["hint"] == nil })
        } else {
            #expect(!failed.isEmpty)
            let text = failed.compactMap { $0["message"] as? String }.joined(separator: " ")
            for word in example.mentions { #expect(text.contains(word), "« \(word) » missing from: \(text)") }
            // A check that failed on its own has a hint; one skipped because a check it requires
            // failed has none, and says it was not judged.
            #expect(failed.allSatisfy { ($0["hint"] as? String)?.isEmpty == false || $0["status"] as? String != "failed" })
            let skipped = failed.filter { $0["status"] as? String == "skipped" }
            #expect(skipped.allSatisfy { $0["hint"] == nil && ($0["message"] as? String)?.hasPrefix("Non vérifié") == true })
        }
        // The secret's value never leaves the server.
        #expect(!reply.text.contains("atelier-postgres-55"))
    }

    /// Checks that depend on another: when the prerequisite failed, the dependent is `skipped`,
    /// names the prerequisite and gives no hint — no two checks of a step contradict each other.
    @Test func dependentChecksAreSkippedNotContradictory() async throws {
        let app = try await TestApp(scenario: "empty")
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/service-headless/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        let checks = try #require(try reply.json()["checks"] as? [[String: Any]])
        let byId = Dictionary(uniqueKeysWithValues: checks.map { ($0["id"] as? String ?? "", $0) })
        #expect(byId["service-exists"]?["status"] as? String == "failed")
        for id in ["headless", "selector", "port"] {
            #expect(byId[id]?["status"] as? String == "skipped", "\(id): \(reply.text)")
            #expect(byId[id]?["hint"] == nil)
            #expect((byId[id]?["message"] as? String)?.contains("Le Service postgres-service existe") == true)
        }
        #expect(!reply.text.contains("supprimez-le"))

        try app.use(scenario: "persistence-not-restarted")
        let persistence = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/persistance/check",
                                                         headers: TestApp.bearer(learner.token), body: [])
        let verdicts = try #require(try persistence.json()["checks"] as? [[String: Any]])
        let older = try #require(verdicts.first { $0["id"] as? String == "older-than-restart" })
        let recreated = try #require(verdicts.first { $0["id"] as? String == "recreated" })
        #expect(older["status"] as? String == "failed")
        #expect(recreated["status"] as? String == "skipped", "\(persistence.text)")
        #expect(!persistence.text.contains("survécu »") || recreated["status"] as? String != "passed")
    }

    @Test(arguments: ["unreachable-refused", "unauthorized", "forbidden", "microk8s-stopped", "garbage-output"])
    func unaskableClusterIsStill200WithErrors(scenario: String) async throws {
        let app = try await TestApp(scenario: scenario)
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/statefulset/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        #expect(reply.status == 200)
        let json = try reply.json()
        #expect(json["passed"] as? Bool == false)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.allSatisfy { $0["status"] as? String == "error" }, "\(reply.text)")
        #expect(checks.allSatisfy { ($0["message"] as? String)?.isEmpty == false })
    }

    /// kubectl without a configuration: nothing on localhost:8080, or something that is not
    /// Kubernetes there (Atelier itself, on the port it used to default to). The environment
    /// says so with the fix; the checks are `error` with the same reason, never « the/? ».
    @Test(arguments: [
        ("no-kubeconfig", "microk8s config > ~/.kube/config"),
        ("not-kubernetes", "n'est pas un serveur API Kubernetes"),
    ])
    func kubectlWithoutConfigurationIsExplained(scenario: String, words: String) async throws {
        let app = try await TestApp(scenario: scenario)
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let environment = try await app.client().get("/api/environment", headers: TestApp.bearer(learner.token)).json()
        #expect(environment["ready"] as? Bool == false)
        #expect((environment["message"] as? String)?.contains(words) == true, "\(environment)")
        let cluster = try #require((environment["checks"] as? [[String: Any]])?.first { $0["id"] as? String == "cluster" })
        #expect(cluster["status"] as? String == "failed")
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/statefulset/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        #expect(reply.status == 200)
        let checks = try #require(try reply.json()["checks"] as? [[String: Any]])
        #expect(checks.allSatisfy { $0["status"] as? String == "error" }, "\(reply.text)")
        #expect(checks.allSatisfy { ($0["message"] as? String)?.contains(words) == true }, "\(reply.text)")
        #expect(!reply.text.contains("the/?"))
    }

    @Test func kubectlMissingIsExplained() async throws {
        let app = try await TestApp(configure: { $0.cluster.kubectl = ["/nonexistent/kubectl"] })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let environment = try await app.client().get("/api/environment", headers: TestApp.bearer(learner.token)).json()
        #expect(environment["ready"] as? Bool == false)
        #expect((environment["message"] as? String)?.contains("kubectl") == true)
        let reply = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/dns/check",
                                                   headers: TestApp.bearer(learner.token), body: [])
        #expect(reply.status == 200)
        #expect((try reply.json()["checks"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "error" } == true)
    }

    @Test func environmentIsReadyOnAHealthyCluster() async throws {
        let app = try await TestApp(scenario: "all-ok")
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let json = try await app.client().get("/api/environment", headers: TestApp.bearer(learner.token)).json()
        #expect(json["ready"] as? Bool == true)
        #expect(json["message"] as? String == "✅ Ready!")
    }

    @Test func clusterViewShowsPodsClaimsAndEvents() async throws {
        let app = try await TestApp(scenario: "sts-ready")
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let json = try await app.client().get("/api/lessons/statefulsets-postgresql/cluster", headers: TestApp.bearer(learner.token)).json()
        #expect(json["namespace"] as? String == "default")
        #expect((json["statefulset"] as? [String: Any])?["readyReplicas"] as? Int == 3)
        let pods = try #require(json["pods"] as? [[String: Any]])
        #expect(pods.compactMap { $0["name"] as? String } == ["postgres-0", "postgres-1", "postgres-2"])
        #expect((json["pvcs"] as? [[String: Any]])?.count == 3)
        #expect((json["events"] as? [[String: Any]])?.contains { ($0["message"] as? String)?.contains("create Pod postgres-1") == true } == true)
        #expect(json["error"] is NSNull)
    }

    @Test func wrongQuizAnswersFailWithoutRevealingTheKey() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let key = try QuizKey.answers()
        var wrong: [String: [String]] = [:]
        for (question, answer) in key { wrong[question] = ["a", "b", "c", "d"].filter { !answer.contains($0) }.prefix(1).map { $0 } }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["answers": wrong]), as: UTF8.self)
        let reply = try await app.client().postJSON("/api/lessons/statefulsets-postgresql/steps/quiz/check", body,
                                                    headers: TestApp.bearer(learner.token))
        let json = try reply.json()
        #expect(json["passed"] as? Bool == false)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.count == key.count)
        #expect(checks.allSatisfy { $0["status"] as? String == "failed" })
        for bad in [#"{"answers": "b"}"#, #"{"answers": {"q1": 3}}"#, #"{"reponses": {}}"#] {
            let rejected = try await app.client().postJSON("/api/lessons/statefulsets-postgresql/steps/quiz/check", bad,
                                                           headers: TestApp.bearer(learner.token))
            #expect(rejected.status == 400, "\(bad)")
        }
        let conclusion = try await app.client().request("POST", "/api/lessons/statefulsets-postgresql/steps/conclusion/check",
                                                         headers: TestApp.bearer(learner.token), body: [])
        #expect(conclusion.status == 409)
    }
}
