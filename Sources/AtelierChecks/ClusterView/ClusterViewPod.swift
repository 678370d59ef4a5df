import AtelierCluster
import AtelierContent

/// One pod of the observation panel; absent values are sent as JSON null, not omitted, so the
/// browser sees a stable shape.
public struct ClusterViewPod: Codable, Sendable, Hashable {
    public let name: String
    public let phase: String
    public let ready: Bool
    public let ip: String?
    /// ISO 8601 UTC.
    public let createdAt: String?
    public let restarts: Int
    /// `CrashLoopBackOff`, `ContainerCreating`, `Terminating`…
    public let reason: String?

    public init(name: String, phase: String, ready: Bool, ip: String?, createdAt: String?, restarts: Int, reason: String?) {
        self.name = name
        self.phase = phase
        self.ready = ready
        self.ip = ip
        self.createdAt = createdAt
        self.restarts = restarts
        self.reason = reason
    }

    private enum CodingKeys: String, CodingKey {
        case name, phase, ready, ip, createdAt, restarts, reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(phase, forKey: .phase)
        try container.encode(ready, forKey: .ready)
        try container.encode(ip, forKey: .ip)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(restarts, forKey: .restarts)
        try container.encode(reason, forKey: .reason)
    }
}
