import AtelierCluster
import AtelierContent
import Foundation

extension ClusterSnapshot {
    /// Ordinal → when the statefulset-controller reported `verb` (`create` / `delete`) for that
    /// pod, from events of this very StatefulSet (same uid: a deleted and re-applied StatefulSet
    /// of the same name has a history of its own).
    func controllerEvents(_ verb: String, of statefulSet: StatefulSetState, useLast: Bool) -> [Int: Date] {
        let reason = verb == "create" ? "SuccessfulCreate" : "SuccessfulDelete"
        let prefix = "\(verb) Pod \(statefulSet.name)-"
        let suffix = " in StatefulSet \(statefulSet.name) successful"
        var times: [Int: Date] = [:]
        for event in events where event.objectKind == "StatefulSet" && event.objectName == statefulSet.name
            && event.reason == reason && event.message.hasPrefix(prefix) && event.message.hasSuffix(suffix) {
            if let uid = statefulSet.uid, let eventUID = event.objectUID, !eventUID.isEmpty, eventUID != uid { continue }
            let middle = event.message.dropFirst(prefix.count).dropLast(suffix.count)
            guard !middle.isEmpty, middle.allSatisfy(\.isNumber), middle.count < 6, let ordinal = Int(middle),
                  let time = useLast ? event.lastTime : event.firstTime else { continue }
            times[ordinal] = times[ordinal].map { useLast ? max($0, time) : min($0, time) } ?? time
        }
        return times
    }
}
