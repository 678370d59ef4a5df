/// A learner's resume code: 12 symbols (60 bits), shown as `XXXX-XXXX-XXXX` once, at registration
/// or when the trainer issues a new one, and kept only as a SHA-256 hash, like tokens. With wrong
/// codes throttled per address (`rateLimits.failedResumePerMinute`), finding one of 10,000 learners'
/// codes by guessing takes about 2^60 / 10,000 tries: hopeless.
public enum ResumeCode {
    public static let length = 12

    public static func generate() -> String { ReadableCode.generate(length: length) }

    /// The hash to look a typed code up with, or nil when the text cannot be a resume code.
    public static func hash(ofTyped text: String) -> String? {
        ReadableCode.normalized(text, length: length).map(ReadableCode.hash)
    }
}
