/// A quiz question from lesson.json, answer key included.
///
/// The key (`answer`, `explanation`) stays on the server: the lessons layer sends only
/// id, question, multiple and choices to the browser.
public struct QuizQuestion: Decodable, Sendable, Hashable {
    public let id: String
    public let question: String
    /// True when several choices may be right (check boxes rather than radio buttons).
    public let multiple: Bool
    public let choices: [QuizChoice]
    /// Ids of the right choices.
    public let answer: [String]
    /// Shown once the question is answered correctly; it usually gives the key away.
    public let explanation: String?
    /// Shown when the answer is wrong; must not give the key away.
    public let hint: String?

    public init(id: String, question: String, multiple: Bool, choices: [QuizChoice], answer: [String],
                explanation: String? = nil, hint: String? = nil) {
        self.id = id
        self.question = question
        self.multiple = multiple
        self.choices = choices
        self.answer = answer
        self.explanation = explanation
        self.hint = hint
    }

    private enum CodingKeys: String, CodingKey {
        case id, question, multiple, choices, answer, explanation, hint
    }

    /// Accepts `"answer": "b"` as well as `"answer": ["b"]`, and a missing `multiple` as false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        question = try container.decode(String.self, forKey: .question)
        multiple = try container.decodeIfPresent(Bool.self, forKey: .multiple) ?? false
        choices = try container.decode([QuizChoice].self, forKey: .choices)
        if let single = try? container.decode(String.self, forKey: .answer) {
            answer = [single]
        } else {
            answer = try container.decode([String].self, forKey: .answer)
        }
        explanation = try container.decodeIfPresent(String.self, forKey: .explanation)
        hint = try container.decodeIfPresent(String.self, forKey: .hint)
    }
}
