import AtelierContent
@testable import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Testing

/// Issue 14: resume codes and classes in the store, across restarts, and what a hostile or broken
/// `classes.json` does.
@Suite("Classroom store: resume codes and classes")
struct ClassroomStoreTests {
    private func open(_ directory: TemporaryDirectory, logs: LogCapture = LogCapture()) async throws -> FileProgressStore {
        try await FileProgressStore(directory: directory.data, logger: logs.logger, clock: ManualClock().progressClock)
    }

    @Test("Readable codes: Crockford symbols, forgiving input, bounded work")
    func readableCodes() {
        for _ in 0..<200 {
            let code = ResumeCode.generate()
            #expect(code.count == 14 && ResumeCode.hash(ofTyped: code) != nil)
            #expect(!code.contains { "ILOU".contains($0) })
        }
        #expect(ReadableCode.normalized("ab1o-Lx2z 9999", length: 12) == "AB101X2Z9999")
        #expect(ReadableCode.normalized("AB1O-LX2Z-999", length: 12) == nil, "too short")
        #expect(ReadableCode.normalized("AB1O-LX2Z-99999", length: 12) == nil, "too long")
        #expect(ReadableCode.normalized("AB1U-LX2Z-9999", length: 12) == nil, "U is not a symbol")
        #expect(ReadableCode.normalized(String(repeating: "-", count: 100_000), length: 12) == nil)
        #expect(ClassCode.canonical("abcd ef") == "ABCD-EF")
        // Codes differ: 60 bits each.
        #expect(Set((0..<1000).map { _ in ResumeCode.generate() }).count == 1000)
    }

    @Test("A resume code is kept hashed, survives a restart, and a new one replaces it")
    func resumeAcrossRestart() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let created = try await store.createLearner(name: Fixtures.name("Inès"))
        let code = try #require(created.resumeCode)
        let file = try String(contentsOf: directory.data.appendingPathComponent("\(created.learner.id).json"), encoding: .utf8)
        let hash = try #require(ResumeCode.hash(ofTyped: code))
        #expect(!file.contains(code) && file.contains(hash))
        await store.close()

        let reopened = try await open(directory)
        let resumed = try await reopened.resume(code: code)
        #expect(resumed.learner.id == created.learner.id && resumed.resumeCode == nil)
        #expect(await reopened.authenticate(token: resumed.token)?.id == created.learner.id)
        #expect(await reopened.authenticate(token: created.token) == nil, "the old browser's token is replaced")

        let fresh = try await reopened.reissueResumeCode(learnerId: created.learner.id)
        await #expect(throws: ProgressStoreError(.resumeCodeUnknown)) { _ = try await reopened.resume(code: code) }
        #expect(try await reopened.resume(code: fresh).learner.id == created.learner.id)
        await reopened.close()
        let third = try await open(directory)
        #expect(try await third.resume(code: fresh).learner.id == created.learner.id)
        await #expect(throws: ProgressStoreError(.resumeCodeUnknown)) { _ = try await third.resume(code: code) }
    }

    @Test("Learners written before resume codes and classes read and write back byte for byte")
    func olderFilesAreUnchanged() throws {
        let record = LearnerRecord(id: "abcdefgh2345", name: Fixtures.name("Léa"),
                                   createdAt: ISOTimestamp(secondsSince1970: 1_795_597_200),
                                   tokenHash: String(repeating: "a", count: 64))
        let bytes = try RecordCoding.encode(record)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("resumeCodeHash") && !text.contains("classId"))
        let decoded = try RecordCoding.decode(Data(bytes), fileName: "abcdefgh2345.json", using: JSONDecoder()).get()
        #expect(try RecordCoding.encode(decoded) == bytes)
    }

    @Test("Classes are durable, codes unique, archiving keeps them listed")
    func classesAcrossRestart() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let monday = try await store.createClass(name: Fixtures.name("Lundi"))
        let tuesday = try await store.createClass(name: Fixtures.name("Mardi"))
        #expect(monday.code != tuesday.code && monday.id != tuesday.id)
        let learner = try await store.createLearner(name: Fixtures.name("Anne"), classId: monday.id)
        #expect(learner.learner.classId == monday.id)
        await #expect(throws: ProgressStoreError(.classNotFound)) {
            _ = try await store.createLearner(name: Fixtures.name("Eve"), classId: "zzzzzzzzzzzz")
        }
        _ = try await store.archiveClass(id: tuesday.id)
        await #expect(throws: ProgressStoreError(.classArchived)) { _ = try await store.joinableClass(code: tuesday.code) }
        #expect(try await store.joinableClass(code: monday.code.lowercased()).id == monday.id)
        await store.close()

        let reopened = try await open(directory)
        let classes = await reopened.classes()
        #expect(classes.map(\.id) == [monday.id, tuesday.id])
        #expect(classes[1].archivedAt != nil && classes[0].archivedAt == nil)
        #expect(await reopened.learner(id: learner.learner.id)?.classId == monday.id)
        #expect(!directory.names().contains { $0.hasPrefix(".tmp-") })
    }

    @Test("A broken classes.json is moved aside and reported; the server starts without classes", arguments: [
        "{", "", #"{"schemaVersion": 2, "classes": []}"#,
        #"{"schemaVersion": 1, "classes": [{"id": "../../etc", "name": "x", "code": "ABCD-EF", "createdAt": "2026-11-25T09:00:00Z", "archivedAt": null}]}"#,
        #"{"schemaVersion": 1, "classes": [{"id": "abcdefgh2345", "name": "x", "code": "=cmd", "createdAt": "2026-11-25T09:00:00Z", "archivedAt": null}]}"#,
    ])
    func brokenClassesFile(content: String) async throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.data, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: directory.data.appendingPathComponent("classes.json"))
        let logs = LogCapture()
        let store = try await open(directory, logs: logs)
        #expect(await store.classes().isEmpty)
        let reports = await store.corruptFiles()
        #expect(reports.map(\.file) == ["classes.json"])
        #expect(directory.names().contains { $0.hasPrefix("classes.json.corrupt-") })
        // A new class writes a fresh file.
        _ = try await store.createClass(name: Fixtures.name("Jeudi"))
        #expect(directory.names().contains("classes.json"))
    }

    @Test("A class file the disk refuses changes nothing")
    func refusedClassWrite() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        store.files.simulatedWriteErrno.withLock { $0 = ENOSPC }
        await #expect(throws: ProgressStoreError.self) { _ = try await store.createClass(name: Fixtures.name("Lundi")) }
        #expect(await store.classes().isEmpty)
        store.files.simulatedWriteErrno.withLock { $0 = nil }
        #expect(try await store.createClass(name: Fixtures.name("Lundi")).name.value == "Lundi")
    }
}
