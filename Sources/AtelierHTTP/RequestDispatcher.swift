import Foundation
import Logging

/// Turns a complete request into a response: target parsing, routing, error mapping, default headers,
/// metrics and the access log. Independent of libmicrohttpd so the flow reads (and tests) as plain Swift.
final class RequestDispatcher: Sendable {
    /// What the transport must do with a request.
    enum Plan: Sendable {
        /// Answer now, on the calling thread.
        case respond(Response)
        /// Park the connection, then call `start`; it calls back exactly once with the response.
        case run(start: @Sendable (@escaping @Sendable (Response) -> Void) -> Void)
    }

    let router: Router
    let logger: Logger
    let metrics: HTTPMetrics
    let defaultHeaders: [(String, String)]
    let accessLog: AccessLog
    private let tasks = TaskCounter()
    /// Static files kept in memory, by request path, answered as a whole: the router would send these
    /// paths to the files (checked once here), and their responses are decorated once.
    private let staticAnswers: [String: StaticAnswer]

    private struct StaticAnswer: Sendable {
        let response: Response
        let notModified: Response
        let etag: String
    }

    init(router: Router, logger: Logger, metrics: HTTPMetrics, defaultHeaders: [(String, String)],
         accessLog: AccessLogDestination = .logger) {
        self.router = router
        self.logger = logger
        self.metrics = metrics
        self.defaultHeaders = defaultHeaders
        self.accessLog = AccessLog(destination: accessLog, logger: logger)
        var answers: [String: StaticAnswer] = [:]
        for (path, answer) in router.staticFiles?.prebuilt ?? [:] where RequestTarget.isPlain(path) {
            guard case .found(_, _, route: "static") = router.match(method: .get, path: path) else { continue }
            answers[path] = StaticAnswer(response: RequestDispatcher.decorate(answer.response, with: defaultHeaders),
                                         notModified: RequestDispatcher.decorate(answer.notModified, with: defaultHeaders),
                                         etag: answer.etag)
        }
        staticAnswers = answers
    }

    /// Requests whose async handler has not finished yet.
    var pendingTasks: Int { tasks.value }

    func plan(method rawMethod: String, target: String, headers: HTTPHeaders, body: [UInt8], bodyTooLarge: Bool,
              clientAddress: String = "") -> Plan {
        let started = DispatchTime.now().uptimeNanoseconds
        metrics.begin()
        let method = HTTPMethod(rawValue: rawMethod)
        // A local function, not a closure value: the answers given now need no captured context.
        func finish(_ response: Response, _ route: String) -> Response {
            complete(response, method: method, target: target, route: route, started: started)
        }
        if bodyTooLarge {
            return .respond(finish(RequestDispatcher.payloadTooLarge.response, "-"))
        }
        // A plain target (no escape, no query) naming a file in memory: the answer is ready as a whole.
        if !staticAnswers.isEmpty, rawMethod == "GET" || rawMethod == "HEAD", let answer = staticAnswers[target] {
            let notModified = headers["if-none-match"].map { StaticFiles.matches($0, answer.etag) } ?? false
            return .respond(complete(notModified ? answer.notModified : answer.response, method: method, target: target,
                                     route: "static", started: started, decorated: true))
        }
        let parsed: RequestTarget
        do {
            parsed = try RequestTarget(parsing: target)
        } catch {
            let response = HTTPError.badRequest("invalid_target", "Adresse de requête invalide (\(error.code.rawValue)).").response
            return .respond(finish(response, "-"))
        }
        let request = Request(method: method, path: parsed.path, target: target, query: parsed.query,
                              headers: headers, body: body, clientAddress: clientAddress)
        switch router.match(method: method, path: parsed.path) {
        case .notFound:
            return .respond(finish(HTTPError.notFound("not_found", "Aucune ressource à cette adresse.").response, "-"))
        case .methodNotAllowed(let allowed):
            var error = HTTPError(405, code: "method_not_allowed",
                                  message: "Méthode \(method.rawValue) non autorisée pour cette adresse.")
            error.headers["Allow"] = allowed.map(\.rawValue).joined(separator: ", ")
            return .respond(finish(error.response, "-"))
        case .found(let action, let parameters, let route):
            let context = RequestContext(parameters: parameters, route: route, logger: logger)
            switch action {
            case .immediate(let handler):
                let response: Response
                do { response = try handler(request, context) } catch { response = errorResponse(error, request: request) }
                return .respond(finish(response, route))
            case .optimistic(let fast, let slow):
                do {
                    if let response = try fast(request, context) { return .respond(finish(response, route)) }
                } catch {
                    return .respond(finish(errorResponse(error, request: request), route))
                }
                return runAsync(slow, request: request, context: context, finish: { [self] in complete($0, method: method, target: target, route: route, started: started) })
            case .async(let handler):
                return runAsync(handler, request: request, context: context, finish: { [self] in complete($0, method: method, target: target, route: route, started: started) })
            }
        }
    }

    private func runAsync(_ handler: @escaping Router.Handler, request: Request, context: RequestContext,
                          finish: @escaping @Sendable (Response) -> Response) -> Plan {
        tasks.increment()
        return .run { [self] callback in
            Task {
                let response: Response
                do { response = try await handler(request, context) } catch {
                    response = errorResponse(error, request: request)
                }
                callback(finish(response))
                tasks.decrement()
            }
        }
    }

    /// 503 for requests still parked when a shutdown's grace period runs out.
    func shuttingDownResponse(method: String, target: String) -> Response {
        let error = HTTPError(503, code: "shutting_down", message: "Le serveur s'arrête ; réessayez dans un instant.")
        var response = error.response
        response.headers.set("Connection", "close")
        return decorate(response)
    }

    static let payloadTooLarge = HTTPError(413, code: "payload_too_large",
                                           message: "Le corps de la requête dépasse la taille autorisée.")

    /// The answer for a request refused on its head, before any body byte is read (declared length
    /// above the limit, ambiguous framing); the connection is closed after it.
    func refusedBeforeBody(_ error: HTTPError, method: String, target: String) -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        metrics.begin()
        var response = error.response
        response.headers.set("Connection", "close")
        return complete(response, method: HTTPMethod(rawValue: method), target: target, route: "-", started: started)
    }

    private func errorResponse(_ error: any Error, request: Request) -> Response {
        if let error = error as? any HTTPResponseError {
            if error.status >= 500 {
                logger.error("handler failed", metadata: ["path": "\(request.path)", "code": "\(error.apiCode)",
                                                          "error": "\(String(describing: error))"])
            }
            return error.response
        }
        logger.error("unexpected error in handler",
                     metadata: ["method": "\(request.method)", "path": "\(request.path)", "error": "\(String(reflecting: error))"])
        return HTTPError.internalError.response
    }

    private func complete(_ response: Response, method: HTTPMethod, target: String, route: String, started: UInt64,
                          decorated: Bool = false) -> Response {
        let response = decorated ? response : decorate(response)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        metrics.end(route: route, method: method, status: response.status, seconds: seconds)
        accessLog.record(method: method.rawValue, target: target, status: response.status, bytes: response.body.count,
                         seconds: seconds)
        return response
    }

    private func decorate(_ response: Response) -> Response {
        RequestDispatcher.decorate(response, with: defaultHeaders)
    }

    private static func decorate(_ response: Response, with defaultHeaders: [(String, String)]) -> Response {
        var response = response
        response.headers.addMissing(defaultHeaders)
        return response
    }
}

/// A counter several threads bump; read while shutting down to know when in-flight work is done.
final class TaskCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    func decrement() { lock.withLock { count -= 1 } }
    var value: Int { lock.withLock { count } }
}
