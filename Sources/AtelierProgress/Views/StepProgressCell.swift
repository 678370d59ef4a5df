/// One learner × step cell of the trainer dashboard.
public struct StepProgressCell: Sendable, Hashable, Codable {
    public let status: StepStatus
    public let attempts: Int
    public let failedInARow: Int
    public let passedAt: ISOTimestamp?

    public init(status: StepStatus, record: StepRecord?) {
        self.status = status
        self.attempts = record?.attempts ?? 0
        self.failedInARow = record?.failedInARow ?? 0
        self.passedAt = record?.passedAt
    }

    private enum CodingKeys: String, CodingKey {
        case status, attempts, failedInARow, passedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(failedInARow, forKey: .failedInARow)
        try container.encode(passedAt, forKey: .passedAt)
    }
}
