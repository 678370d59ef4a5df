import AtelierCluster
import AtelierContent
import Foundation

/// `statefulSetReady`: N/N Ready, judged on the pods themselves (the StatefulSet status lags
/// behind and omits `readyReplicas` when it is 0). When not ready, names the first pod in
/// ordinal order that is not, which with OrderedReady is the one holding the others back.
struct StatefulSetReady: CheckKind {
    static let name = "statefulSetReady"

    enum Outcome: String, CheckOutcome {
        case passed, notReady, wrongReplicas, missing
    }

    let statefulSet: String
    let replicas: Int
    let crashLoopHint: String?

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        statefulSet = try parameters.label("statefulSet")
        replicas = try parameters.int("replicas", in: 1...100)
        crashLoopHint = try parameters.optionalString("crashLoopHint")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet, .pod]) }
    var values: [String: String] { ["statefulSet": statefulSet, "replicas": String(replicas)] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Le StatefulSet {statefulSet} a {ready} Pods prêts sur {replicas}.", provides: ["ready", "readyText"])
        case .notReady: OutcomeMessage("{readyText} : {detail}", provides: ["ready", "readyText", "detail"])
        case .wrongReplicas: OutcomeMessage("Le StatefulSet {statefulSet} demande {actualText} ; l'étape en attend {replicas} (kubectl scale statefulset {statefulSet} --replicas={replicas}).", provides: ["actualText"])
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.statefulSet, .pod]) { snapshot in
            guard let found = snapshot.statefulSet(statefulSet) else { return .failed(.missing) }
            guard found.replicas == replicas else {
                return .failed(.wrongReplicas, ["actualText": FrenchText.count(found.replicas, "réplica", "réplicas")])
            }
            var ready = 0
            var firstProblem: String?
            for ordinal in 0..<replicas {
                let podName = "\(statefulSet)-\(ordinal)"
                guard let pod = snapshot.pod(podName) else {
                    firstProblem = firstProblem ?? "\(podName) n'a pas encore été créé"
                    continue
                }
                if let problem = pod.diagnosis(crashLoopHint: crashLoopHint) {
                    firstProblem = firstProblem ?? problem
                } else {
                    ready += 1
                }
            }
            let values = ["ready": String(ready), "readyText": Self.readyText(ready, of: replicas)]
            guard let firstProblem else { return .passed(values) }
            return .failed(.notReady, values.merging(["detail": FrenchText.sentence(firstProblem)]) { $1 })
        }
    }

    /// « Aucun Pod prêt sur 3 », « 1 Pod prêt sur 3 », « 2 Pods prêts sur 3 ».
    static func readyText(_ ready: Int, of total: Int) -> String {
        switch ready {
        case 0: return "Aucun Pod prêt sur \(total)"
        case 1: return "1 Pod prêt sur \(total)"
        default: return "\(ready) Pods prêts sur \(total)"
        }
    }
}
