import AtelierCluster
import AtelierContent

/// `serviceHeadless`: a Service has `clusterIP: None`, so each pod gets its own DNS name.
struct ServiceHeadless: CheckKind {
    static let name = "serviceHeadless"

    enum Outcome: String, CheckOutcome {
        case passed, notHeadless, missing
    }

    let service: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        service = try parameters.label("service")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.service]) }
    var values: [String: String] { ["service": service] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Le Service {service} est headless (clusterIP: None).")
        case .notHeadless: OutcomeMessage("Le Service {service} a une ClusterIP ({clusterIP}) : un Service headless doit avoir clusterIP: None.", provides: ["clusterIP"])
        case .missing: OutcomeMessage("Le Service {service} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.service]) { snapshot in
            guard let found = snapshot.service(service) else { return .failed(.missing) }
            if found.isHeadless { return .passed() }
            let shown = found.clusterIP.map { $0.isEmpty ? "vide" : $0 } ?? "aucune, type \(found.type)"
            return .failed(.notHeadless, ["clusterIP": shown])
        }
    }
}
