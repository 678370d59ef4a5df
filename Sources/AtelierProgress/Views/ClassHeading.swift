/// The class a trainer view is about: `"class": {"id", "name"}` in `GET /api/progress`.
public struct ClassHeading: Sendable, Hashable, Codable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    public init(_ record: ClassRecord) {
        self.init(id: record.id, name: record.name.value)
    }
}
