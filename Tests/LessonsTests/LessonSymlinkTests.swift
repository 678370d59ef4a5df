import AtelierLessons
import Foundation
import Testing

/// Issue 15, item 8: a lesson file that is a symlink leading outside the lesson folder was followed and
/// served (any file of the machine). Real paths are compared at load; start-up stops naming the file.
@Suite("Liens symboliques dans une leçon")
struct LessonSymlinkTests {
    typealias Fixture = LessonImagesLoadingTests.Fixture

    private func outsideFile() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString).md")
        try "# Secret hors de la leçon\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aStepThatLinksOutsideTheLessonStopsStartUp() throws {
        let fixture = try Fixture(step: "# Un\n")
        defer { fixture.remove() }
        let outside = try outsideFile()
        defer { try? FileManager.default.removeItem(at: outside) }
        let step = fixture.root.appendingPathComponent("demo/steps/01.md")
        try FileManager.default.removeItem(at: step)
        try FileManager.default.createSymbolicLink(at: step, withDestinationURL: outside)
        do {
            _ = try fixture.load()
            Issue.record("a step linking outside the lesson folder was loaded")
        } catch {
            #expect(error.file.hasSuffix("demo/steps/01.md"), "\(error)")
            #expect(error.detail.contains("lien symbolique"), "\(error)")
        }
    }

    @Test func aFolderThatLinksOutsideTheLessonStopsStartUp() throws {
        let fixture = try Fixture(step: "# Un\n")
        defer { fixture.remove() }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("elsewhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try "# Un\n".write(to: elsewhere.appendingPathComponent("01.md"), atomically: true, encoding: .utf8)
        let steps = fixture.root.appendingPathComponent("demo/steps")
        try FileManager.default.removeItem(at: steps)
        try FileManager.default.createSymbolicLink(at: steps, withDestinationURL: elsewhere)
        #expect(throws: LessonLoadError.self) { try fixture.load() }
    }

    @Test func aSymlinkInsideTheLessonFolderStillLoads() throws {
        let fixture = try Fixture(step: "# Un\n")
        defer { fixture.remove() }
        let lesson = fixture.root.appendingPathComponent("demo")
        try "# Vrai fichier\n".write(to: lesson.appendingPathComponent("steps/real.md"), atomically: true, encoding: .utf8)
        let step = lesson.appendingPathComponent("steps/01.md")
        try FileManager.default.removeItem(at: step)
        try FileManager.default.createSymbolicLink(atPath: step.path, withDestinationPath: "real.md")
        #expect(try fixture.load().lesson("demo")?.steps[0].html.contains("Vrai fichier") == true)
    }
}
