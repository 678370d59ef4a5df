/// A class's join code: 6 symbols (`XXXX-XX`), written on the board for learners to type at
/// registration. Not a secret (it only files a learner under a class): kept in clear.
public enum ClassCode {
    public static let length = 6

    public static func generate() -> String { ReadableCode.generate(length: length) }

    /// The code as stored (grouped), or nil when the text cannot be a class code.
    public static func canonical(_ text: String) -> String? {
        ReadableCode.normalized(text, length: length).map { ReadableCode.grouped(Array($0.utf8)) }
    }
}
