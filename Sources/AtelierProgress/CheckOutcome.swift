/// One check's verdict inside a run: the App converts the engine's result into this plain struct so
/// that the progress module does not depend on the checks module.
public struct CheckOutcome: Sendable, Hashable, Codable {
    /// Longer messages (raw kubectl output) are cut so that one run cannot bloat a progress file.
    public static let maximumMessageLength = 2_000

    public let id: String
    public let title: String
    public let status: CheckOutcomeStatus
    public let message: String
    /// The lesson's hint for a failed check, kept so that a reloaded page still shows it.
    public let hint: String?

    public init(id: String, title: String, status: CheckOutcomeStatus, message: String, hint: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.message = message.count > Self.maximumMessageLength
            ? String(message.prefix(Self.maximumMessageLength - 1)) + "…"
            : message
        self.hint = hint.map { $0.count > Self.maximumMessageLength ? String($0.prefix(Self.maximumMessageLength - 1)) + "…" : $0 }
    }
}
