import Foundation
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
        /// Per segment, the literal's UTF-8 bytes, or nil for a parameter: matching compares bytes.
        let literals: [[UInt8]?]
        let hasParameters: Bool
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private(set) var routes: [Route] = []
    /// Indexes into `routes`, in registration order, by segment count: a request is only compared with
    /// the routes of its own length, so a static file does not walk the table.
    private var bySegmentCount: [[Int]] = []
    /// Answers GET/HEAD requests no route matched (static files); `nil` → 404.
    private(set) var fallback: Action?

    public init() {}

    public mutating func on(_ method: HTTPMethod, _ pattern: String, _ action: Action) {
        let segments = Router.split(pattern).map { part -> Segment in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        while bySegmentCount.count <= segments.count { bySegmentCount.append([]) }
        bySegmentCount[segments.count].append(routes.count)
        let literals = segments.map { segment -> [UInt8]? in
            if case .literal(let text) = segment { return Array(text.utf8) }
            return nil
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, action: action, literals: literals,
                            hasParameters: literals.contains { $0 == nil }))
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

    /// The files answering GET/HEAD requests no route matched; their complete answers are also given
    /// to the dispatcher, which serves a plain request for one of them without parsing or routing it.
    private(set) var staticFiles: StaticFiles?

    public mutating func files(_ files: StaticFiles) {
        staticFiles = files
        fallback = .immediate { request, _ in try files.respond(to: request) }
    }

    /// The outcome of matching one request.
    public enum Match: Sendable {
        case found(Action, parameters: [String: String], route: String)
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    public func match(method: HTTPMethod, path: String) -> Match {
        let lookup = method == .head ? HTTPMethod.get : method
        var allowed: [HTTPMethod] = []
        var copy = path
        let found: Match? = copy.withUTF8 { bytes in
            // Segment bounds on the stack; a path with more segments than any route has matches none.
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: Router.maximumSegments) { bounds in
                guard let count = Router.segments(of: bytes, into: bounds), count < bySegmentCount.count else {
                    return nil
                }
                for index in bySegmentCount[count] {
                    let route = routes[index]
                    guard Router.literalsMatch(route, bytes, bounds) else { continue }
                    if route.method == lookup {
                        return .found(route.action, parameters: Router.parameters(of: route, bytes, bounds),
                                      route: route.pattern)
                    }
                    if !allowed.contains(route.method) { allowed.append(route.method) }
                }
                return nil
            }
        }
        if let found { return found }
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

    /// More segments than any route has: such a path can only be a static file (or nothing).
    static let maximumSegments = 32

    /// Writes the bounds of the non-empty segments of `bytes` into `bounds`; nil when there are more than
    /// `bounds` can hold.
    static func segments(of bytes: UnsafeBufferPointer<UInt8>, into bounds: UnsafeMutableBufferPointer<Range<Int>>) -> Int? {
        var count = 0
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if start != index {
                guard count < bounds.count else { return nil }
                bounds.initializeElement(at: count, to: start..<index)
                count += 1
            }
            start = index + 1
        }
        return count
    }

    static func literalsMatch(_ route: Route, _ bytes: UnsafeBufferPointer<UInt8>,
                              _ bounds: UnsafeMutableBufferPointer<Range<Int>>) -> Bool {
        for (index, literal) in route.literals.enumerated() {
            guard let literal else { continue }
            let range = bounds[index]
            guard literal.count == range.count else { return false }
            let same = literal.withUnsafeBufferPointer { expected in
                memcmp(expected.baseAddress!, bytes.baseAddress! + range.lowerBound, range.count) == 0
            }
            if !same { return false }
        }
        return true
    }

    static func parameters(of route: Route, _ bytes: UnsafeBufferPointer<UInt8>,
                           _ bounds: UnsafeMutableBufferPointer<Range<Int>>) -> [String: String] {
        guard route.hasParameters else { return [:] }
        var parameters = [String: String](minimumCapacity: route.segments.count)
        for (index, segment) in route.segments.enumerated() {
            if case .parameter(let name) = segment {
                // The path is valid UTF-8 (RequestTarget checked it) and a slash is a scalar boundary.
                parameters[name] = String(decoding: UnsafeBufferPointer(rebasing: bytes[bounds[index]]), as: UTF8.self)
            }
        }
        return parameters
    }

    /// The non-empty segments of a route pattern, as slices.
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
}
