/// Everything recorded about one learner: the content of `<id>.json` (with `schemaVersion: 1`).
///
/// Written only by the server; learners have no way to set progress except by passing checks.
public struct LearnerRecord: Sendable, Hashable, Codable {
    public static let schemaVersion = 1

    public let id: String
    public let name: LearnerName
    public let createdAt: ISOTimestamp
    /// SHA-256 (hex) of the learner's token; the token itself is never stored. Replaced when the
    /// learner resumes with their code in another browser (the previous browser's token stops working).
    public var tokenHash: String
    /// SHA-256 (hex) of the learner's resume code (`ResumeCode`); absent for learners registered
    /// before resume codes existed until the trainer issues them one.
    public var resumeCodeHash: String?
    /// The class joined at registration (`ClassRecord.id`); absent without a class.
    public let classId: String?
    public var lessons: [String: LessonRecord]
    /// Check runs, oldest first: the last `historyRunsPerStep` of each step, plus that step's latest
    /// failure when it is older. Older runs are counted in the step's `earlierRuns`.
    public var history: [CheckRun]

    /// Enough to see what a stuck learner tried lately; small enough that a file stays bounded
    /// however many times « Vérifier » is pressed (see `Tests/ProgressTests/BoundedFileTests`).
    public static let historyRunsPerStep = 10

    public init(id: String, name: LearnerName, createdAt: ISOTimestamp, tokenHash: String,
                resumeCodeHash: String? = nil, classId: String? = nil,
                lessons: [String: LessonRecord] = [:], history: [CheckRun] = []) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.tokenHash = tokenHash
        self.resumeCodeHash = resumeCodeHash
        self.classId = classId
        self.lessons = lessons
        self.history = history
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, id, name, createdAt, tokenHash, resumeCodeHash, classId, lessons, history
    }

    /// Refuses other schema versions outright: guessing at a future or foreign format could lose data
    /// on the next write, whereas refusing moves the file aside intact.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .schemaVersion)
        guard version == Self.schemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: container,
                debugDescription: "unsupported schemaVersion \(version), expected \(Self.schemaVersion)")
        }
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(LearnerName.self, forKey: .name)
        createdAt = try container.decode(ISOTimestamp.self, forKey: .createdAt)
        tokenHash = try container.decode(String.self, forKey: .tokenHash)
        resumeCodeHash = try container.decodeIfPresent(String.self, forKey: .resumeCodeHash)
        classId = try container.decodeIfPresent(String.self, forKey: .classId)
        lessons = try container.decode([String: LessonRecord].self, forKey: .lessons)
        history = try container.decode([CheckRun].self, forKey: .history)
        // Files written before the bound may hold thousands of runs: bound them in memory now (the
        // file follows at the next write), then rebuild what the history is the only copy of.
        for key in Set(history.map { StepKey(lesson: $0.lesson, step: $0.step) }) {
            pruneHistory(of: key)
        }
        rebuildLatestRuns()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .schemaVersion)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(tokenHash, forKey: .tokenHash)
        // Absent rather than null: a file without them reads and writes back byte for byte.
        try container.encodeIfPresent(resumeCodeHash, forKey: .resumeCodeHash)
        try container.encodeIfPresent(classId, forKey: .classId)
        try container.encode(lessons, forKey: .lessons)
        try container.encode(history, forKey: .history)
    }
}

/// One step of one lesson, the unit the history is bounded by.
struct StepKey: Hashable {
    let lesson: String
    let step: String
}
