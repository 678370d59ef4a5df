import Foundation
import Testing
@testable import AtelierChecks
@testable import AtelierCluster
@testable import AtelierContent

@Suite("Quiz")
struct QuizTests {
    static let single = QuizQuestion(id: "q1", question: "Quel nom a le Pod recréé ?", multiple: false,
                                     choices: [QuizChoice(id: "a", text: "postgres-3"), QuizChoice(id: "b", text: "postgres-0 encore")],
                                     answer: ["b"], explanation: "L'identité est stable : postgres-0.")
    static let multiple = QuizQuestion(id: "q2", question: "Que garantit un StatefulSet ?", multiple: true,
                                       choices: [QuizChoice(id: "a", text: "Un nom stable"), QuizChoice(id: "b", text: "Un PVC par Pod"),
                                                 QuizChoice(id: "c", text: "La réplication des données")],
                                       answer: ["a", "b"], explanation: "Nom et stockage, pas la réplication.", hint: "Pensez à l'identité.")

    @Test("bonne réponse : l'explication est donnée")
    func correct() {
        let results = QuizGrader.grade([Self.single, Self.multiple], answers: ["q1": ["b"], "q2": ["b", "a"]])
        #expect(results.map(\.status) == [.passed, .passed])
        #expect(results[0].message == FrenchTypography.apply("Bonne réponse. L'identité est stable : postgres-0."))
        #expect(results[0].title == FrenchTypography.apply("Quel nom a le Pod recréé ?"))
        #expect(results.allSatisfy { $0.hint == nil })
    }

    @Test("mauvaise réponse : ni la clé ni l'explication ne sont révélées")
    func wrong() {
        let results = QuizGrader.grade([Self.single, Self.multiple], answers: ["q1": ["a"], "q2": ["a"]])
        #expect(results.map(\.status) == [.failed, .failed])
        #expect(results[0].message == "Réponse incorrecte.")
        #expect(results[1].message == "Réponse incorrecte\u{00A0}: il faut cocher toutes les bonnes réponses, et seulement elles.")
        for result in results {
            #expect(!result.message.contains("postgres-0 encore") && !result.message.contains("Un PVC par Pod"))
            #expect(!result.message.contains("stable") && result.hint != nil)
        }
        #expect(results[1].hint == "Pensez à l'identité.")
    }

    @Test("réponses absentes, choix inconnus, plusieurs choix pour une question simple")
    func malformedAnswers() {
        let results = QuizGrader.grade([Self.single, Self.multiple], answers: ["q1": ["a", "b"], "q2": ["zz' onerror='x"]])
        #expect(results[0].message == "Une seule réponse est attendue pour cette question.")
        #expect(results[1].message.hasPrefix("Le choix «\u{202F}zz"))
        let none = QuizGrader.grade([Self.single], answers: [:])
        #expect(none[0].status == .failed)
        #expect(none[0].message == "Aucune réponse n'a été donnée à cette question.")
    }

    @Test("un choix inconnu est cité sur 40 octets au plus, pas 40 caractères")
    func unknownChoiceEchoIsBoundedInBytes() {
        let heavy = "a" + String(repeating: "\u{301}", count: 30_000)  // one character, 60 KB
        let results = QuizGrader.grade([Self.single], answers: ["q1": [heavy]])
        #expect(results[0].status == .failed)
        #expect(results[0].message.utf8.count < 200, "\(results[0].message.utf8.count) octets")
    }

    @Test("le moteur note le quiz sans appeler kubectl")
    func engineGradesQuiz() async throws {
        let standin = try Standin(scenario: "unreachable-refused")
        let engine = try standin.engine()
        let passed = await engine.run(lesson: "l", step: "quiz", checks: [], quiz: [Self.single, Self.multiple],
                                      answers: ["q1": ["b"], "q2": ["a", "b"]], target: standin.target)
        #expect(passed.passed)
        #expect(passed.checks.map(\.id) == ["q1", "q2"])
        let failed = await engine.run(lesson: "l", step: "quiz", checks: [], quiz: [Self.single, Self.multiple],
                                      answers: ["q1": ["b"]], target: standin.target)
        #expect(!failed.passed)
        #expect(standin.invocations().isEmpty)
    }

    @Test("un quiz impossible à noter est refusé au démarrage")
    func validation() throws {
        try QuizQuestion.validate([Self.single, Self.multiple], step: "quiz")
        let invalid: [(QuizQuestion, String)] = [
            (QuizQuestion(id: "q", question: "?", multiple: false, choices: [QuizChoice(id: "a", text: "A"), QuizChoice(id: "b", text: "B")],
                          answer: ["c"]), "ne correspond à aucun choix"),
            (QuizQuestion(id: "q", question: "?", multiple: false, choices: [QuizChoice(id: "a", text: "A"), QuizChoice(id: "b", text: "B")],
                          answer: ["a", "b"]), "exactement une"),
            (QuizQuestion(id: "q", question: "?", multiple: false, choices: [QuizChoice(id: "a", text: "A")], answer: ["a"]), "deux choix"),
            (QuizQuestion(id: "q", question: " ", multiple: false, choices: [QuizChoice(id: "a", text: "A"), QuizChoice(id: "b", text: "B")],
                          answer: ["a"]), "énoncé"),
        ]
        for (question, fragment) in invalid {
            do {
                try QuizQuestion.validate([question], step: "quiz")
                Issue.record("quiz invalide accepté : \(fragment)")
            } catch {
                #expect(error.code == .invalidQuiz)
                #expect(error.check == "q")
                #expect(error.message.contains(fragment))
            }
        }
        do {
            try QuizQuestion.validate([Self.single, Self.single], step: "quiz")
            Issue.record("identifiants dupliqués acceptés")
        } catch {
            #expect(error.message.contains("deux fois"))
        }
    }

    @Test("une réponse écrite comme une chaîne est acceptée dans la clé")
    func decodesSingleAnswer() throws {
        let json = #"{"id": "q", "question": "?", "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "answer": "b"}"#
        let question = try JSONDecoder().decode(QuizQuestion.self, from: Data(json.utf8))
        #expect(question.answer == ["b"])
        #expect(question.multiple == false)
    }
}
