import AtelierContent

/// Which namespace flag a kubectl call carries.
package enum KubectlScope: Sendable, Hashable {
    /// The learner's namespace from the target.
    case target
    /// A fixed namespace, e.g. `kube-system` for CoreDNS.
    case namespace(String)
    /// Cluster-scoped resources (StorageClasses, Namespaces): no `-n` at all.
    case cluster
}
