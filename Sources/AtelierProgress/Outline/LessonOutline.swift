/// The shape of a lesson (ordered steps, which can be passed), passed in by the App from the lesson
/// manifest so that progress rules (current step, completion) follow the content, not the records.
public struct LessonOutline: Sendable, Hashable {
    public let id: String
    public let steps: [OutlineStep]

    public init(id: String, steps: [OutlineStep]) {
        self.id = id
        self.steps = steps
    }

    public func step(_ id: String) -> OutlineStep? {
        steps.first { $0.id == id }
    }
}
