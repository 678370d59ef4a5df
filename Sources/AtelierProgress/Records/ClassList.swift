import Foundation

/// The content of `<dataDir>/classes.json`: every class, oldest first, with `schemaVersion: 1`.
struct ClassList: Sendable, Hashable, Codable {
    static let fileName = "classes.json"
    static let schemaVersion = 1
    /// A trainer creates a few classes a week; the bound keeps the file and the list small.
    static let maximumClasses = 10_000

    var classes: [ClassRecord]

    init(classes: [ClassRecord] = []) {
        self.classes = classes
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, classes
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .schemaVersion)
        guard version == Self.schemaVersion else {
            throw DecodingError.dataCorruptedError(forKey: .schemaVersion, in: container,
                                                   debugDescription: "unsupported schemaVersion \(version)")
        }
        classes = try container.decode([ClassRecord].self, forKey: .classes)
        guard Set(classes.map(\.id)).count == classes.count, Set(classes.map(\.code)).count == classes.count,
              classes.allSatisfy({ LearnerID.isValid($0.id) && ClassCode.canonical($0.code) == $0.code }) else {
            throw DecodingError.dataCorruptedError(forKey: .classes, in: container,
                                                   debugDescription: "class ids and codes must be well formed and unique")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .schemaVersion)
        try container.encode(classes, forKey: .classes)
    }

    /// The class the dashboard shows when none is asked for: the most recent open one, else the most
    /// recent one; nil when there is no class (today's behaviour: everyone).
    var defaultClass: ClassRecord? {
        classes.last { $0.archivedAt == nil } ?? classes.last
    }
}
