import AtelierHTTP
import Foundation
import Testing
import TestSupport

@Suite("Static files: MIME types, ETag, traversal")
struct StaticFilesTests {
    static func makeSite() throws -> TemporaryDirectory {
        let site = try TemporaryDirectory(prefix: "atelier-static")
        try site.write("index.html", "<!doctype html><title>Accueil</title>")
        try site.write("app.js", "export const x = 1;\n")
        try site.write("style.css", "body { color: black; }\n")
        try site.write("img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try site.write("data.json", "{\"é\": 1}")
        try site.write(".secret", "hidden")
        try site.write("notes.unknownext", "?")
        return site
    }

    static func start(_ site: TemporaryDirectory) throws -> TestServer {
        let files = try StaticFiles(directory: site.url)
        return try TestServer { router in
            router.get("/api/ping", immediate: { _, _ in .text("pong") })
            router.files(files)
        }
    }

    @Test func servesFilesWithTypesAndCharset() async throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let server = try Self.start(site)
        defer { Task { await server.stop() } }
        let client = server.client()
        let expectations = [
            "/": "text/html; charset=utf-8",
            "/index.html": "text/html; charset=utf-8",
            "/app.js": "text/javascript; charset=utf-8",
            "/style.css": "text/css; charset=utf-8",
            "/img/logo.svg": "image/svg+xml",
            "/data.json": "application/json; charset=utf-8",
            "/notes.unknownext": "application/octet-stream",
        ]
        for (path, type) in expectations {
            let reply = try await client.get(path)
            #expect(reply.status == 200, "\(path)")
            #expect(reply.header("Content-Type") == type, "\(path)")
            #expect(reply.header("Cache-Control") == "no-cache")
            #expect(reply.header("X-Content-Type-Options") == "nosniff")
        }
        #expect(try await client.get("/app.js").text == "export const x = 1;\n")
        #expect(client.connectionsOpened == 1)
    }

    @Test func etagRevalidationGives304() async throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let server = try Self.start(site)
        defer { Task { await server.stop() } }
        let client = server.client()
        let first = try await client.get("/app.js")
        let etag = try #require(first.header("ETag"))
        let second = try await client.get("/app.js", headers: ["If-None-Match": etag])
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        let stale = try await client.get("/app.js", headers: ["If-None-Match": "\"other\""])
        #expect(stale.status == 200)
        #expect(try await client.get("/style.css").header("ETag") != etag)
    }

    /// Files in memory are answered whole, before routing: a route for the same path still wins, and a
    /// HEAD, an escaped or a queried target get the same answer as through the router.
    @Test func completeAnswersKeepRoutingAndHeaders() async throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let files = try StaticFiles(directory: site.url)
        let server = try TestServer { router in
            router.get("/index.html", immediate: { _, _ in .text("route") })
            router.files(files)
        }
        defer { Task { await server.stop() } }
        let client = server.client()
        #expect(String(decoding: try await client.get("/index.html").body, as: UTF8.self) == "route")
        let plain = try await client.get("/app.js")
        #expect(plain.status == 200)
        #expect(plain.header("Content-Security-Policy") != nil)
        #expect(plain.header("Cache-Control") == "no-cache")
        for variant in ["/app.js?v=1", "/%61pp.js"] {
            let other = try await client.get(variant)
            #expect(other.status == 200 && other.body == plain.body, "\(variant)")
            #expect(other.header("ETag") == plain.header("ETag"), "\(variant)")
        }
        let head = try await client.request("HEAD", "/app.js")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.header("Content-Length") == String(plain.body.count))
        #expect(head.header("ETag") == plain.header("ETag"))
    }

    @Test(arguments: ["/../etc/passwd", "/%2e%2e/etc/passwd", "/img/%2e%2e/%2e%2e/etc/passwd", "/img//logo.svg",
                      "/img/..%2f..%2fetc%2fpasswd", "/%5c..%5cindex.html", "/index.html%00.png", "/./index.html"])
    func traversalIsRefused(path: String) async throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let server = try Self.start(site)
        defer { Task { await server.stop() } }
        let reply = try await server.client().get(path)
        #expect((400..<500).contains(reply.status), "\(path) → \(reply.status)")
        #expect(!reply.text.contains("root:"))
    }

    @Test func noListingNoDotFilesNoApiFallback() async throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let server = try Self.start(site)
        defer { Task { await server.stop() } }
        let client = server.client()
        #expect(try await client.get("/img").status == 404)
        #expect(try await client.get("/img/").status == 404)
        #expect(try await client.get("/.secret").status == 404)
        #expect(try await client.get("/api/unknown").status == 404)
        #expect(try await client.request("POST", "/index.html", body: []).status == 405)
    }
}
