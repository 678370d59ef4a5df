/// The latest run of a step, kept beside the step so that `/api/me` needs no history scan.
/// Its JSON keys (`at`, `passed`, `checks`) are those of `lastRun` in the API.
public struct LastRunRecord: Sendable, Hashable, Codable {
    public let at: ISOTimestamp
    public let passed: Bool
    public let checks: [CheckOutcome]

    public init(at: ISOTimestamp, passed: Bool, checks: [CheckOutcome]) {
        self.at = at
        self.passed = passed
        self.checks = checks
    }
}
