/// One step in `GET /api/me`. Absent dates encode as `null`, as the API contract says.
public struct StepSelfView: Sendable, Hashable, Codable {
    public let status: StepStatus
    public let attempts: Int
    public let firstViewedAt: ISOTimestamp?
    public let passedAt: ISOTimestamp?
    public let timeSpentSeconds: Int?
    public let lastRun: CheckRunView?

    public init(status: StepStatus, record: StepRecord?) {
        self.status = status
        self.attempts = record?.attempts ?? 0
        self.firstViewedAt = record?.firstViewedAt
        self.passedAt = record?.passedAt
        self.timeSpentSeconds = record?.timeSpentSeconds
        self.lastRun = record?.lastRun
    }

    private enum CodingKeys: String, CodingKey {
        case status, attempts, firstViewedAt, passedAt, timeSpentSeconds, lastRun
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(firstViewedAt, forKey: .firstViewedAt)
        try container.encode(passedAt, forKey: .passedAt)
        try container.encode(timeSpentSeconds, forKey: .timeSpentSeconds)
        try container.encode(lastRun, forKey: .lastRun)
    }
}
