import AtelierHTTP
import AtelierLessons
import Foundation
import Logging

/// The assembled server: configuration, lessons, stores and the HTTP server. `main` and the tests
/// build it the same way, through `buildApplication(config:logger:)`.
public final class Application: Sendable {
    public let config: AppConfig
    public let services: AppServices
    private let server: HTTPServer

    init(config: AppConfig, services: AppServices, server: HTTPServer) {
        self.config = config
        self.services = services
        self.server = server
    }

    public func start() throws(HTTPServerError) {
        try server.start()
    }

    /// The bound port (the configured one, or the one picked for port 0).
    public var port: Int { server.port }

    public var metrics: HTTPMetrics { server.metrics }

    /// Stops accepting, lets in-flight requests finish within `shutdownGraceSeconds`.
    public func shutdown() async {
        await server.shutdown()
    }
}

/// Loads everything the configuration names and wires the routes. Throws on broken content
/// (`LessonLoadError`), an unusable public folder or data folder, before anything listens.
public func buildApplication(config: AppConfig, logger: Logger) async throws -> Application {
    let services = try await AppServices.make(config: config, logger: logger)
    var router = Router()
    AppRoutes.register(on: &router, services: services)
    let httpConfiguration = HTTPServerConfiguration(
        host: config.host, port: config.port, threads: config.threads, maxBodyBytes: config.maxBodyBytes,
        connectionTimeoutSeconds: config.connectionTimeoutSeconds, shutdownGraceSeconds: config.shutdownGraceSeconds)
    let server = HTTPServer(configuration: httpConfiguration, router: router, logger: logger, metrics: services.metrics)
    return Application(config: config, services: services, server: server)
}
