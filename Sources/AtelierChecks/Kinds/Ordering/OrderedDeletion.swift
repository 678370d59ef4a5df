import AtelierCluster
import AtelierContent
import Foundation

/// `orderedDeletion`: scale-down removes the highest ordinal first; `ordinals` lists the
/// expected deletion order (e.g. [2, 1]). Only controller events show deletions; once expired,
/// the learner must scale down again.
struct OrderedDeletion: CheckKind {
    static let name = "orderedDeletion"

    enum Outcome: String, CheckOutcome {
        case passed, notSeen, partial, outOfOrder, parallel, missing
    }

    let statefulSet: String
    let ordinals: [Int]

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        statefulSet = try parameters.label("statefulSet")
        ordinals = try parameters.intList("ordinals", in: 0...99)
        guard ordinals.count >= 2, zip(ordinals, ordinals.dropFirst()).allSatisfy({ $0 > $1 }) else {
            throw ParameterProblem(code: .invalidParameter,
                message: "le paramètre « ordinals » doit lister au moins deux ordinaux dans l'ordre de suppression attendu, décroissant (ex. [2, 1]).")
        }
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet, .pod, .event]) }
    var values: [String: String] {
        ["statefulSet": statefulSet, "pods": FrenchText.list(ordinals.map { "\(statefulSet)-\($0)" }),
         "targetReplicas": String(ordinals.min() ?? 0)]
    }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Suppression dans l'ordre inverse observée : {sequence}.", provides: ["sequence"])
        case .notSeen: OutcomeMessage("Aucune suppression de {pods} n'a été observée : réduisez le StatefulSet (kubectl scale statefulset {statefulSet} --replicas={targetReplicas}). Les événements expirent au bout d'une heure.")
        case .partial: OutcomeMessage("La suppression de {missingPods} n'a pas été observée (seulement celle de {seenPods}).", provides: ["missingPods", "seenPods"])
        case .outOfOrder: OutcomeMessage("{first} a été supprimé avant {second} ({firstTime} contre {secondTime}) : ce n'est pas l'ordre inverse des ordinaux.", provides: ["first", "second", "firstTime", "secondTime"])
        case .parallel: OutcomeMessage("Le StatefulSet {statefulSet} utilise podManagementPolicy: Parallel : ses Pods sont supprimés tous en même temps, sans ordre.")
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        let name = statefulSet
        return context.withSnapshot([.statefulSet, .pod, .event]) { snapshot in
            guard let found = snapshot.statefulSet(name) else { return .failed(.missing) }
            if found.podManagementPolicy == "Parallel" { return .failed(.parallel) }
            let events = snapshot.controllerEvents("delete", of: found, useLast: true)
            let seen = ordinals.filter { events[$0] != nil }
            if seen.isEmpty { return .failed(.notSeen) }
            if seen.count < ordinals.count {
                let missing = ordinals.filter { events[$0] == nil }.map { "\(name)-\($0)" }
                return .failed(.partial, ["missingPods": FrenchText.list(missing), "seenPods": FrenchText.list(seen.map { "\(name)-\($0)" })])
            }
            let times = ordinals.map { events[$0]! }
            for index in ordinals.indices.dropLast() where times[index] > times[index + 1] {
                return .failed(.outOfOrder, [
                    "first": "\(name)-\(ordinals[index + 1])", "second": "\(name)-\(ordinals[index])",
                    "firstTime": KubeTime.clock(times[index + 1]), "secondTime": KubeTime.clock(times[index]),
                ])
            }
            let steps = zip(ordinals, times).map { "\(name)-\($0.0) (\(KubeTime.clock($0.1)))" }
            return .passed(["sequence": steps.joined(separator: " puis ")])
        }
    }
}
