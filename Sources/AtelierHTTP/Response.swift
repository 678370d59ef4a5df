import Foundation

/// The body of a response: owned bytes, or a buffer that outlives every response using it.
public enum ResponseBody: Sendable {
    case bytes([UInt8])
    /// Memory that libmicrohttpd may send without copying (static files kept in memory).
    case shared(SharedBuffer)
    /// Produced while it is sent (Server-Sent Events), chunked, on a connection that holds no thread.
    case stream(ResponseStream)

    /// Bytes known when the response is queued (0 for a stream).
    public var count: Int {
        switch self {
        case .bytes(let bytes): return bytes.count
        case .shared(let buffer): return buffer.count
        case .stream: return 0
        }
    }
}

/// One HTTP response; security headers are added by the server for every response.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: ResponseBody

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: ResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int = 200, contentType: String, bytes: [UInt8]) {
        var headers = HTTPHeaders()
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }

    public static func text(_ text: String, status: Int = 200,
                            contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, contentType: contentType, bytes: Array(text.utf8))
    }

    /// Encodes `value` as JSON (UTF-8, sorted keys, no escaped slashes).
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> Response {
        let data = try JSONCoding.encoder.encode(value)
        var response = Response(status: status, contentType: "application/json; charset=utf-8", bytes: Array(data))
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
