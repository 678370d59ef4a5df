/// `{name}` substitution for check messages.
///
/// Deliberately tiny: templates come from checks.json, so there is no expression language to
/// abuse, and placeholders are checked against the kind's catalogue at start-up.
package enum MessageTemplate {
    /// Placeholder names used in a template, in order of appearance.
    package static func placeholders(in template: String) -> [String] {
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
    /// Values may quote cluster output, so control characters are replaced and length is capped.
    package static func render(_ template: String, values: [String: String]) -> String {
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
                result += printable(value)
            } else {
                result += "{" + name + "}"
            }
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }

    /// Replaces control characters (NUL, escapes, newlines) with a space and caps the length:
    /// what a broken or hostile kubectl printed must not garble a learner's message.
    package static func printable(_ value: String, limit: Int = 400) -> String {
        var result = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{FFFD}"
                || (0x2028...0x2029).contains(scalar.value)
            result.unicodeScalars.append(isControl ? " " : scalar)
            count += 1
        }
        return result
    }
}
