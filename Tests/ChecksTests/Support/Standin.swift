import AtelierProcess
import Foundation
import Testing
import Logging
import TestSupport
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// Drives the `kubectl-standin` executable built by SwiftPM next to the test bundle: a private
/// temporary directory per test for its log, state and concurrency files, and the environment
/// the runner passes through.
struct Standin {
    /// The stand-in binary, found next to the running test executable whatever the scratch path.
    static let binary: String? = locateBinary()

    /// `Tests/KubectlStandin/scenarios`, from this file's location.
    static let scenarios = repositoryRoot.appendingPathComponent("Tests/KubectlStandin/scenarios")

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let directory: URL
    let namespace: String
    var logPath: String { directory.appendingPathComponent("invocations.log").path }
    var statePath: String { directory.appendingPathComponent("scenario").path }
    var gaugePath: String { directory.appendingPathComponent("concurrency").path }

    init(scenario: String, namespace: String = "atelier-test") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("standin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.namespace = namespace
        try setScenario(scenario)
    }

    /// Switches the scenario of every later invocation, as a trainer would fix a cluster while
    /// the server runs.
    func setScenario(_ name: String) throws {
        try Data((name + "\n").utf8).write(to: URL(fileURLWithPath: statePath))
    }

    func environment(delayMilliseconds: Int? = nil, extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "KUBECTL_STANDIN_DIR": Self.scenarios.path,
            "KUBECTL_STANDIN_STATE": statePath,
            "KUBECTL_STANDIN_LOG": logPath,
            "KUBECTL_STANDIN_NAMESPACE": namespace,
            "KUBECTL_STANDIN_CONCURRENCY": gaugePath,
        ]
        if let delayMilliseconds { environment["KUBECTL_STANDIN_DELAY_MS"] = String(delayMilliseconds) }
        environment.merge(extra) { $1 }
        return environment
    }

    /// The default deadline is a generous bound (a busy machine starts processes slowly); tests of the
    /// deadline itself pass a short one.
    func settings(checkTimeout: Double = 60, maxConcurrent: Int = 8) throws -> ClusterSettings {
        let binary = try #require(Self.binary, "kubectl-standin introuvable à côté de l'exécutable de test")
        return ClusterSettings(kubectl: [binary], namespace: namespace, requestTimeoutSeconds: 2,
                               checkTimeoutSeconds: checkTimeout, maxConcurrentKubectl: maxConcurrent)
    }

    var target: ClusterTarget { ClusterTarget(namespace: namespace) }

    func engine(checkTimeout: Double = 60, maxConcurrent: Int = 8, delayMilliseconds: Int? = nil,
                limits: KubectlRunner.Limits = .init(), logger: Logger = Standin.quietLogger) throws -> CheckEngine {
        CheckEngine(settings: try settings(checkTimeout: checkTimeout, maxConcurrent: maxConcurrent), logger: logger,
                    environment: environment(delayMilliseconds: delayMilliseconds), limits: limits)
    }

    func runner(checkTimeout: Double = 60, maxConcurrent: Int = 8, delayMilliseconds: Int? = nil,
                limits: KubectlRunner.Limits = .init(terminationGrace: .milliseconds(300))) throws -> KubectlRunner {
        KubectlRunner(settings: try settings(checkTimeout: checkTimeout, maxConcurrent: maxConcurrent),
                      environment: environment(delayMilliseconds: delayMilliseconds), logger: Self.quietLogger, limits: limits)
    }

    /// One entry per stand-in invocation: its argv, pid and (for some scenarios) child pid.
    func invocations() -> [Invocation] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Invocation(argv: object["argv"] as? [String] ?? [], pid: (object["pid"] as? NSNumber)?.int32Value ?? 0,
                              childPid: (object["childPid"] as? NSNumber)?.int32Value)
        }
    }

    /// Waits (on inotify, not on a delay) until at least `count` invocations have been logged; false
    /// after a generous deadline.
    func waitForInvocations(_ count: Int, timeout: TimeInterval = 120) async -> Bool {
        let standin = self
        return await FileWatch.waitUntil(in: directory, timeout: timeout) { standin.invocations().count >= count }
    }

    /// The highest number of stand-in processes alive at once.
    func maximumConcurrency() -> Int {
        guard let text = try? String(contentsOfFile: gaugePath, encoding: .utf8) else { return 0 }
        let numbers = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        return numbers.count > 1 ? numbers[1] : 0
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "atelier.checks.tests")
        logger.logLevel = .critical
        return logger
    }()

    private static func locateBinary() -> String? {
        if let explicit = ProcessInfo.processInfo.environment["KUBECTL_STANDIN_BINARY"], ExecutableLocator.isExecutableFile(explicit) {
            return explicit
        }
        var starts: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        starts.append(Bundle.main.bundleURL)
        if let executable = Bundle.main.executableURL { starts.append(executable.deletingLastPathComponent()) }
        if let first = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: first).deletingLastPathComponent()) }
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("kubectl-standin").path
                if ExecutableLocator.isExecutableFile(candidate) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }
}
