import AtelierCluster
import AtelierContent

/// Judges check plans against what one run fetched.
///
/// Pure: no I/O, so every verdict and message can be tested from fixtures, and all the checks of
/// a step see the same instant of the cluster.
struct CheckEvaluator: Sendable {
    let context: CheckContext

    func evaluate(_ plan: CheckPlan) -> Evaluation {
        switch plan {
        case .resourceExists(let object): return resourceExists(object)
        case .fieldEquals(let object, let path, let expected): return fieldEquals(object, path, expected)
        case .fieldMatches(let object, let path, let pattern): return fieldMatches(object, path, pattern)
        case .fieldAbsent(let object, let path): return fieldAbsent(object, path)
        case .secretHasKey(let secret, let key): return secretHasKey(secret, key)
        case .serviceHeadless(let service): return serviceHeadless(service)
        case .servicePort(let service, let port, let name): return servicePort(service, port, name)
        case .serviceSelectsStatefulSet(let service, let statefulSet): return serviceSelects(service, statefulSet)
        case .statefulSetServiceName(let statefulSet, let service): return statefulSetServiceName(statefulSet, service)
        case .containerImage(let container, let image): return containerImage(container, image)
        case .envFromSecret(let container, let variable, let secret, let key): return envFromSecret(container, variable, secret, key)
        case .envPathUnderMount(let container, let variable, let volume, let defaultValue):
            return envPathUnderMount(container, variable, volume, defaultValue)
        case .readinessProbeCommand(let container, let executable): return readinessProbe(container, executable)
        case .statefulSetReady(let statefulSet, let replicas, let hint): return statefulSetReady(statefulSet, replicas, hint)
        case .claimsBound(let set): return claimsBound(set)
        case .claimsStorageClass(let set, let storageClass): return claimsStorageClass(set, storageClass)
        case .claimsMountedByOrdinal(let set): return claimsMounted(set)
        case .orderedCreation(let statefulSet, let replicas): return orderedCreation(statefulSet, replicas)
        case .orderedDeletion(let statefulSet, let ordinals): return orderedDeletion(statefulSet, ordinals)
        case .sqlCount: return execVerdict(plan)
        case .podRecreated(let pod, let claim, let gap): return podRecreated(pod, claim, gap)
        case .dnsResolvesToPod: return execVerdict(plan)
        case .clusterDNSReady(let query): return clusterDNSReady(query)
        case .defaultStorageClass(let name): return defaultStorageClass(name)
        }
    }

    /// A state the engine never produces (an exec check judged without its command's result);
    /// reported rather than trapped, in case a future change gets it wrong.
    static let internalError = KubectlError(.failed, message: "Erreur interne : la commande de vérification n'a pas été exécutée.")

    /// Runs `body` with the snapshot when it was fetched and every kind it needs was listable;
    /// otherwise the check is `error` with the reason (unreachable cluster, Forbidden…).
    func withSnapshot(_ kinds: [ResourceKind], _ body: (ClusterSnapshot) -> Evaluation) -> Evaluation {
        switch context.snapshot {
        case .none:
            return .error(Self.internalError)
        case .failure(let error):
            return .error(error)
        case .success(let snapshot):
            for kind in kinds {
                if case .unavailable(let error) = snapshot.lookup(kind, "") { return .error(error) }
            }
            return body(snapshot)
        }
    }

    /// The container a reference designates: by name, or the first one.
    func findContainer(_ reference: ContainerReference, in statefulSet: StatefulSetState) -> ContainerSpec? {
        if let wanted = reference.container { return statefulSet.containers.first { $0.name == wanted } }
        return statefulSet.containers.first
    }

    /// The verdict when `findContainer` found nothing.
    func missingContainer(_ reference: ContainerReference, in statefulSet: StatefulSetState) -> Evaluation {
        let names = statefulSet.containers.map(\.name)
        return .failed("containerMissing", ["container": reference.container ?? "?", "containers": names.isEmpty ? "aucun" : FrenchText.list(names)])
    }

    /// Runs `body` with the StatefulSet's container, handling the missing cases.
    func withContainer(_ reference: ContainerReference, _ kinds: [ResourceKind] = [.statefulSet],
                       _ body: (ClusterSnapshot, StatefulSetState, ContainerSpec) -> Evaluation) -> Evaluation {
        withSnapshot(kinds) { snapshot in
            guard let statefulSet = snapshot.statefulSet(reference.statefulSet) else { return .failed("missing") }
            guard let container = findContainer(reference, in: statefulSet) else {
                return missingContainer(reference, in: statefulSet)
            }
            var evaluation = body(snapshot, statefulSet, container)
            evaluation.values["container"] = evaluation.values["container"] ?? container.name
            return evaluation
        }
    }
}
