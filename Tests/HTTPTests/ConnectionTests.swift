import AtelierHTTP
import Foundation
import Testing
import TestSupport

@Suite("Connections: keep-alive, body limits, timeouts")
struct ConnectionTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        for index in 0..<20 {
            let reply = index % 2 == 0 ? try await client.get("/healthz")
                                       : try await client.postJSON("/items", "{\"n\": \(index)}")
            #expect(reply.status == (index % 2 == 0 ? 200 : 201))
        }
        #expect(client.connectionsOpened == 1)
        #expect(client.isConnected)
    }

    @Test func bodyIsDeliveredWhole() async throws {
        let server = try TestServer(maxBodyBytes: 4096, configure: standardRoutes)
        defer { Task { await server.stop() } }
        let payload = (0..<4096).map { UInt8($0 % 251) }
        let reply = try await server.client().request("POST", "/echo", body: payload)
        #expect(reply.status == 200)
        #expect(reply.body == payload)
    }

    @Test func declaredBodyOverTheLimitIs413() async throws {
        let server = try TestServer(maxBodyBytes: 1024, configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        // Lying Content-Length: declared huge, nothing sent.
        try await client.sendRaw("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
        let reply = try await client.readReply()
        #expect(reply.status == 413)
        #expect((try reply.json()["error"] as? [String: Any])?["code"] as? String == "payload_too_large")
    }

    @Test func chunkedBodyOverTheLimitIs413() async throws {
        let server = try TestServer(maxBodyBytes: 1024, configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        var request = "POST /items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        for _ in 0..<4 { request += "200\r\n" + String(repeating: "a", count: 512) + "\r\n" }
        request += "0\r\n\r\n"
        try await client.sendRaw(request)
        let reply = try await client.readReply()
        #expect(reply.status == 413)
        // The whole body was read, so the connection stays usable.
        let next = try await client.get("/healthz")
        #expect(next.status == 200)
    }

    @Test func chunkedBodyWithinTheLimitIsAccepted() async throws {
        let server = try TestServer(maxBodyBytes: 1024, configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        try await client.sendRaw("POST /items HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        let reply = try await client.readReply()
        #expect(reply.status == 201)
        #expect(reply.text == "received 11 bytes")
    }

    @Test func idleConnectionIsClosedAfterTheTimeout() async throws {
        let server = try TestServer(connectionTimeoutSeconds: 1, configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        try await client.connect(timeoutSeconds: 5)
        try await client.sendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n")  // never finishes the headers
        #expect(await client.waitForClose())
        // The server is still fine.
        #expect(try await server.client().get("/healthz").status == 200)
    }

    @Test func garbageRequestLineDoesNotHurtTheServer() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        try await client.sendRaw("\u{1}\u{2}GARBAGE\r\n\r\n")
        if let reply = try? await client.readReply() { #expect((400..<500).contains(reply.status)) }
        #expect(try await server.client().get("/healthz").status == 200)
    }
}
