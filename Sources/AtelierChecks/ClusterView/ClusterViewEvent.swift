import AtelierCluster
import AtelierContent

/// One event of the observation panel, e.g. `create Pod postgres-1 in StatefulSet postgres
/// successful`: watching these appear is the point of the ordering steps.
public struct ClusterViewEvent: Codable, Sendable, Hashable {
    /// ISO 8601 UTC of the last occurrence.
    @ExplicitNull public var time: String?
    public let type: String
    public let reason: String
    public let message: String
    /// `statefulset/postgres`, `pod/postgres-0`, as kubectl prints it.
    public let object: String

    public init(time: String?, type: String, reason: String, message: String, object: String) {
        self.time = time
        self.type = type
        self.reason = reason
        self.message = message
        self.object = object
    }
}
