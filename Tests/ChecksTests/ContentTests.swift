import Foundation
import Testing
@testable import AtelierChecks

@Suite("Contenu de la leçon")
struct ContentTests {
    @Test("checks.json : chaque vérification est valide et chaque étape existe")
    func checksAreValid() throws {
        let catalogue = try LessonContent.checks()
        let lesson = try LessonContent.lesson()
        try CheckSpec.validate(catalogue, steps: lesson.steps)
        let expected = ["preparation", "service-headless", "statefulset", "stockage", "persistance", "dns", "ordre-suppression"]
        #expect(Set(catalogue.keys) == Set(expected))
        for (step, checks) in catalogue {
            #expect(!checks.isEmpty, "étape \(step) vide")
            for check in checks {
                #expect(check.hint?.isEmpty == false, "\(step)/\(check.id) sans indice")
                #expect(check.title.first?.isUppercase == true, "\(step)/\(check.id) : titre sans majuscule")
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
        let text = try String(contentsOf: LessonContent.folder.appendingPathComponent("checks.json"), encoding: .utf8)
        #expect(!text.contains("\"namespace\""))
        #expect(!text.contains("default"))
    }

    @Test("chaque message par défaut n'utilise que des valeurs fournies")
    func templatesAreConsistent() {
        for kind in CheckKind.allCases {
            #expect(kind.templates["passed"] != nil, "\(kind) sans message passed")
            for (outcome, template) in kind.templates {
                #expect(!MessageTemplate.placeholders(in: template).isEmpty || outcome == "absent" || outcome == "none",
                        "\(kind).\(outcome) ne dit rien de ce qui a été vu")
            }
        }
    }
}
