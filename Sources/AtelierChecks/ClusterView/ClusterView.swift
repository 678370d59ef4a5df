import AtelierCluster
import AtelierContent

/// Answer of `GET /api/lessons/{lesson}/cluster`: what the learner's StatefulSet looks like now.
///
/// Never fails: when the cluster cannot be asked, the lists are empty and `error` says why, so
/// the panel can keep polling.
public struct ClusterView: Codable, Sendable, Hashable {
    public let namespace: String
    public let statefulset: ClusterViewStatefulSet?
    public let pods: [ClusterViewPod]
    public let pvcs: [ClusterViewClaim]
    public let events: [ClusterViewEvent]
    public let error: ClusterViewError?

    public init(namespace: String, statefulset: ClusterViewStatefulSet?, pods: [ClusterViewPod], pvcs: [ClusterViewClaim],
                events: [ClusterViewEvent], error: ClusterViewError?) {
        self.namespace = namespace
        self.statefulset = statefulset
        self.pods = pods
        self.pvcs = pvcs
        self.events = events
        self.error = error
    }

    private enum CodingKeys: String, CodingKey {
        case namespace, statefulset, pods, pvcs, events, error
    }

    /// Writes `null` for a missing StatefulSet or error instead of dropping the key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(statefulset, forKey: .statefulset)
        try container.encode(pods, forKey: .pods)
        try container.encode(pvcs, forKey: .pvcs)
        try container.encode(events, forKey: .events)
        try container.encode(error, forKey: .error)
    }
}
