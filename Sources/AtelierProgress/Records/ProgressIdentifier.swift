/// Shape rules for lesson and step ids received from the App. They become JSON keys in progress files,
/// so hostile ones (huge, control characters) are refused before anything is recorded.
enum ProgressIdentifier {
    static let maximumLength = 128

    static func isValid(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            count += 1
            guard count <= maximumLength else { return false }
            let ok = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            guard ok else { return false }
        }
        return count > 0
    }
}
