/// `{name}` substitution for check messages.
///
/// Deliberately tiny: templates come from checks.json, so there is no expression language to
/// abuse, and placeholders are checked against the kind's catalogue at start-up.
enum MessageTemplate {
    /// Placeholder names used in a template, in order of appearance.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber }) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// Fills the placeholders; an unknown one is left visible rather than silently dropped.
    static func render(_ template: String, values: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                result += rest[open...]
                return result
            }
            let name = String(after[..<close])
            if let value = values[name] {
                result += value
            } else {
                result += "{" + name + "}"
            }
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }
}
