import AtelierCluster
import AtelierContent
import Foundation

/// `resourceExists`: an object of the learner's namespace exists.
struct ResourceExists: CheckKind {
    static let name = "resourceExists"

    enum Outcome: String, CheckOutcome {
        case passed, missing
    }

    let object: ObjectReference

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        object = try parameters.object()
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [object.kind]) }
    var values: [String: String] { object.values }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("{Object} existe.")
        case .missing: OutcomeMessage("{Object} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withSnapshot([object.kind]) { snapshot in
            if case .found = snapshot.lookup(object.kind, object.name) { return .passed() }
            return .failed(.missing)
        }
    }
}
