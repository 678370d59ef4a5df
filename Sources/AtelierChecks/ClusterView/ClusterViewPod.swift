import AtelierCluster
import AtelierContent

/// One pod of the observation panel; absent values are sent as JSON null, not omitted, so the
/// browser sees a stable shape.
public struct ClusterViewPod: Codable, Sendable, Hashable {
    public let name: String
    public let phase: String
    public let ready: Bool
    @ExplicitNull public var ip: String?
    /// ISO 8601 UTC.
    @ExplicitNull public var createdAt: String?
    public let restarts: Int
    /// `CrashLoopBackOff`, `ContainerCreating`, `Terminating`…
    @ExplicitNull public var reason: String?

    public init(name: String, phase: String, ready: Bool, ip: String?, createdAt: String?, restarts: Int, reason: String?) {
        self.name = name
        self.phase = phase
        self.ready = ready
        self.ip = ip
        self.createdAt = createdAt
        self.restarts = restarts
        self.reason = reason
    }
}
