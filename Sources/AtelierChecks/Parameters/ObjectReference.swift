import AtelierCluster
import AtelierContent

/// A namespaced object named in a check: `service/postgres-service`.
struct ObjectReference: Sendable, Hashable {
    var kind: ResourceKind
    var name: String

    /// « le Service postgres-service ».
    var label: String { "\(kind.label) \(name)" }
    var capitalizedLabel: String { "\(kind.capitalizedLabel) \(name)" }
}
