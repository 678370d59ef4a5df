import Foundation
import Testing
import TestSupport
@testable import AtelierApp

/// `GET /api/lessons/{lesson}/live?step=STEP`: the live page's Server-Sent Events through the real
/// server and the stand-in kubectl (its watches follow the appended states).
@Suite("Flux en direct : panneau et vérifications poussés par le serveur")
struct LiveStreamTests {
    static let lesson = "statefulsets-postgresql"
    static let live = "/api/lessons/statefulsets-postgresql/live?step=statefulset"

    /// The events of a stream's text, in order (comments left out).
    static func events(_ text: String) -> [(event: String, data: String)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var event = "message"
            var data: [String] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            return data.isEmpty ? nil : (event, data.joined(separator: "\n"))
        }
    }

    static func headers(_ token: String) -> [String: String] {
        ["Authorization": "Bearer \(token)", "Accept": "text/event-stream"]
    }

    /// `id → status` of an `event: checks` body (empty for anything else).
    static func checkStatuses(_ data: String) throws -> [String: String] {
        let json = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
        let checks = json?["checks"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: checks.compactMap { check in
            (check["id"] as? String).map { ($0, check["status"] as? String ?? "") }
        })
    }

    /// Waits until the learner's last live refresh was taken at the observer's current revision:
    /// the watches' first lists are served and nothing is left to refresh (polling a condition,
    /// bounded by a deadline).
    static func waitUntilSettled(_ app: TestApp, _ learner: String, seconds: Double = 60) async -> Bool {
        let services = app.application.services
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let current = await services.revision(of: learner), services.liveStreams.servedRevision(learner) == current {
                return true
            }
            try? await Task.sleep(for: .milliseconds(50))  // polling a condition, bounded by the deadline
        }
        return false
    }

    /// kubectl runs other than the long-lived watches (lists and gets), from the stand-in's log.
    static func snapshotRuns(_ app: TestApp) -> Int {
        app.standinLog.split(separator: "\n").filter { !$0.contains("--watch") }.count
    }

    /// A stream opened by `token`, read up to its first two events (cluster, checks).
    static func openLive(_ app: TestApp, _ token: String) async throws -> (client: HTTPTestClient, first: HTTPTestClient.StreamRead) {
        let client = app.client()
        _ = try await client.openStream(Self.live, headers: Self.headers(token))
        return (client, try await client.readStream { Self.events($0).count >= 2 })
    }

    static func observed(_ configure: @escaping (inout AppConfig) -> Void = { _ in }) -> (inout AppConfig) -> Void {
        { config in
            config.cluster.observeIdleMinutes = 30
            configure(&config)
        }
    }

    @Test("en-têtes, puis un événement cluster identique à GET …/cluster et un événement checks")
    func headersAndFirstEvents() async throws {
        let app = try await TestApp(scenario: "sts-ready")
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let client = app.client()
        let head = try await client.openStream(Self.live, headers: Self.headers(learner.token))
        #expect(head.status == 200)
        #expect(head.header("content-type") == "text/event-stream; charset=utf-8")
        #expect(head.header("cache-control") == "no-store")
        let read = try await client.readStream { Self.events($0).count >= 2 }
        let events = Self.events(read.text)
        #expect(events.map(\.event) == ["cluster", "checks"])
        let panel = try await app.client().get("/api/lessons/\(Self.lesson)/cluster", headers: TestApp.bearer(learner.token))
        #expect(events[0].data == panel.text)
        let checks = try #require(try JSONSerialization.jsonObject(with: Data(events[1].data.utf8)) as? [String: Any])
        #expect(checks["step"] as? String == "statefulset")
        let list = try #require(checks["checks"] as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == ["exists", "service-name", "selector-matches", "image", "pgdata",
                                                      "password", "readiness", "ready", "order"])
        #expect(list.allSatisfy { Set(($0 as [String: Any]).keys) == ["id", "status", "message"] })
        #expect(try Self.checkStatuses(events[1].data)["exists"] == "passed")
    }

    @Test("requêtes refusées : jeton, leçon, étape, Accept, jeton dans l'adresse")
    func preciseRefusals() async throws {
        let app = try await TestApp(scenario: "sts-ready")
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let accept = ["Accept": "text/event-stream"]
        func status(_ target: String, _ headers: [String: String]) async throws -> (Int, String) {
            let reply = try await app.client().get(target, headers: headers)
            let error = (try? reply.json())?["error"] as? [String: Any]
            return (reply.status, error?["code"] as? String ?? "")
        }
        #expect(try await status(Self.live, accept) == (401, "unauthorized"))
        #expect(try await status(Self.live, ["Authorization": "Bearer nope-nope-nope", "Accept": "text/event-stream"]) == (401, "unauthorized"))
        #expect(try await status("/api/lessons/nope/live?step=statefulset", Self.headers(learner.token)) == (404, "lesson_not_found"))
        #expect(try await status("/api/lessons/\(Self.lesson)/live", Self.headers(learner.token)) == (400, "step_required"))
        #expect(try await status("/api/lessons/\(Self.lesson)/live?step=nope", Self.headers(learner.token)) == (404, "step_not_found"))
        #expect(try await status(Self.live, TestApp.bearer(learner.token)) == (406, "not_acceptable"))
        #expect(try await status(Self.live, ["Authorization": "Bearer \(learner.token)", "Accept": "application/json"]) == (406, "not_acceptable"))
        #expect(try await status(Self.live + "&token=\(learner.token)", Self.headers(learner.token)) == (400, "token_in_url"))
    }

    @Test("un changement du cluster vu par les watches pousse cluster et checks, sans clic")
    func changePushesClusterAndChecks() async throws {
        let app = try await TestApp(scenario: "sts-partial", configure: Self.observed())
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let (client, first) = try await Self.openLive(app, learner.token)
        #expect(try Self.checkStatuses(Self.events(first.text)[1].data)["ready"] == "failed")
        #expect(await ObservationTests.waitForWatches(app, 6))
        try app.append(scenario: "sts-ready")
        let next = try await client.readStream { text in
            let events = Self.events(text)
            return events.count >= 4 && events.dropFirst(2).contains { $0.event == "checks" } && events.dropFirst(2).contains { $0.event == "cluster" }
        }
        let later = Array(Self.events(next.text).dropFirst(2))
        let checks = try #require(later.last { $0.event == "checks" })
        #expect(try Self.checkStatuses(checks.data)["ready"] == "passed", "\(next.text)")
        let cluster = try #require(later.last { $0.event == "cluster" })
        #expect(cluster.data.contains("\"readyReplicas\":3"))
    }

    @Test("une rafale de changements : au plus un rafraîchissement par seconde, un kubectl chacun")
    func burstIsCoalesced() async throws {
        let app = try await TestApp(scenario: "sts-partial", configure: Self.observed())
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let (client, _) = try await Self.openLive(app, learner.token)
        #expect(await ObservationTests.waitForWatches(app, 6))
        #expect(await Self.waitUntilSettled(app, learner.id))
        let before = app.application.services.liveStreams.refreshes
        let runsBefore = Self.snapshotRuns(app)
        let started = Date()
        // Ten changes written at once, ending in the ready state.
        for index in 0..<10 { try app.append(scenario: index % 2 == 0 ? "sts-ready" : "sts-partial") }
        try app.append(scenario: "sts-ready")
        let read = try await client.readStream { text in
            Self.events(text).dropFirst(2).contains { $0.event == "checks" && (try? Self.checkStatuses($0.data)["ready"]) == "passed" }
        }
        #expect(!read.ended)
        let elapsed = Date().timeIntervalSince(started)
        let refreshes = app.application.services.liveStreams.refreshes - before
        // At most one refresh a second (the first may come at once), whatever the number of changes.
        #expect(refreshes >= 1)
        #expect(Double(refreshes) <= elapsed + 1, "\(refreshes) refreshes in \(elapsed) s")
        // One kubectl per refresh, none for anything else.
        #expect(await Self.waitUntilSettled(app, learner.id))
        #expect(Self.snapshotRuns(app) - runsBefore == app.application.services.liveStreams.refreshes - before, "\(app.standinLog)")
    }

    @Test("un flux calme reçoit « : ping »")
    func quietStreamIsPinged() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: { $0.live.heartbeatSeconds = 0.2 })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let client = app.client()
        _ = try await client.openStream(Self.live, headers: Self.headers(learner.token))
        let read = try await client.readStream { $0.contains("\n: ping\n\n") || $0.hasPrefix(": ping\n\n") }
        #expect(!read.ended)
    }

    @Test("page ouverte, apprenant inactif : aucun kubectl au-delà des watches")
    func idleLearnerCostsNoKubectl() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: Self.observed { $0.live.heartbeatSeconds = 0.2 })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let (client, _) = try await Self.openLive(app, learner.token)
        #expect(await ObservationTests.waitForWatches(app, 6))
        #expect(await Self.waitUntilSettled(app, learner.id))
        let runs = Self.snapshotRuns(app)
        let refreshes = app.application.services.liveStreams.refreshes
        // Ten heartbeats (each also re-checks the token and keeps the watch): the signal that time passed.
        let read = try await client.readStream { $0.components(separatedBy: ": ping\n\n").count > 10 }
        #expect(!read.ended)
        #expect(Self.snapshotRuns(app) == runs, "\(app.standinLog)")
        #expect(app.application.services.liveStreams.refreshes == refreshes)
    }

    @Test("sans observation : rafraîchissement périodique de secours")
    func fallbackRefreshWithoutObservation() async throws {
        let app = try await TestApp(scenario: "sts-partial", configure: { $0.live.refreshSeconds = 1 })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let (client, _) = try await Self.openLive(app, learner.token)
        try app.use(scenario: "sts-ready")
        let read = try await client.readStream { text in
            Self.events(text).dropFirst(2).contains { $0.event == "checks" && (try? Self.checkStatuses($0.data)["ready"]) == "passed" }
        }
        #expect(!read.ended)
    }

    @Test("l'évaluation en direct n'enregistre rien dans la progression")
    func liveEvaluationRecordsNothing() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: Self.observed())
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let store = app.application.services.store
        let before = try #require(await store.learner(id: learner.id))
        let (_, read) = try await Self.openLive(app, learner.token)
        // Every check of the step passes live…
        let statuses = try Self.checkStatuses(Self.events(read.text)[1].data)
        #expect(statuses.values.allSatisfy { $0 == "passed" }, "\(statuses)")
        // …and the learner's record is exactly what it was: no run, no step passed, no view.
        let after = try #require(await store.learner(id: learner.id))
        #expect(after == before)
        #expect(after.history.isEmpty)
        let progress = try await app.client().get("/api/progress", headers: TestApp.bearer(TestApp.trainerToken))
        #expect(!progress.text.contains("\"passedAt\":\"20"))
    }

    @Test("100 flux ouverts : /healthz répond aussitôt, un seul kubectl pour les 100")
    func hundredStreamsHoldNoWorker() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: Self.observed { $0.live.streamsPerLearner = 100 })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        var clients: [HTTPTestClient] = []
        for _ in 0..<100 {
            let client = app.client()
            clients.append(client)
            #expect(try await client.openStream(Self.live, headers: Self.headers(learner.token)).status == 200)
        }
        for client in clients { _ = try await client.readStream { Self.events($0).count >= 2 } }
        #expect(app.application.services.liveStreams.total == 100)
        let probe = app.client()
        var latencies: [Double] = []
        for _ in 0..<20 {
            let before = Date()
            #expect(try await probe.get("/healthz").status == 200)
            latencies.append(Date().timeIntervalSince(before) * 1000)
        }
        #expect(latencies.max()! < 5000)  // a bound, not a measure: a held worker would never answer
        // One more than the limit: the newest is served, the oldest ends (a page the browser left
        // without the server noticing yet must not lock the learner out).
        let newest = app.client()
        #expect(try await newest.openStream(Self.live, headers: Self.headers(learner.token)).status == 200)
        let oldest = try await clients[0].readStream { _ in false }
        #expect(oldest.ended)
        #expect(app.application.services.liveStreams.total == 100)
        print("healthz with 100 live streams open: max \(String(format: "%.2f", latencies.max()!)) ms; snapshot kubectl runs: \(Self.snapshotRuns(app))")
    }

    @Test("« Vérifier » juste après un rafraîchissement en direct : le même instantané, aucun kubectl de plus")
    func checkReusesTheLiveSnapshot() async throws {
        // A long reuse window makes the sharing deterministic here; the revision still guards it.
        let app = try await TestApp(scenario: "sts-ready", configure: Self.observed { $0.live.snapshotReuseSeconds = 10 })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let (client, _) = try await Self.openLive(app, learner.token)
        #expect(await ObservationTests.waitForWatches(app, 6))
        #expect(await Self.waitUntilSettled(app, learner.id))
        let runs = Self.snapshotRuns(app)
        let check = "/api/lessons/\(Self.lesson)/steps/statefulset/check"
        let passed = try await app.client().postJSON(check, "{}", headers: TestApp.bearer(learner.token))
        #expect(try passed.json()["passed"] as? Bool == true, "\(passed.text)")
        #expect(Self.snapshotRuns(app) == runs)
        // « Vérifier » keeps its whole behaviour: the run is recorded.
        #expect(try #require(await app.application.services.store.learner(id: learner.id)).history.count == 1)
        // A change: the next live refresh fetches (one kubectl), and « Vérifier » then judges that state.
        try app.append(scenario: "sts-partial")
        _ = try await client.readStream { text in
            Self.events(text).contains { $0.event == "checks" && (try? Self.checkStatuses($0.data)["ready"]) == "failed" }
        }
        #expect(await Self.waitUntilSettled(app, learner.id))
        let afterChange = Self.snapshotRuns(app)
        #expect(afterChange > runs)
        let failed = try await app.client().postJSON(check, "{}", headers: TestApp.bearer(learner.token))
        #expect(try failed.json()["passed"] as? Bool == false)
        #expect(Self.snapshotRuns(app) == afterChange)
    }

    @Test("le jeton cesse d'être valide (reprise sur un autre navigateur) : le flux se termine")
    func streamEndsWhenTheTokenIsNoLongerValid() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: Self.observed { $0.live.heartbeatSeconds = 0.2 })
        defer { Task { await app.stop() } }
        let registration = try await app.client().postJSON("/api/learners", "{\"name\": \"Camille Dupont\"}")
        let json = try registration.json()
        let token = try #require(json["token"] as? String)
        let code = try #require(json["resumeCode"] as? String)
        let (client, _) = try await Self.openLive(app, token)
        // The learner resumes elsewhere: the token this stream was opened with stops working.
        let resumed = try await app.client().postJSON("/api/learners/resume", "{\"code\": \"\(code)\"}")
        #expect(resumed.status == 200)
        let end = try await client.readStream { _ in false }
        #expect(end.ended)
        #expect(try await app.client().get(Self.live, headers: Self.headers(token)).status == 401)
        // The ended stream gave its place back (the per-learner count).
        let deadline = Date().addingTimeInterval(30)
        while app.application.services.liveStreams.total > 0 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))  // polling a condition, bounded by the deadline
        }
        #expect(app.application.services.liveStreams.total == 0)
    }

    @Test("SIGTERM au vrai binaire : le flux ouvert se termine proprement, le serveur sort avec 0")
    func sigtermEndsAnOpenStream() async throws {
        let setup = try CrashSafetyTests.setUp("atelier-live-term")
        defer { setup.folder.remove() }
        let server = ServerProcess(config: setup.config, environment: setup.environment)
        try await server.startOffPool()
        defer { if server.process.isRunning { server.kill(signal: SIGKILL) } }
        let registration = try await HTTPTestClient(port: server.port).postJSON("/api/learners", #"{"name": "Sam"}"#).json()
        let token = try #require(registration["token"] as? String)
        let client = HTTPTestClient(port: server.port)
        #expect(try await client.openStream(Self.live, headers: Self.headers(token)).status == 200)
        _ = try await client.readStream { Self.events($0).count >= 2 }
        server.kill(signal: SIGTERM)
        #expect(try await client.readStream { _ in false }.ended)
        #expect(await server.waitOffPool() == 0, "\(server.log)")
    }

    @Test("l'arrêt du serveur termine proprement les flux ouverts")
    func shutdownEndsStreams() async throws {
        let app = try await TestApp(scenario: "sts-ready", configure: Self.observed())
        let learner = try await app.register()
        let clients = [app.client(), app.client()]
        for client in clients {
            _ = try await client.openStream(Self.live, headers: Self.headers(learner.token))
            _ = try await client.readStream { Self.events($0).count >= 2 }
        }
        await app.stop()
        for client in clients {
            #expect(try await client.readStream { _ in false }.ended)
        }
    }
}
