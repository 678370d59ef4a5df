import AtelierSystem

/// Why the HTTP server could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidHost
        case bindFailed
    }
    public var code: Code
    public var host: String
    public var port: Int
    public var errno: Int32

    public var description: String {
        switch code {
        case .invalidHost:
            return "host \"\(host)\": expected an IPv4 or IPv6 address or \"localhost\""
        case .bindFailed:
            // « (EADDRINUSE (Address already in use)) »: the name a developer looks up.
            let reason = errno != 0 ? " (\(Errno(rawValue: errno)))" : ""
            return "cannot listen on \(host):\(port)\(reason)"
        }
    }
}
