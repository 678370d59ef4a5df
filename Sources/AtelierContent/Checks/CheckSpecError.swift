/// A check or quiz question in the lesson content that cannot work, found at start-up.
///
/// Names the step and the check so the author can fix checks.json or lesson.json directly.
public struct CheckSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unknownKind
        case missingParameter
        case invalidParameter
        case unknownParameter
        case unknownMessage
        case unknownPlaceholder
        case duplicateId
        /// `requires` names a check that is not an earlier check of the same step.
        case invalidRequires
        case invalidId
        case emptyTitle
        case unknownStep
        case invalidQuiz
    }

    public let code: Code
    public let step: String
    /// The check id (or quiz question id), when the problem is in one check.
    public let check: String?
    /// French explanation.
    public let message: String

    public init(_ code: Code, step: String, check: String?, message: String) {
        self.code = code
        self.step = step
        self.check = check
        self.message = message
    }

    public var description: String {
        if let check { return "étape « \(step) », vérification « \(check) » : \(message)" }
        return "étape « \(step) » : \(message)"
    }
}
