import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Testing

@Suite("Start-up index")
struct IndexLoadTests {
    /// 3,000 by default; `ATELIER_PROGRESS_INDEX_FILES=10000` reproduces a large class.
    private static let fileCount = ProcessInfo.processInfo.environment["ATELIER_PROGRESS_INDEX_FILES"].flatMap(Int.init) ?? 3_000

    /// A learner file as another process (or an older server) would have written it: compact JSON,
    /// keys in any order. Built as text so that the test does not rely on the store's own encoder.
    private static func fileText(id: String, index: Int, tokenHash: String) -> String {
        let minute = String(format: "%02d", index % 60)
        return """
        {"id":"\(id)","schemaVersion":1,"name":"Apprenant n° \(index) — \\"test\\"","createdAt":"2026-11-25T08:\(minute):00Z",\
        "tokenHash":"\(tokenHash)","lessons":{"statefulsets-postgresql":{"startedAt":"2026-11-25T09:00:00Z",\
        "lastFailure":{"step":"preparation","message":"CoreDNS n'est pas prêt.","at":"2026-11-25T09:01:00Z"},\
        "steps":{"preparation":{"firstViewedAt":"2026-11-25T09:00:05Z","attempts":2,"failedInARow":0,\
        "passedAt":"2026-11-25T09:02:05Z","timeSpentSeconds":120,"lastRun":{"at":"2026-11-25T09:02:05Z","passed":true,\
        "checks":[{"id":"coredns","title":"CoreDNS est prêt","status":"passed","message":"CoreDNS est prêt."}]}},\
        "secret":{"firstViewedAt":"2026-11-25T09:02:10Z","attempts":0,"failedInARow":0}}}},\
        "history":[{"at":"2026-11-25T09:01:00Z","lesson":"statefulsets-postgresql","step":"preparation","passed":false,\
        "durationMs":812,"checks":[{"id":"coredns","title":"CoreDNS est prêt","status":"failed","message":"CoreDNS n'est pas prêt."}]},\
        {"at":"2026-11-25T09:02:05Z","lesson":"statefulsets-postgresql","step":"preparation","passed":true,"durationMs":640,\
        "checks":[{"id":"coredns","title":"CoreDNS est prêt","status":"passed","message":"CoreDNS est prêt."}]}]}
        """
    }

    @Test("Thousands of files load into the index, corrupt ones aside")
    func manyFiles() async throws {
        let directory = TemporaryDirectory("index")
        try FileManager.default.createDirectory(at: directory.data, withIntermediateDirectories: true)
        var tokens: [(id: String, token: String)] = []
        var ids = Set<String>()
        while ids.count < Self.fileCount {
            ids.insert(LearnerID.generate())
        }
        for (index, id) in ids.sorted().enumerated() {
            let token = LearnerToken.generate()
            tokens.append((id, token))
            try Data(Self.fileText(id: id, index: index, tokenHash: LearnerToken.hash(token)).utf8)
                .write(to: directory.data.appendingPathComponent("\(id).json"))
        }
        let corruptIds = (0..<3).map { _ in LearnerID.generate() }.filter { !ids.contains($0) }
        for id in corruptIds {
            try Data("{\"schemaVersion\":1,\"id\":\"\(id)\"".utf8).write(to: directory.data.appendingPathComponent("\(id).json"))
        }

        let started = ContinuousClock.now
        let store = try await FileProgressStore(directory: directory.data, logger: LogCapture().logger)
        let elapsed = ContinuousClock.now - started
        print("FileProgressStore loaded \(Self.fileCount) learner files (+\(corruptIds.count) corrupt) in \(elapsed)")

        let snapshot = await store.snapshot()
        #expect(snapshot.learners.count == Self.fileCount)
        #expect(Set(snapshot.corruptFiles.map(\.file)) == Set(corruptIds.map { "\($0).json" }))
        for (id, token) in tokens.shuffled().prefix(50) {
            #expect(await store.authenticate(token: token)?.id == id)
        }
        let sample = try #require(await store.learner(id: tokens[7].id))
        #expect(sample.name.value == "Apprenant n° 7 — \"test\"")
        #expect(sample.history.count == 2)
        let step = try #require(sample.lessons[Fixtures.lessonId]?.steps["preparation"])
        #expect(step.attempts == 2 && step.timeSpentSeconds == 120)
        #expect(step.passedAt?.description == "2026-11-25T09:02:05Z")

        // Trainer views over the whole class come from memory.
        let viewStarted = ContinuousClock.now
        let view = ClassProgressView(snapshot: snapshot, outline: Fixtures.outline, thresholds: StuckThresholds(),
                                     now: ManualClock.origin + 3_600)
        print("ClassProgressView over \(Self.fileCount) learners built in \(ContinuousClock.now - viewStarted)")
        #expect(view.totals["preparation"]?.passed == Self.fileCount)
        #expect(view.totals["secret"]?.inProgress == Self.fileCount)
        #expect(view.totals["secret"]?.stuck == Self.fileCount)  // an hour on « secret »
    }
}
