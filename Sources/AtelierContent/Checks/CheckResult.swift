/// The verdict of one check, as sent to the browser and stored in progress files.
public struct CheckResult: Codable, Sendable, Hashable {
    public let id: String
    public let title: String
    public let status: CheckStatus
    /// Precise French message saying what was seen.
    public let message: String
    /// Only present when the check failed: a hint on a passed or error check is noise.
    public let hint: String?

    /// Every text a learner reads gets French spacing here, once, whichever code wrote it (check templates,
    /// kubectl error classification, environment report, quiz grader): `FrenchTypography` is idempotent and
    /// only turns an existing space before `: ; ! ?` or inside « » into a no-break one.
    public init(id: String, title: String, status: CheckStatus, message: String, hint: String? = nil) {
        self.id = id
        self.title = FrenchTypography.apply(title)
        self.status = status
        self.message = FrenchTypography.apply(message)
        self.hint = status == .failed ? hint.map(FrenchTypography.apply) : nil
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, status, message, hint
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(status, forKey: .status)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(hint, forKey: .hint)
    }
}
