import AtelierContent
import AtelierProgress
import Foundation
import Testing

/// `GET /api/progress` is written by hand from rows kept per learner revision; `ClassProgressView`
/// through `JSONEncoder` (as `Response.json` configures it) is the reference it must equal byte for byte.
@Suite("Trainer view JSON written by hand, rows kept per learner revision")
struct ClassProgressRendererTests {
    private static func reference(_ snapshot: ProgressSnapshot, _ outline: LessonOutline = Fixtures.outline,
                                  _ thresholds: StuckThresholds = StuckThresholds(), now: Date) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let view = ClassProgressView(snapshot: snapshot, outline: outline, thresholds: thresholds, now: now)
        return Array(try encoder.encode(view))
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("Every situation of the classroom, several clocks and thresholds: same bytes as JSONEncoder")
    func classroomMatchesJSONEncoder() async throws {
        let classroom = try await ProgressViewTests.Classroom()
        let renderer = ClassProgressRenderer()
        let snapshot = await classroom.store.snapshot()
        #expect(snapshot.revisions?.count == snapshot.learners.count)
        for thresholds in [StuckThresholds(), StuckThresholds(failedAttemptsInARow: 1, minutesOnStep: 1)] {
            for now in [classroom.now, classroom.now + 600, classroom.now + 90_000] {
                let written = renderer.render(snapshot: snapshot, outline: Fixtures.outline, thresholds: thresholds, now: now)
                let expected = try Self.reference(snapshot, Fixtures.outline, thresholds, now: now)
                #expect(Self.text(written) == Self.text(expected))
            }
        }
        // The classroom has stuck learners, so the clock-dependent keys were really exercised.
        #expect(Self.text(renderer.render(snapshot: snapshot, outline: Fixtures.outline, thresholds: StuckThresholds(),
                                          now: classroom.now)).contains("\"stuck\":true"))
    }

    @Test("A learner's new check run shows at once, though the other rows are reused")
    func newRevisionReplacesTheRow() async throws {
        let classroom = try await ProgressViewTests.Classroom()
        let renderer = ClassProgressRenderer()
        let before = await classroom.store.snapshot()
        _ = renderer.render(snapshot: before, outline: Fixtures.outline, thresholds: StuckThresholds(), now: classroom.now)

        try await classroom.check("Bastien", "secret", passed: false, at: classroom.now - 5, message: "Le Secret « postgres-secret » est introuvable.")
        try await classroom.check("Chloé", "preparation", passed: true, at: classroom.now - 2)
        let after = await classroom.store.snapshot()
        let written = renderer.render(snapshot: after, outline: Fixtures.outline, thresholds: StuckThresholds(), now: classroom.now)
        #expect(Self.text(written) == Self.text(try Self.reference(after, now: classroom.now)))
        #expect(Self.text(written).contains("postgres-secret"))
        #expect(Self.text(written) != Self.text(try Self.reference(before, now: classroom.now)))
    }

    @Test("Time on step and stuck-by-time move with the clock alone, with no write in between")
    func clockMovesCachedRows() async throws {
        let classroom = try await ProgressViewTests.Classroom()
        let renderer = ClassProgressRenderer()
        let snapshot = await classroom.store.snapshot()
        let early = Self.text(renderer.render(snapshot: snapshot, outline: Fixtures.outline, thresholds: StuckThresholds(), now: classroom.now))
        let late = Self.text(renderer.render(snapshot: snapshot, outline: Fixtures.outline, thresholds: StuckThresholds(), now: classroom.now + 3_600))
        #expect(early != late)
        #expect(late == Self.text(try Self.reference(snapshot, now: classroom.now + 3_600)))
        #expect(late.contains("sans l'avoir validée"))
    }

    @Test("Hostile text everywhere (control characters, quotes, backslashes, U+2028, emoji): escaped as JSONEncoder does")
    func escapingMatchesJSONEncoder() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let nasty = "\(controls) \" \\ / \u{7F} \u{2028}\u{2029} 🐘 é ﬁ </script>"
        let outline = LessonOutline(id: "leçon-\"x\"", steps: [
            OutlineStep(id: "etape-9", title: "Titre \"neuf\" \\ \(nasty)", checkable: true),
            OutlineStep(id: "etape-10", title: "Dix", checkable: true),
            OutlineStep(id: "Zeta", title: "Majuscule", checkable: false),
            OutlineStep(id: "alpha", title: "Alpha", checkable: true),
        ])
        let at = ISOTimestamp(secondsSince1970: 1_795_000_000)
        let failure = FailureRecord(step: "etape-10", message: nasty, at: at)
        let lesson = LessonRecord(startedAt: at, lastFailure: failure, steps: [
            "etape-9": StepRecord(firstViewedAt: at, attempts: 4, failedInARow: 0, passedAt: ISOTimestamp(secondsSince1970: 1_795_000_100)),
            "etape-10": StepRecord(firstViewedAt: at, attempts: 7, failedInARow: 7, lastFailure: failure),
        ])
        let learners = [
            LearnerRecord(id: "abcdefgh2345", name: Fixtures.name("Zoé \"la\" \\ 🐘 O'Brien"), createdAt: at,
                          tokenHash: "00", lessons: [outline.id: lesson]),
            LearnerRecord(id: "bbcdefgh2345", name: Fixtures.name("Ана / 李"), createdAt: at, tokenHash: "01"),
            LearnerRecord(id: "cbcdefgh2345", name: Fixtures.name("Négatif"), createdAt: ISOTimestamp(secondsSince1970: -62_000_000_000),
                          tokenHash: "02", lessons: [outline.id: LessonRecord(completedAt: at)]),
        ]
        let corrupt = [CorruptFileReport(file: "x\"\n.json", movedTo: "x\\.json.corrupt-1", at: at)]
        let revisionChoices: [[UInt64]?] = [nil, [1, 2, 3]]
        for revisions in revisionChoices {
            let snapshot = ProgressSnapshot(learners: learners, corruptFiles: corrupt, revisions: revisions)
            let renderer = ClassProgressRenderer()
            let offsets: [TimeInterval] = [0, 86_400 * 400]
            for offset in offsets {
                let now: Date = at.date.addingTimeInterval(offset)
                let written = renderer.render(snapshot: snapshot, outline: outline, thresholds: StuckThresholds(), now: now)
                #expect(Self.text(written) == Self.text(try Self.reference(snapshot, outline, now: now)))
                #expect(try JSONSerialization.jsonObject(with: Data(written)) is [String: Any])
            }
        }
    }

    @Test("Changed thresholds are not answered from rows made under the old ones")
    func thresholdsInvalidateRows() async throws {
        let classroom = try await ProgressViewTests.Classroom()
        let renderer = ClassProgressRenderer()
        let snapshot = await classroom.store.snapshot()
        let strict = StuckThresholds(failedAttemptsInARow: 1, minutesOnStep: 60)
        _ = renderer.render(snapshot: snapshot, outline: Fixtures.outline, thresholds: StuckThresholds(), now: classroom.now)
        let written = renderer.render(snapshot: snapshot, outline: Fixtures.outline, thresholds: strict, now: classroom.now)
        #expect(Self.text(written) == Self.text(try Self.reference(snapshot, Fixtures.outline, strict, now: classroom.now)))
    }
}
