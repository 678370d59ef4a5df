/// A JSON document as kubectl prints it, kept generic because check specs address arbitrary
/// fields by path and hostile output must be inspectable without crashing.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// Integral numbers only: replica counts, ordinals, ports.
    package var intValue: Int? {
        guard case .number(let value) = self, value.isFinite, value == value.rounded(),
              abs(value) < 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    package var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Follows `path` of plain keys; nil as soon as one is missing or not an object.
    package func value(at path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    package func string(at path: String...) -> String? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current?.stringValue
    }
}
