import Foundation

extension QuizQuestion {
    /// Refuses a quiz that cannot be graded: duplicate ids, an answer that is not a choice, a
    /// single-answer question with several right answers.
    public static func validate(_ questions: [QuizQuestion], step: String) throws(CheckSpecError) {
        guard !questions.isEmpty else {
            throw CheckSpecError(.invalidQuiz, step: step, check: nil, message: "le quiz ne contient aucune question.")
        }
        var ids: Set<String> = []
        for question in questions {
            func fail(_ message: String) -> CheckSpecError {
                CheckSpecError(.invalidQuiz, step: step, check: question.id, message: message)
            }
            guard !question.id.isEmpty, question.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw fail("l'identifiant de question doit être fait de lettres, chiffres, « - » et « _ ».")
            }
            guard ids.insert(question.id).inserted else { throw fail("l'identifiant de question est utilisé deux fois.") }
            guard !question.question.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("l'énoncé est vide.") }
            guard question.choices.count >= 2 else { throw fail("il faut au moins deux choix.") }
            let choiceIds = question.choices.map(\.id)
            guard Set(choiceIds).count == choiceIds.count else { throw fail("deux choix ont le même identifiant.") }
            guard question.choices.allSatisfy({ !$0.id.isEmpty && !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw fail("un choix a un identifiant ou un texte vide.")
            }
            guard !question.answer.isEmpty else { throw fail("la réponse attendue est vide.") }
            if let stray = question.answer.first(where: { !choiceIds.contains($0) }) {
                throw fail("la réponse « \(stray) » ne correspond à aucun choix.")
            }
            guard Set(question.answer).count == question.answer.count else { throw fail("la réponse répète un choix.") }
            if !question.multiple && question.answer.count != 1 {
                throw fail("une question à réponse unique (multiple: false) doit avoir exactement une bonne réponse.")
            }
        }
    }
}
