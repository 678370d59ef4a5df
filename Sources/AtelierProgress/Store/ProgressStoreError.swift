/// Why a store operation failed. `apiCode` and `message` form the API error body; suggested HTTP
/// statuses: `learnerNotFound` 404 (401 on `/api/me`), `invalidIdentifier` 400, `unknownStep` 404,
/// `storageFailure` 500, `closed` 503, `classNotFound` and `resumeCodeUnknown` 404, the other class
/// errors 400.
public struct ProgressStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case learnerNotFound
        /// A lesson or step id that could not be a real one (length, characters).
        case invalidIdentifier
        /// The step is not in the lesson outline (or the run's lesson is not the outline's).
        case unknownStep
        /// The data could not be made durable; nothing was acknowledged and memory is unchanged.
        case storageFailure
        /// The store was closed (server shutting down); nothing was recorded.
        case closed
        /// No class has this id.
        case classNotFound
        /// No class has the code given at registration.
        case classCodeUnknown
        /// The class of this code was archived: it takes no new learner.
        case classArchived
        /// `ClassList.maximumClasses` reached.
        case tooManyClasses
        /// No learner has this resume code (mistyped, or replaced by the trainer).
        case resumeCodeUnknown
    }

    public let code: Code
    /// The system-level cause of a `storageFailure`, for logs only.
    public let underlying: FileIOError?

    public init(_ code: Code, underlying: FileIOError? = nil) {
        self.code = code
        self.underlying = underlying
    }

    public var message: String {
        switch code {
        case .learnerNotFound: "Apprenant introuvable."
        case .invalidIdentifier: "Identifiant de leçon ou d'étape invalide."
        case .unknownStep: "Cette étape n'existe pas dans la leçon."
        case .storageFailure: "La progression n'a pas pu être enregistrée. Réessayez dans un instant."
        case .closed: "Le serveur redémarre : réessayez dans un instant."
        case .classNotFound: "Cette classe n'existe pas."
        case .classCodeUnknown: "Code de classe inconnu\u{00A0}: vérifiez le code donné par votre formateur."
        case .classArchived: "Cette classe est archivée\u{202F}; demandez le code de la classe du jour à votre formateur."
        case .tooManyClasses: "Ce serveur a atteint le nombre maximal de classes (\(ClassList.maximumClasses))."
        case .resumeCodeUnknown: "Code de reprise inconnu\u{00A0}: vérifiez-le, ou demandez-en un nouveau à votre formateur."
        }
    }

    public var apiCode: String {
        switch code {
        case .learnerNotFound: "learner_not_found"
        case .invalidIdentifier: "invalid_identifier"
        case .unknownStep: "unknown_step"
        case .storageFailure: "storage_failure"
        case .closed: "service_unavailable"
        case .classNotFound: "class_not_found"
        case .classCodeUnknown: "class_code_unknown"
        case .classArchived: "class_archived"
        case .tooManyClasses: "too_many_classes"
        case .resumeCodeUnknown: "resume_code_unknown"
        }
    }

    public var description: String {
        if let underlying { return "ProgressStoreError(\(code), \(underlying))" }
        return "ProgressStoreError(\(code))"
    }
}
