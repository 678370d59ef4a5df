import AtelierContent

/// The on-disk shape of `lesson.json` (see the README's "Writing a lesson").
struct LessonManifest: Decodable {
    struct Step: Decodable {
        let id: String
        let title: String
        let file: String
        let solution: String?
        let observe: Bool?
        let quiz: [QuizQuestion]?

        static let keys: Set<String> = ["id", "title", "file", "solution", "observe", "quiz"]
    }

    let id: String
    let title: String
    let durationMinutes: Int
    let optionalMinutes: Int?
    let introduction: String
    let objectives: [String]
    let files: [String]?
    let observedStatefulSet: String?
    let steps: [Step]

    static let keys: Set<String> = ["id", "title", "durationMinutes", "optionalMinutes", "introduction", "objectives", "files",
                                    "observedStatefulSet", "steps"]
}
