import Foundation
import Testing
import TestSupport

@Suite("Progress survives SIGKILL; graceful stop on SIGTERM", .serialized)
struct CrashSafetyTests {
    /// A server folder: config.json, data/, and the stand-in's scenario file (set to `all-ok`).
    struct Setup {
        let folder: TemporaryDirectory
        let data: URL
        let config: URL
        let environment: [String: String]
    }

    static func setUp(_ prefix: String) throws -> Setup {
        let folder = try TemporaryDirectory(prefix: prefix)
        let data = folder.url.appendingPathComponent("data")
        let state = folder.url.appendingPathComponent("scenario")
        try Data("all-ok".utf8).write(to: state)
        let config = try writeConfig(data: data, into: folder)
        return Setup(folder: folder, data: data, config: config, environment: standinEnvironment(state))
    }

    /// `observeIdleMinutes` 0 by default: these drills count kubectl runs; the timeline drill turns it on.
    static func writeConfig(data: URL, into folder: TemporaryDirectory, observeIdleMinutes: Int = 0) throws -> URL {
        let config: [String: Any] = [
            "host": "127.0.0.1", "port": 0, "threads": 2, "logLevel": "notice", "connectionTimeoutSeconds": 120,
            "contentDir": RepositoryPaths.content.path, "publicDir": RepositoryPaths.publicDir.path,
            "dataDir": data.path, "trainerToken": "trainer-token-for-tests-0123456789",
            "cluster": ["kubectl": [BuildProducts.executable("kubectl-standin").path], "requestTimeoutSeconds": 2,
                        "checkTimeoutSeconds": 60, "observeIdleMinutes": observeIdleMinutes],
        ]
        let url = folder.url.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        return url
    }

    static func standinEnvironment(_ state: URL) -> [String: String] {
        ["KUBECTL_STANDIN_DIR": RepositoryPaths.root.appendingPathComponent("Tests/KubectlStandin/scenarios").path,
         "KUBECTL_STANDIN_STATE": state.path]
    }

    /// What a writer saw acknowledged before the server died.
    actor Acknowledged {
        var learners: [(id: String, token: String, checks: Int)] = []
        /// Every acknowledged write, so the test can wait for a number of them.
        let writes = Countdown()
        func add(_ id: String, _ token: String) async -> Int {
            learners.append((id, token, 0))
            // Taken before the suspension: another writer's `add` may append while this one awaits
            // (actor reentrancy), and `learners.count - 1` would then name its learner.
            let slot = learners.count - 1
            await writes.add()
            return slot
        }
        func checked(_ index: Int) async {
            learners[index].checks += 1
            await writes.add()
        }
    }

    @Test func everyAcknowledgedWriteSurvivesSIGKILL() async throws {
        let setup = try Self.setUp("atelier-crash")
        defer { setup.folder.remove() }
        let data = setup.data
        let server = ServerProcess(config: setup.config, environment: setup.environment)
        try await server.startOffPool()
        let port = server.port
        let acknowledged = Acknowledged()

        // Four writers create learners and record check runs as fast as they can.
        let writers = (0..<4).map { writer in
            Task.detached {
                let client = HTTPTestClient(port: port)
                var index = 0
                while true {
                    index += 1
                    guard let reply = try? await client.postJSON("/api/learners", "{\"name\": \"Écrivain \(writer)-\(index)\"}"),
                          reply.status == 201, let json = try? reply.json(),
                          let id = json["id"] as? String, let token = json["token"] as? String else { return }
                    let slot = await acknowledged.add(id, token)
                    guard let check = try? await client.request(
                        "POST", "/api/lessons/statefulsets-postgresql/steps/service-headless/check",
                        headers: ["Authorization": "Bearer \(token)"], body: []), check.status == 200 else { return }
                    await acknowledged.checked(slot)
                }
            }
        }
        // Let acknowledged writes pile up, then kill the server without warning.
        await acknowledged.writes.wait(for: 60)
        server.kill(signal: SIGKILL)
        for writer in writers { await writer.value }
        #expect(await server.waitOffPool() != nil)

        // Every file left on disk parses; nothing was moved aside.
        let files = try FileManager.default.contentsOfDirectory(atPath: data.path)
        #expect(!files.contains { $0.contains(".corrupt-") })
        for file in files where file.hasSuffix(".json") {
            let bytes = try Data(contentsOf: data.appendingPathComponent(file))
            #expect((try? JSONSerialization.jsonObject(with: bytes)) != nil, "\(file) does not parse")
        }

        // After a restart, every acknowledged learner and check run is there.
        let restarted = ServerProcess(config: setup.config, environment: setup.environment)
        try await restarted.startOffPool()
        let client = HTTPTestClient(port: restarted.port)
        let learners = await acknowledged.learners
        #expect(learners.count >= 15)
        for learner in learners {
            let reply = try await client.get("/api/me", headers: ["Authorization": "Bearer \(learner.token)"])
            #expect(reply.status == 200, "learner \(learner.id) lost")
            guard reply.status == 200 else { continue }
            let lessons = try reply.json()["lessons"] as? [String: Any]
            let steps = (lessons?["statefulsets-postgresql"] as? [String: Any])?["steps"] as? [String: Any]
            let attempts = (steps?["service-headless"] as? [String: Any])?["attempts"] as? Int ?? 0
            #expect(attempts >= learner.checks, "learner \(learner.id): \(learner.checks) acknowledged, \(attempts) found")
        }
        let progress = try await client.get("/api/progress", headers: ["Authorization": "Bearer trainer-token-for-tests-0123456789"]).json()
        #expect((progress["corruptFiles"] as? [Any])?.isEmpty == true)
        restarted.kill(signal: SIGTERM)
        #expect(await restarted.waitOffPool() == 0)
        print("SIGKILL drill: \(learners.count) learners and \(learners.map(\.checks).reduce(0, +)) check runs acknowledged, all found after restart")
    }

    /// Issue 15, item 6: a named pipe named like a progress file used to block start-up for ever
    /// (open() waits for a writer; SIGTERM was not handled before start-up ended). It is moved aside
    /// as a symbolic link is, and reported; the server starts and stops on SIGTERM.
    @Test func aNamedPipeInTheDataFolderDoesNotHangStartUp() async throws {
        let setup = try Self.setUp("atelier-fifo")
        defer { setup.folder.remove() }
        try FileManager.default.createDirectory(at: setup.data, withIntermediateDirectories: true)
        let pipe = setup.data.appendingPathComponent("abcdefghijkm.json")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        let server = ServerProcess(config: setup.config, environment: setup.environment)
        defer {
            // Never leave a blocked server behind: a writer unblocks its open(), then it is killed.
            let writer = open(pipe.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if writer >= 0 { close(writer) }
            if server.process.isRunning { server.kill(signal: SIGKILL); server.wait() }
        }
        try server.start(timeout: 60)
        let progress = try await HTTPTestClient(port: server.port)
            .get("/api/progress", headers: ["Authorization": "Bearer trainer-token-for-tests-0123456789"]).json()
        let reports = progress["corruptFiles"] as? [[String: Any]] ?? []
        #expect(reports.contains { $0["file"] as? String == "abcdefghijkm.json" }, "\(reports)")
        let names = try FileManager.default.contentsOfDirectory(atPath: setup.data.path)
        #expect(!names.contains("abcdefghijkm.json"))
        #expect(names.contains { $0.hasPrefix("abcdefghijkm.json.corrupt-") })
        server.kill(signal: SIGTERM)
        #expect(await server.waitOffPool(timeout: 60) == 0)
    }

    /// Issue 15, item 6: SIGTERM during a start-up that cannot finish stops the server, instead of
    /// being ignored until start-up ends. The stuck start-up is the binary's test gate (a named pipe
    /// it opens for reading after « starting »: nobody writes, so it waits for ever).
    @Test func sigtermInterruptsAStuckStartUp() async throws {
        let setup = try Self.setUp("atelier-stuck-start")
        defer { setup.folder.remove() }
        let gate = setup.folder.url.appendingPathComponent("startup-gate")
        #expect(mkfifo(gate.path, 0o600) == 0)
        var environment = setup.environment
        environment["ATELIER_TEST_STARTUP_GATE"] = gate.path
        let server = ServerProcess(config: setup.config, environment: environment)
        defer {
            let writer = open(gate.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if writer >= 0 { close(writer) }
            if server.process.isRunning { server.kill(signal: SIGKILL); server.wait() }
        }
        try server.launch()
        // The "starting" line comes once the signal handlers are installed.
        #expect(await server.waitForLogOffPool(timeout: 60) { $0.contains("starting") }, "\(server.log)")
        #expect(!server.log.contains("listening"))
        server.kill(signal: SIGTERM)
        #expect(await server.waitOffPool(timeout: 60) == 0, "SIGTERM did not stop a stuck start-up; log:\n\(server.log)")
        #expect(server.log.contains("stopped during start-up"))
    }

    /// A lesson file that is a named pipe (or a device, a socket) is refused at start-up with its
    /// name, at once: reading it would block start-up for ever.
    @Test func aNamedPipeAsALessonFileIsRefusedAtOnce() async throws {
        let setup = try Self.setUp("atelier-fifo-lesson")
        defer { setup.folder.remove() }
        let content = setup.folder.url.appendingPathComponent("content")
        try FileManager.default.copyItem(at: RepositoryPaths.content, to: content)
        let introduction = content.appendingPathComponent("statefulsets-postgresql/introduction.md")
        try FileManager.default.removeItem(at: introduction)
        #expect(mkfifo(introduction.path, 0o600) == 0)
        var config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: setup.config)) as? [String: Any])
        config["contentDir"] = content.path
        try JSONSerialization.data(withJSONObject: config).write(to: setup.config)
        let server = ServerProcess(config: setup.config, environment: setup.environment)
        defer {
            let writer = open(introduction.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if writer >= 0 { close(writer) }
            if server.process.isRunning { server.kill(signal: SIGKILL); server.wait() }
        }
        try server.launch()
        #expect(await server.waitOffPool(timeout: 60) == 1, "\(server.log)")
        #expect(server.log.contains("introduction.md"))
        #expect(server.log.contains("n'est pas un fichier ordinaire"))
    }

    /// SIGTERM right after start-up, repeatedly: whichever thread receives it, the server stops with 0.
    @Test func sigtermIsNeverLost() async throws {
        let setup = try Self.setUp("atelier-term-loop")
        defer { setup.folder.remove() }
        for round in 0..<5 {
            let server = ServerProcess(config: setup.config, environment: setup.environment)
            try await server.startOffPool()
            if round % 2 == 1 { _ = try await HTTPTestClient(port: server.port).get("/healthz") }
            server.kill(signal: SIGTERM)
            #expect(await server.waitOffPool() == 0, "round \(round): the server did not stop on SIGTERM")
            if server.process.isRunning { server.kill(signal: SIGKILL); server.wait() }
        }
    }

    @Test func sigtermStopsGracefullyWithARequestInFlight() async throws {
        let setup = try Self.setUp("atelier-term")
        defer { setup.folder.remove() }
        var environment = setup.environment
        environment["KUBECTL_STANDIN_DELAY_MS"] = "700"
        // The stand-in logs each invocation before its delay: the signal that the check is in flight.
        let invocations = setup.folder.url.appendingPathComponent("standin-log")
        try FileManager.default.createDirectory(at: invocations, withIntermediateDirectories: true)
        let invocationLog = invocations.appendingPathComponent("invocations.log")
        environment["KUBECTL_STANDIN_LOG"] = invocationLog.path
        let server = ServerProcess(config: setup.config, environment: environment)
        try await server.startOffPool()
        let client = HTTPTestClient(port: server.port)
        let registration = try await client.postJSON("/api/learners", #"{"name": "Sam"}"#).json()
        let token = try #require(registration["token"] as? String)
        let port = server.port
        let inFlight = Task.detached {
            try await HTTPTestClient(port: port).request("POST", "/api/lessons/statefulsets-postgresql/steps/service-headless/check",
                                                         headers: ["Authorization": "Bearer \(token)"], body: [])
        }
        let started = await FileWatch.waitUntil(in: invocations) {
            ((try? String(contentsOf: invocationLog, encoding: .utf8)) ?? "").contains("\"argv\"")
        }
        #expect(started, "kubectl was never started")
        server.kill(signal: SIGTERM)
        let reply = try await inFlight.value
        #expect(reply.status == 200)
        #expect(try reply.json()["passed"] as? Bool == true)
        #expect(await server.waitOffPool() == 0)
        #expect(server.log.contains("stopped"))
    }
}

/// Issue 11: the timeline is progress data. Atelier killed with SIGKILL right after it saw the
/// scale-down, restarted once MicroK8s has dropped the events: the deletion order is still proven.
@Suite("La chronologie survit à SIGKILL", .serialized)
struct TimelineCrashTests {
    @Test func deletionOrderStillProvenAfterSIGKILLAndExpiredEvents() async throws {
        let folder = try TemporaryDirectory(prefix: "atelier-timeline-kill")
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("data")
        let state = folder.url.appendingPathComponent("scenario")
        let log = folder.url.appendingPathComponent("invocations.log")
        try Data("sts-ready".utf8).write(to: state)
        let configURL = try CrashSafetyTests.writeConfig(data: data, into: folder, observeIdleMinutes: 30)
        var environment = CrashSafetyTests.standinEnvironment(state)
        environment["KUBECTL_STANDIN_LOG"] = log.path
        func append(_ scenario: String) throws {
            let handle = try FileHandle(forWritingTo: state)
            defer { try? handle.close() }
            handle.seekToEndOfFile()
            handle.write(Data(("\n" + scenario).utf8))
        }
        @Sendable func watchesReady() -> Int {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").components(separatedBy: "\"watchingFrom\"").count - 1
        }

        let server = ServerProcess(config: configURL, environment: environment)
        try await server.startOffPool()
        let client = HTTPTestClient(port: server.port)
        let registered = try await client.postJSON("/api/learners", "{\"name\": \"Camille Dupont\"}").json()
        let id = try #require(registered["id"] as? String), token = try #require(registered["token"] as? String)
        let bearer = ["Authorization": "Bearer \(token)"]
        #expect(try await client.request("POST", "/api/lessons/statefulsets-postgresql/start", headers: bearer, body: []).status == 200)
        #expect(await FileWatch.waitUntil(in: folder.url) { watchesReady() >= 6 }, "the six watches never read the cluster")

        // The learner scales down to 1; Atelier records both deletions (fsync'd), then dies.
        try append("scale-1-a")
        try append("scale-1-b")
        let timelines = data.appendingPathComponent("timelines")
        let timelineFile = timelines.appendingPathComponent("\(id).json")
        #expect(await FileWatch.waitUntil(in: timelines) {
            let text = (try? String(contentsOf: timelineFile, encoding: .utf8)) ?? ""
            // Both deletions (pods watch) and the replica change 3 → 1 (StatefulSets watch).
            return text.contains("a4d2c9e7") && text.contains("6b1e0f3c") && text.components(separatedBy: "podDeleted").count - 1 >= 2
                && text.contains("replicasChanged")
        }, "the scale-down never reached the timeline file")
        server.kill(signal: SIGKILL)
        #expect(await server.waitOffPool() != nil)

        // Meanwhile the learner scales back up; five minutes later every event is gone.
        for scenario in ["scale-3-a", "scale-3-b", "scale-3-b-expired"] { try append(scenario) }

        let restarted = ServerProcess(config: configURL, environment: environment)
        try await restarted.startOffPool()
        let reply = try await HTTPTestClient(port: restarted.port).request(
            "POST", "/api/lessons/statefulsets-postgresql/steps/ordre-suppression/check", headers: bearer, body: [])
        let checks = try #require(try reply.json()["checks"] as? [[String: Any]])
        let order = try #require(checks.first { $0["id"] as? String == "deletion-order" })
        #expect(order["status"] as? String == "passed", "\(reply.text)")
        #expect((order["message"] as? String)?.contains("chronologie observée par Atelier") == true, "\(reply.text)")
        restarted.kill(signal: SIGTERM)
        #expect(await restarted.waitOffPool() == 0)
    }
}
