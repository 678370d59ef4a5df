/// One change to an object of the base scenario: `set` writes values at slash-separated paths
/// (`metadata/uid`, `spec/replicas`, `metadata/annotations/kubectl.kubernetes.io~1restartedAt`
/// with `~1` for a slash inside a key, as in JSON Pointer), `unset` removes keys. Intermediate
/// objects are created when missing.
struct ObjectPatch: Decodable {
    /// `Kind/name`, as in `remove`.
    var object: String
    var set: [String: JSONValueBox]?
    var unset: [String]?

    func apply(to json: JSON) -> JSON {
        var result = json
        for (path, value) in set ?? [:] { result = Self.write(value.json, at: Self.components(path), in: result) }
        for path in unset ?? [] { result = Self.write(nil, at: Self.components(path), in: result) }
        return result
    }

    func targets(_ json: JSON) -> Bool {
        "\(json["kind"]?.string ?? "")/\(json.at("metadata", "name")?.string ?? "")" == object
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/").map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
    }

    private static func write(_ value: JSON?, at path: [String], in json: JSON) -> JSON {
        guard let first = path.first else { return value ?? .null }
        var members = json.object ?? [:]
        if path.count == 1 {
            members[first] = value
        } else {
            members[first] = write(value, at: Array(path.dropFirst()), in: members[first] ?? .object([:]))
        }
        return .object(members)
    }
}

/// A JSON value inside `scenario.json`, decoded with Foundation (scenario files are small) and
/// turned into the stand-in's own `JSON`.
struct JSONValueBox: Decodable {
    var json: JSON

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { json = .null }
        else if let value = try? container.decode(Bool.self) { json = .bool(value) }
        else if let value = try? container.decode(Double.self) { json = .number(value) }
        else if let value = try? container.decode(String.self) { json = .string(value) }
        else if let value = try? container.decode([JSONValueBox].self) { json = .array(value.map(\.json)) }
        else { json = .object(try container.decode([String: JSONValueBox].self).mapValues(\.json)) }
    }
}
