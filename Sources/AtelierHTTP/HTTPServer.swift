import Logging

/// The HTTP server: a router served by libmicrohttpd, with metrics and graceful shutdown.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    public let metrics: HTTPMetrics
    private let transport: MHDTransport

    public init(configuration: HTTPServerConfiguration, router: Router, logger: Logger, metrics: HTTPMetrics = HTTPMetrics()) {
        self.configuration = configuration
        self.metrics = metrics
        let dispatcher = RequestDispatcher(router: router, logger: logger, metrics: metrics,
                                           defaultHeaders: configuration.defaultHeaders, accessLog: configuration.accessLog)
        transport = MHDTransport(configuration: configuration, dispatcher: dispatcher, logger: logger)
    }

    public func start() throws(HTTPServerError) {
        try transport.start()
    }

    /// The port actually bound (useful when configured with port 0).
    public var port: Int { transport.boundPort }

    /// Graceful stop: no new connections, in-flight requests finish within the grace period.
    public func shutdown() async {
        await transport.stop(grace: configuration.shutdownGraceSeconds)
    }
}
