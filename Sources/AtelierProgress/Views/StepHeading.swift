/// A column of the trainer dashboard, in lesson order.
public struct StepHeading: Sendable, Hashable, Codable {
    public let id: String
    public let title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}
