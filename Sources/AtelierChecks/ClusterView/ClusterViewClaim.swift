import AtelierCluster
import AtelierContent

/// One PVC of the observation panel; absent values are JSON null.
public struct ClusterViewClaim: Codable, Sendable, Hashable {
    public let name: String
    public let phase: String
    @ExplicitNull public var storageClass: String?
    @ExplicitNull public var volume: String?
    /// `1Gi`, once bound.
    @ExplicitNull public var capacity: String?

    public init(name: String, phase: String, storageClass: String?, volume: String?, capacity: String?) {
        self.name = name
        self.phase = phase
        self.storageClass = storageClass
        self.volume = volume
        self.capacity = capacity
    }
}
