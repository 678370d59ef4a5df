import AtelierCluster
import AtelierContent

/// Every kind of check checks.json may use; an unknown `"kind"` stops start-up.
///
/// Adding a kind: one file in `Kinds/` (a `CheckKind`) and one line here.
enum CheckRegistry {
    static let kinds: [any CheckKind.Type] = [
        ResourceExists.self,
        FieldEquals.self,
        FieldMatches.self,
        FieldAbsent.self,
        SecretHasKey.self,
        ServiceHeadless.self,
        ServicePort.self,
        ServiceSelectsStatefulSet.self,
        StatefulSetServiceName.self,
        ContainerImage.self,
        EnvFromSecret.self,
        EnvPathUnderMount.self,
        ReadinessProbeCommand.self,
        StatefulSetReady.self,
        ClaimsBound.self,
        ClaimsStorageClass.self,
        ClaimsMountedByOrdinal.self,
        ClaimsKept.self,
        OrderedCreation.self,
        OrderedDeletion.self,
        SQLCount.self,
        PodRecreated.self,
        DNSResolvesToPod.self,
        ClusterDNSReady.self,
        DefaultStorageClass.self,
    ]

    static func kind(named name: String) -> (any CheckKind.Type)? {
        kinds.first { $0.name == name }
    }
}
