import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

/// The real lesson's checks.json and quiz, read from the repository so the tests judge the
/// content that ships.
enum LessonContent {
    static let folder = Standin.repositoryRoot.appendingPathComponent("content/statefulsets-postgresql")

    static func checks() throws -> [String: [CheckSpec]] {
        try JSONDecoder().decode([String: [CheckSpec]].self, from: Data(contentsOf: folder.appendingPathComponent("checks.json")))
    }

    static func checks(step: String) throws -> [CheckSpec] {
        try #require(try checks()[step], "checks.json n'a pas d'étape \(step)")
    }

    static func check(step: String, id: String) throws -> CheckSpec {
        try #require(try checks(step: step).first { $0.id == id }, "checks.json n'a pas de vérification \(step)/\(id)")
    }

    /// Step ids and quizzes from lesson.json (decoded loosely: the lessons module owns its format).
    static func lesson() throws -> (steps: [String], quiz: [QuizQuestion]) {
        struct Step: Decodable {
            var id: String
            var quiz: [QuizQuestion]?
        }
        struct Lesson: Decodable {
            var steps: [Step]
        }
        let lesson = try JSONDecoder().decode(Lesson.self, from: Data(contentsOf: folder.appendingPathComponent("lesson.json")))
        return (lesson.steps.map(\.id), lesson.steps.compactMap(\.quiz).flatMap { $0 })
    }
}

extension CheckSpec {
    /// The same check without its prerequisites, to judge a kind on its own.
    var standalone: CheckSpec {
        CheckSpec(id: id, title: title, kind: kind, params: params, messages: messages, hint: hint)
    }
}
