/// A JSON document as kubectl prints it, kept generic because check specs address arbitrary
/// fields by path and hostile output must be inspectable without crashing.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// Integral numbers only: replica counts, ordinals, ports.
    var intValue: Int? {
        guard case .number(let value) = self, value.isFinite, value == value.rounded(),
              abs(value) < 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Follows `path` of plain keys; nil as soon as one is missing or not an object.
    func value(at path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    func string(at path: String...) -> String? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current?.stringValue
    }
}
