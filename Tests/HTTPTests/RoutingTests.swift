import AtelierHTTP
import Foundation
import Testing
import TestSupport

@Suite("Routing, errors and HEAD over real HTTP")
struct RoutingTests {
    @Test func pathParametersAndQueryAreDecoded() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        let reply = try await client.get("/items/caf%C3%A9?q=a+b%26c")
        #expect(reply.status == 200)
        let json = try reply.json()
        #expect(json["id"] as? String == "café")
        #expect(json["q"] as? String == "a b&c")
        #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
    }

    @Test func unknownPathIs404WithJSONError() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let reply = try await server.client().get("/api/nothing")
        #expect(reply.status == 404)
        let error = try reply.json()["error"] as? [String: Any]
        #expect(error?["code"] as? String == "not_found")
        #expect((error?["message"] as? String)?.isEmpty == false)
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let reply = try await server.client().request("DELETE", "/items/3")
        #expect(reply.status == 405)
        #expect(reply.header("Allow") == "GET, HEAD")
        let post = try await server.client().request("GET", "/items")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "POST")
    }

    @Test func headAnswersLikeGetWithoutBody() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        let head = try await client.request("HEAD", "/items/7")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        let get = try await client.get("/items/7")
        #expect(head.header("Content-Length") == String(get.body.count))
        #expect(client.connectionsOpened == 1)
    }

    @Test func httpErrorsCarryTheirStatusAndOthersBecomeBare500() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        let bad = try await client.get("/fail/http")
        #expect(bad.status == 400)
        #expect((try bad.json()["error"] as? [String: Any])?["code"] as? String == "bad_thing")
        for path in ["/fail/other", "/fail/async"] {
            let reply = try await client.get(path)
            #expect(reply.status == 500)
            #expect(!reply.text.contains("CocoaError"))
            #expect(!reply.text.contains("fileNoSuchFile"))
            #expect((try reply.json()["error"] as? [String: Any])?["code"] as? String == "internal_error")
        }
    }

    @Test(arguments: ["/items/%00", "/items/%zz", "/items/%C3", "/%2"])
    func malformedTargetsAre400(target: String) async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let reply = try await server.client().get(target)
        #expect(reply.status == 400)
        #expect((try reply.json()["error"] as? [String: Any])?["code"] as? String == "invalid_target")
    }

    @Test func securityHeadersOnEveryResponse() async throws {
        let server = try TestServer(configure: standardRoutes)
        defer { Task { await server.stop() } }
        let client = server.client()
        for path in ["/healthz", "/nothing", "/fail/other"] {
            let reply = try await client.get(path)
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
            #expect(reply.header("Referrer-Policy") == "no-referrer")
            let csp = try #require(reply.header("Content-Security-Policy"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
        }
    }
}
