/// One check's verdict inside a run: the App converts the engine's result into this plain struct so
/// that the progress module does not depend on the checks module.
public struct CheckOutcome: Sendable, Hashable, Codable {
    /// Longer messages (raw kubectl output, echoed answers) are cut so that one run cannot bloat a
    /// progress file; counted in UTF-8 bytes, the unit a file grows in.
    public static let maximumMessageBytes = 2_000
    /// Identifiers and titles come from the lesson; the bound only keeps a file's size provable.
    public static let maximumTitleBytes = 300

    public let id: String
    public let title: String
    public let status: CheckOutcomeStatus
    public let message: String
    /// The lesson's hint for a failed check, kept so that a reloaded page still shows it.
    public let hint: String?

    public init(id: String, title: String, status: CheckOutcomeStatus, message: String, hint: String? = nil) {
        self.id = StoredText.clipped(id, maximumBytes: Self.maximumTitleBytes)
        self.title = StoredText.clipped(title, maximumBytes: Self.maximumTitleBytes)
        self.status = status
        self.message = StoredText.clipped(message, maximumBytes: Self.maximumMessageBytes)
        self.hint = hint.map { StoredText.clipped($0, maximumBytes: Self.maximumMessageBytes) }
    }
}
