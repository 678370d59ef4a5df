import Crypto

/// Learner bearer tokens: 32 random bytes, base64url without padding (43 characters).
///
/// The token is shown once, at creation; the store keeps only its SHA-256 so that a leaked data
/// directory or backup does not let anyone act as a learner.
public enum LearnerToken {
    public static let byteCount = 32
    public static let encodedLength = 43

    /// The 43rd character carries only 4 significant bits, so only these 16 values can end a real token.
    private static let lastCharacters: Set<UInt8> = Set("AEIMQUYcgkosw048".utf8)

    public static func generate() -> String {
        Base64URL.encode(SecureRandom.bytes(count: byteCount))
    }

    /// Shape check done before hashing, so that garbage (huge headers, other token kinds) is refused
    /// cheaply and can never match.
    public static func isWellFormed(_ token: String) -> Bool {
        var count = 0
        var last: UInt8 = 0
        for byte in token.utf8 {
            count += 1
            guard count <= encodedLength, Base64URL.isAlphabet(byte) else { return false }
            last = byte
        }
        return count == encodedLength && lastCharacters.contains(last)
    }

    /// Lower-case hex SHA-256 of the token's ASCII text: the only form ever written to disk.
    public static func hash(_ token: String) -> String {
        let digest = SHA256.hash(data: Array(token.utf8))
        return hex(digest)
    }

    /// Whether `text` looks like a stored hash (64 lower-case hex digits); used when loading files.
    static func isHashShaped(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            count += 1
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            let isHexLetter = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")
            guard count <= 64, isDigit || isHexLetter else { return false }
        }
        return count == 64
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
