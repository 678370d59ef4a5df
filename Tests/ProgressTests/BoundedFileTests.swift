import AtelierContent
@testable import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Testing

/// Issue 15, item 3: a learner's file stays bounded whatever the learner (or their cluster) sends.
@Suite("Bounded learner files")
struct BoundedFileTests {
    private func open(_ directory: TemporaryDirectory, logs: LogCapture = LogCapture()) async throws -> FileProgressStore {
        try await FileProgressStore(directory: directory.data, logger: logs.logger, clock: ManualClock().progressClock)
    }

    private func fileJSON(_ directory: TemporaryDirectory, _ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.data.appendingPathComponent("\(id).json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// 60 KB that count as one character: "a" and 30,000 combining acute accents.
    static let oneHeavyCharacter = "a" + String(repeating: "\u{301}", count: 30_000)

    @Test("Stored messages are limited in UTF-8 bytes, not characters")
    func messagesAreLimitedInBytes() {
        #expect(Self.oneHeavyCharacter.count == 1)
        let outcome = CheckResult(id: "q1", title: Self.oneHeavyCharacter, status: .failed, message: Self.oneHeavyCharacter,
                                  hint: Self.oneHeavyCharacter).clippedForStorage()
        #expect(outcome.message.utf8.count <= CheckResult.maximumStoredMessageBytes)
        #expect(outcome.hint!.utf8.count <= CheckResult.maximumStoredMessageBytes)
        #expect(outcome.title.utf8.count <= CheckResult.maximumStoredTitleBytes)
        #expect(outcome.message.hasSuffix("…"))
        // Control characters (six bytes each once escaped in JSON) are not kept as such.
        let control = CheckResult(id: "x", title: "t", status: .failed, message: "a\u{1}b\nc\td").clippedForStorage()
        #expect(control.message == "a\u{FFFD}b\nc\td")
        // Short texts are untouched.
        #expect(CheckResult(id: "x", title: "t", status: .failed, message: "Le Pod n'est pas prêt.").clippedForStorage().message == "Le Pod n'est pas prêt.")
    }

    @Test("A run is stored once: lastRun and lastFailure are rebuilt from the history")
    func oneCopyPerRun() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let id = try await store.createLearner(name: Fixtures.name("Inès")).learner.id
        _ = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("secret", passed: false, at: ManualClock.origin),
                                           outline: Fixtures.outline)
        let written = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("secret", passed: true, at: ManualClock.origin + 60),
                                                     outline: Fixtures.outline)
        let json = try fileJSON(directory, id)
        let lesson = try #require((json["lessons"] as? [String: Any])?[Fixtures.lessonId] as? [String: Any])
        let step = try #require((lesson["steps"] as? [String: Any])?["secret"] as? [String: Any])
        #expect(lesson["lastFailure"] == nil)
        #expect(step["lastRun"] == nil && step["lastFailure"] == nil)
        #expect((json["history"] as? [Any])?.count == 2)
        await store.close()

        // Read back, the API sees the same lastRun and lastFailure as before.
        let reopened = try await open(directory)
        let record = try #require(await reopened.learner(id: id))
        #expect(record == written)
        #expect(record.lessons[Fixtures.lessonId]?.steps["secret"]?.lastRun?.passed == true)
        #expect(record.lessons[Fixtures.lessonId]?.steps["secret"]?.lastFailure?.message == "Le Pod postgres-0 n'est pas prêt.")
        #expect(record.lessons[Fixtures.lessonId]?.lastFailure?.step == "secret")
        await reopened.close()
    }

    @Test("History keeps the last runs of each step; older ones are counted, the latest failure kept")
    func boundedHistory() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let id = try await store.createLearner(name: Fixtures.name("Inès")).learner.id
        let limit = LearnerRecord.historyRunsPerStep
        // One failure, then many passes of the same step, then one run of another step.
        var record = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("secret", passed: false, at: ManualClock.origin),
                                                    outline: Fixtures.outline)
        for index in 1...(limit + 30) {
            record = try await store.recordCheckRun(
                learnerId: id, run: Fixtures.run("secret", passed: true, at: ManualClock.origin + Double(index)), outline: Fixtures.outline)
        }
        record = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("preparation", passed: false, at: ManualClock.origin + 999),
                                                outline: Fixtures.outline)
        let secret = try #require(record.lessons[Fixtures.lessonId]?.steps["secret"])
        #expect(secret.attempts == limit + 31)
        let kept = record.history.filter { $0.step == "secret" }
        // The last `limit` passes plus the one failure, still the step's lastFailure.
        #expect(kept.count == limit + 1)
        #expect(kept.first?.passed == false)
        #expect(secret.earlierRuns == 30 && secret.earlierFailures == 0)
        #expect(secret.earlierRuns + kept.count == secret.attempts)
        #expect(secret.lastFailure?.at == ISOTimestamp(ManualClock.origin))
        #expect(record.history.last?.step == "preparation")
        await store.close()
        let reopened = try await open(directory)
        #expect(await reopened.learner(id: id) == record)
        await reopened.close()
    }

    /// The bound, proved: 5,000 hostile runs (the largest messages, escaped characters, every
    /// checkable step) leave a file under 600 KB for this outline
    /// (4 checkable steps, 2 checks per run). Each step keeps at most
    /// `historyRunsPerStep + 1` runs of its checks, each message and hint at most 2,000 bytes (at
    /// most 4,000 once `"` and `\` are escaped): the size no longer depends on the number of runs.
    @Test("5,000 hostile check runs leave the file under 600 KB")
    func fiveThousandHostileRuns() async throws {
        let directory = TemporaryDirectory()
        let store = try await open(directory)
        let id = try await store.createLearner(name: Fixtures.name("Inès")).learner.id
        let hostile = String(repeating: "\"\\é", count: 20_000) + Self.oneHeavyCharacter
        let steps = Fixtures.outline.steps.filter(\.checkable).map(\.id)
        let total = 5_000
        var sizes: [Int] = []
        let checks = [CheckResult(id: "a", title: "A", status: .failed, message: hostile, hint: hostile),
                      CheckResult(id: "b", title: "B", status: .error, message: hostile, hint: hostile)]
        // In waves of 100 concurrent runs (the store batches them), as a class of clicks would.
        for wave in 0..<(total / 100) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    let n = wave * 100 + index
                    let run = CheckRun(at: ManualClock.origin + Double(n), lesson: Fixtures.lessonId, step: steps[n % steps.count],
                                            passed: false, durationMs: 1, checks: checks)
                    group.addTask { _ = try await store.recordCheckRun(learnerId: id, run: run, outline: Fixtures.outline) }
                }
                try await group.waitForAll()
            }
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.data.appendingPathComponent("\(id).json").path)
            sizes.append((attributes[.size] as? Int) ?? 0)
        }
        let record = try #require(await store.learner(id: id))
        #expect(record.lessons[Fixtures.lessonId]?.steps.values.map(\.attempts).reduce(0, +) == total)
        let largest = sizes.max() ?? 0
        print("5,000 hostile runs: file \(sizes.last ?? 0) bytes at the end, \(largest) at most (after each wave of 100)")
        #expect(largest < 600_000, "the file reached \(largest) bytes")
        // Flat: the file stopped growing once each step's history was full (timestamps and
        // counters may gain a digit).
        #expect(abs(sizes.last! - sizes[sizes.count / 2]) < 100)
        await store.close()
    }

    @Test("A file from before the bound (thousands of runs, four copies) is read, bounded and rewritten")
    func legacyFileIsBounded() async throws {
        let directory = TemporaryDirectory()
        let first = try await open(directory)
        let created = try await first.createLearner(name: Fixtures.name("Ancien"))
        await first.close()
        // Write a file as the server did before: lastRun and lastFailure stored, 300 runs of history.
        let path = directory.data.appendingPathComponent("\(created.learner.id).json")
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        let at = "2026-11-25T09:00:00Z"
        let failure: [String: Any] = ["step": "secret", "message": "Le Secret est absent.", "at": at]
        let checks: [[String: Any]] = [["id": "s", "title": "Secret", "status": "failed", "message": "Le Secret est absent."]]
        json["lessons"] = [Fixtures.lessonId: ["startedAt": at, "lastFailure": failure, "steps": [
            "secret": ["attempts": 300, "failedInARow": 300, "firstViewedAt": at, "lastFailure": failure,
                       "lastRun": ["at": at, "passed": false, "checks": checks]],
        ]]]
        json["history"] = (0..<300).map { _ in
            ["at": at, "lesson": Fixtures.lessonId, "step": "secret", "passed": false, "durationMs": 5, "checks": checks] as [String: Any]
        }
        try JSONSerialization.data(withJSONObject: json).write(to: path)

        let store = try await open(directory)
        let record = try #require(await store.learner(id: created.learner.id))
        #expect(record.history.count == LearnerRecord.historyRunsPerStep)
        let step = try #require(record.lessons[Fixtures.lessonId]?.steps["secret"])
        #expect(step.attempts == 300 && step.earlierRuns == 300 - LearnerRecord.historyRunsPerStep)
        #expect(step.earlierFailures == step.earlierRuns)
        #expect(step.lastFailure?.message == "Le Secret est absent.")
        #expect(step.lastRun?.passed == false)
        #expect(record.lessons[Fixtures.lessonId]?.lastFailure?.step == "secret")
        // The next write stores the bounded form.
        _ = try await store.recordView(learnerId: created.learner.id, lesson: Fixtures.lessonId, step: "preparation", at: ManualClock.origin)
        let rewritten = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        #expect((rewritten["history"] as? [Any])?.count == LearnerRecord.historyRunsPerStep)
        await store.close()
    }
}
