import AtelierContent
import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Testing

@Suite("File progress store")
struct FileProgressStoreTests {
    private func open(_ directory: TemporaryDirectory, clock: ManualClock = ManualClock(),
                      logs: LogCapture = LogCapture()) async throws -> FileProgressStore {
        try await FileProgressStore(directory: directory.data, logger: logs.logger, clock: clock.progressClock)
    }

    private func fileJSON(_ directory: TemporaryDirectory, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.data.appendingPathComponent("\(id).json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("Creating a learner writes <id>.json with the token's hash, never the token")
    func creation() async throws {
        let directory = TemporaryDirectory()
        let clock = ManualClock()
        let logs = LogCapture()
        let store = try await open(directory, clock: clock, logs: logs)
        let created = try await store.createLearner(name: Fixtures.name("Élodie Müller"))

        #expect(LearnerID.isValid(created.learner.id))
        #expect(created.learner.createdAt.description == "2026-11-25T09:00:12Z")
        #expect(directory.names() == ["\(created.learner.id).json"])

        let raw = try String(contentsOf: directory.data.appendingPathComponent("\(created.learner.id).json"), encoding: .utf8)
        #expect(!raw.contains(created.token))
        #expect(raw.contains("\n  \"createdAt\" : \"2026-11-25T09:00:12Z\""))  // pretty-printed
        let json = try fileJSON(directory, created.learner.id)
        #expect(json["schemaVersion"] as? Int == 1)
        #expect(json["tokenHash"] as? String == LearnerToken.hash(created.token))
        #expect(json["name"] as? String == "Élodie Müller")
        #expect(json["id"] as? String == created.learner.id)
        // Keys are sorted, so files diff cleanly.
        let keyOrder = ["createdAt", "history", "id", "lessons", "name", "schemaVersion", "tokenHash"]
        let positions = keyOrder.compactMap { raw.range(of: "\"\($0)\" :")?.lowerBound }
        #expect(positions.count == keyOrder.count && positions == positions.sorted())

        let attributes = try FileManager.default.attributesOfItem(atPath: directory.data.appendingPathComponent("\(created.learner.id).json").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(!logs.lines.joined().contains(created.token))
    }

    @Test("Authentication: right token, wrong token, malformed token")
    func authentication() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let alice = try await store.createLearner(name: Fixtures.name("Alice"))
        let bob = try await store.createLearner(name: Fixtures.name("Bob"))

        #expect(await store.authenticate(token: alice.token)?.id == alice.learner.id)
        #expect(await store.authenticate(token: bob.token)?.id == bob.learner.id)
        #expect(await store.authenticate(token: LearnerToken.generate()) == nil)
        #expect(await store.authenticate(token: "") == nil)
        #expect(await store.authenticate(token: alice.token + "A") == nil)
        #expect(await store.authenticate(token: String(alice.token.dropLast())) == nil)
        #expect(await store.authenticate(token: LearnerToken.hash(alice.token)) == nil)  // the hash is not a token
        #expect(await store.authenticate(token: String(repeating: "x", count: 1 << 20)) == nil)
    }

    @Test("A hostile name cannot reach the file system: the file name comes from the id")
    func pathTraversalName() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let created = try await store.createLearner(name: Fixtures.name("../../etc/passwd"))
        #expect(directory.names() == ["\(created.learner.id).json"])
        #expect(directory.names(in: directory.url) == ["data"])
        #expect(await store.learner(id: created.learner.id)?.name.value == "../../etc/passwd")
        #expect(await store.learner(id: "../../etc/passwd") == nil)
    }

    @Test("Start and view keep the first click and the first view only")
    func firstOnly() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let id = try await store.createLearner(name: Fixtures.name("Zoé")).learner.id
        let t0 = ManualClock.origin
        _ = try await store.recordStart(learnerId: id, lesson: Fixtures.lessonId, at: t0)
        let again = try await store.recordStart(learnerId: id, lesson: Fixtures.lessonId, at: t0 + 600)
        #expect(again.lessons[Fixtures.lessonId]?.startedAt == ISOTimestamp(t0))

        _ = try await store.recordView(learnerId: id, lesson: Fixtures.lessonId, step: "secret", at: t0 + 5)
        let viewedAgain = try await store.recordView(learnerId: id, lesson: Fixtures.lessonId, step: "secret", at: t0 + 90)
        #expect(viewedAgain.lessons[Fixtures.lessonId]?.steps["secret"]?.firstViewedAt == ISOTimestamp(t0 + 5))

        let lessons = try #require(try fileJSON(directory, id)["lessons"] as? [String: Any])
        let lesson = try #require(lessons[Fixtures.lessonId] as? [String: Any])
        #expect(lesson["startedAt"] as? String == "2026-11-25T09:00:12Z")
        let steps = try #require(lesson["steps"] as? [String: Any])
        #expect((steps["secret"] as? [String: Any])?["firstViewedAt"] as? String == "2026-11-25T09:00:17Z")
    }

    @Test("Check runs: attempts, failures in a row, first pass and time spent")
    func checkRuns() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let id = try await store.createLearner(name: Fixtures.name("Karim")).learner.id
        let t0 = ManualClock.origin
        _ = try await store.recordView(learnerId: id, lesson: Fixtures.lessonId, step: "preparation", at: t0)
        _ = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("preparation", passed: false, at: t0 + 30), outline: Fixtures.outline)
        let second = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("preparation", passed: false, at: t0 + 60), outline: Fixtures.outline)
        #expect(second.lessons[Fixtures.lessonId]?.steps["preparation"]?.failedInARow == 2)
        #expect(second.lessons[Fixtures.lessonId]?.lastFailure?.message == "Le Pod postgres-0 n'est pas prêt.")

        let passed = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("preparation", passed: true, at: t0 + 125), outline: Fixtures.outline)
        var step = try #require(passed.lessons[Fixtures.lessonId]?.steps["preparation"])
        #expect(step.attempts == 3)
        #expect(step.failedInARow == 0)
        #expect(step.passedAt == ISOTimestamp(t0 + 125))
        #expect(step.timeSpentSeconds == 125)
        #expect(step.lastRun?.passed == true)

        // Later runs never move the first pass nor the time spent.
        let later = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("preparation", passed: false, at: t0 + 500), outline: Fixtures.outline)
        step = try #require(later.lessons[Fixtures.lessonId]?.steps["preparation"])
        #expect(step.passedAt == ISOTimestamp(t0 + 125))
        #expect(step.timeSpentSeconds == 125)
        #expect(step.failedInARow == 1)
        #expect(later.history.count == 4)
        #expect(later.history.map(\.passed) == [false, false, true, false])
        #expect(later.history[0].durationMs == 420)
        #expect(later.history[0].checks.map(\.status) == [.passed, .failed])
    }

    @Test("Refusals: unknown learner, invalid ids, step outside the outline")
    func refusals() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let id = try await store.createLearner(name: Fixtures.name("Lou")).learner.id
        let t0 = ManualClock.origin

        await #expect(throws: ProgressStoreError(.learnerNotFound)) {
            try await store.recordStart(learnerId: LearnerID.generate(), lesson: Fixtures.lessonId, at: t0)
        }
        await #expect(throws: ProgressStoreError(.learnerNotFound)) {
            try await store.recordView(learnerId: "../../x", lesson: Fixtures.lessonId, step: "quiz", at: t0)
        }
        await #expect(throws: ProgressStoreError(.invalidIdentifier)) {
            try await store.recordView(learnerId: id, lesson: "../secrets", step: "quiz", at: t0)
        }
        await #expect(throws: ProgressStoreError(.invalidIdentifier)) {
            try await store.recordStart(learnerId: id, lesson: String(repeating: "a", count: 10_000), at: t0)
        }
        await #expect(throws: ProgressStoreError(.unknownStep)) {
            try await store.recordCheckRun(learnerId: id, run: Fixtures.run("inexistante", passed: true, at: t0), outline: Fixtures.outline)
        }
        let otherLesson = CheckRun(at: t0, lesson: "autre-lecon", step: "quiz", passed: true, durationMs: 1, checks: [])
        await #expect(throws: ProgressStoreError(.unknownStep)) {
            try await store.recordCheckRun(learnerId: id, run: otherLesson, outline: Fixtures.outline)
        }
        // Nothing of the above was recorded.
        let record = try #require(await store.learner(id: id))
        #expect(record.lessons.isEmpty && record.history.isEmpty)
        #expect(ProgressStoreError(.storageFailure).message == "La progression n'a pas pu être enregistrée. Réessayez dans un instant.")
    }

    @Test("100 parallel check runs for one learner: all 100 recorded, each acknowledged once")
    func parallelRunsOneLearner() async throws {
        let directory = TemporaryDirectory()
        let logs = LogCapture()
        let store = try await open(directory, logs: logs)
        let id = try await store.createLearner(name: Fixtures.name("Parallèle")).learner.id
        let t0 = ManualClock.origin

        let attemptsSeen = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<100 {
                group.addTask {
                    let run = Fixtures.run("statefulset", passed: index % 10 == 9, at: t0 + Double(index))
                    let record = try await store.recordCheckRun(learnerId: id, run: run, outline: Fixtures.outline)
                    return record.lessons[Fixtures.lessonId]?.steps["statefulset"]?.attempts ?? -1
                }
            }
            var seen: [Int] = []
            for try await attempts in group { seen.append(attempts) }
            return seen
        }
        // Each call saw the state right after its own run: 1...100, each exactly once.
        #expect(attemptsSeen.sorted() == Array(1...100))

        // All 100 counted; the history keeps the latest of them (see BoundedFileTests).
        let record = try #require(await store.learner(id: id))
        let step = try #require(record.lessons[Fixtures.lessonId]?.steps["statefulset"])
        #expect(step.attempts == 100)
        #expect(record.history.count + step.earlierRuns == 100)
        #expect(record.history.count <= LearnerRecord.historyRunsPerStep + 1)

        let json = try fileJSON(directory, id)
        #expect((json["history"] as? [Any])?.count == record.history.count)
        await store.close()
        let reopened = try await open(directory)
        #expect(await reopened.learner(id: id) == record)
        // The store recognises its own writes: no false alarm about outside changes.
        #expect(!logs.lines.contains { $0.contains("outside the server") || $0.contains("disappeared") })
        #expect(!logs.lines.contains { $0.hasPrefix("error") || $0.hasPrefix("warning") })
    }

    @Test("Concurrent learners do not lose each other's writes")
    func concurrentLearners() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let t0 = ManualClock.origin
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let id = try await store.createLearner(name: Fixtures.name("Apprenant \(index)")).learner.id
                    _ = try await store.recordStart(learnerId: id, lesson: Fixtures.lessonId, at: t0)
                    try await withThrowingTaskGroup(of: Void.self) { inner in
                        for run in 0..<8 {
                            inner.addTask {
                                _ = try await store.recordCheckRun(
                                    learnerId: id, run: Fixtures.run("preparation", passed: false, at: t0 + Double(run)),
                                    outline: Fixtures.outline)
                            }
                        }
                        inner.addTask {
                            _ = try await store.recordView(learnerId: id, lesson: Fixtures.lessonId, step: "preparation", at: t0)
                        }
                        try await inner.waitForAll()
                    }
                    return id
                }
            }
            var ids: [String] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(Set(ids).count == 24)
        await store.close()
        let reopened = try await open(directory)
        let snapshot = await reopened.snapshot()
        #expect(snapshot.learners.count == 24)
        for record in snapshot.learners {
            let lesson = try #require(record.lessons[Fixtures.lessonId])
            #expect(record.history.count == 8)
            #expect(lesson.steps["preparation"]?.attempts == 8)
            #expect(lesson.steps["preparation"]?.failedInARow == 8)
            #expect(lesson.steps["preparation"]?.firstViewedAt != nil)
            #expect(lesson.startedAt != nil)
        }
    }

    @Test("A new store on the same directory restores everything")
    func restart() async throws {
        let directory = TemporaryDirectory()
        let clock = ManualClock()
        let first = try await open(directory, clock: clock)
        let t0 = ManualClock.origin
        let alice = try await first.createLearner(name: Fixtures.name("Alice Dupont"))
        clock.advance(seconds: 3)
        let bob = try await first.createLearner(name: Fixtures.name("小明"))
        _ = try await first.recordStart(learnerId: alice.learner.id, lesson: Fixtures.lessonId, at: t0)
        _ = try await first.recordView(learnerId: alice.learner.id, lesson: Fixtures.lessonId, step: "preparation", at: t0 + 1)
        for (offset, step) in ["preparation", "secret", "statefulset", "quiz"].enumerated() {
            _ = try await first.recordCheckRun(learnerId: alice.learner.id,
                                               run: Fixtures.run(step, passed: true, at: t0 + Double(60 * (offset + 1))),
                                               outline: Fixtures.outline)
        }
        _ = try await first.recordCheckRun(learnerId: bob.learner.id, run: Fixtures.run("preparation", passed: false, at: t0 + 9),
                                           outline: Fixtures.outline)
        let before = await first.snapshot()
        await first.close()

        let second = try await open(directory, clock: clock)
        let after = await second.snapshot()
        #expect(after.learners == before.learners)
        #expect(after.learners.map(\.name.value) == ["Alice Dupont", "小明"])
        #expect(after.learners[0].lessons[Fixtures.lessonId]?.completedAt == ISOTimestamp(t0 + 240))
        #expect(await second.authenticate(token: alice.token)?.id == alice.learner.id)
        #expect(await second.authenticate(token: bob.token)?.id == bob.learner.id)
        #expect(after.corruptFiles.isEmpty)
    }

    @Test("Temporary files left by a crash are removed at start-up")
    func strayTemporaryFiles() async throws {
        let directory = TemporaryDirectory()
        let first = try await open(directory)
        let created = try await first.createLearner(name: Fixtures.name("Ana"))
        await first.close()
        let stray = directory.data.appendingPathComponent(".tmp-\(created.learner.id).json-0a1b2c3d4e5f")
        try Data("{\"schemaVersion\": 1, \"id\": \"tron".utf8).write(to: stray)
        #expect(directory.names().count == 2)

        let logs = LogCapture()
        let reopened = try await open(directory, logs: logs)
        #expect(directory.names() == ["\(created.learner.id).json"])
        #expect(await reopened.authenticate(token: created.token)?.id == created.learner.id)
        #expect(await reopened.corruptFiles().isEmpty)
        #expect(logs.lines.contains { $0.contains("temporary file") })
    }

    @Test("A failed write acknowledges nothing and leaves memory unchanged")
    func failedWrite() async throws {
        let directory = TemporaryDirectory()
        let logs = LogCapture()
        let store = try await open(directory, logs: logs)
        let created = try await store.createLearner(name: Fixtures.name("Inès"))
        let id = created.learner.id
        // Files cannot be created in a directory that was removed, even by root: every write now fails.
        try FileManager.default.removeItem(at: directory.data)

        let writeError = await #expect(throws: ProgressStoreError.self) {
            try await store.recordCheckRun(learnerId: id, run: Fixtures.run("preparation", passed: true, at: ManualClock.origin),
                                           outline: Fixtures.outline)
        }
        #expect(writeError?.code == .storageFailure)
        #expect(writeError?.underlying?.code == .open)
        let createError = await #expect(throws: ProgressStoreError.self) {
            try await store.createLearner(name: Fixtures.name("Personne"))
        }
        #expect(createError?.code == .storageFailure)
        let record = try #require(await store.learner(id: id))
        #expect(record.history.isEmpty)
        #expect(record.lessons.isEmpty)
        #expect((await store.snapshot()).learners.count == 1)
        #expect(logs.lines.contains { $0.contains("could not write progress file") })
        #expect(!logs.lines.joined().contains(created.token))
    }

    @Test("One store per directory: a second one is refused until the first is closed")
    func exclusiveDirectory() async throws {
        let directory = TemporaryDirectory()
        let first = try await open(directory)
        let ana = try await first.createLearner(name: Fixtures.name("Ana"))

        let refusal = await #expect(throws: ProgressStoreError.self) { _ = try await open(directory) }
        #expect(refusal?.code == .storageFailure)
        #expect(refusal?.underlying?.code == .directoryInUse)

        await first.close()
        await first.close()  // idempotent
        let closed = await #expect(throws: ProgressStoreError.self) {
            try await first.recordView(learnerId: ana.learner.id, lesson: Fixtures.lessonId, step: "quiz", at: ManualClock.origin)
        }
        #expect(closed?.code == .closed)
        #expect(closed?.apiCode == "service_unavailable")
        let closedCreation = await #expect(throws: ProgressStoreError.self) {
            try await first.createLearner(name: Fixtures.name("Trop tard"))
        }
        #expect(closedCreation?.code == .closed)
        #expect(await first.authenticate(token: ana.token)?.id == ana.learner.id)  // reads still answer

        let second = try await open(directory)
        #expect(await second.authenticate(token: ana.token)?.id == ana.learner.id)
        #expect((await second.snapshot()).learners.count == 1)
    }

    @Test("Closing waits for the writes already accepted; later ones are refused, none half-done")
    func closeDuringWrites() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let id = try await store.createLearner(name: Fixtures.name("Noé")).learner.id
        let t0 = ManualClock.origin
        let outcomes = await withTaskGroup(of: ProgressStoreError.Code?.self) { group in
            for index in 0..<60 {
                group.addTask {
                    do throws(ProgressStoreError) {
                        _ = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("secret", passed: false, at: t0 + Double(index)),
                                                           outline: Fixtures.outline)
                        return nil
                    } catch {
                        return error.code
                    }
                }
            }
            var outcomes: [ProgressStoreError.Code?] = []
            if let first = await group.next() { outcomes.append(first) }  // writes are under way
            await store.close()
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        let accepted = outcomes.filter { $0 == nil }.count
        #expect(outcomes.count == 60)
        #expect(accepted >= 1)
        #expect(outcomes.allSatisfy { $0 == nil || $0 == ProgressStoreError.Code.closed })
        let reopened = try await open(directory)
        let record = try #require(await reopened.learner(id: id))
        let step = try #require(record.lessons[Fixtures.lessonId]?.steps["secret"])
        #expect(record.history.count + step.earlierRuns == accepted)
        #expect(step.attempts == accepted)
    }

    @Test("The data directory is created with its parents")
    func createsDirectory() async throws {
        let directory = TemporaryDirectory()
        let nested = directory.url.appendingPathComponent("a/b/c", isDirectory: true)
        let store = try await FileProgressStore(directory: nested, logger: LogCapture().logger)
        _ = try await store.createLearner(name: Fixtures.name("Léa"))
        #expect(directory.names(in: nested).count == 1)
    }

    @Test("A data path that is a file is refused with a typed error")
    func unusableDirectory() async throws {
        let directory = TemporaryDirectory()
        let file = directory.url.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: file)
        let error = await #expect(throws: ProgressStoreError.self) {
            _ = try await FileProgressStore(directory: file, logger: LogCapture().logger)
        }
        #expect(error?.code == .storageFailure)
        #expect(error?.underlying?.code == .createDirectory)
    }
}
