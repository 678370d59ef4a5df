import AtelierContent

/// One step of a lesson, its HTML rendered once; `{{namespace}}` is substituted when served.
public struct LessonStep: Sendable {
    public let id: String
    public let title: String
    /// 1-based position in the lesson.
    public let position: Int
    public let html: String
    public let solutionHTML: String?
    public let checks: [CheckSpec]
    /// Questions with their answer key; the key never leaves the server.
    public let quiz: [QuizQuestion]?
    /// Whether the browser shows the live observation panel on this step.
    public let observe: Bool

    public var isCheckable: Bool { !checks.isEmpty || !(quiz ?? []).isEmpty }
}
