import AtelierCluster
import AtelierContent

/// `statefulSetServiceName`: the StatefulSet names the headless Service in `serviceName`,
/// and that Service exists.
struct StatefulSetServiceName: CheckKind {
    static let name = "statefulSetServiceName"

    enum Outcome: String, CheckOutcome {
        case passed, mismatch, absent, serviceMissing, missing
    }

    let statefulSet: String
    let service: String

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        statefulSet = try parameters.label("statefulSet")
        service = try parameters.label("service")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [.statefulSet, .service]) }
    var values: [String: String] { ["service": service, "statefulSet": statefulSet] }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("Le StatefulSet {statefulSet} a serviceName: {service}.", provides: ["actual"])
        case .mismatch: OutcomeMessage("Le StatefulSet {statefulSet} a serviceName: {actual} ; il doit nommer le Service headless {service}.", provides: ["actual"])
        case .absent: OutcomeMessage("Le StatefulSet {statefulSet} n'a pas de serviceName ; il doit nommer le Service headless {service}.")
        case .serviceMissing: OutcomeMessage("Le StatefulSet {statefulSet} a bien serviceName: {service}, mais ce Service n'existe pas dans le namespace {namespace}.")
        case .missing: OutcomeMessage(StatefulSetMessages.missing)
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([.statefulSet, .service]) { snapshot in
            guard let found = snapshot.statefulSet(statefulSet) else { return .failed(.missing) }
            guard let actual = found.serviceName, !actual.isEmpty else { return .failed(.absent) }
            guard actual == service else { return .failed(.mismatch, ["actual": actual]) }
            guard snapshot.service(service) != nil else { return .failed(.serviceMissing) }
            return .passed(["actual": actual])
        }
    }
}
