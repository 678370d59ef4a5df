import AtelierCluster
import AtelierContent

/// Before a `kubectl exec`: either the command to run, or a verdict already known from the
/// snapshot (pod missing, container not running), which spares a doomed spawn.
enum ExecPreparation: Sendable {
    case run(ExecCommand)
    case decided(Evaluation)
}
