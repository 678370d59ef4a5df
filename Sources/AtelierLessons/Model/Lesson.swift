/// A lesson as served: everything rendered at start-up, nothing read from disk per request.
public struct Lesson: Sendable {
    public let id: String
    public let title: String
    /// Minutes of the core path (what every learner does), shown as the estimate.
    public let durationMinutes: Int
    /// Minutes more for the « Pour aller plus loin » blocks (`optionalMinutes` in lesson.json), if any.
    public let optionalMinutes: Int?
    public let objectives: [String]
    public let introductionHTML: String
    public let steps: [LessonStep]
    public let files: [LessonFile]
    /// Images the Markdown shows (`![…](images/x.svg)`), served like the files but not listed for download.
    public let images: [LessonFile]
    /// The StatefulSet the live observation panel shows (`observedStatefulSet` in lesson.json).
    public let observedStatefulSet: String?
    /// The lesson's folder, relative to the content directory: start-up errors name files by it.
    public let folder: String

    public func step(_ id: String) -> LessonStep? {
        steps.first { $0.id == id }
    }

    public func file(_ name: String) -> LessonFile? {
        files.first { $0.name == name } ?? images.first { $0.name == name }
    }

    /// Steps that can be passed (checks or quiz); a lesson is complete when all of them are.
    public var checkableStepIDs: [String] {
        steps.filter(\.isCheckable).map(\.id)
    }
}
