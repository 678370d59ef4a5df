/// Why a store operation failed. `apiCode` and `message` form the API error body; suggested HTTP
/// statuses: `learnerNotFound` 404 (401 on `/api/me`), `invalidIdentifier` 400, `unknownStep` 404,
/// `storageFailure` 500, `closed` 503.
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
        }
    }

    public var apiCode: String {
        switch code {
        case .learnerNotFound: "learner_not_found"
        case .invalidIdentifier: "invalid_identifier"
        case .unknownStep: "unknown_step"
        case .storageFailure: "storage_failure"
        case .closed: "service_unavailable"
        }
    }

    public var description: String {
        if let underlying { return "ProgressStoreError(\(code), \(underlying))" }
        return "ProgressStoreError(\(code))"
    }
}
