/// Reads one JSON object key by key and remembers which keys were asked for, so a misspelt key
/// is reported instead of silently ignored. The one home of that rule: config.json and its
/// `cluster` section, checks.json `params` and lesson.json all go through it.
package struct JSONObjectReader: Sendable {
    /// Dotted path of this object (`cluster`), for error messages; empty at the root.
    package let path: String
    package let members: [String: JSONValue]
    package private(set) var consumed: Set<String> = []

    package init(_ members: [String: JSONValue], path: String = "") {
        self.members = members
        self.path = path
    }

    /// `cluster.namespace` for key `namespace` of `cluster`.
    package func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key`, nil when absent or `null`; marks the key as known.
    package mutating func value(_ key: String) -> JSONValue? {
        consumed.insert(key)
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    /// The value of `key` as written, `null` included; marks the key as known.
    package mutating func rawValue(_ key: String) -> JSONValue? {
        consumed.insert(key)
        return members[key]
    }

    /// The first key (sorted) that no reader asked for, or that is not in `allowed`.
    package func firstUnknownKey(allowed: Set<String>? = nil) -> String? {
        let known = allowed ?? consumed
        return members.keys.sorted().first { !known.contains($0) }
    }
}

extension JSONValue {
    /// « a string », « an array »…: what was found where something else was expected.
    package var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
