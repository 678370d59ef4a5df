import AtelierCluster
import AtelierContent
import Foundation

/// `orderedDeletion`: a scale-down removes the highest ordinal first; `ordinals` lists the
/// expected deletion order (e.g. [2, 1], a scale-down to 1).
///
/// Only a scale-down counts: `spec.replicas` went down, the pods went in reverse order, the lower
/// ordinals were never deleted meanwhile and no ordinal came back between two deletions. A rolling
/// restart also deletes postgres-2 then postgres-1, but re-creates each in between and never
/// changes `spec.replicas`: it does not pass. The most recent scale-down to the target is judged,
/// so a later change of replicas (3 → 1 → 3 → 2) does not turn a correct observation into « out
/// of order ». Evidence, best first: Atelier's own timeline, then statefulset-controller events
/// still present (MicroK8s keeps them 5 minutes); with neither, the check says it cannot know.
struct OrderedDeletion: CheckKind {
    static let name = "orderedDeletion"

    enum Outcome: String, CheckOutcome {
        case passed, notSeen, partial, outOfOrder, restartNotScaleDown, disturbed, unknown, parallel, missing
    }

    let statefulSet: String
    let ordinals: [Int]

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        statefulSet = try parameters.label("statefulSet")
        ordinals = try parameters.intList("ordinals", in: 0...99)
        guard ordinals.count >= 2, zip(ordinals, ordinals.dropFirst()).allSatisfy({ $0 > $1 }) else {
            throw ParameterProblem(code: .invalidParameter,
                message: "le paramètre « ordinals » doit lister au moins deux ordinaux dans l'ordre de suppression attendu, décroissant (ex. [2, 1]).")
        }
    }

    var targetReplicas: Int { ordinals.min() ?? 0 }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet, .pod, .event]) }
    var values: [String: String] {
        ["statefulSet": statefulSet, "pods": FrenchText.list(ordinals.map { "\(statefulSet)-\($0)" }),
         "targetReplicas": String(targetReplicas), "fullReplicas": String((ordinals.max() ?? 0) + 1)]
    }

    static let redo = "Pour observer la réduction : kubectl scale statefulset {statefulSet} --replicas={fullReplicas}, attendez que les Pods soient prêts, puis kubectl scale statefulset {statefulSet} --replicas={targetReplicas}"

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Réduction à {targetReplicas} réplica observée, dans l'ordre inverse des ordinaux : {sequence} ({source}).", provides: ["sequence", "source"])
        case .notSeen: OutcomeMessage("Aucune réduction du StatefulSet {statefulSet} à {targetReplicas} réplica n'a été observée {since}. " + redo + ".", provides: ["since"])
        case .partial: OutcomeMessage("La réduction est en cours : la suppression de {missingPods} n'a pas encore été observée (seulement celle de {seenPods}). Attendez qu'il ne reste que {statefulSet}-0, puis vérifiez à nouveau.", provides: ["missingPods", "seenPods"])
        case .outOfOrder: OutcomeMessage("{first} a été supprimé avant {second} ({firstTime} contre {secondTime}) : ce n'est pas l'ordre inverse des ordinaux ({source}).", provides: ["first", "second", "firstTime", "secondTime", "source"])
        case .restartNotScaleDown: OutcomeMessage("Les Pods ont été supprimés puis recréés un à un ({detail}) sans que spec.replicas change : c'est un redémarrage progressif (kubectl rollout restart), pas une réduction. " + redo + ".", provides: ["detail"])
        case .disturbed: OutcomeMessage("Pendant la réduction, {detail} : l'ordre observé ne dit rien de la réduction elle-même. " + redo + ".", provides: ["detail"])
        case .unknown: OutcomeMessage("Impossible de savoir dans quel ordre les Pods ont été supprimés : Atelier n'observait pas votre namespace à ce moment-là et les événements du statefulset-controller ont expiré (MicroK8s les garde 5 minutes). " + redo + " et vérifiez dans les 5 minutes.")
        case .parallel: OutcomeMessage("Le StatefulSet {statefulSet} utilise podManagementPolicy: Parallel : ses Pods sont supprimés tous en même temps, sans ordre.")
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        let name = statefulSet
        return context.withSnapshot([.statefulSet, .pod, .event]) { snapshot in
            guard let found = snapshot.statefulSet(name) else { return .failed(.missing) }
            if found.podManagementPolicy == "Parallel" { return .failed(.parallel) }
            var inconclusive = false
            if let timeline = context.timeline {
                switch judge(timeline) {
                case .verdict(let verdict): return verdict
                case .inconclusive: inconclusive = true
                case .nothing: break
                }
            }
            if let verdict = judge(events: snapshot, found) { return verdict }
            if inconclusive { return .failed(.unknown) }
            if let timeline = context.timeline, let since = timeline.watchedSince(name: "pods") {
                return .failed(.notSeen, ["since": "depuis \(KubeTime.clock(since)), heure à laquelle Atelier a commencé à suivre votre namespace"])
            }
            if snapshot.controllerEvents("create", of: found, useLast: true).isEmpty == false {
                return .failed(.notSeen, ["since": "dans les événements encore présents (MicroK8s les garde 5 minutes)"])
            }
            return .failed(.unknown)
        }
    }

    // MARK: - Atelier's own timeline

    private enum Finding {
        case verdict(Verdict<Outcome>)
        /// A scale-down was seen, but its deletions happened while Atelier was not watching: their
        /// order is unknown.
        case inconclusive
        case nothing
    }

    /// The most recent scale-down to the target, as Atelier saw it.
    private func judge(_ timeline: Timeline) -> Finding {
        let finding: Verdict<Outcome>?
        do {
            finding = try judgeScaleDown(timeline)
        } catch {
            return .inconclusive
        }
        return finding.map(Finding.verdict) ?? .nothing
    }

    private struct Inconclusive: Error {}

    private func judgeScaleDown(_ timeline: Timeline) throws -> Verdict<Outcome>? {
        let source = "chronologie observée par Atelier"
        guard let scaleDown = timeline.scaleDowns(of: statefulSet).last(where: { $0.to == targetReplicas && $0.from > ordinals.max()! }) else {
            let restarts = timeline.rollouts(of: statefulSet).filter { !$0.deletedOrdinals.isEmpty }
            if let restart = restarts.last, ordinals.allSatisfy(restart.deletedOrdinals.contains) {
                let pods = restart.deletedOrdinals.map { "\(statefulSet)-\($0)" }
                return .failed(.restartNotScaleDown, ["detail": "\(FrenchText.list(pods)), à partir de \(KubeTime.clock(restart.at))"])
            }
            return nil
        }
        let deletions = scaleDown.deletions.filter { ordinals.contains($0.ordinal) }
        if deletions.contains(where: \.inferred) { throw Inconclusive() }
        if let below = scaleDown.untouchableDeleted.first {
            return .failed(.disturbed, ["detail": "\(statefulSet)-\(below) a aussi été supprimé"])
        }
        var seen: [ScaleDown.Deletion] = []
        for deletion in deletions where !seen.contains(where: { $0.ordinal == deletion.ordinal }) {
            if let back = scaleDown.recreated.first, seen.contains(where: { $0.ordinal == back }) {
                return .failed(.disturbed, ["detail": "\(statefulSet)-\(back) a été recréé avant la fin"])
            }
            seen.append(deletion)
        }
        if seen.count < ordinals.count {
            let missing = ordinals.filter { ordinal in !seen.contains { $0.ordinal == ordinal } }.map { "\(statefulSet)-\($0)" }
            return .failed(.partial, ["missingPods": FrenchText.list(missing), "seenPods": FrenchText.list(seen.map { "\(statefulSet)-\($0.ordinal)" })])
        }
        for (index, deletion) in seen.enumerated() where deletion.ordinal != ordinals[index] {
            let first = deletion
            let second = seen.first { $0.ordinal == ordinals[index] }!
            return .failed(.outOfOrder, [
                "first": "\(statefulSet)-\(first.ordinal)", "second": "\(statefulSet)-\(second.ordinal)",
                "firstTime": KubeTime.clock(first.at), "secondTime": KubeTime.clock(second.at), "source": source,
            ])
        }
        let steps = seen.map { "\(statefulSet)-\($0.ordinal) (\(KubeTime.clock($0.at)))" }
        return .passed(["sequence": steps.joined(separator: " puis "), "source": source])
    }

    // MARK: - statefulset-controller events (5 minutes on MicroK8s)

    /// From the controller's events: each expected ordinal's FIRST deletion (a repeated event keeps
    /// its first time), refused when postgres-0 was deleted too or an ordinal was re-created between
    /// two deletions — the marks of a rolling restart.
    private func judge(events snapshot: ClusterSnapshot, _ found: StatefulSetState) -> Verdict<Outcome>? {
        let source = "événements du statefulset-controller"
        let deletions = snapshot.controllerEvents("delete", of: found, useLast: false)
        let creations = snapshot.controllerEvents("create", of: found, useLast: true)
        let seen = ordinals.filter { deletions[$0] != nil }
        if seen.isEmpty { return nil }
        let firstDeletion = seen.map { deletions[$0]! }.min()!
        let lastDeletion = seen.map { deletions[$0]! }.max()!
        let lower = (0..<targetReplicas).filter { deletions[$0].map { $0 >= firstDeletion } ?? false }
        let recreatedBetween = seen.filter { ordinal in
            guard let created = creations[ordinal], let deleted = deletions[ordinal] else { return false }
            return created > deleted && created < lastDeletion
        }
        if !lower.isEmpty || !recreatedBetween.isEmpty {
            let pods = (seen + lower).sorted(by: >).map { "\(statefulSet)-\($0)" }
            return .failed(.restartNotScaleDown, ["detail": "\(FrenchText.list(pods)), d'après les \(source)"])
        }
        if seen.count < ordinals.count {
            let missing = ordinals.filter { deletions[$0] == nil }.map { "\(statefulSet)-\($0)" }
            return .failed(.partial, ["missingPods": FrenchText.list(missing), "seenPods": FrenchText.list(seen.map { "\(statefulSet)-\($0)" })])
        }
        let times = ordinals.map { deletions[$0]! }
        for index in ordinals.indices.dropLast() where times[index] > times[index + 1] {
            return .failed(.outOfOrder, [
                "first": "\(statefulSet)-\(ordinals[index + 1])", "second": "\(statefulSet)-\(ordinals[index])",
                "firstTime": KubeTime.clock(times[index + 1]), "secondTime": KubeTime.clock(times[index]), "source": source,
            ])
        }
        let steps = zip(ordinals, times).map { "\(statefulSet)-\($0.0) (\(KubeTime.clock($0.1)))" }
        return .passed(["sequence": steps.joined(separator: " puis "), "source": source])
    }
}
