import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Testing

@Suite("Corrupt progress files")
struct CorruptFileTests {
    private func open(_ directory: TemporaryDirectory, logs: LogCapture = LogCapture(),
                      clock: ManualClock = ManualClock()) async throws -> FileProgressStore {
        try await FileProgressStore(directory: directory.data, logger: logs.logger, clock: clock.progressClock)
    }

    private func path(_ directory: TemporaryDirectory, _ name: String) -> URL {
        directory.data.appendingPathComponent(name)
    }

    @Test("Unreadable files are moved aside intact, reported and logged; everyone else is served")
    func startUp() async throws {
        let directory = TemporaryDirectory()
        let first = try await open(directory)
        let alice = try await first.createLearner(name: Fixtures.name("Alice"))
        let bob = try await first.createLearner(name: Fixtures.name("Bob"))
        _ = try await first.recordView(learnerId: bob.learner.id, lesson: Fixtures.lessonId, step: "quiz", at: ManualClock.origin)
        let good = try String(contentsOf: path(directory, "\(alice.learner.id).json"), encoding: .utf8)

        // Each bad file carries a valid id as its name, so it looks like a learner's file.
        let garbageId = LearnerID.generate(), truncatedId = LearnerID.generate(), schemaId = LearnerID.generate()
        let emptyId = LearnerID.generate(), copyId = LearnerID.generate(), linkId = LearnerID.generate()
        let nullsId = LearnerID.generate()
        let otherHash = LearnerToken.hash(LearnerToken.generate())
        let contents: [String: Data] = [
            garbageId: Data([0x00, 0xFF, 0x7B, 0x7B, 0x0A] + Array("pas du JSON".utf8)),
            truncatedId: Data(good.replacingOccurrences(of: alice.learner.id, with: truncatedId).utf8.prefix(good.utf8.count / 2)),
            schemaId: Data(good.replacingOccurrences(of: alice.learner.id, with: schemaId)
                .replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 2")
                .replacingOccurrences(of: LearnerToken.hash(alice.token), with: otherHash).utf8),
            emptyId: Data(),
            copyId: Data(good.utf8),  // id inside does not match the file name
            nullsId: Data(repeating: 0, count: 4_096),  // what some file systems leave after a crash
        ]
        for (id, data) in contents {
            try data.write(to: path(directory, "\(id).json"))
        }
        try FileManager.default.createSymbolicLink(atPath: path(directory, "\(linkId).json").path,
                                                   withDestinationPath: "/etc/passwd")
        #expect(good.contains("\"schemaVersion\" : 1"))

        await first.close()
        let logs = LogCapture()
        let clock = ManualClock(ManualClock.origin + 3_600)
        let second = try await open(directory, logs: logs, clock: clock)

        // The good learners are still served.
        #expect(await second.authenticate(token: alice.token)?.id == alice.learner.id)
        #expect(await second.authenticate(token: bob.token)?.id == bob.learner.id)
        #expect(await second.learner(id: bob.learner.id)?.lessons[Fixtures.lessonId]?.steps["quiz"]?.firstViewedAt != nil)
        #expect((await second.snapshot()).learners.map(\.id).sorted() == [alice.learner.id, bob.learner.id].sorted())

        // Every bad file is reported, moved aside byte for byte, and no longer under its name.
        let reports = await second.corruptFiles()
        let badIds = Array(contents.keys) + [linkId]
        #expect(Set(reports.map(\.file)) == Set(badIds.map { "\($0).json" }))
        for report in reports {
            #expect(report.movedTo == report.file + ".corrupt-20261125T100012Z")
            #expect(report.at.description == "2026-11-25T10:00:12Z")
            #expect(!FileManager.default.fileExists(atPath: path(directory, report.file).path))
            let id = String(report.file.dropLast(5))
            if let original = contents[id] {
                #expect(try Data(contentsOf: path(directory, report.movedTo)) == original)
            } else {
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: path(directory, report.movedTo).path)
                #expect(target == "/etc/passwd")
            }
        }
        for id in badIds {
            #expect(logs.lines.contains { $0.contains("corrupt progress file moved aside") && $0.contains(id) })
        }
        #expect(logs.lines.contains { $0.contains(schemaId) && $0.contains("schemaVersion") })
        #expect(!logs.lines.joined().contains(alice.token) && !logs.lines.joined().contains(bob.token))

        // New learners are still created, and trainers see the reports.
        let carol = try await second.createLearner(name: Fixtures.name("Carole"))
        #expect(await second.authenticate(token: carol.token) != nil)
        let view = ClassProgressView(snapshot: await second.snapshot(), outline: Fixtures.outline,
                                     thresholds: StuckThresholds(), now: clock.now)
        #expect(view.corruptFiles.count == badIds.count)
        #expect(view.learners.count == 3)

        // A restart keeps reporting what was moved aside, without moving anything again.
        await second.close()
        let namesBefore = directory.names()
        let third = try await open(directory)
        #expect(Set(await third.corruptFiles()) == Set(reports))
        #expect(directory.names() == namesBefore)
        #expect((await third.snapshot()).learners.count == 3)
    }

    @Test("A file broken while the server runs is moved aside before the next write, not overwritten")
    func atRunTime() async throws {
        let directory = TemporaryDirectory()
        let logs = LogCapture()
        let clock = ManualClock()
        let store = try await open(directory, logs: logs, clock: clock)
        let zoe = try await store.createLearner(name: Fixtures.name("Zoé"))
        let file = path(directory, "\(zoe.learner.id).json")
        let garbage = Data("{\"schemaVersion\": 1, \"id\": \"tronqué".utf8)
        try garbage.write(to: file)
        clock.advance(seconds: 61)

        let record = try await store.recordView(learnerId: zoe.learner.id, lesson: Fixtures.lessonId, step: "secret",
                                                at: clock.now)
        #expect(record.lessons[Fixtures.lessonId]?.steps["secret"]?.firstViewedAt != nil)

        let reports = await store.corruptFiles()
        #expect(reports.count == 1)
        let report = try #require(reports.first)
        #expect(report.file == "\(zoe.learner.id).json")
        #expect(report.at.description == "2026-11-25T09:01:13Z")
        #expect(try Data(contentsOf: path(directory, report.movedTo)) == garbage)
        // The learner's file holds the server's state again, and a restart agrees.
        await store.close()
        let reopened = try await open(directory)
        #expect(await reopened.learner(id: zoe.learner.id) == record)
        #expect(await reopened.corruptFiles() == reports)
        #expect(logs.lines.contains { $0.contains("corrupt progress file moved aside") })
    }

    @Test("Two corruptions of one file in the same second keep both copies")
    func sameSecond() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let lea = try await store.createLearner(name: Fixtures.name("Léa"))
        let file = path(directory, "\(lea.learner.id).json")
        for (index, step) in ["secret", "quiz"].enumerated() {
            try Data("cassé \(index)".utf8).write(to: file)
            _ = try await store.recordView(learnerId: lea.learner.id, lesson: Fixtures.lessonId, step: step, at: ManualClock.origin)
        }
        let reports = await store.corruptFiles()
        #expect(reports.count == 2)
        #expect(Set(reports.map(\.movedTo)).count == 2)
        for (index, report) in reports.enumerated() {
            #expect(try String(contentsOf: path(directory, report.movedTo), encoding: .utf8) == "cassé \(index)")
        }
    }
}
