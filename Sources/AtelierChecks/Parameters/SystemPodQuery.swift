import AtelierCluster
import AtelierContent

/// Pods listed by label in a namespace other than the learner's (`kube-system`).
struct SystemPodQuery: Sendable, Hashable {
    var namespace: String
    var selector: String
}
