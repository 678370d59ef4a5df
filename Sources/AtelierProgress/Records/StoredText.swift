/// Limits on text kept in a learner's file, counted in UTF-8 bytes: a limit in characters lets
/// `"a" + "\u{301}" × 30000` (one character, 60 KB) through.
enum StoredText {
    static let ellipsis = "…"

    /// Cuts `text` to at most `maximumBytes` UTF-8 bytes on a Unicode scalar boundary, ending with
    /// « … » when something was cut. Control characters other than newline and tab become U+FFFD:
    /// JSON would escape each as six bytes, and they mean nothing to a reader. Work is bounded by
    /// `maximumBytes`, not by the length of `text`.
    static func clipped(_ text: String, maximumBytes: Int) -> String {
        let isLong = text.utf8.count > maximumBytes
        let head = cleaned(isLong ? prefix(text, bytes: maximumBytes) : text)
        guard isLong || head.utf8.count > maximumBytes else { return head }
        return prefix(head, bytes: maximumBytes - ellipsis.utf8.count) + ellipsis
    }

    /// The longest prefix of at most `bytes` UTF-8 bytes that ends on a scalar boundary.
    static func prefix(_ text: String, bytes: Int) -> String {
        var kept = Array(text.utf8.prefix(max(0, bytes)))
        // Drop a last scalar cut in the middle: find its lead byte and its declared length.
        if let lead = kept.lastIndex(where: { $0 & 0xC0 != 0x80 }) {
            let byte = kept[lead]
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            if kept.count - lead < length { kept.removeSubrange(lead...) }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    private static func cleaned(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isControl(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
}
