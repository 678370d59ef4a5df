import AtelierApp
import AtelierLessons
import Foundation
import Logging
import Testing
import TestSupport

@Suite("Broken content or folders stop start-up with a message naming the file")
struct StartupFailureTests {
    /// A copy of the real lesson that a test may break.
    static func copyOfContent() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(prefix: "atelier-content")
        try FileManager.default.copyItem(at: RepositoryPaths.content.appendingPathComponent("statefulsets-postgresql"),
                                         to: folder.url.appendingPathComponent("statefulsets-postgresql"))
        return folder
    }

    static func build(content: URL) async throws {
        let data = try TemporaryDirectory(prefix: "atelier-data")
        defer { data.remove() }
        var config = AppConfig()
        config.port = 0
        config.contentDir = content
        config.publicDir = RepositoryPaths.publicDir
        config.dataDir = data.url
        var logger = Logger(label: "startup-test")
        logger.logLevel = .critical
        let app = try await buildApplication(config: config, logger: logger, environment: [:])
        await app.shutdown()
    }

    static func editManifest(_ folder: TemporaryDirectory, _ edit: (inout [String: Any]) -> Void) throws {
        let url = folder.url.appendingPathComponent("statefulsets-postgresql/lesson.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    static func expectLoadError(_ code: LessonLoadError.Code, fileContains: String, in folder: TemporaryDirectory) async {
        do {
            try await build(content: folder.url)
            Issue.record("start-up succeeded on broken content")
        } catch let error as LessonLoadError {
            #expect(error.code == code)
            #expect(error.file.contains(fileContains), "\(error)")
            #expect(!error.detail.isEmpty)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func theRealContentStarts() async throws {
        try await Self.build(content: RepositoryPaths.content)
    }

    @Test func missingStepFile() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("statefulsets-postgresql/steps/05-stockage.md"))
        await Self.expectLoadError(.missingFile, fileContains: "steps/05-stockage.md", in: folder)
    }

    @Test func duplicateStepID() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        try Self.editManifest(folder) { json in
            var steps = json["steps"] as! [[String: Any]]
            steps[1]["id"] = steps[0]["id"]
            json["steps"] = steps
        }
        await Self.expectLoadError(.duplicateStep, fileContains: "lesson.json", in: folder)
    }

    @Test func unknownKeyAndMissingKeyInTheManifest() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        try Self.editManifest(folder) { $0["titre"] = "x" }
        await Self.expectLoadError(.invalidManifest, fileContains: "lesson.json", in: folder)
        try Self.editManifest(folder) { $0["titre"] = nil; $0["durationMinutes"] = nil }
        await Self.expectLoadError(.invalidManifest, fileContains: "lesson.json", in: folder)
    }

    @Test func invalidJSONManifest() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        try Data("{\"id\": ".utf8).write(to: folder.url.appendingPathComponent("statefulsets-postgresql/lesson.json"))
        await Self.expectLoadError(.invalidManifest, fileContains: "lesson.json", in: folder)
    }

    @Test func unknownCheckKind() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("statefulsets-postgresql/checks.json")
        try Data(#"{"preparation": [{"id": "x", "title": "X", "kind": "telepathy"}]}"#.utf8).write(to: url)
        await Self.expectLoadError(.invalidChecks, fileContains: "checks.json", in: folder)
    }

    @Test func checksForAStepTheLessonDoesNotHave() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("statefulsets-postgresql/checks.json")
        try Data(#"{"renamed": [{"id": "x", "title": "X", "kind": "serviceHeadless", "params": {"service": "pg"}}]}"#.utf8).write(to: url)
        await Self.expectLoadError(.invalidChecks, fileContains: "checks.json", in: folder)
    }

    @Test func unknownMessageOverrideNamesFileStepAndCheck() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("statefulsets-postgresql/checks.json")
        try Data(#"{"preparation": [{"id": "x", "title": "X", "kind": "serviceHeadless", "params": {"service": "pg"}, "messages": {"notHeadles": "…"}}]}"#.utf8).write(to: url)
        do {
            try await Self.build(content: folder.url)
            Issue.record("start-up succeeded on broken content")
        } catch let error as LessonLoadError {
            #expect(error.code == .invalidChecks)
            #expect(error.file.hasSuffix("statefulsets-postgresql/checks.json"))
            #expect(error.detail.contains("« preparation »") && error.detail.contains("« x »") && error.detail.contains("notHeadles"), "\(error)")
        }
    }

    @Test func quizAnswerNamingNoChoice() async throws {
        let folder = try Self.copyOfContent()
        defer { folder.remove() }
        try Self.editManifest(folder) { json in
            var steps = json["steps"] as! [[String: Any]]
            let index = steps.firstIndex { $0["id"] as? String == "quiz" }!
            var quiz = steps[index]["quiz"] as! [[String: Any]]
            quiz[0]["answer"] = ["z"]
            steps[index]["quiz"] = quiz
            json["steps"] = steps
        }
        await Self.expectLoadError(.invalidManifest, fileContains: "lesson.json", in: folder)
    }

    @Test func missingContentDirectory() async {
        do {
            try await Self.build(content: URL(fileURLWithPath: "/nonexistent/atelier-content"))
            Issue.record("started")
        } catch let error as LessonLoadError {
            #expect(error.code == .missingDirectory)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
