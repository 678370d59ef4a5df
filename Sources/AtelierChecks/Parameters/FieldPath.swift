import AtelierCluster
import AtelierContent

/// A field address in a Kubernetes object, as written in checks.json:
/// `spec.template.spec.containers[0].image`, `spec.ports[name=postgres].port`,
/// `metadata.annotations["storageclass.kubernetes.io/is-default-class"]`.
///
/// Parsed once at start-up so a malformed path stops the server instead of failing a learner.
struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
        /// First array element whose `field` is the string `value` (by name rather than by
        /// position, since learners may order containers or ports differently).
        case match(field: String, value: String)
    }

    let segments: [Segment]
    let description: String

    /// Returns the parsed path, or a French reason it is malformed.
    static func parse(_ text: String) -> Result<FieldPath, FieldPathSyntaxError> {
        var segments: [Segment] = []
        let characters = Array(text)
        var index = 0
        var expectKey = true
        func fail(_ reason: String) -> Result<FieldPath, FieldPathSyntaxError> {
            .failure(FieldPathSyntaxError(reason: "chemin « \(text) » invalide : \(reason)"))
        }
        guard !characters.isEmpty else { return fail("il est vide") }
        while index < characters.count {
            let character = characters[index]
            if character == "[" {
                guard let close = characters[index...].firstIndex(of: "]") else { return fail("« [ » sans « ] »") }
                let inner = String(characters[(index + 1)..<close])
                if inner.hasPrefix("\"") {
                    guard inner.count >= 2, inner.hasSuffix("\"") else { return fail("clé entre guillemets mal fermée") }
                    let key = String(inner.dropFirst().dropLast())
                    guard !key.isEmpty else { return fail("clé vide") }
                    segments.append(.key(key))
                } else if let number = Int(inner), number >= 0, inner.allSatisfy(\.isNumber) {
                    segments.append(.index(number))
                } else if let equals = inner.firstIndex(of: "=") {
                    let field = String(inner[..<equals])
                    let value = String(inner[inner.index(after: equals)...])
                    guard !field.isEmpty, !value.isEmpty else { return fail("sélecteur « [\(inner)] » incomplet") }
                    segments.append(.match(field: field, value: value))
                } else {
                    return fail("« [\(inner)] » n'est ni un indice, ni une clé entre guillemets, ni un sélecteur champ=valeur")
                }
                index = close + 1
                expectKey = false
                continue
            }
            if character == "." {
                guard !expectKey else { return fail("segment vide") }
                expectKey = true
                index += 1
                continue
            }
            guard expectKey else { return fail("« . » ou « [ » attendu après « ] »") }
            var end = index
            while end < characters.count, characters[end] != ".", characters[end] != "[" { end += 1 }
            segments.append(.key(String(characters[index..<end])))
            index = end
            expectKey = false
        }
        if expectKey { return fail("il se termine par « . »") }
        return .success(FieldPath(segments: segments, description: text))
    }

    /// The value at this path, or nil when any step is missing.
    func resolve(in root: JSONValue) -> JSONValue? {
        var current = root
        for segment in segments {
            switch segment {
            case .key(let key):
                guard let next = current[key] else { return nil }
                current = next
            case .index(let position):
                guard let array = current.arrayValue, position < array.count else { return nil }
                current = array[position]
            case .match(let field, let value):
                guard let element = current.arrayValue?.first(where: { $0[field]?.displayText == value }) else { return nil }
                current = element
            }
        }
        return current
    }

    /// True when the path goes through an `env` list: the value may be a password written in
    /// clear, so messages must not quote it.
    var mayHoldSecret: Bool {
        segments.contains { if case .key(let key) = $0 { return key == "env" || key == "data" || key == "stringData" } else { return false } }
    }
}
