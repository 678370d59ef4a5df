import AtelierContent

/// Bounds on what a progress file keeps of one check's verdict.
extension CheckResult {
    /// Longer messages (raw kubectl output, echoed answers) are cut so that one run cannot bloat a
    /// progress file; counted in UTF-8 bytes, the unit a file grows in.
    public static let maximumStoredMessageBytes = 2_000
    /// Identifiers and titles come from the lesson; the bound only keeps a file's size provable.
    public static let maximumStoredTitleBytes = 300

    /// The verdict as a progress file keeps it: id and title within `maximumStoredTitleBytes`,
    /// message and hint within `maximumStoredMessageBytes`, control characters replaced.
    public func clippedForStorage() -> CheckResult {
        CheckResult(id: StoredText.clipped(id, maximumBytes: Self.maximumStoredTitleBytes),
                    title: StoredText.clipped(title, maximumBytes: Self.maximumStoredTitleBytes),
                    status: status,
                    message: StoredText.clipped(message, maximumBytes: Self.maximumStoredMessageBytes),
                    hint: hint.map { StoredText.clipped($0, maximumBytes: Self.maximumStoredMessageBytes) })
    }
}
