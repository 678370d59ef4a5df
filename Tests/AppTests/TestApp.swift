import AtelierApp
import Foundation
import Logging
import TestSupport

/// The real application (lessons from content/, browser app from public/) on an ephemeral loopback
/// port, with its own data folder and, for checks, the stand-in kubectl of Tests/KubectlStandin.
final class TestApp: @unchecked Sendable {
    static let trainerToken = "trainer-token-for-tests-0123456789"

    let application: Application
    let data: TemporaryDirectory
    let standinState: TemporaryDirectory
    var port: Int { application.port }

    init(scenario: String = "all-ok", namespace: String = "default", configure: (inout AppConfig) -> Void = { _ in },
         standinEnvironment: [String: String] = [:], now: @escaping @Sendable () -> Date = { Date() },
         logs: LogCapture? = nil) async throws {
        data = try TemporaryDirectory(prefix: "atelier-app-data")
        standinState = try TemporaryDirectory(prefix: "atelier-standin")
        var config = AppConfig()
        config.host = "127.0.0.1"
        config.port = 0
        config.threads = 2
        config.contentDir = RepositoryPaths.content
        config.publicDir = RepositoryPaths.publicDir
        config.dataDir = data.url
        config.trainerToken = TestApp.trainerToken
        config.shutdownGraceSeconds = 2
        // Idle connections are cut after this: generous, a starved test client may pause long.
        config.connectionTimeoutSeconds = 120
        config.cluster.kubectl = [BuildProducts.executable("kubectl-standin").path]
        config.cluster.namespace = namespace
        config.cluster.requestTimeoutSeconds = 2
        // A bound, not an expected duration: generous, so that slow process starts on a busy machine
        // never turn a passing check into « le cluster n'a pas répondu ».
        config.cluster.checkTimeoutSeconds = 60
        // Off unless a test turns it on: most tests count the kubectl runs of their checks, which
        // the watches' lists would add to. The observer's own tests set it.
        config.cluster.observeIdleMinutes = 0
        configure(&config)
        try Data(scenario.utf8).write(to: standinState.url.appendingPathComponent("scenario"))
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECTL_STANDIN_DIR"] = RepositoryPaths.root.appendingPathComponent("Tests/KubectlStandin/scenarios").path
        environment["KUBECTL_STANDIN_STATE"] = standinState.url.appendingPathComponent("scenario").path
        environment["KUBECTL_STANDIN_LOG"] = standinState.url.appendingPathComponent("invocations.log").path
        environment.merge(standinEnvironment) { $1 }
        var logger = Logger(label: "app-test")
        logger.logLevel = .warning
        application = try await buildApplication(config: config, logger: logs?.logger ?? logger, environment: environment, now: now)
        try application.start()
    }

    /// Switches the stand-in kubectl to another scenario (it reads the state file at each call).
    func use(scenario: String) throws {
        try Data(scenario.utf8).write(to: standinState.url.appendingPathComponent("scenario"))
    }

    /// Moves the stand-in cluster to the next state, keeping the previous ones for the watches
    /// (they replay every appended state in order).
    func append(scenario: String) throws {
        let handle = try FileHandle(forWritingTo: standinState.url.appendingPathComponent("scenario"))
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data(("\n" + scenario).utf8))
    }

    /// The learner's timeline file as stored (empty when none yet).
    func timelineText(_ learner: String) -> String {
        (try? String(contentsOf: data.url.appendingPathComponent("timelines/\(learner).json"), encoding: .utf8)) ?? ""
    }

    /// The stand-in's invocation log (one JSON line per start, plus one per watch once it reads the state).
    var standinLog: String {
        (try? String(contentsOf: standinState.url.appendingPathComponent("invocations.log"), encoding: .utf8)) ?? ""
    }

    /// How many times the stand-in kubectl ran.
    var kubectlInvocations: Int {
        let log = (try? String(contentsOf: standinState.url.appendingPathComponent("invocations.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").count
    }

    func client() -> HTTPTestClient { HTTPTestClient(port: port) }

    /// Registers a learner; returns (id, token).
    func register(_ name: String = "Camille Dupont") async throws -> (id: String, token: String) {
        let reply = try await client().postJSON("/api/learners", "{\"name\": \(TestApp.jsonString(name))}")
        guard reply.status == 201, let json = try? reply.json(), let id = json["id"] as? String,
              let token = json["token"] as? String else {
            throw HTTPTestClientError(message: "registration failed: \(reply.status) \(reply.text)")
        }
        return (id, token)
    }

    func stop() async {
        await application.shutdown()
        data.remove()
        standinState.remove()
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }
}
