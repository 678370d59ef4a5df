import Foundation

/// One `spec.replicas` decrease of a StatefulSet and what followed it until the next change of
/// replicas: the facts the « ordre de suppression » objective is judged on.
package struct ScaleDown: Sendable, Hashable {
    package struct Deletion: Sendable, Hashable {
        package var ordinal: Int
        package var uid: String?
        package var at: Date
        package var inferred: Bool
    }

    package var at: Date
    package var from: Int
    package var to: Int
    /// Pods at or above `to` that disappeared, in the order seen.
    package var deletions: [Deletion] = []
    /// Ordinals at or above `to` re-created before the scale-down finished (a restart meddling).
    package var recreated: [Int] = []
    /// Ordinals below `to` deleted meanwhile (postgres-0 must stay untouched).
    package var untouchableDeleted: [Int] = []
    /// The next replicas change, if any: what the StatefulSet was set to afterwards.
    package var followedBy: (at: Date, to: Int)?

    package static func == (lhs: ScaleDown, rhs: ScaleDown) -> Bool {
        lhs.at == rhs.at && lhs.from == rhs.from && lhs.to == rhs.to && lhs.deletions == rhs.deletions
            && lhs.recreated == rhs.recreated && lhs.untouchableDeleted == rhs.untouchableDeleted
            && lhs.followedBy?.at == rhs.followedBy?.at && lhs.followedBy?.to == rhs.followedBy?.to
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(at)
        hasher.combine(from)
        hasher.combine(to)
    }
}

/// A pod-template change (`kubectl rollout restart`, a new image) and the pods deleted after it
/// while `spec.replicas` did not change.
package struct TemplateRollout: Sendable, Hashable {
    package var at: Date
    package var revision: String?
    package var deletedOrdinals: [Int] = []
}

extension Timeline {
    /// How far before the replicas change a pod deletion may be reported and still belong to it:
    /// pods and the StatefulSet are watched by separate kubectl processes, so their reports can
    /// arrive in either order.
    package static let crossWatchSlack: TimeInterval = 10

    /// Every scale-down of `statefulSet` the timeline holds, oldest first.
    package func scaleDowns(of statefulSet: String) -> [ScaleDown] {
        var result: [ScaleDown] = []
        var open: ScaleDown?
        let podPrefix = statefulSet + "-"
        var lastChange = -1
        for (index, entry) in entries.enumerated() {
            switch entry.kind {
            case .replicasChanged where entry.object == statefulSet:
                if var closing = open, let to = entry.to {
                    closing.followedBy = (entry.at, to)
                    result.append(closing)
                    open = nil
                }
                if let from = entry.from, let to = entry.to, to < from {
                    var opening = ScaleDown(at: entry.at, from: from, to: to)
                    // Deletions reported just before the replicas change (by the pods' watch).
                    for earlier in entries[(lastChange + 1)..<index] where earlier.kind == .podDeleted
                        && earlier.at >= entry.at - Self.crossWatchSlack {
                        guard let name = earlier.object, let ordinal = earlier.ordinal, name == podPrefix + String(ordinal),
                              ordinal >= to else { continue }
                        opening.deletions.append(.init(ordinal: ordinal, uid: earlier.uid, at: earlier.at, inferred: earlier.inferred == true))
                    }
                    open = opening
                }
                lastChange = index
            case .podDeleted:
                guard var current = open, let name = entry.object, name.hasPrefix(podPrefix), let ordinal = entry.ordinal,
                      name == podPrefix + String(ordinal) else { continue }
                if ordinal >= current.to {
                    current.deletions.append(.init(ordinal: ordinal, uid: entry.uid, at: entry.at, inferred: entry.inferred == true))
                } else {
                    current.untouchableDeleted.append(ordinal)
                }
                open = current
            case .podCreated:
                guard var current = open, let name = entry.object, let ordinal = entry.ordinal, name == podPrefix + String(ordinal),
                      ordinal >= current.to, current.deletions.contains(where: { $0.ordinal == ordinal }) else { continue }
                current.recreated.append(ordinal)
                open = current
            default:
                continue
            }
        }
        if let open { result.append(open) }
        return result
    }

    /// Template changes of `statefulSet` with the pods deleted while no scale-down was under way.
    package func rollouts(of statefulSet: String) -> [TemplateRollout] {
        var result: [TemplateRollout] = []
        let podPrefix = statefulSet + "-"
        var scaling = false
        for (index, entry) in entries.enumerated() {
            switch entry.kind {
            case .templateChanged where entry.object == statefulSet:
                var rollout = TemplateRollout(at: entry.at, revision: entry.revision)
                // Deletions the pods' watch reported just before the StatefulSet's (separate processes).
                for earlier in entries[..<index].reversed() {
                    guard earlier.at >= entry.at - Self.crossWatchSlack, earlier.kind != .templateChanged, earlier.kind != .replicasChanged else { break }
                    if earlier.kind == .podDeleted, let name = earlier.object, let ordinal = earlier.ordinal, name == podPrefix + String(ordinal) {
                        rollout.deletedOrdinals.insert(ordinal, at: 0)
                    }
                }
                result.append(rollout)
            case .replicasChanged where entry.object == statefulSet:
                scaling = (entry.to ?? 0) < (entry.from ?? 0)
            case .podDeleted where !scaling:
                if let name = entry.object, let ordinal = entry.ordinal, name == podPrefix + String(ordinal), !result.isEmpty {
                    result[result.count - 1].deletedOrdinals.append(ordinal)
                }
            default:
                continue
            }
        }
        return result
    }

    /// Every claim object named `claim` seen, by uid, oldest first: more than one uid means the
    /// claim was deleted and re-created — a new volume, the data gone.
    package func claimIdentities(_ claim: String) -> [(uid: String?, created: Date, deleted: Date?)] {
        var result: [(uid: String?, created: Date, deleted: Date?)] = []
        for entry in entries where entry.object == claim {
            if entry.kind == .claimCreated {
                result.append((entry.uid, entry.at, nil))
            } else if entry.kind == .claimDeleted, let index = result.lastIndex(where: { $0.uid == entry.uid && $0.deleted == nil }) {
                result[index].deleted = entry.at
            }
        }
        return result
    }
}
