import AtelierCluster
import AtelierContent

/// The StatefulSet line of the observation panel.
public struct ClusterViewStatefulSet: Codable, Sendable, Hashable {
    public let name: String
    public let replicas: Int
    /// 0 when the API omits the field (it does when no pod is ready).
    public let readyReplicas: Int
    public let podManagementPolicy: String

    public init(name: String, replicas: Int, readyReplicas: Int, podManagementPolicy: String) {
        self.name = name
        self.replicas = replicas
        self.readyReplicas = readyReplicas
        self.podManagementPolicy = podManagementPolicy
    }
}
