/// An HTTP failure written in place by a handler (`HTTPError.notFound(…)`); domain errors
/// (store, checks, names, settings) conform to `HTTPResponseError` themselves.
public struct HTTPError: HTTPResponseError, Sendable, Equatable {
    public var status: Int
    /// Stable snake_case code for programs (`lesson_not_found`).
    public var code: String
    /// Message for people, in French for learners.
    public var message: String
    public var headers: [String: String]

    public init(_ status: Int, code: String, message: String, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func badRequest(_ code: String, _ message: String) -> HTTPError {
        HTTPError(400, code: code, message: message)
    }

    public static func notFound(_ code: String = "not_found", _ message: String = "Ressource introuvable.") -> HTTPError {
        HTTPError(404, code: code, message: message)
    }

    public static func unauthorized(_ code: String = "unauthorized",
                                    _ message: String = "Authentification requise : jeton absent ou invalide.") -> HTTPError {
        HTTPError(401, code: code, message: message, headers: ["WWW-Authenticate": "Bearer"])
    }

    public var apiCode: String { code }

    public static let internalError = HTTPError(500, code: "internal_error",
                                                message: "Erreur interne du serveur. L'incident a été journalisé.")
}

/// Wire shape of an error body.
public struct ErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
    }
    public var error: Detail
}
