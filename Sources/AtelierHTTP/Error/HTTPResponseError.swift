/// An error that knows its HTTP answer, as Hummingbird's `HTTPResponseError`: a status, a stable
/// snake_case code and a message for people (French for learners). The dispatcher answers
/// `{"error": {"code", "message"}}` for any of them; anything else thrown by a handler is a bare
/// 500 and a log line.
public protocol HTTPResponseError: Error {
    var status: Int { get }
    /// Stable snake_case code for programs (`lesson_not_found`).
    var apiCode: String { get }
    /// Message for people, in French for learners; never a system detail.
    var message: String { get }
    /// Extra headers (`WWW-Authenticate` on a 401).
    var headers: [String: String] { get }
}

extension HTTPResponseError {
    public var headers: [String: String] { [:] }

    /// The JSON body `{"error": {"code", "message"}}` with the status and headers.
    public var response: Response {
        let body = ErrorBody(error: .init(code: apiCode, message: message))
        var response = (try? Response.json(body, status: status))
            ?? Response.text("{\"error\":{\"code\":\"internal_error\",\"message\":\"Erreur interne.\"}}", status: status,
                             contentType: "application/json; charset=utf-8")
        for (name, value) in headers { response.headers.set(name, value) }
        return response
    }
}
