/// One parsed HTTP request, handed to handlers; the body is complete (bounded by `maxBodyBytes`).
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The percent-decoded path, already checked for NUL, invalid UTF-8 and malformed escapes.
    public var path: String
    /// The request target exactly as received (path and query), for logs.
    public var target: String
    public var query: [String: String]
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's IP address as text (`127.0.0.1`, `::1`), "" when unknown: the key of per-address
    /// throttling. Behind a reverse proxy it is the proxy's address.
    public var clientAddress: String

    public init(method: HTTPMethod, path: String, target: String? = nil, query: [String: String] = [:],
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], clientAddress: String = "") {
        self.method = method
        self.path = path
        self.target = target ?? path
        self.query = query
        self.headers = headers
        self.body = body
        self.clientAddress = clientAddress
    }

    /// The token of an `Authorization: Bearer …` header, `nil` when absent or of another scheme.
    public var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

import Foundation
