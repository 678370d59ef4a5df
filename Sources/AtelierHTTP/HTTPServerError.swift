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
            let reason = errno == 98 ? " (address already in use)" : (errno != 0 ? " (errno \(errno))" : "")
            return "cannot listen on \(host):\(port)\(reason)"
        }
    }
}
