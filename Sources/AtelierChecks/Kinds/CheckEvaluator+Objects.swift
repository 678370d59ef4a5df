import AtelierCluster
import AtelierContent
import Foundation

extension CheckEvaluator {
    func resourceExists(_ object: ObjectReference) -> Evaluation {
        withSnapshot([object.kind]) { snapshot in
            if case .found = snapshot.lookup(object.kind, object.name) { return .passed() }
            return .failed("missing")
        }
    }

    func fieldEquals(_ object: ObjectReference, _ path: FieldPath, _ expected: JSONValue) -> Evaluation {
        withField(object, path) { actual in
            guard let actual else { return .failed("absent") }
            if actual.matches(expected) { return .passed(["actual": shown(actual, path)]) }
            return .failed("mismatch", ["actual": shown(actual, path)])
        }
    }

    func fieldMatches(_ object: ObjectReference, _ path: FieldPath, _ pattern: String) -> Evaluation {
        withField(object, path) { actual in
            guard let actual else { return .failed("absent") }
            let text = actual.displayText
            let matched = (try? NSRegularExpression(pattern: pattern))
                .map { $0.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil } ?? false
            return matched ? .passed(["actual": shown(actual, path)]) : .failed("mismatch", ["actual": shown(actual, path)])
        }
    }

    func fieldAbsent(_ object: ObjectReference, _ path: FieldPath) -> Evaluation {
        withField(object, path) { actual in
            guard let actual, actual != .null else { return .passed() }
            return .failed("present", ["actual": shown(actual, path)])
        }
    }

    func secretHasKey(_ secret: String, _ key: String) -> Evaluation {
        withSnapshot([.secret]) { snapshot in
            guard case .found(let object) = snapshot.lookup(.secret, secret) else { return .failed("missing") }
            let keys = Self.secretKeys(object)
            if keys.contains(key) { return .passed() }
            return .failed("missingKey", ["keys": keys.isEmpty ? "aucune" : FrenchText.list(keys)])
        }
    }

    /// Key names of a (redacted) Secret, sorted.
    static func secretKeys(_ object: JSONValue) -> [String] {
        (object["data"]?.objectValue?.keys).map { $0.sorted() } ?? []
    }

    private func withField(_ object: ObjectReference, _ path: FieldPath, _ body: (JSONValue?) -> Evaluation) -> Evaluation {
        withSnapshot([object.kind]) { snapshot in
            guard case .found(let json) = snapshot.lookup(object.kind, object.name) else { return .failed("missing") }
            return body(path.resolve(in: json))
        }
    }

    /// A value as a message may show it: never the content of an env var, a Secret's data or a
    /// very long blob.
    private func shown(_ value: JSONValue, _ path: FieldPath) -> String {
        if path.mayHoldSecret, case .string = value { return "valeur masquée" }
        let text = value.displayText
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
