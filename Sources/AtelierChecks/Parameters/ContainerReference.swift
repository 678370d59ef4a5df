import AtelierCluster
import AtelierContent

/// A container of a StatefulSet's pod template; without a name, the first container (what a
/// single-container manifest means).
struct ContainerReference: Sendable, Hashable {
    var statefulSet: String
    var container: String?
}
