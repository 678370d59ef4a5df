import AtelierCluster
import AtelierContent

/// A command to run in a pod with `kubectl exec`; Hashable so identical commands of one run are
/// executed once.
struct ExecCommand: Sendable, Hashable {
    var pod: String
    var container: String
    var command: [String]
}
