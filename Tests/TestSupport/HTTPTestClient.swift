import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately small HTTP/1.1 client over a raw socket, so tests see exactly what goes on the
/// wire: keep-alive reuse, closed connections, malformed requests, chunked bodies.
///
/// Every call is `async` and does its blocking socket work on a thread of its own: a test blocking in
/// `recv` on Swift's cooperative pool (two threads here) would starve the very server it is waiting for.
public final class HTTPTestClient: @unchecked Sendable {
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        public var text: String { String(decoding: body, as: UTF8.self) }

        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw HTTPTestClientError(message: "body is not a JSON object: \(text.prefix(200))")
            }
            return object
        }
    }

    public let port: Int
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    /// How many TCP connections this client opened: 1 after several requests means keep-alive worked.
    public private(set) var connectionsOpened = 0

    public init(port: Int) {
        self.port = port
    }

    deinit { close() }

    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer = []
    }

    public var isConnected: Bool { fd >= 0 }

    func connectSync(timeoutSeconds: Int = 120) throws {
        close()
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPTestClientError(message: "socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close()
            throw HTTPTestClientError(message: "connect() to 127.0.0.1:\(port) failed (errno \(errno))")
        }
        connectionsOpened += 1
    }

    /// Sends raw bytes (opening a connection if needed).
    func sendRawSync(_ bytes: [UInt8]) throws {
        if fd < 0 { try connectSync() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw HTTPTestClientError(message: "send() failed (errno \(errno))") }
            offset += written
        }
    }

    
    /// One request; reuses the open connection when there is one.
    func requestSync(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8]? = nil) throws -> Reply {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try sendRawSync(Array(head.utf8) + (body ?? []))
        return try readReplySync(head: method == "HEAD")
    }

    public func connect(timeoutSeconds: Int = 120) async throws {
        try await offPool { try self.connectSync(timeoutSeconds: timeoutSeconds) }
    }

    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await offPool { try self.sendRawSync(bytes) }
    }

    public func sendRaw(_ text: String) async throws { try await sendRaw(Array(text.utf8)) }

    public func request(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8]? = nil) async throws -> Reply {
        try await offPool { try self.requestSync(method, target, headers: headers, body: body) }
    }

    public func get(_ target: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", target, headers: headers)
    }

    public func postJSON(_ target: String, _ json: String, headers: [String: String] = [:]) async throws -> Reply {
        var all = headers
        all["Content-Type"] = "application/json"
        return try await request("POST", target, headers: all, body: Array(json.utf8))
    }

    public func readReply(head: Bool = false) async throws -> Reply {
        try await offPool { try self.readReplySync(head: head) }
    }

    /// What a streamed (chunked) body has delivered so far, and whether its last chunk came.
    public struct StreamRead: Sendable {
        public var text: String
        public var ended: Bool
    }

    private var streamBody: [UInt8] = []
    private var streamEnded = false

    /// Sends a GET and reads only the response head; the chunked body is then read as it comes
    /// with `readStream(until:)` (Server-Sent Events).
    public func openStream(_ target: String, headers: [String: String] = [:]) async throws -> Reply {
        try await offPool {
            var head = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(self.port)\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "\r\n"
            try self.sendRawSync(Array(head.utf8))
            self.streamBody = []
            self.streamEnded = false
            return try self.readReplySync(head: true)
        }
    }

    /// Reads chunks of the open stream until `done(text so far)` holds or the stream ends (its last
    /// chunk, or the connection closed). Blocks off the pool, up to the socket's receive timeout.
    public func readStream(until done: @escaping @Sendable (String) -> Bool) async throws -> StreamRead {
        try await offPool {
            while true {
                let text = String(decoding: self.streamBody, as: UTF8.self)
                if done(text) || self.streamEnded { return StreamRead(text: text, ended: self.streamEnded) }
                do {
                    let lineEnd = try self.readUntil([13, 10])
                    let sizeText = String(decoding: self.buffer[..<lineEnd], as: UTF8.self)
                    self.buffer.removeFirst(lineEnd + 2)
                    guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else {
                        throw HTTPTestClientError(message: "bad chunk size line: \(sizeText.prefix(40))")
                    }
                    try self.fill(size + 2)
                    self.streamBody += self.buffer[..<size]
                    self.buffer.removeFirst(size + 2)
                    if size == 0 { self.streamEnded = true }
                } catch let error as HTTPTestClientError where error.message.hasPrefix("connection closed") {
                    self.streamEnded = true
                }
            }
        }
    }

    /// True when the server closed the connection (read returns 0) within the timeout.
    public func waitForClose() async -> Bool {
        (try? await offPool { self.waitForCloseSync() }) ?? false
    }

    /// Runs blocking socket work on a dedicated thread and resumes the caller with its result.
    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
            thread.start()
        }
    }

    /// Reads one response; `head` skips the body (HEAD requests).
    func readReplySync(head: Bool = false) throws -> Reply {
        let headerEnd = try readUntil([13, 10, 13, 10])
        let headerText = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        buffer.removeFirst(headerEnd + 4)
        var lines = headerText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw HTTPTestClientError(message: "bad status line: \(statusLine)")
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let reply = Reply(status: status, headers: headers, body: [])
        if head || status == 304 || status == 204 { return reply }
        var body: [UInt8] = []
        if let length = reply.header("content-length").flatMap(Int.init) {
            try fill(length)
            body = Array(buffer[..<length])
            buffer.removeFirst(length)
        } else if reply.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let lineEnd = try readUntil([13, 10])
                let sizeText = String(decoding: buffer[..<lineEnd], as: UTF8.self)
                buffer.removeFirst(lineEnd + 2)
                let size = Int(sizeText.split(separator: ";")[0], radix: 16) ?? 0
                try fill(size + 2)
                body += buffer[..<size]
                buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            while try readMore() {}
            body = buffer
            buffer = []
        }
        var complete = reply
        complete.body = body
        return complete
    }

    func waitForCloseSync() -> Bool {
        while true {
            do { if try !readMore() { return true } } catch { return false }
        }
    }

    private func readUntil(_ marker: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if buffer.count >= marker.count {
                for index in searchFrom...(buffer.count - marker.count) where Array(buffer[index..<index + marker.count]) == marker {
                    return index
                }
                searchFrom = max(0, buffer.count - marker.count + 1)
            }
            guard try readMore() else { throw HTTPTestClientError(message: "connection closed before a complete response") }
        }
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count {
            guard try readMore() else { throw HTTPTestClientError(message: "connection closed mid-body") }
        }
    }

    /// Reads what is available; false on orderly close.
    private func readMore() throws -> Bool {
        guard fd >= 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer += chunk[..<count]
            return true
        }
        if count == 0 { return false }
        if errno == ECONNRESET { return false }
        throw HTTPTestClientError(message: "recv() failed or timed out (errno \(errno))")
    }
}

public struct HTTPTestClientError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
