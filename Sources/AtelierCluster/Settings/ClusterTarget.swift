import AtelierContent

/// Where one learner's checks run, once `{learner}` has been substituted.
///
/// Hashable because it keys single-flight: two identical runs for the same namespace and
/// context share one execution.
public struct ClusterTarget: Hashable, Sendable {
    public var namespace: String
    public var context: String?
    /// The learner's own kubeconfig (`cluster.learnerKubeconfig`), passed as `--kubeconfig` instead
    /// of the configured one; its one context is its current context, so `context` is then nil.
    public var kubeconfig: String?

    public init(namespace: String, context: String? = nil, kubeconfig: String? = nil) {
        self.namespace = namespace
        self.context = context
        self.kubeconfig = kubeconfig
    }
}
