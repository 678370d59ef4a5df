import AtelierCluster
import AtelierContent

/// `serviceSelectsStatefulSet`: the Service's selector picks the StatefulSet's pods. It is
/// compared with the pod template's labels (what every future pod gets), not only with the pods
/// that happen to exist now.
struct ServiceSelectsStatefulSet: CheckKind {
    static let name = "serviceSelectsStatefulSet"

    enum Outcome: String, CheckOutcome {
        case passed, noSelector, mismatch, missing, statefulSetMissing
    }

    let service: String
    let statefulSet: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        service = try parameters.label("service")
        statefulSet = try parameters.label("statefulSet")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.service, .statefulSet, .pod]) }
    var values: [String: String] { ["service": service, "statefulSet": statefulSet] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Le sélecteur du Service {service} ({selector}) correspond aux Pods du StatefulSet {statefulSet}.", provides: ["selector", "labels"])
        case .noSelector: OutcomeMessage("Le Service {service} n'a pas de sélecteur : il ne peut trouver aucun Pod.")
        case .mismatch: OutcomeMessage("Le sélecteur du Service {service} ({selector}) ne correspond pas aux labels des Pods du StatefulSet {statefulSet} ({labels}).", provides: ["selector", "labels"])
        case .missing: OutcomeMessage("Le Service {service} n'existe pas dans le namespace {namespace}.")
        case .statefulSetMissing: OutcomeMessage(StatefulSetMessages.missing, provides: ["selector"])
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.service, .statefulSet]) { snapshot in
            guard let found = snapshot.service(service) else { return .failed(.missing) }
            let selector = Self.labelsText(found.selector)
            guard !found.selector.isEmpty else { return .failed(.noSelector) }
            guard let owner = snapshot.statefulSet(statefulSet) else {
                return .failed(.statefulSetMissing, ["selector": selector])
            }
            let labels = owner.templateLabels
            let matches = found.selector.allSatisfy { labels[$0.key] == $0.value }
            let values = ["selector": selector, "labels": labels.isEmpty ? "aucun label" : Self.labelsText(labels)]
            return matches ? .passed(values) : .failed(.mismatch, values)
        }
    }

    /// `app=postgres, tier=db`, sorted so messages are stable.
    static func labelsText(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
