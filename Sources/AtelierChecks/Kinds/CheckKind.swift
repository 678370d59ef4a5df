import AtelierCluster
import AtelierContent

/// Every kind of check checks.json may use.
///
/// The raw value is what authors write in `"kind"`; an unknown value stops start-up.
enum CheckKind: String, CaseIterable, Sendable, Hashable {
    case resourceExists
    case fieldEquals
    case fieldMatches
    case fieldAbsent
    case secretHasKey
    case serviceHeadless
    case servicePort
    case serviceSelectsStatefulSet
    case statefulSetServiceName
    case containerImage
    case envFromSecret
    case envPathUnderMount
    case readinessProbeCommand
    case statefulSetReady
    case claimsBound
    case claimsStorageClass
    case claimsMountedByOrdinal
    case orderedCreation
    case orderedDeletion
    case sqlCount
    case podRecreated
    case dnsResolvesToPod
    case clusterDNSReady
    case defaultStorageClass
}
