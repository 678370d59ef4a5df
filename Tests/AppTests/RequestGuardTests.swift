import AtelierApp
import Foundation
import Testing
import TestSupport

/// Issue 15, item 4: failed authentications and registrations are throttled per client address (429 with
/// `Retry-After`), a JSON body needs `Content-Type: application/json`, a cross-site `Origin` cannot change
/// state, and a weak trainer token stops start-up.
@Suite("Request guards: throttling, content type, origin, trainer token strength")
struct RequestGuardTests {
    static let lesson = "statefulsets-postgresql"

    static func expectRateLimited(_ reply: HTTPTestClient.Reply, code: String) throws {
        #expect(reply.status == 429, "\(reply.status) \(reply.text)")
        let retryAfter = try #require(reply.header("Retry-After").flatMap { Int($0) }, "Retry-After missing")
        #expect(retryAfter >= 1)
        let error = try #require(try reply.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        #expect((error["message"] as? String)?.hasPrefix("Trop d") == true, "\(error)")
    }

    @Test func wrongTrainerTokensAreThrottledThenEvenTheRightOneWaits() async throws {
        let app = try await TestApp(configure: {
            $0.rateLimits.failedTrainerAuthBurst = 3
            $0.rateLimits.failedTrainerAuthPerMinute = 1
        })
        defer { Task { await app.stop() } }
        let client = app.client()
        // No token at all is not a guess: it does not count.
        for _ in 0..<5 { #expect(try await client.get("/api/progress").status == 401) }
        for _ in 0..<3 {
            #expect(try await client.get("/api/progress", headers: TestApp.bearer("wrong-trainer-token-123456")).status == 401)
        }
        try Self.expectRateLimited(try await client.get("/api/progress", headers: TestApp.bearer("wrong-trainer-token-123456")),
                                   code: "too_many_failed_authentications")
        try Self.expectRateLimited(try await client.get("/api/progress", headers: TestApp.bearer(TestApp.trainerToken)),
                                   code: "too_many_failed_authentications")
        // Learners are another allowance: they keep working.
        let learner = try await app.register()
        #expect(try await client.get("/api/me", headers: TestApp.bearer(learner.token)).status == 200)
    }

    @Test func wrongLearnerTokensAreThrottled() async throws {
        let app = try await TestApp(configure: {
            $0.rateLimits.failedLearnerAuthBurst = 5
            $0.rateLimits.failedLearnerAuthPerMinute = 1
        })
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let client = app.client()
        for _ in 0..<5 {
            #expect(try await client.get("/api/me", headers: TestApp.bearer(String(repeating: "A", count: 43))).status == 401)
        }
        try Self.expectRateLimited(try await client.get("/api/me", headers: TestApp.bearer(String(repeating: "A", count: 43))),
                                   code: "too_many_failed_authentications")
        let check = try await client.request("POST", "/api/lessons/\(Self.lesson)/steps/preparation/check",
                                             headers: TestApp.bearer(learner.token + "x"))
        #expect(check.status == 429)
        // Anonymous reading is not an authentication.
        #expect(try await client.get("/api/lessons/\(Self.lesson)").status == 200)
    }

    @Test func registrationsAreThrottled() async throws {
        let app = try await TestApp(configure: {
            $0.rateLimits.registrationBurst = 2
            $0.rateLimits.registrationsPerMinute = 1
        })
        defer { Task { await app.stop() } }
        _ = try await app.register("Un")
        _ = try await app.register("Deux")
        let third = try await app.client().postJSON("/api/learners", #"{"name": "Trois"}"#)
        try Self.expectRateLimited(third, code: "too_many_registrations")
        let snapshot = try await app.client().get("/api/progress", headers: TestApp.bearer(TestApp.trainerToken)).json()
        #expect((snapshot["learners"] as? [Any])?.count == 2)
    }

    @Test func theDefaultsLetAClassOf200RegisterAndFumbleFromOneAddress() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        for index in 0..<200 {
            let reply = try await client.postJSON("/api/learners", "{\"name\": \"Élève \(index)\"}")
            #expect(reply.status == 201, "registration \(index): \(reply.status)")
            // Each browser of the class with a stale token (a wiped data folder), three times.
            for _ in 0..<3 {
                #expect(try await client.get("/api/me", headers: TestApp.bearer(String(repeating: "B", count: 43))).status == 401)
            }
        }
    }

    @Test(arguments: [nil, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
    func aJSONBodyNeedsItsContentType(contentType: String?) async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        var headers: [String: String] = [:]
        if let contentType { headers["Content-Type"] = contentType }
        let reply = try await app.client().request("POST", "/api/learners", headers: headers, body: Array(#"{"name": "Eve"}"#.utf8))
        #expect(reply.status == 415, "\(contentType ?? "none"): \(reply.status)")
        let error = try #require(try reply.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == "unsupported_media_type")
        #expect((error["message"] as? String)?.contains("JSON") == true)
        let snapshot = try await app.client().get("/api/progress", headers: TestApp.bearer(TestApp.trainerToken)).json()
        #expect((snapshot["learners"] as? [Any])?.isEmpty == true)
    }

    @Test func aCrossSiteOriginCannotChangeState() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let client = app.client()
        for origin in ["http://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1.evil.example"] {
            let reply = try await client.postJSON("/api/learners", #"{"name": "Eve"}"#, headers: ["Origin": origin])
            #expect(reply.status == 403, "\(origin): \(reply.status)")
            #expect((try reply.json()["error"] as? [String: Any])?["code"] as? String == "cross_origin_refused")
            let start = try await client.request("POST", "/api/lessons/\(Self.lesson)/start",
                                                 headers: TestApp.bearer(learner.token).merging(["Origin": origin]) { $1 })
            #expect(start.status == 403, "\(origin): \(start.status)")
        }
        // The browser app (same origin as the Host it talks to) and clients without Origin keep working.
        let same = try await client.postJSON("/api/learners", #"{"name": "Camille"}"#,
                                             headers: ["Origin": "http://127.0.0.1:\(app.port)"])
        #expect(same.status == 201)
        #expect(try await client.postJSON("/api/learners", #"{"name": "Dominique"}"#).status == 201)
        // Reading is not state-changing.
        #expect(try await client.get("/api/lessons", headers: ["Origin": "http://evil.example"]).status == 200)
    }

    @Test(arguments: ["aaaaaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz", "Passw0rd!", "ab12ab12ab12ab12ab12ab12"])
    func aWeakTrainerTokenStopsStartUpWithoutEchoingIt(token: String) throws {
        do {
            _ = try AppConfig.parse(Data("{\"trainerToken\": \"\(token)\"}".utf8), baseDirectory: URL(fileURLWithPath: "/srv"))
            Issue.record("weak token accepted: \(token.count) characters")
        } catch {
            #expect(error.key == "trainerToken")
            #expect(!error.description.contains(token), "\(error)")
            #expect(error.description.contains("weak") || error.description.contains("16 to 512"), "\(error)")
        }
    }

    @Test func aWeakTrainerTokenSetInCodeIsRefusedToo() async throws {
        await #expect(throws: ConfigError.self) {
            _ = try await TestApp(configure: { $0.trainerToken = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
        }
    }

    @Test(arguments: ["trainer-token-for-tests-0123456789", "Zq3x_Jr0b-4Yk8WmT2cVnL6aPe1sHu5d"])
    func reasonableTokensPass(token: String) throws {
        let config = try AppConfig.parse(Data("{\"trainerToken\": \"\(token)\"}".utf8), baseDirectory: URL(fileURLWithPath: "/srv"))
        #expect(config.trainerToken == token)
    }

    @Test func rateLimitsAreReadFromConfig() throws {
        let config = try AppConfig.parse(Data(#"{"rateLimits": {"registrationBurst": 50, "failedTrainerAuthPerMinute": 4}}"#.utf8),
                                         baseDirectory: URL(fileURLWithPath: "/srv"))
        #expect(config.rateLimits.registrationBurst == 50)
        #expect(config.rateLimits.failedTrainerAuthPerMinute == 4)
        #expect(config.rateLimits.failedLearnerAuthBurst == 1000)
        #expect(throws: ConfigError.self) {
            try AppConfig.parse(Data(#"{"rateLimits": {"registrationBurst": 0}}"#.utf8), baseDirectory: URL(fileURLWithPath: "/srv"))
        }
        #expect(throws: ConfigError.self) {
            try AppConfig.parse(Data(#"{"rateLimits": {"burst": 3}}"#.utf8), baseDirectory: URL(fileURLWithPath: "/srv"))
        }
    }
}
