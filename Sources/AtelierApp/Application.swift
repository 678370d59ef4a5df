import AtelierHTTP
import AtelierLessons
import AtelierProgress
import Foundation
import Logging
import Synchronization

/// The assembled server: configuration, lessons, stores and the HTTP server. `main` and the tests
/// build it the same way, through `buildApplication(config:logger:)`.
public final class Application: Sendable {
    public let config: AppConfig
    public let services: AppServices
    private let server: HTTPServer
    /// The daily retention pass (`retentionDays`), cancelled at shutdown.
    private let retention = Mutex<Task<Void, Never>?>(nil)

    init(config: AppConfig, services: AppServices, server: HTTPServer) {
        self.config = config
        self.services = services
        self.server = server
    }

    public func start() throws(HTTPServerError) {
        try server.start()
        if config.retentionDays != nil {
            let services = self.services
            retention.withLock { task in
                task = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(86_400))
                        if Task.isCancelled { break }
                        await services.purgeInactiveLearners()
                    }
                }
            }
        }
        if services.trainerTokenGenerated {
            // Printed once, on purpose: without it nobody could open the dashboard. Set
            // `trainerToken` or ATELIER_TRAINER_TOKEN to keep it out of the log.
            services.logger.notice("no trainer token configured; generated one for this run", metadata: [
                "dashboard": "http://\(config.host):\(port)/trainer", "trainerToken": "\(services.trainerToken)",
            ])
        }
    }

    /// The bound port (the configured one, or the one picked for port 0).
    public var port: Int { server.port }

    public var metrics: HTTPMetrics { server.metrics }

    /// Stops accepting, lets in-flight requests finish within `shutdownGraceSeconds`.
    public func shutdown() async {
        retention.withLock { $0?.cancel() }
        await server.shutdown()
        // The watches' kubectl processes end with the server, never left behind.
        await services.observer?.shutdown()
        if let store = services.store as? FileProgressStore { await store.close() }
        services.timelineFiles?.unlock()
        services.kubeconfigFiles?.unlock()
    }
}

/// Loads everything the configuration names and wires the routes. Throws on broken content
/// (`LessonLoadError`), an unusable public folder or data folder, before anything listens.
///
/// - Parameters:
///   - environment: what kubectl processes inherit (PATH, HOME, KUBECONFIG…); tests add the stand-in's variables.
///   - now: the clock of recorded times.
///   - bufferedAccessLog: access lines straight to standard error through a 64 KiB buffer (`serve`),
///     rather than through `logger` (tests capture them there).
public func buildApplication(config: AppConfig, logger: Logger,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             now: @escaping @Sendable () -> Date = { Date() },
                             bufferedAccessLog: Bool = false) async throws -> Application {
    let services = try await AppServices.make(config: config, logger: logger, environment: environment, now: now)
    // Erasures a crash interrupted are finished, then the retention rule applies, before anyone is served.
    await services.finishPendingErasures()
    await services.purgeInactiveLearners()
    var router = Router()
    AppRoutes.register(on: &router, services: services)
    let httpConfiguration = HTTPServerConfiguration(
        host: config.host, port: config.port, threads: config.threads, maxBodyBytes: config.maxBodyBytes,
        connectionTimeoutSeconds: config.connectionTimeoutSeconds, requestHeadTimeoutSeconds: config.requestHeadTimeoutSeconds,
        connectionLimit: config.connectionLimit, perAddressConnectionLimit: config.perAddressConnectionLimit,
        shutdownGraceSeconds: config.shutdownGraceSeconds, accessLog: bufferedAccessLog ? .buffered : .logger)
    let server = HTTPServer(configuration: httpConfiguration, router: router, logger: logger, metrics: services.metrics)
    return Application(config: config, services: services, server: server)
}
