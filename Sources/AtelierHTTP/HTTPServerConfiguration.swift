/// Settings of the HTTP layer, validated by the application's config loader.
public struct HTTPServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); read the bound one from `HTTPServer.port`.
    public var port: Int
    /// libmicrohttpd worker threads (each runs its own epoll loop).
    public var threads: Int
    public var maxBodyBytes: Int
    /// Idle connections are closed after this many seconds (slowloris protection).
    public var connectionTimeoutSeconds: Int
    /// A connection that has not sent a complete request head is closed after this many seconds without
    /// a byte (capped by `connectionTimeoutSeconds`); once a head has arrived, the idle timeout applies.
    public var requestHeadTimeoutSeconds: Int
    public var connectionLimit: Int
    /// Connections one client address may hold: a class behind one NAT shares an address, so this is
    /// a bound on the damage of one client, not a per-person limit.
    public var perAddressConnectionLimit: Int
    /// Where the one-line-per-request access log goes.
    public var accessLog: AccessLogDestination
    /// How long a graceful shutdown waits for in-flight requests.
    public var shutdownGraceSeconds: Double
    /// Headers added to every response that does not set them itself.
    public var defaultHeaders: [(String, String)]

    public init(host: String = "127.0.0.1", port: Int = 8088, threads: Int = 2, maxBodyBytes: Int = 65_536,
                connectionTimeoutSeconds: Int = 30, requestHeadTimeoutSeconds: Int = 10,
                connectionLimit: Int = 2000, perAddressConnectionLimit: Int = 1200, shutdownGraceSeconds: Double = 10,
                accessLog: AccessLogDestination = .logger,
                defaultHeaders: [(String, String)] = HTTPServerConfiguration.securityHeaders) {
        self.host = host
        self.port = port
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
        self.requestHeadTimeoutSeconds = requestHeadTimeoutSeconds
        self.connectionLimit = connectionLimit
        self.perAddressConnectionLimit = perAddressConnectionLimit
        self.accessLog = accessLog
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.defaultHeaders = defaultHeaders
    }

    /// No inline script anywhere: the browser app is plain modules served from `public/`.
    public static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy",
         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
}
