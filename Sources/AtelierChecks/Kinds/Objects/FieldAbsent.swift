import AtelierCluster
import AtelierContent
import Foundation

/// `fieldAbsent`: a field of an object is absent (or null).
struct FieldAbsent: CheckKind {
    static let name = "fieldAbsent"

    enum Outcome: String, CheckOutcome, FieldOutcome {
        case passed, present, missing
    }

    let object: ObjectReference
    let path: FieldPath

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        object = try parameters.object()
        path = try parameters.fieldPath("path")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [object.kind]) }
    var values: [String: String] { object.values.merging(["field": path.description]) { $1 } }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("{Object} : {field} est absent, comme attendu.")
        case .present: OutcomeMessage("{Object} : {field} est présent (« {actual} ») alors qu'il doit être absent.", provides: ["actual"])
        case .missing: OutcomeMessage("{Object} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withField(object, path) { actual in
            guard let actual, actual != .null else { return .passed() }
            return .failed(.present, ["actual": path.shown(actual)])
        }
    }
}
