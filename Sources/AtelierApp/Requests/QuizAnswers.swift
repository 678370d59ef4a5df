import AtelierContent
import AtelierHTTP

/// Reads `{"answers": {"q1": ["b"], "q2": "c"}}` from a check request, refusing what cannot be an
/// answer instead of passing it to the grader.
enum QuizAnswers {
    static let maximumQuestions = 100
    static let maximumChoices = 26
    static let maximumIdentifierBytes = 64

    static func parse(_ request: Request, quiz: [QuizQuestion]?) throws -> [String: [String]]? {
        let body = try RequestBody.object(request, allowedKeys: ["answers"])
        guard let raw = body["answers"] else { return nil }
        guard let fields = raw as? [String: Any] else {
            throw HTTPError.badRequest("answers_invalid", "« answers » doit être un objet : identifiant de question → choix.")
        }
        guard quiz != nil else {
            throw HTTPError.badRequest("answers_unexpected", "Cette étape n'a pas de quiz : « answers » n'est pas attendu.")
        }
        guard fields.count <= maximumQuestions else {
            throw HTTPError.badRequest("answers_invalid", "Trop de réponses dans la requête.")
        }
        var answers: [String: [String]] = [:]
        for (question, value) in fields {
            let choices: [String]
            if let single = value as? String {
                choices = [single]
            } else if let many = value as? [Any], many.count <= maximumChoices, let strings = many as? [String] {
                choices = strings
            } else {
                throw HTTPError.badRequest("answers_invalid",
                                           "La réponse à « \(AppServices.clip(question)) » doit être un identifiant de choix ou une liste d'identifiants.")
            }
            // In UTF-8 bytes: one "character" can weigh 60 KB ("a" followed by 30,000 combining accents).
            guard question.utf8.count <= maximumIdentifierBytes, choices.allSatisfy({ $0.utf8.count <= maximumIdentifierBytes }) else {
                throw HTTPError.badRequest("answers_invalid", "Identifiant de question ou de choix trop long.")
            }
            answers[question] = choices
        }
        return answers
    }
}
