import AtelierCluster
import AtelierContent

/// A validated check: its kind with typed parameters.
///
/// Built from a `CheckSpec` at start-up (to reject bad content) and again for each run (cheap),
/// so the engine never interprets raw JSON parameters while judging.
enum CheckPlan: Sendable, Hashable {
    case resourceExists(ObjectReference)
    case fieldEquals(ObjectReference, FieldPath, expected: JSONValue)
    case fieldMatches(ObjectReference, FieldPath, pattern: String)
    case fieldAbsent(ObjectReference, FieldPath)
    case secretHasKey(secret: String, key: String)
    case serviceHeadless(service: String)
    case servicePort(service: String, port: Int, name: String)
    case serviceSelectsStatefulSet(service: String, statefulSet: String)
    case statefulSetServiceName(statefulSet: String, service: String)
    case containerImage(ContainerReference, image: String)
    case envFromSecret(ContainerReference, variable: String, secret: String, key: String)
    case envPathUnderMount(ContainerReference, variable: String, volume: String, defaultValue: String?)
    case readinessProbeCommand(ContainerReference, executable: String)
    case statefulSetReady(statefulSet: String, replicas: Int, crashLoopHint: String?)
    case claimsBound(ClaimSet)
    case claimsStorageClass(ClaimSet, storageClass: String)
    case claimsMountedByOrdinal(ClaimSet)
    case orderedCreation(statefulSet: String, replicas: Int)
    case orderedDeletion(statefulSet: String, ordinals: [Int])
    case sqlCount(SQLCountQuery)
    case podRecreated(pod: String, claim: String, minimumGapSeconds: Int)
    case dnsResolvesToPod(fromPod: String, container: String, hostname: String, targetPod: String)
    case clusterDNSReady(SystemPodQuery)
    case defaultStorageClass(name: String?)

    /// What must be fetched to judge this check.
    var requirements: CheckRequirements {
        var needs = CheckRequirements()
        switch self {
        case .resourceExists(let object), .fieldEquals(let object, _, _), .fieldMatches(let object, _, _), .fieldAbsent(let object, _):
            needs.kinds = [object.kind]
        case .secretHasKey:
            needs.kinds = [.secret]
        case .serviceHeadless, .servicePort:
            needs.kinds = [.service]
        case .serviceSelectsStatefulSet:
            needs.kinds = [.service, .statefulSet, .pod]
        case .statefulSetServiceName:
            needs.kinds = [.statefulSet, .service]
        case .containerImage, .envPathUnderMount, .readinessProbeCommand:
            needs.kinds = [.statefulSet]
        case .envFromSecret:
            needs.kinds = [.statefulSet, .secret]
        case .statefulSetReady:
            needs.kinds = [.statefulSet, .pod]
        case .claimsBound, .claimsStorageClass:
            needs.kinds = [.persistentVolumeClaim]
        case .claimsMountedByOrdinal:
            needs.kinds = [.pod]
        case .orderedCreation, .orderedDeletion:
            needs.kinds = [.statefulSet, .pod, .event]
        case .sqlCount, .dnsResolvesToPod:
            needs.kinds = [.pod]
        case .podRecreated:
            needs.kinds = [.pod, .persistentVolumeClaim]
        case .clusterDNSReady(let query):
            needs.systemPods = [query]
        case .defaultStorageClass:
            needs.storageClasses = true
        }
        return needs
    }

    /// Parameter values every message of this check may quote, whatever the outcome.
    var baseValues: [String: String] {
        switch self {
        case .resourceExists(let object):
            return ["Object": object.capitalizedLabel, "object": object.label, "name": object.name]
        case .fieldEquals(let object, let path, let expected):
            return ["Object": object.capitalizedLabel, "object": object.label, "name": object.name, "field": path.description,
                    "expected": expected.displayText]
        case .fieldMatches(let object, let path, let pattern):
            return ["Object": object.capitalizedLabel, "object": object.label, "name": object.name, "field": path.description,
                    "pattern": pattern]
        case .fieldAbsent(let object, let path):
            return ["Object": object.capitalizedLabel, "object": object.label, "name": object.name, "field": path.description]
        case .secretHasKey(let secret, let key):
            return ["secret": secret, "key": key]
        case .serviceHeadless(let service):
            return ["service": service]
        case .servicePort(let service, let port, let name):
            return ["service": service, "port": String(port), "portName": name]
        case .serviceSelectsStatefulSet(let service, let statefulSet), .statefulSetServiceName(let statefulSet, let service):
            return ["service": service, "statefulSet": statefulSet]
        case .containerImage(let container, let image):
            return container.values.merging(["image": image]) { $1 }
        case .envFromSecret(let container, let variable, let secret, let key):
            return container.values.merging(["variable": variable, "secret": secret, "key": key]) { $1 }
        case .envPathUnderMount(let container, let variable, let volume, _):
            return container.values.merging(["variable": variable, "volume": volume]) { $1 }
        case .readinessProbeCommand(let container, let executable):
            return container.values.merging(["executable": executable]) { $1 }
        case .statefulSetReady(let statefulSet, let replicas, _), .orderedCreation(let statefulSet, let replicas):
            return ["statefulSet": statefulSet, "replicas": String(replicas)]
        case .claimsBound(let set), .claimsMountedByOrdinal(let set):
            return set.values
        case .claimsStorageClass(let set, let storageClass):
            return set.values.merging(["storageClass": storageClass]) { $1 }
        case .orderedDeletion(let statefulSet, let ordinals):
            return ["statefulSet": statefulSet, "pods": FrenchText.list(ordinals.map { "\(statefulSet)-\($0)" }),
                    "targetReplicas": String(ordinals.min() ?? 0)]
        case .sqlCount(let query):
            return ["pod": query.pod, "container": query.container, "database": query.database ?? query.user,
                    "atLeast": String(query.atLeast)]
        case .podRecreated(let pod, let claim, _):
            return ["pod": pod, "claim": claim]
        case .dnsResolvesToPod(let fromPod, let container, let hostname, let targetPod):
            return ["fromPod": fromPod, "container": container, "hostname": hostname, "targetPod": targetPod]
        case .clusterDNSReady(let query):
            return ["systemNamespace": query.namespace, "selector": query.selector]
        case .defaultStorageClass(let name):
            return name.map { ["name": $0] } ?? [:]
        }
    }
}
