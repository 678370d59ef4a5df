/// A check's verdict. `error` means the cluster could not be asked, which is not the learner's
/// fault and must not count as a failed attempt in the same way.
public enum CheckStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case passed
    case failed
    case error
    /// Not judged, because a check it depends on (`requires` in checks.json) failed: judging it
    /// would contradict that check (a headless Service that does not exist, data that « survived »
    /// a restart it predates). Carries no hint.
    case skipped
}
