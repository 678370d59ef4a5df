/// French spacing around punctuation, as the Imprimerie nationale rules go: a no-break space
/// (U+00A0) before `:`, a narrow no-break space (U+202F) before `;`, `!`, `?` and inside « ».
///
/// The one implementation for every French text the learner reads: the lesson Markdown (the
/// renderer feeds it text nodes only — never code spans, code blocks, link targets or a link whose
/// text is its own URL), the texts of lesson.json and checks.json (titles, quiz, hints, applied
/// once at load time) and the check-message templates. Authors type ordinary spaces, so lines no
/// longer break before a `?`, and commands stay exactly what the learner must type.
public enum FrenchTypography {
    static let noBreakSpace: Unicode.Scalar = "\u{00A0}"
    static let narrowNoBreakSpace: Unicode.Scalar = "\u{202F}"

    /// The text with its spaces before `: ; ! ?` and inside « » made unbreakable.
    /// Only an EXISTING space is changed before `: ; ! ?`, so `http://x`, `10:30`, `ndots:5`,
    /// `app: postgres` or `--replicas=1` keep theirs; `!=`, `?=` and `:/` are operators or URLs,
    /// not sentence punctuation. Guillemets always get their inner space, as they are never
    /// anything but quotation marks. Idempotent: applying it twice changes nothing more.
    public static func apply(_ text: String) -> String {
        let input = Array(text.unicodeScalars)
        guard input.contains(where: { ":;!?«»".unicodeScalars.contains($0) }) else { return text }
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(input.count + 4)
        var index = 0
        while index < input.count {
            let scalar = input[index]
            switch scalar {
            case ":", ";", "!", "?":
                let next = index + 1 < input.count ? input[index + 1] : nil
                // `!=`, `:/`, `?=`: operators and URLs, not sentence punctuation.
                let isOperator = next == "=" || next == "/"
                if !isOperator, let last = output.last, isSpace(last) {
                    while let last = output.last, isSpace(last) { output.removeLast() }
                    // Nothing before the space in a Markdown text node: it follows inline code or emphasis.
                    output.append(scalar == ":" ? noBreakSpace : narrowNoBreakSpace)
                }
                output.append(scalar)
                index += 1
            case "«":
                output.append(scalar)
                index += 1
                var sawSpace = false
                while index < input.count, isSpace(input[index]) { sawSpace = true; index += 1 }
                if sawSpace || (index < input.count && !isLineBreak(input[index])) {
                    output.append(narrowNoBreakSpace)
                }
            case "»":
                var sawSpace = false
                while let last = output.last, isSpace(last) { output.removeLast(); sawSpace = true }
                if sawSpace || (output.last.map { !isLineBreak($0) } ?? false) {
                    output.append(narrowNoBreakSpace)
                }
                output.append(scalar)
                index += 1
            default:
                output.append(scalar)
                index += 1
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: output)
        return result
    }

    /// Spaces an author may have typed (ordinary, or already no-break).
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == noBreakSpace || scalar == narrowNoBreakSpace || scalar == "\u{2009}"
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r"
    }
}
