import AtelierCluster
import AtelierContent

/// Why the observation panel is empty or partial: `{"code": "cluster_unreachable", "message": …}`.
public struct ClusterViewError: Codable, Sendable, Hashable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
