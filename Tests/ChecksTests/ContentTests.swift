import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

@Suite("Contenu de la leçon")
struct ContentTests {
    @Test("checks.json : chaque vérification est valide et chaque étape existe")
    func checksAreValid() throws {
        let catalogue = try LessonContent.checks()
        let lesson = try LessonContent.lesson()
        #expect(Set(catalogue.keys).isSubset(of: lesson.steps))
        for (step, checks) in catalogue { _ = try StepChecks(checks, step: step) }
        let expected = ["preparation", "deployment", "service-headless", "statefulset", "stockage", "persistance", "dns", "ordre-suppression"]
        #expect(Set(catalogue.keys) == Set(expected))
        for (step, checks) in catalogue {
            #expect(!checks.isEmpty, "étape \(step) vide")
            for check in checks {
                #expect(check.hint?.isEmpty == false, "\(step)/\(check.id) sans indice")
                #expect(!check.title.hasSuffix("."), "\(step)/\(check.id) : un titre n'est pas une phrase")
            }
        }
    }

    @Test("le quiz de lesson.json est valide")
    func quizIsValid() throws {
        let quiz = try LessonContent.lesson().quiz
        #expect(!quiz.isEmpty)
        try QuizQuestion.validate(quiz, step: "quiz")
    }

    @Test("aucun namespace écrit en dur dans checks.json")
    func noHardCodedNamespace() throws {
        for (step, checks) in try LessonContent.checks() {
            for check in checks {
                #expect(check.params["namespace"] == nil, "\(step)/\(check.id) fixe un namespace")
                let text = String(decoding: try JSONEncoder().encode(check.params), as: UTF8.self)
                #expect(!text.contains("\"default\"") && !text.contains("atelier-"), "\(step)/\(check.id) : \(text)")
            }
        }
    }
}
