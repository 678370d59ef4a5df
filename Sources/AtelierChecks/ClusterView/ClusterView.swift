import AtelierCluster
import AtelierContent

/// Answer of `GET /api/lessons/{lesson}/cluster`: what the learner's StatefulSet looks like now.
///
/// Never fails: when the cluster cannot be asked, the lists are empty and `error` says why, so
/// the panel can keep polling.
public struct ClusterView: Codable, Sendable, Hashable {
    public let namespace: String
    @ExplicitNull public var statefulset: ClusterViewStatefulSet?
    public let pods: [ClusterViewPod]
    public let pvcs: [ClusterViewClaim]
    public let events: [ClusterViewEvent]
    @ExplicitNull public var error: ClusterViewError?

    public init(namespace: String, statefulset: ClusterViewStatefulSet?, pods: [ClusterViewPod], pvcs: [ClusterViewClaim],
                events: [ClusterViewEvent], error: ClusterViewError?) {
        self.namespace = namespace
        self.statefulset = statefulset
        self.pods = pods
        self.pvcs = pvcs
        self.events = events
        self.error = error
    }
}
