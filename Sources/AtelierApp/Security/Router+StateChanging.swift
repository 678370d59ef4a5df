import AtelierHTTP

extension Router {
    /// A POST route for a state-changing handler: a cross-site `Origin` is refused (403) before it runs.
    /// Every POST of the application goes through here.
    mutating func post(_ pattern: String, guardedBy requestGuard: RequestGuard, _ handler: @escaping Handler) {
        on(.post, pattern, guardedBy: requestGuard, handler)
    }

    /// Any state-changing method (PUT, DELETE) gets the same origin check as POST.
    mutating func on(_ method: HTTPMethod, _ pattern: String, guardedBy requestGuard: RequestGuard, _ handler: @escaping Handler) {
        on(method, pattern, .async { request, context in
            try requestGuard.checkOrigin(request)
            return try await handler(request, context)
        })
    }
}
