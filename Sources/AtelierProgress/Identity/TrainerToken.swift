import Crypto

/// The trainer's shared secret (one per server, from the configuration).
public enum TrainerToken {
    /// A fresh random trainer token (32 bytes, base64url), for when the configuration sets none:
    /// the App prints it once at start-up rather than running the dashboard unprotected.
    public static func generate() -> String {
        LearnerToken.generate()
    }

    /// Compares in constant time. Both sides are hashed first so that neither the position of the
    /// first differing byte nor the expected length leaks through timing; an empty expected token
    /// (misconfiguration) never matches.
    public static func matches(_ presented: String, expected: String) -> Bool {
        guard !expected.isEmpty else { return false }
        let left = Array(SHA256.hash(data: Array(presented.utf8)))
        let right = Array(SHA256.hash(data: Array(expected.utf8)))
        var difference: UInt8 = 0
        for index in 0..<left.count {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
