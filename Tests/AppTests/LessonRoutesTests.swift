import AtelierApp
import Foundation
import Testing
import TestSupport

@Suite("Lesson API over HTTP, on the real content")
struct LessonRoutesTests {
    static let lesson = "statefulsets-postgresql"
    static let stepIDs = ["preparation", "deployment", "service-headless", "statefulset", "stockage", "persistance", "dns",
                          "ordre-suppression", "quiz", "conclusion", "depannage"]

    @Test func listsTheLesson() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let json = try await app.client().get("/api/lessons").json()
        let lessons = try #require(json["lessons"] as? [[String: Any]])
        #expect(lessons.count == 1)
        #expect(lessons[0]["id"] as? String == Self.lesson)
        #expect(lessons[0]["title"] as? String == "Exercice 5.5\u{00A0}: StatefulSets et PostgreSQL")
        #expect(lessons[0]["durationMinutes"] as? Int == 35)
        #expect(lessons[0]["optionalMinutes"] as? Int == 15)
        #expect(lessons[0]["stepCount"] as? Int == 11)
    }

    @Test func lessonDetailCarriesTheSeedIntroduction() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let json = try await app.client().get("/api/lessons/\(Self.lesson)").json()
        let html = try #require(json["introductionHtml"] as? String)
        #expect(html.contains("<table>"))
        #expect(html.contains("Attendez que l'environnement soit prêt"))
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == Self.stepIDs)
        #expect((json["objectives"] as? [String])?.count == 6)
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.contains { $0["name"] as? String == "postgres-statefulset.yaml" })
    }

    @Test func stepNavigationAndNoQuizKey() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        let first = try await client.get("/api/lessons/\(Self.lesson)/steps/preparation").json()
        #expect(first["position"] as? Int == 1)
        #expect(first["total"] as? Int == 11)
        #expect(first["previous"] is NSNull)
        #expect((first["next"] as? [String: Any])?["id"] as? String == "deployment")
        #expect((first["html"] as? String)?.contains("class=\"language-bash\"") == true)
        #expect(!((first["html"] as? String) ?? "").contains("{{namespace}}"))
        let quizReply = try await client.get("/api/lessons/\(Self.lesson)/steps/quiz")
        let quiz = try #require(try quizReply.json()["quiz"] as? [[String: Any]])
        #expect((5...8).contains(quiz.count))
        #expect(!quizReply.text.contains("\"answer\""))
        #expect(!quizReply.text.contains("explanation"))
        let conclusion = try await client.get("/api/lessons/\(Self.lesson)/steps/conclusion").json()
        #expect((conclusion["checks"] as? [Any])?.isEmpty == true)
        // The shared namespace `default` is never offered for deletion.
        #expect(!((conclusion["html"] as? String) ?? "").contains("delete namespace"))
        let last = try await client.get("/api/lessons/\(Self.lesson)/steps/depannage").json()
        #expect(last["next"] is NSNull)
        #expect((last["checks"] as? [Any])?.isEmpty == true)
        #expect(client.connectionsOpened == 1)
    }

    @Test func namespacePlaceholderIsTheLearnersNamespace() async throws {
        let app = try await TestApp(namespace: "atelier-{learner}")
        defer { Task { await app.stop() } }
        let client = app.client()
        // Per-learner namespaces: an anonymous visitor cannot get a step.
        #expect(try await client.get("/api/lessons/\(Self.lesson)/steps/preparation").status == 401)
        let learner = try await app.register()
        let reply = try await client.get("/api/lessons/\(Self.lesson)/steps/preparation", headers: TestApp.bearer(learner.token))
        #expect(reply.status == 200)
        let html = try #require(try reply.json()["html"] as? String)
        #expect(html.contains("atelier-\(learner.id)"))
        #expect(!html.contains("{{namespace}}"))
        let conclusion = try await client.get("/api/lessons/\(Self.lesson)/steps/conclusion", headers: TestApp.bearer(learner.token))
        let conclusionHTML = try #require(try conclusion.json()["html"] as? String)
        #expect(conclusionHTML.contains("kubectl delete namespace atelier-\(learner.id)"))
        #expect(!conclusionHTML.contains("<!--atelier:"))
    }

    /// Diagrams are served from the lesson folder with their type, under the same headers (CSP) as the rest.
    @Test func lessonImagesAreServedAsSVG() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        let step = try await client.get("/api/lessons/\(Self.lesson)/steps/statefulset").json()
        #expect(((step["html"] as? String) ?? "").contains("<img src=\"/api/lessons/\(Self.lesson)/files/objets-statefulset.svg\""))
        for name in ["objets-statefulset.svg", "chronologie-statefulset.svg"] {
            let reply = try await client.get("/api/lessons/\(Self.lesson)/files/\(name)")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "image/svg+xml")
            #expect(reply.header("Content-Security-Policy")?.contains("img-src 'self'") == true)
            let onDisk = try String(contentsOf: RepositoryPaths.content.appendingPathComponent("\(Self.lesson)/images/\(name)"), encoding: .utf8)
            #expect(reply.text == onDisk)
        }
        let detail = try await client.get("/api/lessons/\(Self.lesson)").json()
        let files = (detail["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(!files.contains { $0.hasSuffix(".svg") }, "les images ne sont pas listées au téléchargement")
        #expect(detail["optionalMinutes"] as? Int == 15)
    }

    @Test func unknownIdsAre404JSON() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        for (path, code) in [("/api/lessons/nope", "lesson_not_found"),
                             ("/api/lessons/\(Self.lesson)/steps/nope", "step_not_found"),
                             ("/api/lessons/\(Self.lesson)/steps/conclusion/solution", "solution_not_found"),
                             ("/api/lessons/\(Self.lesson)/files/..%2f..%2fconfig.json", "not_found"),
                             ("/api/lessons/\(Self.lesson)/files/nope.yaml", "file_not_found")] {
            let reply = try await client.get(path)
            #expect(reply.status == 404, "\(path)")
            #expect((try reply.json()["error"] as? [String: Any])?["code"] as? String == code, "\(path)")
        }
    }

    @Test func manifestsDownloadAsYAML() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let reply = try await app.client().get("/api/lessons/\(Self.lesson)/files/postgres-statefulset.yaml")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "text/yaml; charset=utf-8")
        let onDisk = try String(contentsOf: RepositoryPaths.content.appendingPathComponent("\(Self.lesson)/manifests/postgres-statefulset.yaml"),
                                encoding: .utf8)
        #expect(reply.text == onDisk)
    }

    @Test func browserAppAndTrainerPageAreServed() async throws {
        let app = try await TestApp()
        defer { Task { await app.stop() } }
        let client = app.client()
        let index = try await client.get("/")
        #expect(index.status == 200)
        #expect(index.header("Content-Type") == "text/html; charset=utf-8")
        let trainer = try await client.get("/trainer")
        #expect(trainer.status == 200)
        #expect(trainer.text.contains("<html"))
        #expect(try await client.get("/healthz").status == 200)
        let metrics = try await client.get("/metrics")
        #expect(metrics.text.contains("atelier_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"))
        #expect(metrics.text.contains("atelier_http_request_duration_seconds_bucket"))
        #expect(metrics.text.contains("atelier_http_requests_in_flight"))
    }
}
