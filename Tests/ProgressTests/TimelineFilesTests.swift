import class TestSupport.LogCapture
import Foundation
import Testing
@testable import AtelierProgress

@Suite("Fichiers de chronologie")
struct TimelineFilesTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("timelines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("écrit, relit après réouverture, supprime ; rien d'autre que des identifiants ne nomme un fichier")
    func roundTrip() throws {
        let data = try Self.folder()
        defer { try? FileManager.default.removeAll(data) }
        do {
            let files = try TimelineFiles(dataDirectory: data)
            #expect(try files.load(learnerId: "abcdefgh2345") == nil)
            try files.save(Array("{\"entries\":[]}".utf8), learnerId: "abcdefgh2345")
        }
        let reopened = try TimelineFiles(dataDirectory: data)
        #expect(try reopened.load(learnerId: "abcdefgh2345") == Array("{\"entries\":[]}".utf8))
        let names = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("timelines").path)
        #expect(names == ["abcdefgh2345.json"])
        try reopened.remove(learnerId: "abcdefgh2345")
        #expect(try reopened.load(learnerId: "abcdefgh2345") == nil)
        try reopened.remove(learnerId: "abcdefgh2345")
        for hostile in ["../x", "", "a/b", "A", String(repeating: "a", count: 65), ".tmp-x"] {
            #expect(throws: FileIOError.self) { try reopened.save([], learnerId: hostile) }
        }
    }

    @Test("un fichier temporaire laissé par un arrêt brutal est retiré à l'ouverture")
    func temporaryLeftovers() throws {
        let data = try Self.folder()
        defer { try? FileManager.default.removeAll(data) }
        let folder = data.appendingPathComponent("timelines")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: folder.appendingPathComponent(".tmp-abc.json-0011"))
        _ = try TimelineFiles(dataDirectory: data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}

extension TimelineFilesTests {
    @Test("le dossier des chronologies ne trouble pas l'index des apprenants (aucun fichier mis de côté)")
    func besideTheProgressStore() async throws {
        let data = try Self.folder()
        defer { try? FileManager.default.removeAll(data) }
        let store = try await FileProgressStore(directory: data, logger: LogCapture().logger)
        let created = try await store.createLearner(name: try LearnerName(validating: "Camille"))
        try TimelineFiles(dataDirectory: data).save(Array("{}".utf8), learnerId: created.learner.id)
        await store.close()
        let reopened = try await FileProgressStore(directory: data, logger: LogCapture().logger)
        #expect(await reopened.corruptFiles().isEmpty)
        #expect(await reopened.learner(id: created.learner.id) != nil)
        await reopened.close()
    }
}

private extension FileManager {
    func removeAll(_ url: URL) throws { try removeItem(at: url) }
}
