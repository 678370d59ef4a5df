import AtelierCluster
import AtelierContent

/// Identity of a check run for single-flight: the same step of the same lesson against the same
/// namespace and context.
struct RunKey: Hashable, Sendable {
    var lesson: String
    var step: String
    var target: ClusterTarget
}
