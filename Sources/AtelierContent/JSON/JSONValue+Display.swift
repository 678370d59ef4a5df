extension JSONValue {
    /// Compact rendering for messages: `None`, `5432`, `{app: postgres}`, `[a, b]`; strings are
    /// shown bare so that French quotes can wrap them.
    package var displayText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if let int = intValue { return String(int) }
            return String(value)
        case .string(let value): return value
        case .array(let values): return "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ") + "}"
        }
    }

    /// Equality that treats `5432` and `5432.0` alike, as JSON does.
    package func matches(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)): return a == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { value.matches($0) } ?? false }
        default: return self == other
        }
    }
}
