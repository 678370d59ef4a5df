import AtelierCluster
import AtelierContent

/// What a run must fetch before its checks can be judged, merged over all the step's checks so
/// the cluster is asked once.
struct CheckRequirements: Sendable, Hashable {
    var kinds: Set<ResourceKind> = []
    var storageClasses = false
    /// `(namespace, selector)` pairs listed outside the learner's namespace (CoreDNS).
    var systemPods: Set<SystemPodQuery> = []

    mutating func merge(_ other: CheckRequirements) {
        kinds.formUnion(other.kinds)
        storageClasses = storageClasses || other.storageClasses
        systemPods.formUnion(other.systemPods)
    }
}
