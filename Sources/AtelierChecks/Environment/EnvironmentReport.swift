import AtelierCluster
import AtelierContent

/// Answer of `GET /api/environment`: can this learner start the lesson?
public struct EnvironmentReport: Codable, Sendable, Hashable {
    public let ready: Bool
    /// « ✅ Ready! » when ready, otherwise the first reason in French.
    public let message: String
    /// kubectl present, cluster reachable, namespace usable.
    public let checks: [CheckResult]

    public init(ready: Bool, message: String, checks: [CheckResult]) {
        self.ready = ready
        self.message = message
        self.checks = checks
    }
}
