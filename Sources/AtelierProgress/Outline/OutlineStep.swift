/// One step of a lesson as the progress module needs to know it.
public struct OutlineStep: Sendable, Hashable {
    public let id: String
    public let title: String
    /// Has checks or a quiz, so it can be passed. Steps without either never count toward completion.
    public let checkable: Bool

    public init(id: String, title: String, checkable: Bool) {
        self.id = id
        self.title = title
        self.checkable = checkable
    }
}
