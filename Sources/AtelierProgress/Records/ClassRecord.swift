/// A class the trainer created: learners join it with its code at registration, and the dashboard
/// and the CSV show one class at a time. Kept in `<dataDir>/classes.json` (fsync'd, atomic rename).
public struct ClassRecord: Sendable, Hashable, Codable {
    /// 12 symbols of `[a-z2-7]`, like a learner id (same generator, same shape rule).
    public let id: String
    public let name: LearnerName
    /// `XXXX-XX` (`ClassCode`), unique among the classes.
    public let code: String
    public let createdAt: ISOTimestamp
    /// Set once: an archived class takes no new learner and is no longer the dashboard's default.
    public var archivedAt: ISOTimestamp?

    public init(id: String, name: LearnerName, code: String, createdAt: ISOTimestamp, archivedAt: ISOTimestamp? = nil) {
        self.id = id
        self.name = name
        self.code = code
        self.createdAt = createdAt
        self.archivedAt = archivedAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, code, createdAt, archivedAt
    }

    /// `archivedAt` is written as `null` while the class is open, as API dates are.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(code, forKey: .code)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(archivedAt, forKey: .archivedAt)
    }
}
