/// The part of YAML a kubeconfig uses (what `microk8s config` and hand-written kubeconfigs print):
/// block mappings, block sequences (also at the parent key's indentation, as kubectl writes them),
/// plain, single- and double-quoted scalars, `#` comments, and one-line flow collections
/// (`{}`, `[]`, `{a: b, c: d}`, `[x, y]`). Anchors, tags, multi-line scalars and documents are
/// not: such a file gets kubectl's kind of error (`yaml: line N: …`), which is honest for a
/// stand-in — the production path reads the upload with the real kubectl.
struct YAMLSubset {
    struct Failure: Error {
        let line: Int
        let reason: String
    }

    private struct Line {
        let number: Int
        let indent: Int
        let text: Substring
    }

    private var lines: [Line] = []
    private var position = 0

    static func parse(_ text: String) throws(Failure) -> JSON {
        var parser = YAMLSubset()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = stripComment(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            guard !content.allSatisfy({ $0 == " " }) else { continue }
            if content.hasPrefix("---") && index == 0 { continue }
            guard !content.contains("\t") || content.drop(while: { $0 == " " }).first != "\t" else {
                throw Failure(line: index + 1, reason: "found character that cannot start any token")
            }
            let indent = content.prefix { $0 == " " }.count
            parser.lines.append(Line(number: index + 1, indent: indent, text: content.dropFirst(indent)))
        }
        guard let first = parser.lines.first else { return .null }
        let value = try parser.block(indent: first.indent)
        if parser.position < parser.lines.count {
            throw Failure(line: parser.lines[parser.position].number, reason: "did not find expected key")
        }
        return value
    }

    /// A block (mapping, sequence or lone scalar) whose lines start at `indent`.
    private mutating func block(indent: Int) throws(Failure) -> JSON {
        let line = lines[position]
        if line.text == "-" || line.text.hasPrefix("- ") { return try sequence(indent: indent) }
        if Self.keyValue(line.text) != nil { return try mapping(indent: indent) }
        position += 1
        return try Self.scalar(line.text, line: line.number)
    }

    private mutating func mapping(indent: Int) throws(Failure) -> JSON {
        var members: [String: JSON] = [:]
        while position < lines.count, lines[position].indent == indent {
            let line = lines[position]
            guard let (key, rest) = Self.keyValue(line.text) else {
                throw Failure(line: line.number, reason: "could not find expected ':'")
            }
            guard members[key] == nil else {
                throw Failure(line: line.number, reason: "key \"\(key)\" already set in map")
            }
            position += 1
            if !rest.isEmpty {
                members[key] = try Self.scalar(rest, line: line.number)
            } else if position < lines.count, lines[position].indent > indent
                        || (lines[position].indent == indent && (lines[position].text == "-" || lines[position].text.hasPrefix("- "))) {
                members[key] = try block(indent: lines[position].indent)
            } else {
                members[key] = .null
            }
        }
        if position < lines.count, lines[position].indent > indent {
            throw Failure(line: lines[position].number, reason: "mapping values are not allowed in this context")
        }
        return .object(members)
    }

    private mutating func sequence(indent: Int) throws(Failure) -> JSON {
        var items: [JSON] = []
        while position < lines.count, lines[position].indent == indent,
              lines[position].text == "-" || lines[position].text.hasPrefix("- ") {
            let line = lines[position]
            let rest = line.text.dropFirst(1).drop { $0 == " " }
            if rest.isEmpty {
                position += 1
                items.append(position < lines.count && lines[position].indent > indent ? try block(indent: lines[position].indent) : .null)
            } else {
                // `- key: value` opens a mapping whose further keys sit under the first one.
                let innerIndent = indent + (line.text.count - rest.count)
                lines[position] = Line(number: line.number, indent: innerIndent, text: rest)
                items.append(try block(indent: innerIndent))
            }
        }
        return .array(items)
    }

    /// `key: value` or `key:`; nil when the line is not a mapping entry.
    private static func keyValue(_ text: Substring) -> (String, Substring)? {
        var key: String
        var rest: Substring
        if let quote = text.first, quote == "\"" || quote == "'" {
            guard let close = text.dropFirst().firstIndex(of: quote) else { return nil }
            key = String(text[text.index(after: text.startIndex)..<close])
            rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            rest = rest.dropFirst()
        } else {
            guard let colon = text.firstIndex(where: { $0 == ":" }),
                  text.index(after: colon) == text.endIndex || text[text.index(after: colon)] == " " else { return nil }
            if text.first == "{" || text.first == "[" { return nil }
            key = String(text[..<colon]).trimmingTrailingSpaces()
            rest = text[text.index(after: colon)...]
        }
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (key, rest.drop { $0 == " " })
    }

    private static func scalar(_ text: Substring, line: Int) throws(Failure) -> JSON {
        let text = Substring(String(text).trimmingTrailingSpaces())
        if text.first == "{" || text.first == "[" { return try flow(text, line: line) }
        if text.first == "\"" {
            guard text.count >= 2, text.last == "\"" else { throw Failure(line: line, reason: "found unexpected end of stream") }
            var result = ""
            var escaped = false
            for character in text.dropFirst().dropLast() {
                if escaped {
                    switch character {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    default: result.append(character)
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    result.append(character)
                }
            }
            return .string(result)
        }
        if text.first == "'" {
            guard text.count >= 2, text.last == "'" else { throw Failure(line: line, reason: "found unexpected end of stream") }
            return .string(String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
        }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case "null", "Null", "NULL", "~", "": return .null
        default: break
        }
        if let number = Double(text), text.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "." }) { return .number(number) }
        return .string(String(text))
    }

    /// One-line flow collections with plain or quoted scalars (no nesting beyond one level of `[]`/`{}`).
    private static func flow(_ text: Substring, line: Int) throws(Failure) -> JSON {
        guard let last = text.last, (text.first == "{" && last == "}") || (text.first == "[" && last == "]") else {
            throw Failure(line: line, reason: "did not find expected ',' or '\(text.first == "{" ? "}" : "]")'")
        }
        let inner = text.dropFirst().dropLast()
        var parts: [Substring] = []
        var depth = 0
        var start = inner.startIndex
        for index in inner.indices {
            switch inner[index] {
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            case "," where depth == 0:
                parts.append(inner[start..<index])
                start = inner.index(after: index)
            default: break
            }
        }
        parts.append(inner[start...])
        let items = parts.map { $0.drop { $0 == " " } }.filter { !$0.isEmpty }
        if text.first == "[" {
            var values: [JSON] = []
            for item in items { values.append(try scalar(item, line: line)) }
            return .array(values)
        }
        var members: [String: JSON] = [:]
        for item in items {
            guard let (key, rest) = keyValue(item) else { throw Failure(line: line, reason: "did not find expected ',' or '}'") }
            members[key] = try scalar(rest, line: line)
        }
        return .object(members)
    }

    /// Drops a `#` comment (at the start or after a space, outside quotes).
    private static func stripComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " {
                return line[..<index]
            }
            previous = character
        }
        return line
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
