/// French typography for messages: a no-break space (U+00A0) before `:`, a narrow no-break
/// space (U+202F) before `;`, `!`, `?` and inside « ». Only an ordinary space is replaced, so the
/// rule is idempotent and leaves `clusterIP: None` or `a?b` as they are.
package enum FrenchTypography {
    package static func apply(_ text: String) -> String {
        guard text.contains(" ") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var previous: Character?
        for character in text {
            if previous == " " {
                switch character {
                case ":": result.removeLast(); result.append("\u{00A0}")
                case ";", "!", "?", "»": result.removeLast(); result.append("\u{202F}")
                default: break
                }
            }
            if previous == "«" && character == " " {
                result.append("\u{202F}")
            } else {
                result.append(character)
            }
            previous = character
        }
        return result
    }
}
