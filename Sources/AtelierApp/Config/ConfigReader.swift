import AtelierContent

/// Typed reads of config.json with English errors naming the key; key tracking and the
/// unknown-key rule are `JSONObjectReader`'s.
struct ConfigReader {
    var object: JSONObjectReader

    init(_ object: JSONObjectReader) {
        self.object = object
    }

    func path(_ key: String) -> String { object.path(of: key) }

    mutating func value(_ key: String) -> JSONValue? { object.value(key) }

    mutating func string(_ key: String, nullable: Bool = false) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            throw ConfigError(.wrongType, key: path(key), "expected a string, found \(value.typeName)")
        }
        return text
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e15 else {
            throw ConfigError(.wrongType, key: path(key), "expected a whole number, found \(value.typeName == "a number" ? "a fraction" : value.typeName)")
        }
        let integer = Int(number)
        guard range.contains(integer) else {
            throw ConfigError(.invalidValue, key: path(key), "must be between \(range.lowerBound) and \(range.upperBound), found \(integer)")
        }
        return integer
    }

    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value else {
            throw ConfigError(.wrongType, key: path(key), "expected a number, found \(value.typeName)")
        }
        guard range.contains(number) else {
            throw ConfigError(.invalidValue, key: path(key), "must be between \(range.lowerBound) and \(range.upperBound), found \(number)")
        }
        return number
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw ConfigError(.wrongType, key: path(key), "expected true or false, found \(value.typeName)")
        }
        return flag
    }

    mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else {
            throw ConfigError(.wrongType, key: path(key), "expected an array of strings, found \(value.typeName)")
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw ConfigError(.wrongType, key: "\(path(key))[\(index)]", "expected a string, found \(item.typeName)")
            }
            result.append(text)
        }
        return result
    }

    mutating func object(_ key: String) throws(ConfigError) -> ConfigReader? {
        guard let value = value(key) else { return nil }
        guard case .object(let fields) = value else {
            throw ConfigError(.wrongType, key: path(key), "expected an object, found \(value.typeName)")
        }
        return ConfigReader(JSONObjectReader(fields, path: path(key)))
    }

    /// Fails on the first key that no reader asked for.
    func rejectUnknownKeys() throws(ConfigError) {
        if let unknown = object.firstUnknownKey() {
            throw ConfigError(.unknownKey, key: path(unknown), "unknown key (check its spelling against the README)")
        }
    }
}
