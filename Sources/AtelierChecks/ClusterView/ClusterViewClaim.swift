import AtelierCluster
import AtelierContent

/// One PVC of the observation panel; absent values are JSON null.
public struct ClusterViewClaim: Codable, Sendable, Hashable {
    public let name: String
    public let phase: String
    public let storageClass: String?
    public let volume: String?
    /// `1Gi`, once bound.
    public let capacity: String?

    public init(name: String, phase: String, storageClass: String?, volume: String?, capacity: String?) {
        self.name = name
        self.phase = phase
        self.storageClass = storageClass
        self.volume = volume
        self.capacity = capacity
    }

    private enum CodingKeys: String, CodingKey {
        case name, phase, storageClass, volume, capacity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(phase, forKey: .phase)
        try container.encode(storageClass, forKey: .storageClass)
        try container.encode(volume, forKey: .volume)
        try container.encode(capacity, forKey: .capacity)
    }
}
