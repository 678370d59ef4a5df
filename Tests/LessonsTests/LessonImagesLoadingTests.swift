import AtelierLessons
import Foundation
import Testing

/// Images referenced from Markdown are read at start-up and served from the lesson's files route;
/// a broken reference stops start-up naming the Markdown file.
@Suite("Images des leçons et durée facultative")
struct LessonImagesLoadingTests {
    /// A throw-away content directory holding one lesson.
    struct Fixture {
        let root: URL

        init(step: String, images: [String: String] = [:], manifestExtra: String = "") throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-images-\(UUID().uuidString)")
            let lesson = root.appendingPathComponent("demo")
            try FileManager.default.createDirectory(at: lesson.appendingPathComponent("steps"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: lesson.appendingPathComponent("images"), withIntermediateDirectories: true)
            let manifest = """
            {"id": "demo", "title": "Démo", "durationMinutes": 35,\(manifestExtra) "introduction": "intro.md", "objectives": [],
             "steps": [{"id": "un", "title": "Un", "file": "steps/01.md"}]}
            """
            try manifest.write(to: lesson.appendingPathComponent("lesson.json"), atomically: true, encoding: .utf8)
            try "# Intro\n".write(to: lesson.appendingPathComponent("intro.md"), atomically: true, encoding: .utf8)
            try step.write(to: lesson.appendingPathComponent("steps/01.md"), atomically: true, encoding: .utf8)
            for (name, body) in images {
                try body.write(to: lesson.appendingPathComponent("images/\(name)"), atomically: true, encoding: .utf8)
            }
        }

        func load() throws(LessonLoadError) -> LessonCatalog { try LessonCatalog.load(from: root) }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>x</title></svg>\n"

    @Test func imagesAreServedWithTheirTypeButNotListedForDownload() throws {
        let fixture = try Fixture(step: "# Un\n\n![Les objets](../images/objets.svg)\n", images: ["objets.svg": Self.svg])
        defer { fixture.remove() }
        let lesson = try #require(try fixture.load().lesson("demo"))
        #expect(lesson.files.isEmpty)
        let image = try #require(lesson.file("objets.svg"))
        #expect(image.contentType == "image/svg+xml")
        #expect(image.bytes == Array(Self.svg.utf8))
        #expect(lesson.steps[0].html.contains("<img src=\"/api/lessons/demo/files/objets.svg\" alt=\"Les objets\">"))
        #expect(lesson.optionalMinutes == nil)
    }

    @Test func brokenImageReferencesStopStartUp() throws {
        let cases: [(step: String, images: [String: String], detail: String)] = [
            ("![x](../images/absente.svg)\n", [:], "fichier introuvable"),
            ("![x](../../ailleurs.svg)\n", [:], "hors du dossier de la leçon"),
            ("![x](../images/x.gif)\n", ["x.gif": "GIF89a"], "format non pris en charge"),
            ("![x](../images/x.svg)\n", ["x.svg": "<svg><script>alert(1)</script></svg>"], "ni script"),
            ("::: plus Sans fin\n\ntexte\n", [:], "jamais fermé"),
        ]
        for example in cases {
            let fixture = try Fixture(step: example.step, images: example.images)
            defer { fixture.remove() }
            do {
                _ = try fixture.load()
                Issue.record("chargement accepté : \(example.step)")
            } catch {
                #expect(error.detail.contains(example.detail), "\(error)")
            }
        }
    }

    @Test func optionalMinutesIsReadAndBounded() throws {
        let fixture = try Fixture(step: "# Un\n", manifestExtra: " \"optionalMinutes\": 20,")
        defer { fixture.remove() }
        #expect(try fixture.load().lesson("demo")?.optionalMinutes == 20)
        let wrong = try Fixture(step: "# Un\n", manifestExtra: " \"optionalMinutes\": -1,")
        defer { wrong.remove() }
        #expect(throws: LessonLoadError.self) { try wrong.load() }
    }
}
