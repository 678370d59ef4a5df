/// What the renderer leaves for serve time: `{{namespace}}` and the `::: namespace-…` blocks,
/// which only the learner's namespace can settle (one lesson, rendered once, many learners).
///
/// The blocks arrive as HTML comments `<!--atelier:namespace-dedie-->` / `<!--atelier:namespace-default-->`
/// … `<!--atelier:fin-->`. Only the renderer can write them: cmark's safe mode turns an author's raw
/// HTML into `<!-- raw HTML omitted -->` and text `<` into `&lt;`.
public enum LessonPersonalization {
    static let dedicatedMarker = "<!--atelier:namespace-dedie-->"
    static let defaultMarker = "<!--atelier:namespace-default-->"
    static let endMarker = "<!--atelier:fin-->"

    /// The HTML one learner sees: blocks for the other kind of namespace removed, markers dropped,
    /// `{{namespace}}` replaced (a validated DNS label, so it needs no escaping).
    public static func apply(_ html: String, namespace: String) -> String {
        var result = html
        if result.contains("<!--atelier:") {
            result = resolveBlocks(result, isDefault: namespace == "default")
        }
        guard result.contains("{{namespace}}") else { return result }
        return result.split(separator: "{{namespace}}", omittingEmptySubsequences: false).joined(separator: namespace)
    }

    private static func resolveBlocks(_ html: String, isDefault: Bool) -> String {
        var output = ""
        var hiddenDepth = 0
        var stack: [Bool] = []  // whether each open block hides its content
        var rest = Substring(html)
        while let start = rest.range(of: "<!--atelier:") {
            if hiddenDepth == 0 { output += rest[..<start.lowerBound] }
            let after = rest[start.lowerBound...]
            if after.hasPrefix(dedicatedMarker) || after.hasPrefix(defaultMarker) {
                let dedicated = after.hasPrefix(dedicatedMarker)
                let hides = dedicated == isDefault
                stack.append(hides)
                if hides { hiddenDepth += 1 }
                rest = after.dropFirst(dedicated ? dedicatedMarker.count : defaultMarker.count)
            } else if after.hasPrefix(endMarker) {
                if let hides = stack.popLast(), hides { hiddenDepth -= 1 }
                rest = after.dropFirst(endMarker.count)
            } else {
                if hiddenDepth == 0 { output += "<!--atelier:" }
                rest = after.dropFirst("<!--atelier:".count)
            }
        }
        if hiddenDepth == 0 { output += rest }
        return output
    }
}
