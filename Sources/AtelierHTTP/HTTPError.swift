/// The one error type that knows its HTTP status; handlers throw it for every expected failure.
/// Anything else thrown by a handler becomes a bare 500 and a log line.
public struct HTTPError: Error, Sendable, Equatable {
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

    /// The JSON body `{"error": {"code", "message"}}`.
    public var response: Response {
        let body = ErrorBody(error: .init(code: code, message: message))
        var response = (try? Response.json(body, status: status))
            ?? Response.text("{\"error\":{\"code\":\"internal_error\",\"message\":\"Erreur interne.\"}}", status: status,
                             contentType: "application/json; charset=utf-8")
        for (name, value) in headers { response.headers.set(name, value) }
        return response
    }

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
