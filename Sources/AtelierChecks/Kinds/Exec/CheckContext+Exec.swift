import AtelierCluster
import AtelierContent
import Foundation

extension CheckContext {
    /// Runs `body` with the pods of the snapshot, or decides the verdict when they could not be
    /// listed.
    func preparing<Outcome>(_ body: (ClusterSnapshot) -> ExecPreparation<Outcome>) -> ExecPreparation<Outcome> {
        switch snapshot {
        case .none:
            return .decided(.error(Self.internalError))
        case .failure(let error):
            return .decided(.error(error))
        case .success(let snapshot):
            if case .unavailable(let error) = snapshot.lookup(.pod, "") { return .decided(.error(error)) }
            return body(snapshot)
        }
    }
}

extension KubectlError {
    /// How the pod stood when `kubectl exec` found it stopped (it stopped between the snapshot
    /// and the exec), or nil when the failure says nothing about the pod.
    var podStateText: String? {
        switch code {
        case .containerNotRunning: return "arrêté"
        case .podCompleted: return "Pod terminé"
        case .podNotRunning: return "Pod pas encore démarré"
        default: return nil
        }
    }
}
