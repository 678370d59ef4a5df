import AtelierCluster
import AtelierContent
import Foundation

extension CheckEngine {
    /// Most recent events kept in the panel: enough to see a full scale-down and scale-up.
    static let viewEventLimit = 50

    /// The learner's StatefulSet, its pods, its PVCs and their recent events, for the live
    /// observation panel. One kubectl call; shared by concurrent pollers of the same namespace.
    public func clusterView(target: ClusterTarget, statefulSet: String) async -> ClusterView {
        await clusterView(target: target, statefulSet: statefulSet, revision: nil)
    }

    /// The panel from a snapshot shared with the live page when the observer's `revision` of the
    /// learner says nothing changed since it was taken (see `SnapshotCache`).
    package func clusterView(target: ClusterTarget, statefulSet: String, revision: Int?) async -> ClusterView {
        guard DNSNames.isLabel(statefulSet) else {
            return ClusterView(namespace: target.namespace, statefulset: nil, pods: [], pvcs: [], events: [],
                               error: ClusterViewError(code: "invalid_statefulset", message: "Nom de StatefulSet invalide."))
        }
        return await views.run(ViewKey(target: target, statefulSet: statefulSet)) { [self] in
            let kinds = Self.viewKinds
            let snapshot = await sharedSnapshot(kinds: kinds, target: target, deadline: runner.makeDeadline(), revision: revision)
            return makeView(snapshot, kinds: kinds, target: target, statefulSet: statefulSet)
        }
    }

    /// What the panel shows: the StatefulSet, its pods, its claims and their events.
    static let viewKinds: Set<ResourceKind> = [.statefulSet, .pod, .persistentVolumeClaim, .event]

    /// The panel from one snapshot (`name` already checked as a DNS label).
    func makeView(_ loaded: Result<ClusterSnapshot, KubectlError>, kinds: Set<ResourceKind>, target: ClusterTarget,
                  statefulSet name: String) -> ClusterView {
        let snapshot: ClusterSnapshot
        switch loaded {
        case .failure(let error):
            return ClusterView(namespace: target.namespace, statefulset: nil, pods: [], pvcs: [], events: [],
                               error: ClusterViewError(code: error.apiCode, message: error.message))
        case .success(let result):
            snapshot = result
        }
        let statefulSet = snapshot.statefulSet(name)
        func ordinal(_ pod: String) -> Int? {
            guard pod.hasPrefix(name + "-") else { return nil }
            let suffix = pod.dropFirst(name.count + 1)
            return suffix.allSatisfy(\.isNumber) && !suffix.isEmpty && suffix.count < 6 ? Int(suffix) : nil
        }
        let pods = snapshot.pods
            .filter { $0.ownerStatefulSet == name || ($0.ownerStatefulSet == nil && ordinal($0.name) != nil) }
            .sorted { (ordinal($0.name) ?? Int.max, $0.name) < (ordinal($1.name) ?? Int.max, $1.name) }
        let templates = statefulSet?.claimTemplates ?? []
        let claims = snapshot.all(.persistentVolumeClaim).compactMap(ClaimState.init).filter { claim in
            if templates.isEmpty {
                return claim.name.range(of: "-\(name)-[0-9]+$", options: .regularExpression) != nil
            }
            return templates.contains { template in
                claim.name.hasPrefix("\(template)-\(name)-") && ordinal(String(claim.name.dropFirst(template.count + 1))) != nil
            }
        }
        let related = Set(pods.map(\.name) + claims.map(\.name))
        let events = snapshot.events
            .filter { ($0.objectKind == "StatefulSet" && $0.objectName == name) || related.contains($0.objectName) }
            .sorted { ($0.lastTime ?? .distantPast, $0.name) < ($1.lastTime ?? .distantPast, $1.name) }
            .suffix(Self.viewEventLimit)

        let unavailable = kinds.sorted().compactMap { kind -> KubectlError? in
            if case .unavailable(let error) = snapshot.lookup(kind, "") { return error }
            return nil
        }.first
        return ClusterView(
            namespace: target.namespace,
            statefulset: statefulSet.map {
                ClusterViewStatefulSet(name: $0.name, replicas: $0.replicas, readyReplicas: $0.readyReplicas,
                                       podManagementPolicy: $0.podManagementPolicy)
            },
            pods: pods.map {
                ClusterViewPod(name: $0.name, phase: $0.phase, ready: $0.ready, ip: $0.ip, createdAt: $0.created.map(KubeTime.iso),
                               restarts: $0.restarts, reason: $0.reason)
            },
            pvcs: claims.map {
                ClusterViewClaim(name: $0.name, phase: $0.phase, storageClass: $0.storageClass, volume: $0.volume, capacity: $0.capacity)
            },
            events: events.map {
                ClusterViewEvent(time: $0.lastTime.map(KubeTime.iso), type: $0.type, reason: $0.reason, message: $0.message,
                                 object: "\($0.objectKind.lowercased())/\($0.objectName)")
            },
            error: unavailable.map { ClusterViewError(code: $0.apiCode, message: $0.message) })
    }
}
