import Logging

/// Maps method + path to handlers. Routes are fixed before the server starts, so lookups need no lock.
///
/// Handlers come in two flavours: `async` ones run on a Swift task while the libmicrohttpd connection
/// is suspended (nothing slow ever holds a worker thread), `immediate` ones answer on the worker thread
/// itself, for in-memory answers where a task hop would only add latency.
public struct Router: Sendable {
    public typealias Handler = @Sendable (Request, RequestContext) async throws -> Response
    public typealias ImmediateHandler = @Sendable (Request, RequestContext) throws -> Response

    public typealias FastPath = @Sendable (Request, RequestContext) throws -> Response?

    public enum Action: Sendable {
        case async(Handler)
        case immediate(ImmediateHandler)
        /// Tries `fast` on the worker thread (a cache hit); when it returns `nil`, runs `slow` as a task.
        case optimistic(fast: FastPath, slow: Handler)
    }

    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: String
        let segments: [Segment]
        let action: Action
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private(set) var routes: [Route] = []
    /// Indexes into `routes` (in registration order) by segment count and first segment when it is a
    /// literal; routes starting with a parameter, or with no segment, are in `anyFirstSegment`. A request
    /// is only matched against the routes that could bind it, so a static file does not walk the table.
    private var byShape: [Shape: [Int]] = [:]
    private var anyFirstSegment: [Int] = []

    private struct Shape: Hashable {
        let count: Int
        let first: String
    }
    /// Answers GET/HEAD requests no route matched (static files); `nil` → 404.
    private(set) var fallback: Action?

    public init() {}

    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ action: Action) {
        let segments = Router.split(pattern).map { part -> Segment in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        if case .literal(let first)? = segments.first {
            byShape[Shape(count: segments.count, first: first), default: []].append(routes.count)
        } else {
            anyFirstSegment.append(routes.count)
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, action: action))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { on(.get, pattern, .async(handler)) }
    public mutating func get(_ pattern: String, immediate handler: @escaping ImmediateHandler) {
        on(.get, pattern, .immediate(handler))
    }
    public mutating func get(_ pattern: String, fast: @escaping FastPath, slow: @escaping Handler) {
        on(.get, pattern, .optimistic(fast: fast, slow: slow))
    }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { on(.post, pattern, .async(handler)) }
    public mutating func post(_ pattern: String, immediate handler: @escaping ImmediateHandler) {
        on(.post, pattern, .immediate(handler))
    }

    public mutating func fallback(_ action: Action) { fallback = action }

    /// The outcome of matching one request.
    public enum Match: Sendable {
        case found(Action, parameters: [String: String], route: String)
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    public func match(method: HTTPMethod, path: String) -> Match {
        let parts = Router.split(path)
        let lookup = method == .head ? HTTPMethod.get : method
        var allowed: [HTTPMethod] = []
        let literal = parts.first.flatMap { byShape[Shape(count: parts.count, first: String($0))] } ?? []
        let candidates = anyFirstSegment.isEmpty ? literal : (literal + anyFirstSegment).sorted()
        for index in candidates {
            let route = routes[index]
            guard let parameters = Router.bind(route.segments, to: parts) else { continue }
            if route.method == lookup {
                return .found(route.action, parameters: parameters, route: route.pattern)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if !allowed.isEmpty {
            if allowed.contains(.get) && !allowed.contains(.head) { allowed.append(.head) }
            return .methodNotAllowed(allowed: allowed)
        }
        if let fallback, lookup == .get, !path.hasPrefix("/api/") {
            return .found(fallback, parameters: [:], route: "static")
        }
        if fallback != nil, !path.hasPrefix("/api/") {
            return .methodNotAllowed(allowed: [.get, .head])
        }
        return .notFound
    }

    /// The non-empty segments of `path`, as slices (no copy): this runs for every request.
    static func split(_ path: String) -> [Substring] {
        var parts: [Substring] = []
        parts.reserveCapacity(8)
        let bytes = path.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: "/") {
                if start != index { parts.append(path[start..<index]) }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if start != bytes.endIndex { parts.append(path[start...]) }
        return parts
    }

    static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        for (segment, part) in zip(segments, parts) {
            if case .literal(let literal) = segment, literal != part { return nil }
        }
        guard segments.contains(where: { if case .parameter = $0 { true } else { false } }) else { return [:] }
        var parameters = [String: String](minimumCapacity: segments.count)
        for (segment, part) in zip(segments, parts) {
            if case .parameter(let name) = segment { parameters[name] = String(part) }
        }
        return parameters
    }
}
