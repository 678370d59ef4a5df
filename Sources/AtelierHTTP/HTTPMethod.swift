/// An HTTP request method; a struct rather than an enum so unknown methods still route to 405/501.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let options = HTTPMethod(rawValue: "OPTIONS")

    public var description: String { rawValue }

    /// The methods of RFC 9110 and PATCH: the only values the metrics' `method` label takes, besides `OTHER`.
    public static let knownVerbs = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]

    /// A bounded label for metrics: a client chooses the method, and one series per invented
    /// method would let it grow `/metrics` without limit.
    public var metricsLabel: String {
        // GET first: nearly every request, and a literal compares without a search.
        rawValue == "GET" ? "GET" : HTTPMethod.knownVerbs.first(where: { $0 == rawValue }) ?? "OTHER"
    }
}
