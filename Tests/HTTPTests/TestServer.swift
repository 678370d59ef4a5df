import AtelierHTTP
import Foundation
import Logging
import TestSupport

/// An HTTPServer on an ephemeral loopback port with a router built by the test.
struct TestServer {
    let server: HTTPServer
    var port: Int { server.port }

    init(maxBodyBytes: Int = 1024, threads: Int = 2, connectionTimeoutSeconds: Int = 120, grace: Double = 5,
         configure: (inout Router) -> Void) throws {
        var router = Router()
        configure(&router)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: threads, maxBodyBytes: maxBodyBytes,
                                                    connectionTimeoutSeconds: connectionTimeoutSeconds, shutdownGraceSeconds: grace)
        server = HTTPServer(configuration: configuration, router: router, logger: logger)
        try server.start()
    }

    func client() -> HTTPTestClient { HTTPTestClient(port: port) }

    func stop() async { await server.shutdown() }
}

/// A small router used by most tests.
func standardRoutes(_ router: inout Router) {
    router.get("/healthz", immediate: { _, _ in .text("ok") })
    router.get("/items/:id", immediate: { request, context in
        try .json(["id": context.parameter("id"), "q": request.query["q"] ?? ""])
    })
    router.post("/items", { request, _ in
        .text("received \(request.body.count) bytes", status: 201)
    })
    router.post("/echo", { request, _ in
        Response(status: 200, contentType: "application/octet-stream", bytes: request.body)
    })
    router.get("/fail/http", immediate: { _, _ in throw HTTPError.badRequest("bad_thing", "Mauvaise requête.") })
    router.get("/fail/other", immediate: { _, _ in throw CocoaError(.fileNoSuchFile) })
    router.get("/fail/async") { _, _ in throw CocoaError(.fileNoSuchFile) }
}
