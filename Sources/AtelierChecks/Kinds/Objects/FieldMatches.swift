import AtelierCluster
import AtelierContent
import Foundation

/// `fieldMatches`: a field of an object, as text, matches a regular expression.
struct FieldMatches: CheckKind {
    static let name = "fieldMatches"

    enum Outcome: String, CheckOutcome, FieldOutcome {
        case passed, mismatch, absent, missing
    }

    let object: ObjectReference
    let path: FieldPath
    let pattern: String
    /// Compiled once at start-up.
    let expression: NSRegularExpression

    init(_ parameters: inout ParameterReader) throws(ParameterProblem) {
        object = try parameters.object()
        path = try parameters.fieldPath("path")
        pattern = try parameters.string("pattern")
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            throw ParameterProblem(code: .invalidParameter, message: "le motif « \(pattern) » n'est pas une expression régulière valide.")
        }
    }

    var requirements: CheckRequirements { CheckRequirements(kinds: [object.kind]) }
    var values: [String: String] {
        object.values.merging(["field": path.description, "pattern": pattern]) { $1 }
    }

    static func message(for outcome: Outcome) -> OutcomeMessage {
        switch outcome {
        case .passed: OutcomeMessage("{Object} : {field} vaut « {actual} ».", provides: ["actual"])
        case .mismatch: OutcomeMessage("{Object} : {field} vaut « {actual} », ce qui ne correspond pas au motif attendu ({pattern}).", provides: ["actual"])
        case .absent: OutcomeMessage("{Object} : {field} est absent.")
        case .missing: OutcomeMessage("{Object} n'existe pas dans le namespace {namespace}.")
        }
    }

    func evaluate(_ context: CheckContext) -> Verdict<Outcome> {
        context.withField(object, path) { actual in
            guard let actual else { return .failed(.absent) }
            let text = actual.displayText
            let matched = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            let shown = ["actual": path.shown(actual)]
            return matched ? .passed(shown) : .failed(.mismatch, shown)
        }
    }
}
