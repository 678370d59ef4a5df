import AtelierCluster
import AtelierContent
import Foundation

/// Outcomes of kinds that read one field of one object.
protocol FieldOutcome: CheckOutcome {
    static var missing: Self { get }
}

extension CheckContext {
    /// Runs `body` with the field's value (nil when absent), or `missing` without the object.
    func withField<Outcome: FieldOutcome>(_ object: ObjectReference, _ path: FieldPath,
                                         _ body: (JSONValue?) -> Verdict<Outcome>) -> Verdict<Outcome> {
        withSnapshot([object.kind]) { snapshot in
            guard case .found(let json) = snapshot.lookup(object.kind, object.name) else { return .failed(.missing) }
            return body(path.resolve(in: json))
        }
    }
}

extension FieldPath {
    /// A value as a message may show it: never the content of an env var, a Secret's data or a
    /// very long blob.
    func shown(_ value: JSONValue) -> String {
        if mayHoldSecret, case .string = value { return "valeur masquée" }
        let text = value.displayText
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}

extension ObjectReference {
    /// Placeholders any message about this object may use.
    var values: [String: String] { ["Object": capitalizedLabel, "object": label, "name": name] }
}
