import AtelierApp
import Foundation
import Testing
import TestSupport

@Suite("Learners, progress and trainer routes over HTTP")
struct LearnerRoutesTests {
    static let lesson = "statefulsets-postgresql"

    @Test func registrationGivesIdAndTokenOnce() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let reply = try await app.client().postJSON("/api/learners", #"{"name": "  Élodie Ŝtraße 山田 🚀  "}"#)
        #expect(reply.status == 201)
        let json = try reply.json()
        #expect(json["name"] as? String == "Élodie Ŝtraße 山田 🚀")
        let id = try #require(json["id"] as? String)
        #expect(id.count == 12)
        #expect(id.allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) })
        let token = try #require(json["token"] as? String)
        let me = try await app.client().get("/api/me", headers: TestApp.bearer(token)).json()
        #expect(me["id"] as? String == id)
        #expect(me["token"] == nil)
        // The token is on disk only as a hash.
        let file = try String(contentsOf: app.data.url.appendingPathComponent("\(id).json"), encoding: .utf8)
        #expect(!file.contains(token))
    }

    @Test(arguments: [
        (#"{"name": ""}"#, "name_empty"),
        (#"{"name": "   "}"#, "name_empty"),
        ("{\"name\": \"\(String(repeating: "a", count: 81))\"}", "name_too_long"),
        (#"{"name": "Eve\u0000"}"#, "name_control_characters"),
        (#"{"name": "Eve\nMallory"}"#, "name_control_characters"),
        (#"{"name": "abc\u202Edcb"}"#, "name_bidi_characters"),
        (#"{"name": 42}"#, "name_invalid"),
        (#"{}"#, "name_missing"),
        (#"{"name": "Eve", "admin": true}"#, "unknown_field"),
        (#"{"name": "#, "invalid_json"),
        (#"["Eve"]"#, "invalid_json"),
    ])
    func hostileRegistrationsAre400InFrench(body: String, code: String) async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let reply = try await app.client().postJSON("/api/learners", body)
        #expect(reply.status == 400)
        let error = try #require(try reply.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        let message = try #require(error["message"] as? String)
        #expect(message.contains(" "), "a sentence, not a code")
        // Nothing was written.
        let files = try FileManager.default.contentsOfDirectory(atPath: app.data.url.path).filter { $0.hasSuffix(".json") }
        #expect(files.isEmpty)
    }

    @Test func traversalLookingNamesAreJustNames() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let learner = try await app.register("../../etc/passwd")
        let files = try FileManager.default.contentsOfDirectory(atPath: app.data.url.path).filter { $0.hasSuffix(".json") }
        #expect(files == ["\(learner.id).json"])
        let me = try await app.client().get("/api/me", headers: TestApp.bearer(learner.token)).json()
        #expect(me["name"] as? String == "../../etc/passwd")
    }

    @Test func learnerRoutesRequireAValidToken() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        let routes: [(String, String)] = [
            ("GET", "/api/me"),
            ("POST", "/api/lessons/\(Self.lesson)/start"),
            ("POST", "/api/lessons/\(Self.lesson)/steps/preparation/check"),
            ("GET", "/api/lessons/\(Self.lesson)/cluster"),
        ]
        for (method, path) in routes {
            for headers in [[:], TestApp.bearer("not-a-token"), TestApp.bearer(String(repeating: "A", count: 43)),
                            ["Authorization": "Basic Zm9vOmJhcg=="]] {
                let reply = try await client.request(method, path, headers: headers, body: method == "POST" ? [] : nil)
                #expect(reply.status == 401, "\(method) \(path) \(headers)")
                #expect((try reply.json()["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            }
        }
    }

    @Test func trainerRoutesRequireTheTrainerToken() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let client = app.client()
        for path in ["/api/progress", "/api/progress.csv", "/api/progress/\(learner.id)"] {
            for headers in [[:], TestApp.bearer(learner.token), TestApp.bearer(TestApp.trainerToken + "x"),
                            TestApp.bearer(String(TestApp.trainerToken.dropLast()))] {
                let reply = try await client.get(path, headers: headers)
                #expect(reply.status == 401, "\(path)")
                #expect((try reply.json()["error"] as? [String: Any])?["code"] as? String == "trainer_unauthorized")
            }
            #expect(try await client.get(path, headers: TestApp.bearer(TestApp.trainerToken)).status == 200, "\(path)")
        }
    }

    @Test func aLearnerSeesOnlyTheirOwnProgress() async throws {
        let app = try await TestApp(scenario: "empty")
        defer { Task { await app.stop() } }
        let alice = try await app.register("Alice")
        let bob = try await app.register("Bob")
        let client = app.client()
        _ = try await client.request("POST", "/api/lessons/\(Self.lesson)/steps/preparation/check", headers: TestApp.bearer(alice.token), body: [])
        let bobView = try await client.get("/api/me", headers: TestApp.bearer(bob.token))
        #expect(try bobView.json()["id"] as? String == bob.id)
        #expect(!bobView.text.contains(alice.id))
        // A learner id in the trainer route does not work with a learner token.
        #expect(try await client.get("/api/progress/\(alice.id)", headers: TestApp.bearer(bob.token)).status == 401)
    }

    @Test func startThenChecksAreRecordedAndVisibleToTheTrainer() async throws {
        let app = try await TestApp(scenario: "no-addons", configure: { $0.stuck.failedAttemptsInARow = 2 })
        defer { Task { await app.stop() } }
        let learner = try await app.register("Camille, « la \"meilleure\" »")
        let client = app.client()
        let auth = TestApp.bearer(learner.token)
        let start = try await client.request("POST", "/api/lessons/\(Self.lesson)/start", headers: auth, body: [])
        #expect(start.status == 200)
        #expect(try start.json()["startedAt"] is String)
        _ = try await client.get("/api/lessons/\(Self.lesson)/steps/preparation", headers: auth)
        for _ in 0..<2 {
            let check = try await client.request("POST", "/api/lessons/\(Self.lesson)/steps/preparation/check", headers: auth, body: [])
            #expect(check.status == 200)
            #expect(try check.json()["passed"] as? Bool == false)
        }
        let progress = try await client.get("/api/progress", headers: TestApp.bearer(TestApp.trainerToken)).json()
        let rows = try #require(progress["learners"] as? [[String: Any]])
        let row = try #require(rows.first { $0["id"] as? String == learner.id })
        #expect(row["stuck"] as? Bool == true)
        #expect((row["stuckReason"] as? String)?.isEmpty == false)
        #expect(row["currentStep"] as? String == "preparation")
        let steps = try #require(row["steps"] as? [String: Any])
        #expect((steps["preparation"] as? [String: Any])?["attempts"] as? Int == 2)
        #expect((row["lastFailure"] as? [String: Any])?["step"] as? String == "preparation")
        // The learner's own view keeps the last run with its hints, so a reload still shows them.
        let me = try await client.get("/api/me", headers: auth).json()
        let lessonView = (me["lessons"] as? [String: Any])?[Self.lesson] as? [String: Any]
        let preparation = (lessonView?["steps"] as? [String: Any])?["preparation"] as? [String: Any]
        let lastChecks = ((preparation?["lastRun"] as? [String: Any])?["checks"] as? [[String: Any]]) ?? []
        #expect(lastChecks.contains { $0["status"] as? String == "failed" && ($0["hint"] as? String)?.isEmpty == false })
        let detail = try await client.get("/api/progress/\(learner.id)", headers: TestApp.bearer(TestApp.trainerToken)).json()
        #expect((detail["history"] as? [Any])?.count == 2)

        let csv = try await client.get("/api/progress.csv", headers: TestApp.bearer(TestApp.trainerToken))
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.text.contains("\"Camille, « la \"\"meilleure\"\" »\""))
        #expect(csv.text.contains("\r\n"))
        #expect(csv.text.split(separator: "\r\n").count == 1 + 11)  // header + one row per step
    }

    @Test func passingEveryStepCompletesTheLesson() async throws {
        let app = try await TestApp(scenario: "all-ok")
        defer { Task { await app.stop() } }
        let learner = try await app.register()
        let client = app.client()
        let auth = TestApp.bearer(learner.token)
        let lesson = try await client.get("/api/lessons/\(Self.lesson)").json()
        for step in (lesson["steps"] as? [[String: Any]]) ?? [] {
            let id = step["id"] as! String
            if (step["checkCount"] as? Int ?? 0) > 0 {
                let reply = try await client.request("POST", "/api/lessons/\(Self.lesson)/steps/\(id)/check", headers: auth, body: [])
                #expect(try reply.json()["passed"] as? Bool == true, "\(id): \(reply.text)")
            }
        }
        let quiz = try QuizKey.answers()
        let body = try String(decoding: JSONSerialization.data(withJSONObject: ["answers": quiz]), as: UTF8.self)
        let graded = try await client.postJSON("/api/lessons/\(Self.lesson)/steps/quiz/check", body, headers: auth)
        #expect(try graded.json()["passed"] as? Bool == true, "\(graded.text)")
        let me = try await client.get("/api/me", headers: auth).json()
        let record = try #require((me["lessons"] as? [String: Any])?[Self.lesson] as? [String: Any])
        #expect(record["completedAt"] is String)
    }
}

/// The quiz's answer key, read from the content (the API never sends it).
enum QuizKey {
    static func answers() throws -> [String: [String]] {
        let url = RepositoryPaths.content.appendingPathComponent("statefulsets-postgresql/lesson.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let step = (json["steps"] as! [[String: Any]]).first { $0["id"] as? String == "quiz" }!
        var answers: [String: [String]] = [:]
        for question in step["quiz"] as! [[String: Any]] {
            let answer = question["answer"]
            answers[question["id"] as! String] = (answer as? [String]) ?? [answer as! String]
        }
        return answers
    }
}
