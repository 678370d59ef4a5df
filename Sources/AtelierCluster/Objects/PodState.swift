import AtelierContent
import Foundation

/// The parts of a Pod the checks and the observation panel need.
package struct PodState: Sendable {
    package var name: String
    package var uid: String?
    package var created: Date?
    package var deleting: Bool
    package var phase: String
    package var ip: String?
    package var labels: [String: String]
    package var ownerStatefulSet: String?
    package var ready: Bool
    /// When the Ready condition last changed: with OrderedReady, pod N+1 is created after pod N
    /// became Ready, which orders pods once their events have expired.
    package var readySince: Date?
    /// `PodScheduled=False` message (« 0/1 nodes are available… »).
    package var unschedulableMessage: String?
    package var containers: [ContainerSpec]
    package var statuses: [ContainerStatus]
    /// Volume name → PVC name.
    package var claims: [(volume: String, claim: String)]

    package init?(_ json: JSONValue) {
        guard let name = json.string(at: "metadata", "name") else { return nil }
        self.name = name
        uid = json.string(at: "metadata", "uid")
        created = json.string(at: "metadata", "creationTimestamp").flatMap(KubeTime.parse)
        deleting = json.value(at: "metadata", "deletionTimestamp").map { $0 != .null } ?? false
        phase = json.string(at: "status", "phase") ?? "Unknown"
        ip = json.string(at: "status", "podIP")
        labels = StatefulSetState.stringMap(json.value(at: "metadata", "labels"))
        ownerStatefulSet = (json.value(at: "metadata", "ownerReferences")?.arrayValue ?? [])
            .first { $0["kind"]?.stringValue == "StatefulSet" }?["name"]?.stringValue
        let conditions = json.value(at: "status", "conditions")?.arrayValue ?? []
        let readyCondition = conditions.first { $0["type"]?.stringValue == "Ready" }
        ready = readyCondition?["status"]?.stringValue == "True"
        readySince = ready ? readyCondition?["lastTransitionTime"]?.stringValue.flatMap(KubeTime.parse) : nil
        let scheduled = conditions.first { $0["type"]?.stringValue == "PodScheduled" }
        unschedulableMessage = scheduled?["status"]?.stringValue == "False" ? (scheduled?["message"]?.stringValue ?? "") : nil
        containers = ContainerSpec.list(json.value(at: "spec", "containers"))
        statuses = (json.value(at: "status", "containerStatuses")?.arrayValue ?? []).map(ContainerStatus.init)
        claims = (json.value(at: "spec", "volumes")?.arrayValue ?? []).compactMap { volume in
            guard let name = volume["name"]?.stringValue,
                  let claim = volume.string(at: "persistentVolumeClaim", "claimName") else { return nil }
            return (name, claim)
        }
    }

    /// Saturating: hostile output with absurd restart counts must not trap on overflow.
    package var restarts: Int {
        statuses.reduce(0) { total, status in
            let (sum, overflow) = total.addingReportingOverflow(max(0, status.restartCount))
            return overflow ? Int.max : sum
        }
    }

    /// The most telling reason the pod is not fine, as kubectl's STATUS column would show it.
    package var reason: String? {
        if deleting { return "Terminating" }
        for status in statuses {
            if let reason = status.waitingReason { return reason }
            if let reason = status.terminatedReason { return reason }
        }
        if unschedulableMessage != nil { return "Unschedulable" }
        return nil
    }

    package func status(of container: String) -> ContainerStatus? {
        statuses.first { $0.name == container }
    }

    /// Whether `kubectl exec -c container` can work right now.
    package func isRunning(container: String) -> Bool {
        phase == "Running" && !deleting && (status(of: container)?.running ?? false)
    }
}
