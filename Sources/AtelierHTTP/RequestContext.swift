import Logging

/// What the router knows about a request beyond the request itself.
public struct RequestContext: Sendable {
    /// Values of the `:name` segments of the matched route, percent-decoded.
    public var parameters: [String: String]
    /// The route pattern that matched (e.g. `/api/lessons/:lesson`), used as the metrics label.
    public var route: String
    public var logger: Logger

    public init(parameters: [String: String] = [:], route: String = "", logger: Logger) {
        self.parameters = parameters
        self.route = route
        self.logger = logger
    }

    /// A path parameter the route declares; a missing one is a programming error, reported as 500.
    public func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else {
            throw RouteParameterMissing(name: name)
        }
        return value
    }
}

/// Thrown when a handler asks for a parameter its route does not declare.
public struct RouteParameterMissing: Error, Sendable {
    public let name: String
}
