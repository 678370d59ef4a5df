import AtelierCluster
import AtelierContent

/// Everything fetched from the cluster for one run; the checks judge this and nothing else.
struct CheckContext: Sendable {
    var namespace: String
    /// nil when no check of the step needs namespaced objects.
    var snapshot: Result<ClusterSnapshot, KubectlError>?
    var storageClasses: Result<[JSONValue], KubectlError>?
    var systemPods: [SystemPodQuery: Result<[JSONValue], KubectlError>] = [:]
    var execResults: [ExecCommand: Result<ExecResult, KubectlError>] = [:]
    /// What Atelier's own watches saw of this target (nil when it was never observed): the first
    /// source of evidence for the order checks, since MicroK8s drops events after 5 minutes.
    var timeline: Timeline?

    init(namespace: String) {
        self.namespace = namespace
    }
}
