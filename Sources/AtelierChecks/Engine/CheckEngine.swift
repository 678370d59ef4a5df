import AtelierCluster
import AtelierContent
import Foundation
import Logging

/// Runs a step's checks against a learner's namespace and answers the environment and
/// observation-panel requests.
///
/// Never throws: an unreachable cluster is a verdict (`error` checks with the reason), not an
/// HTTP 500. Identical requests in flight share one execution, so a class clicking together
/// costs one run's worth of kubectl processes.
public final class CheckEngine: Sendable {
    public let settings: ClusterSettings
    package let runner: KubectlRunner
    let logger: Logger
    let runs = SingleFlight<RunKey, [CheckResult]>()
    let environments = SingleFlight<ClusterTarget, EnvironmentReport>()
    let views = SingleFlight<ViewKey, ClusterView>()
    /// Snapshots shared between the live page and « Vérifier » (fresh, same observer revision).
    let snapshots: SnapshotCache
    let snapshotFlights = SingleFlight<SnapshotKey, Result<ClusterSnapshot, KubectlError>>()

    /// Uses the server's own environment for kubectl (PATH, HOME, KUBECONFIG…).
    public convenience init(settings: ClusterSettings, logger: Logger) {
        self.init(settings: settings, logger: logger, environment: ProcessInfo.processInfo.environment)
    }

    /// - Parameter environment: what kubectl gets (and the PATH it is looked up in); tests pass
    ///   the stand-in's variables here instead of mutating the process environment.
    /// - Parameter snapshotReuse: how long a snapshot serves the live page and « Vérifier » while the
    ///   observer reports no change of the learner (see `SnapshotCache`).
    public init(settings: ClusterSettings, logger: Logger, environment: [String: String], limits: KubectlRunner.Limits = .init(),
                snapshotReuse: Duration = .seconds(1)) {
        self.settings = settings
        self.snapshots = SnapshotCache(maxAge: snapshotReuse)
        self.logger = logger
        self.runner = KubectlRunner(settings: settings, environment: environment, logger: logger, limits: limits)
    }

    /// Checks a step (cluster checks, then quiz answers when the step has a quiz).
    public func run(lesson: String, step: String, checks: StepChecks, quiz: [QuizQuestion]?, answers: [String: [String]]?,
                    target: ClusterTarget) async -> StepCheckResult {
        await run(lesson: lesson, step: step, checks: checks, quiz: quiz, answers: answers, target: target, timeline: nil)
    }

    /// Checks a step with what Atelier's watches saw of the target (`timeline`), the first source
    /// of evidence for the order checks.
    package func run(lesson: String, step: String, checks: StepChecks, quiz: [QuizQuestion]?, answers: [String: [String]]?,
                     target: ClusterTarget, timeline: Timeline?, revision: Int? = nil) async -> StepCheckResult {
        let clock = ContinuousClock()
        let started = clock.now
        var results: [CheckResult] = []
        if !checks.isEmpty {
            results = await runs.run(RunKey(lesson: lesson, step: step, target: target)) { [self] in
                await evaluate(checks, target: target, timeline: timeline, revision: revision)
            }
        }
        if let quiz {
            results += QuizGrader.grade(quiz, answers: answers ?? [:])
        }
        let passed = results.allSatisfy { $0.status == .passed }
        let elapsed = clock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        logger.info("vérification d'étape", metadata: [
            "lesson": "\(lesson)", "step": "\(step)", "namespace": "\(target.namespace)", "passed": "\(passed)",
            "failed": "\(results.filter { $0.status == .failed }.map(\.id).joined(separator: ","))",
            "errors": "\(results.filter { $0.status == .error }.map(\.id).joined(separator: ","))", "ms": "\(milliseconds)",
        ])
        return StepCheckResult(lesson: lesson, step: step, passed: passed, checks: results, durationMs: milliseconds)
    }
}
