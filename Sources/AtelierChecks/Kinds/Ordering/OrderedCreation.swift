import AtelierCluster
import AtelierContent
import Foundation

/// `orderedCreation`: creation 0 → 1 → 2, each pod created once the one before was Ready.
/// Evidence, best first: Atelier's own timeline (creations seen live); then controller events when
/// they cover every ordinal (MicroK8s keeps them 5 minutes); then the pods' creation times, with
/// Ready times breaking same-second ties. `Parallel` never passes: the order would be luck.
struct OrderedCreation: CheckKind {
    static let name = "orderedCreation"

    enum Outcome: String, CheckOutcome {
        case passed, parallel, outOfOrder, notReadyFirst, incomplete, missing
    }

    let statefulSet: String
    let replicas: Int

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        statefulSet = try parameters.label("statefulSet")
        replicas = try parameters.int("replicas", in: 2...100)
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet, .pod, .event]) }
    var values: [String: String] { ["statefulSet": statefulSet, "replicas": String(replicas)] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Création dans l'ordre observée : {sequence} ({source}).", provides: ["sequence", "source"])
        case .parallel: OutcomeMessage("Le StatefulSet {statefulSet} utilise podManagementPolicy: Parallel : ses Pods sont créés tous en même temps, sans ordre.")
        case .outOfOrder: OutcomeMessage("{later} a été créé avant {earlier} ({laterTime} contre {earlierTime}) : la création n'a pas suivi l'ordre des ordinaux.", provides: ["later", "earlier", "laterTime", "earlierTime"])
        case .notReadyFirst: OutcomeMessage("{later} a été créé à {laterTime} alors que {earlier} n'était pas encore prêt (chronologie observée par Atelier) : avec podManagementPolicy OrderedReady, chaque Pod attend que le précédent soit Ready.", provides: ["later", "earlier", "laterTime"])
        case .incomplete: OutcomeMessage("Impossible de confirmer l'ordre de création : {detail}.", provides: ["detail"])
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        let name = statefulSet
        return context.withSnapshot([.statefulSet, .pod, .event]) { snapshot in
            guard let found = snapshot.statefulSet(name) else { return .failed(.missing) }
            if found.podManagementPolicy == "Parallel" { return .failed(.parallel) }
            let ordinals = Array(0..<replicas)
            switch context.timeline?.creationOrder(of: name, replicas: replicas) ?? .unknown {
            case .ordered(let steps):
                return .passed(["sequence": Self.sequence(name, steps.map(\.ordinal), steps.map(\.at)),
                                "source": "chronologie observée par Atelier"])
            case .notReadyFirst(let later, let at, let earlier):
                return .failed(.notReadyFirst, ["later": "\(name)-\(later)", "earlier": "\(name)-\(earlier)", "laterTime": KubeTime.clock(at)])
            case .unknown:
                break
            }
            let events = snapshot.controllerEvents("create", of: found, useLast: false)
            if ordinals.allSatisfy({ events[$0] != nil }) {
                let times = ordinals.map { events[$0]! }
                for index in ordinals.dropLast() where times[index] > times[index + 1] {
                    return .failed(.outOfOrder, [
                        "later": "\(name)-\(index + 1)", "earlier": "\(name)-\(index)",
                        "laterTime": KubeTime.clock(times[index + 1]), "earlierTime": KubeTime.clock(times[index]),
                    ])
                }
                return .passed(["sequence": Self.sequence(name, ordinals, times), "source": "événements du statefulset-controller"])
            }

            var pods: [PodState] = []
            for ordinal in ordinals {
                guard let pod = snapshot.pod("\(name)-\(ordinal)"), pod.created != nil else {
                    return .failed(.incomplete, [
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
                return .failed(.incomplete, [
                    "detail": "les événements du statefulset-controller ont expiré et \(earlier.name) (créé à \(KubeTime.clock(earlierCreated))) n'est pas plus ancien que \(later.name) (créé à \(KubeTime.clock(laterCreated))) ; \(earlier.name) a sans doute été recréé depuis. Pour observer l'ordre à nouveau : kubectl scale statefulset \(name) --replicas=1, puis --replicas=\(replicas)",
                ])
            }
            return .passed([
                "sequence": Self.sequence(name, ordinals, pods.map { $0.created! }),
                "source": "heures de création des Pods, les événements ayant expiré",
            ])
        }
    }

    private static func sequence(_ name: String, _ ordinals: [Int], _ times: [Date]) -> String {
        zip(ordinals, times).map { "\(name)-\($0.0) (\(KubeTime.clock($0.1)))" }.joined(separator: " → ")
    }
}
