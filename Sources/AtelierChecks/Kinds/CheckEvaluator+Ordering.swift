import AtelierCluster
import AtelierContent
import Foundation

extension CheckEvaluator {
    /// Ordinal → when the statefulset-controller reported `verb` (`create` / `delete`) for that
    /// pod, from events of this very StatefulSet (same uid: a deleted and re-applied StatefulSet
    /// of the same name has a history of its own).
    func controllerEvents(_ verb: String, of statefulSet: StatefulSetState, in snapshot: ClusterSnapshot,
                          useLast: Bool) -> [Int: Date] {
        let reason = verb == "create" ? "SuccessfulCreate" : "SuccessfulDelete"
        let prefix = "\(verb) Pod \(statefulSet.name)-"
        let suffix = " in StatefulSet \(statefulSet.name) successful"
        var times: [Int: Date] = [:]
        for event in snapshot.events where event.objectKind == "StatefulSet" && event.objectName == statefulSet.name
            && event.reason == reason && event.message.hasPrefix(prefix) && event.message.hasSuffix(suffix) {
            if let uid = statefulSet.uid, let eventUID = event.objectUID, !eventUID.isEmpty, eventUID != uid { continue }
            let middle = event.message.dropFirst(prefix.count).dropLast(suffix.count)
            guard !middle.isEmpty, middle.allSatisfy(\.isNumber), middle.count < 6, let ordinal = Int(middle),
                  let time = useLast ? event.lastTime : event.firstTime else { continue }
            times[ordinal] = times[ordinal].map { useLast ? max($0, time) : min($0, time) } ?? time
        }
        return times
    }

    /// Creation 0 → 1 → 2. From controller events when they cover every ordinal; once they have
    /// expired (1 h), from the pods' creation times, with Ready times breaking same-second ties.
    /// `Parallel` never passes: the order would be luck.
    func orderedCreation(_ name: String, _ replicas: Int) -> Evaluation {
        withSnapshot([.statefulSet, .pod, .event]) { snapshot in
            guard let statefulSet = snapshot.statefulSet(name) else { return .failed("missing") }
            if statefulSet.podManagementPolicy == "Parallel" { return .failed("parallel") }
            let ordinals = Array(0..<replicas)
            let events = controllerEvents("create", of: statefulSet, in: snapshot, useLast: false)
            if ordinals.allSatisfy({ events[$0] != nil }) {
                let times = ordinals.map { events[$0]! }
                for index in ordinals.dropLast() where times[index] > times[index + 1] {
                    return .failed("outOfOrder", [
                        "later": "\(name)-\(index + 1)", "earlier": "\(name)-\(index)",
                        "laterTime": KubeTime.clock(times[index + 1]), "earlierTime": KubeTime.clock(times[index]),
                    ])
                }
                return .passed(["sequence": sequence(name, ordinals, times), "source": "événements du statefulset-controller"])
            }

            var pods: [PodState] = []
            for ordinal in ordinals {
                guard let pod = snapshot.pod("\(name)-\(ordinal)"), pod.created != nil else {
                    return .failed("incomplete", [
                        "detail": "\(name)-\(ordinal) n'a pas encore été créé",
                    ])
                }
                pods.append(pod)
            }
            for index in ordinals.dropLast() {
                let earlier = pods[index]
                let later = pods[index + 1]
                let earlierCreated = earlier.created!
                let laterCreated = later.created!
                if earlierCreated < laterCreated { continue }
                if earlierCreated == laterCreated, let readySince = earlier.readySince, readySince <= laterCreated { continue }
                return .failed("incomplete", [
                    "detail": "les événements du statefulset-controller ont expiré et \(earlier.name) (créé à \(KubeTime.clock(earlierCreated))) n'est pas plus ancien que \(later.name) (créé à \(KubeTime.clock(laterCreated))) ; \(earlier.name) a sans doute été recréé depuis. Pour observer l'ordre à nouveau : kubectl scale statefulset \(name) --replicas=1, puis --replicas=\(replicas)",
                ])
            }
            return .passed([
                "sequence": sequence(name, ordinals, pods.map { $0.created! }),
                "source": "heures de création des Pods, les événements ayant expiré",
            ])
        }
    }

    /// Scale-down removes the highest ordinal first: `ordinals` lists the expected deletion order
    /// (e.g. [2, 1]). Only controller events show deletions; once expired, the learner must scale
    /// down again.
    func orderedDeletion(_ name: String, _ ordinals: [Int]) -> Evaluation {
        withSnapshot([.statefulSet, .pod, .event]) { snapshot in
            guard let statefulSet = snapshot.statefulSet(name) else { return .failed("missing") }
            if statefulSet.podManagementPolicy == "Parallel" { return .failed("parallel") }
            let events = controllerEvents("delete", of: statefulSet, in: snapshot, useLast: true)
            let seen = ordinals.filter { events[$0] != nil }
            if seen.isEmpty { return .failed("notSeen") }
            if seen.count < ordinals.count {
                let missing = ordinals.filter { events[$0] == nil }.map { "\(name)-\($0)" }
                return .failed("partial", ["missingPods": FrenchText.list(missing), "seenPods": FrenchText.list(seen.map { "\(name)-\($0)" })])
            }
            let times = ordinals.map { events[$0]! }
            for index in ordinals.indices.dropLast() where times[index] > times[index + 1] {
                return .failed("outOfOrder", [
                    "first": "\(name)-\(ordinals[index + 1])", "second": "\(name)-\(ordinals[index])",
                    "firstTime": KubeTime.clock(times[index + 1]), "secondTime": KubeTime.clock(times[index]),
                ])
            }
            let steps = zip(ordinals, times).map { "\(name)-\($0.0) (\(KubeTime.clock($0.1)))" }
            return .passed(["sequence": steps.joined(separator: " puis ")])
        }
    }

    private func sequence(_ name: String, _ ordinals: [Int], _ times: [Date]) -> String {
        zip(ordinals, times).map { "\(name)-\($0.0) (\(KubeTime.clock($0.1)))" }.joined(separator: " → ")
    }
}
