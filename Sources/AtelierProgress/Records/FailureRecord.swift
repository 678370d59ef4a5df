/// A failed run summarised for trainers: which step, the first failing check's message, when.
/// Its JSON keys (`step`, `message`, `at`) are those of `lastFailure` in the API.
public struct FailureRecord: Sendable, Hashable, Codable {
    public let step: String
    public let message: String
    public let at: ISOTimestamp

    public init(step: String, message: String, at: ISOTimestamp) {
        self.step = step
        self.message = message
        self.at = at
    }
}
