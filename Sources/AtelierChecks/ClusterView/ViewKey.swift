import AtelierCluster
import AtelierContent

/// Identity of a cluster view for single-flight: a class polling the panel together shares
/// one kubectl call per namespace.
struct ViewKey: Hashable, Sendable {
    var target: ClusterTarget
    var statefulSet: String
}
