/// Learner ids: 12 characters of the RFC 4648 base32 alphabet in lower case (`[a-z2-7]`).
///
/// The id never derives from the learner's name, so it is always safe as a file name and as part of a
/// DNS-1123 label (`atelier-{learner}` namespaces); 60 random bits make guessing another learner's
/// id useless (and ids are not credentials anyway: tokens are).
public enum LearnerID {
    public static let length = 12
    static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// A fresh id from the system CSPRNG.
    public static func generate() -> String {
        var word = SecureRandom.word()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length {
            bytes.append(alphabet[Int(word & 31)])
            word >>= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text` has the exact shape of an id; checked before any use as a path component.
    public static func isValid(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            count += 1
            guard count <= length else { return false }
            let isLetter = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isDigit = byte >= UInt8(ascii: "2") && byte <= UInt8(ascii: "7")
            guard isLetter || isDigit else { return false }
        }
        return count == length
    }
}
