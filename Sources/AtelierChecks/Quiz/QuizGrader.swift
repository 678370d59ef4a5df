import AtelierCluster
import AtelierContent

/// Grades quiz answers against the key, one check entry per question.
///
/// A wrong answer's message never reveals the key (not even « il manque une réponse » for a
/// multiple-choice question, which would let a learner find it by elimination); the explanation
/// is given only once the answer is right. The message is the one voice of the verdict: it
/// starts with « Bonne réponse. » or « Réponse incorrecte », and the browser shows it as is,
/// without a verdict of its own (public/quiz.js).
enum QuizGrader {
    static let defaultHint = "Relisez la partie du cours qui traite de cette question, puis réessayez."

    static func grade(_ questions: [QuizQuestion], answers: [String: [String]]) -> [CheckResult] {
        questions.map { question in
            let title = question.question
            let hint = question.hint ?? defaultHint
            guard let given = answers[question.id], !given.isEmpty else {
                return CheckResult(id: question.id, title: title, status: .failed, message: "Aucune réponse n'a été donnée à cette question.", hint: hint)
            }
            let choiceIds = Set(question.choices.map(\.id))
            if let unknown = given.first(where: { !choiceIds.contains($0) }) {
                // At most 40 UTF-8 bytes on a scalar boundary: 40 characters can weigh 60 KB each.
                var shown = ""
                for scalar in unknown.unicodeScalars {
                    guard shown.utf8.count + String(scalar).utf8.count <= 40 else { break }
                    shown.unicodeScalars.append(scalar)
                }
                return CheckResult(id: question.id, title: title, status: .failed, message: "Le choix «\u{202F}\(shown)\u{202F}» n'existe pas pour cette question.", hint: hint)
            }
            if !question.multiple && Set(given).count > 1 {
                return CheckResult(id: question.id, title: title, status: .failed, message: "Une seule réponse est attendue pour cette question.", hint: hint)
            }
            guard Set(given) == Set(question.answer) else {
                let message = question.multiple
                    ? "Réponse incorrecte\u{00A0}: il faut cocher toutes les bonnes réponses, et seulement elles."
                    : "Réponse incorrecte."
                return CheckResult(id: question.id, title: title, status: .failed, message: message, hint: hint)
            }
            var message = "Bonne réponse."
            if let explanation = question.explanation, !explanation.isEmpty { message += " " + explanation }
            return CheckResult(id: question.id, title: title, status: .passed, message: message)
        }
    }
}
