/// Parses a raw request target (`/path?query`) with our own percent-decoding, so that NUL bytes,
/// malformed escapes and invalid UTF-8 are refused instead of silently truncating the path.
public struct RequestTarget: Sendable, Equatable {
    public var path: String
    public var query: [String: String]

    /// Why a request target was refused (answered 400).
    public struct Invalid: Error, Sendable, Equatable {
        public enum Code: String, Sendable { case notOriginForm, malformedEscape, nulByte, invalidUTF8, tooLong }
        public var code: Code
    }

    public static let maximumLength = 8192

    public init(parsing raw: String) throws(Invalid) {
        guard raw.utf8.count <= RequestTarget.maximumLength else { throw Invalid(code: .tooLong) }
        guard raw.hasPrefix("/") else { throw Invalid(code: .notOriginForm) }
        // The common case, checked in one pass over the bytes: printable ASCII without `%` or `?` is
        // its own decoding, so the path shares the target's storage (no copy, no validation pass).
        if RequestTarget.isPlain(raw) {
            path = raw
            query = [:]
            return
        }
        let rawPath: Substring
        let rawQuery: Substring?
        if let mark = raw.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = raw[raw.startIndex..<mark]
            rawQuery = raw[raw.utf8.index(after: mark)...]
        } else {
            rawPath = raw[...]
            rawQuery = nil
        }
        path = try RequestTarget.decode(rawPath, plusIsSpace: false)
        var query: [String: String] = [:]
        if let rawQuery {
            for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = try RequestTarget.decode(parts[0], plusIsSpace: true)
                let value = parts.count > 1 ? try RequestTarget.decode(parts[1], plusIsSpace: true) : ""
                if query[name] == nil { query[name] = value }
            }
        }
        self.query = query
    }

    /// Printable ASCII only (no space, no control byte, no DEL, no byte ≥ 0x80), no `%`, no `?`.
    static func isPlain(_ raw: String) -> Bool {
        var raw = raw
        return raw.withUTF8 { bytes in
            for byte in bytes where byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "?") {
                return false
            }
            return true
        }
    }

    static func decode(_ text: Substring, plusIsSpace: Bool) throws(Invalid) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw Invalid(code: .malformedEscape)
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        if bytes.contains(0) { throw Invalid(code: .nulByte) }
        guard let string = String(validating: bytes, as: UTF8.self) else { throw Invalid(code: .invalidUTF8) }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
