import AtelierCluster
import AtelierContent
import Foundation

/// `fieldEquals`: a field of an object has the expected JSON value (`5432` equals `5432.0`).
struct FieldEquals: CheckKind {
    static let name = "fieldEquals"

    enum Outcome: String, CheckOutcome, FieldOutcome {
        case passed, mismatch, absent, missing
    }

    let object: ObjectReference
    let path: FieldPath
    let expected: JSONValue

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        object = try parameters.object()
        path = try parameters.fieldPath("path")
        expected = try parameters.value("value")
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [object.kind]) }
    var values: [String: String] {
        object.values.merging(["field": path.description, "expected": expected.displayText]) { $1 }
    }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("{Object} : {field} vaut « {expected} ».", provides: ["actual"])
        case .mismatch: OutcomeMessage("{Object} : {field} vaut « {actual} » ; valeur attendue : « {expected} ».", provides: ["actual"])
        case .absent: OutcomeMessage("{Object} : {field} est absent ; valeur attendue : « {expected} ».")
        case .missing: OutcomeMessage("{Object} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withField(object, path) { actual in
            guard let actual else { return .failed(.absent) }
            let shown = ["actual": path.shown(actual)]
            return actual.matches(expected) ? .passed(shown) : .failed(.mismatch, shown)
        }
    }
}
