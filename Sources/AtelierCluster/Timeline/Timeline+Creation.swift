import Foundation

/// What the timeline says of the creation order of a StatefulSet's pods.
package enum CreationOrder: Sendable, Hashable {
    /// Each ordinal from 1 up was created, live, while the previous ordinal's pod existed and was
    /// already Ready: `(ordinal, created)` from 0 up.
    case ordered([CreationStep])
    /// `later` was created (live) while `earlier` was not Ready yet.
    case notReadyFirst(later: Int, at: Date, earlier: Int)
    /// The timeline cannot tell: a creation was not seen as it happened (before Atelier watched,
    /// or in a gap), or an ordinal is missing.
    case unknown
}

package struct CreationStep: Sendable, Hashable {
    package var ordinal: Int
    package var at: Date
}

extension Timeline {
    /// The most recent creation of each ordinal of `statefulSet` (0 ..< replicas), judged as the
    /// OrderedReady policy promises: every pod from ordinal 1 up created after the pod before it
    /// was Ready. Entries are compared by their position (the pods watch reports them in order),
    /// not by clock.
    package func creationOrder(of statefulSet: String, replicas: Int) -> CreationOrder {
        let prefix = statefulSet + "-"
        // Per ordinal, the index of its latest creation; per uid, when it became Ready / was deleted.
        var lastCreation: [Int: Int] = [:]
        var readyAt: [String: Int] = [:]
        var deletedAt: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            guard let name = entry.object, name.hasPrefix(prefix), let ordinal = entry.ordinal else { continue }
            switch entry.kind {
            case .podCreated: lastCreation[ordinal] = index
            case .podReady: if let uid = entry.uid, readyAt[uid] == nil { readyAt[uid] = index }
            case .podDeleted: if let uid = entry.uid { deletedAt[uid] = index }
            default: break
            }
        }
        var steps: [CreationStep] = []
        for ordinal in 0..<replicas {
            guard let index = lastCreation[ordinal] else { return .unknown }
            let created = entries[index]
            steps.append(CreationStep(ordinal: ordinal, at: created.at))
            guard ordinal > 0 else { continue }
            if created.inferred == true { return .unknown }
            // The pod of the ordinal before, as it was when this one was created.
            guard let previousIndex = entries[..<index].lastIndex(where: {
                $0.kind == .podCreated && $0.ordinal == ordinal - 1 && $0.object == "\(prefix)\(ordinal - 1)"
            }), let previousUID = entries[previousIndex].uid else { return .unknown }
            if let deleted = deletedAt[previousUID], deleted < index { return .unknown }
            guard let ready = readyAt[previousUID], ready < index else {
                return .notReadyFirst(later: ordinal, at: created.at, earlier: ordinal - 1)
            }
        }
        return .ordered(steps)
    }
}
