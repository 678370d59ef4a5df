/// The body of `GET /api/me`: the learner's own progress, with every lesson the App knows about
/// (so the page can show « non commencé » without a second request). Never contains the token hash.
public struct LearnerSelfView: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let createdAt: ISOTimestamp
    public let lessons: [String: LessonSelfView]

    /// Steps recorded for lessons absent from `outlines` (removed content) are not shown.
    public init(record: LearnerRecord, outlines: [LessonOutline]) {
        self.id = record.id
        self.name = record.name.value
        self.createdAt = record.createdAt
        var lessons: [String: LessonSelfView] = [:]
        for outline in outlines {
            lessons[outline.id] = LessonSelfView(lesson: record.lessons[outline.id], outline: outline)
        }
        self.lessons = lessons
    }
}
