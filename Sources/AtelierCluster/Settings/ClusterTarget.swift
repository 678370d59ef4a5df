import AtelierContent

/// Where one learner's checks run, once `{learner}` has been substituted.
///
/// Hashable because it keys single-flight: two identical runs for the same namespace and
/// context share one execution.
public struct ClusterTarget: Hashable, Sendable {
    public var namespace: String
    public var context: String?

    public init(namespace: String, context: String? = nil) {
        self.namespace = namespace
        self.context = context
    }
}
