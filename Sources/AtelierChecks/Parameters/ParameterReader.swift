import AtelierCluster
import AtelierContent

/// Reads a check's `params` with typed, French errors; key tracking and the unknown-key rule are
/// `JSONObjectReader`'s, so a misspelt parameter is reported instead of silently ignored.
struct ParameterReader {
    private var json: JSONObjectReader

    init(_ params: [String: JSONValue]) {
        json = JSONObjectReader(params)
    }

    mutating func string(_ key: String) throws(ParameterProblem) -> String {
        guard let value = try optionalString(key) else {
            throw ParameterProblem(code: .missingParameter, message: "le paramètre « \(key) » est obligatoire.")
        }
        return value
    }

    mutating func optionalString(_ key: String) throws(ParameterProblem) -> String? {
        guard let value = json.value(key) else { return nil }
        guard case .string(let text) = value, !text.isEmpty else {
            throw ParameterProblem(code: .invalidParameter, message: "le paramètre « \(key) » doit être une chaîne non vide.")
        }
        guard DNSNames.hasNoControlCharacters(text) else {
            throw ParameterProblem(code: .invalidParameter, message: "le paramètre « \(key) » contient un caractère de contrôle.")
        }
        return text
    }

    /// An object name that will reach kubectl's argv: must be a DNS-1123 subdomain.
    mutating func objectName(_ key: String) throws(ParameterProblem) -> String {
        let name = try string(key)
        guard DNSNames.isSubdomain(name) else {
            throw ParameterProblem(code: .invalidParameter,
                message: "« \(name) » (paramètre « \(key) ») n'est pas un nom d'objet Kubernetes valide (DNS-1123).")
        }
        return name
    }

    mutating func optionalObjectName(_ key: String) throws(ParameterProblem) -> String? {
        guard json.members[key] != nil, json.members[key] != .null else {
            _ = json.value(key)
            return nil
        }
        return try objectName(key)
    }

    /// A container, volume or port name: a DNS-1123 label.
    mutating func label(_ key: String) throws(ParameterProblem) -> String {
        let name = try string(key)
        guard DNSNames.isLabel(name) else {
            throw ParameterProblem(code: .invalidParameter,
                message: "« \(name) » (paramètre « \(key) ») n'est pas un nom valide (DNS-1123 : a–z, 0–9, « - »).")
        }
        return name
    }

    mutating func optionalLabel(_ key: String) throws(ParameterProblem) -> String? {
        guard json.members[key] != nil, json.members[key] != .null else {
            _ = json.value(key)
            return nil
        }
        return try label(key)
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(ParameterProblem) -> Int {
        guard let value = try optionalInt(key, in: range) else {
            throw ParameterProblem(code: .missingParameter, message: "le paramètre « \(key) » est obligatoire.")
        }
        return value
    }

    mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(ParameterProblem) -> Int? {
        guard let value = json.value(key) else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw ParameterProblem(code: .invalidParameter,
                message: "le paramètre « \(key) » doit être un entier entre \(range.lowerBound) et \(range.upperBound).")
        }
        return number
    }

    mutating func intList(_ key: String, in range: ClosedRange<Int>) throws(ParameterProblem) -> [Int] {
        guard let value = json.rawValue(key) else {
            throw ParameterProblem(code: .missingParameter, message: "le paramètre « \(key) » est obligatoire.")
        }
        guard let array = value.arrayValue, !array.isEmpty else {
            throw ParameterProblem(code: .invalidParameter, message: "le paramètre « \(key) » doit être une liste non vide d'entiers.")
        }
        var numbers: [Int] = []
        for element in array {
            guard let number = element.intValue, range.contains(number) else {
                throw ParameterProblem(code: .invalidParameter,
                    message: "le paramètre « \(key) » ne doit contenir que des entiers entre \(range.lowerBound) et \(range.upperBound).")
            }
            numbers.append(number)
        }
        return numbers
    }

    mutating func value(_ key: String) throws(ParameterProblem) -> JSONValue {
        guard let value = json.rawValue(key) else {
            throw ParameterProblem(code: .missingParameter, message: "le paramètre « \(key) » est obligatoire.")
        }
        return value
    }

    mutating func fieldPath(_ key: String) throws(ParameterProblem) -> FieldPath {
        let text = try string(key)
        switch FieldPath.parse(text) {
        case .success(let path): return path
        case .failure(let error): throw ParameterProblem(code: .invalidParameter, message: error.reason)
        }
    }

    mutating func resourceKind(_ key: String) throws(ParameterProblem) -> ResourceKind {
        let text = try string(key)
        guard let kind = ResourceKind(userName: text), kind != .event else {
            let known = ResourceKind.allCases.filter { $0 != .event }.map(\.rawValue).joined(separator: ", ")
            throw ParameterProblem(code: .invalidParameter, message: "type de ressource « \(text) » inconnu ; types reconnus : \(known).")
        }
        return kind
    }

    /// Reports the first parameter that no reader asked for.
    func finish() throws(ParameterProblem) {
        if let extra = json.firstUnknownKey() {
            let known = json.consumed.sorted().joined(separator: ", ")
            throw ParameterProblem(code: .unknownParameter,
                message: "paramètre « \(extra) » inconnu pour ce type de vérification (paramètres reconnus : \(known.isEmpty ? "aucun" : known)).")
        }
    }
}
