/// One proposed answer of a quiz question.
public struct QuizChoice: Codable, Sendable, Hashable {
    public let id: String
    public let text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}
