import AtelierContent
import AtelierProgress
import class TestSupport.LogCapture
import Foundation
import Testing

@Suite("Progress views")
struct ProgressViewTests {
    /// A class of six learners in typical situations, recorded through a real store.
    struct Classroom {
        let directory = TemporaryDirectory("views")
        let store: FileProgressStore
        var ids: [String: String] = [:]
        let t0 = ManualClock.origin
        var now: Date { t0 + 170 }

        init() async throws {
            let clock = ManualClock()
            store = try await FileProgressStore(directory: directory.data, logger: LogCapture().logger, clock: clock.progressClock)
            let lesson = Fixtures.lessonId
            for name in ["Anna", "Bastien", "Chloé", "Dmitri", "Émilie", "Fatou"] {
                clock.advance(seconds: 1)
                ids[name] = try await store.createLearner(name: Fixtures.name(name)).learner.id
            }
            // Bastien passed the first step and is now on « secret ».
            _ = try await store.recordStart(learnerId: ids["Bastien"]!, lesson: lesson, at: t0)
            _ = try await store.recordView(learnerId: ids["Bastien"]!, lesson: lesson, step: "preparation", at: t0 + 10)
            try await check("Bastien", "preparation", passed: true, at: t0 + 70)
            // Chloé failed the first step three times.
            _ = try await store.recordStart(learnerId: ids["Chloé"]!, lesson: lesson, at: t0)
            _ = try await store.recordView(learnerId: ids["Chloé"]!, lesson: lesson, step: "preparation", at: t0)
            for offset in [20.0, 40, 60] {
                try await check("Chloé", "preparation", passed: false, at: t0 + offset,
                                message: "CoreDNS n'est pas prêt (essai \(Int(offset / 20))).")
            }
            // Dmitri has been on the first step for 11 minutes.
            _ = try await store.recordStart(learnerId: ids["Dmitri"]!, lesson: lesson, at: t0 + 170 - 660)
            _ = try await store.recordView(learnerId: ids["Dmitri"]!, lesson: lesson, step: "preparation", at: t0 + 170 - 660)
            // Émilie passed every checkable step (she never opened the reading step).
            _ = try await store.recordStart(learnerId: ids["Émilie"]!, lesson: lesson, at: t0)
            for (offset, step) in ["preparation", "secret", "statefulset", "quiz"].enumerated() {
                try await check("Émilie", step, passed: true, at: t0 + Double(10 * (offset + 1)))
            }
            // Fatou skipped ahead and keeps failing a later step.
            _ = try await store.recordStart(learnerId: ids["Fatou"]!, lesson: lesson, at: t0)
            try await check("Fatou", "preparation", passed: true, at: t0 + 10)
            for offset in [20.0, 30, 40] {
                try await check("Fatou", "statefulset", passed: false, at: t0 + offset)
            }
        }

        func check(_ learner: String, _ step: String, passed: Bool, at: Date,
                   message: String = "Le Pod postgres-0 n'est pas prêt.") async throws {
            _ = try await store.recordCheckRun(learnerId: ids[learner]!, run: Fixtures.run(step, passed: passed, at: at, message: message),
                                               outline: Fixtures.outline)
        }

        func view(_ thresholds: StuckThresholds = StuckThresholds()) async -> ClassProgressView {
            ClassProgressView(snapshot: await store.snapshot(), outline: Fixtures.outline, thresholds: thresholds, now: now)
        }
    }

    private static let quote = ("«\u{202F}", "\u{202F}»")

    private func row(_ view: ClassProgressView, _ name: String) throws -> LearnerProgressRow {
        try #require(view.learners.first { $0.name == name })
    }

    @Test("Statuses and current step follow the outline")
    func statuses() async throws {
        let classroom = try await Classroom()
        let view = await classroom.view()
        #expect(view.lesson == Fixtures.lessonId)
        #expect(view.generatedAt == ISOTimestamp(classroom.now))
        #expect(view.steps.map(\.id) == ["preparation", "secret", "lecture", "statefulset", "quiz"])
        #expect(view.learners.map(\.name) == ["Anna", "Bastien", "Chloé", "Dmitri", "Émilie", "Fatou"])

        let anna = try row(view, "Anna")
        #expect(anna.startedAt == nil && anna.currentStep == nil && anna.timeOnStepSeconds == nil)
        #expect(anna.steps.values.allSatisfy { $0.status == .notStarted && $0.attempts == 0 })
        #expect(!anna.stuck && anna.stuckReason == nil && anna.lastFailure == nil)

        let bastien = try row(view, "Bastien")
        #expect(bastien.steps["preparation"]?.status == .passed)
        #expect(bastien.steps["preparation"]?.passedAt == ISOTimestamp(classroom.t0 + 70))
        #expect(bastien.currentStep == "secret")
        #expect(bastien.steps["secret"]?.status == .inProgress)  // current, though not opened yet
        #expect(bastien.steps["statefulset"]?.status == .notStarted)
        #expect(bastien.timeOnStepSeconds == 100)  // since the previous step was passed
        #expect(!bastien.stuck)

        let emilie = try row(view, "Émilie")
        #expect(emilie.completedAt == ISOTimestamp(classroom.t0 + 40))
        #expect(emilie.currentStep == nil && emilie.timeOnStepSeconds == nil && !emilie.stuck)
        #expect(emilie.steps["lecture"]?.status == .notStarted)  // cannot be passed, does not block completion
        #expect(emilie.steps["quiz"]?.status == .passed)
    }

    @Test("Stuck by failures in a row, with a French reason and the last failure")
    func stuckByFailures() async throws {
        let classroom = try await Classroom()
        let view = await classroom.view()
        let chloe = try row(view, "Chloé")
        #expect(chloe.stuck)
        #expect(chloe.stuckReason == "3 vérifications échouées d'affilée à l'étape \(Self.quote.0)Préparer le cluster MicroK8s\(Self.quote.1).")
        #expect(chloe.steps["preparation"]?.failedInARow == 3)
        #expect(chloe.steps["preparation"]?.attempts == 3)
        #expect(chloe.steps["preparation"]?.status == .inProgress)
        #expect(chloe.lastFailure == FailureRecord(step: "preparation", message: "CoreDNS n'est pas prêt (essai 3).",
                                                     at: ISOTimestamp(classroom.t0 + 60)))

        // Failing repeatedly on a later step also counts, and names that step.
        let fatou = try row(view, "Fatou")
        #expect(fatou.currentStep == "secret")
        #expect(fatou.stuck)
        #expect(fatou.stuckReason?.contains("Déployer le StatefulSet") == true)
        #expect(fatou.steps["statefulset"]?.status == .inProgress)

        let lenient = await classroom.view(StuckThresholds(failedAttemptsInARow: 4))
        #expect(try !row(lenient, "Chloé").stuck)
    }

    @Test("Stuck by time on the current step, measured with the injected clock")
    func stuckByTime() async throws {
        let classroom = try await Classroom()
        let dmitri = try row(await classroom.view(), "Dmitri")
        #expect(dmitri.currentStep == "preparation")
        #expect(dmitri.timeOnStepSeconds == 660)
        #expect(dmitri.stuck)
        #expect(dmitri.stuckReason == "Sur l'étape \(Self.quote.0)Préparer le cluster MicroK8s\(Self.quote.1) depuis 11\u{00A0}minutes sans l'avoir validée.")
        #expect(try !row(await classroom.view(StuckThresholds(minutesOnStep: 15)), "Dmitri").stuck)

        // The same learner two hours later.
        let later = ClassProgressView(snapshot: await classroom.store.snapshot(), outline: Fixtures.outline,
                                      thresholds: StuckThresholds(), now: classroom.now + 7_200)
        #expect(try row(later, "Dmitri").stuckReason?.contains("depuis 2\u{00A0}h\u{00A0}11 sans") == true)
    }

    @Test("Class totals per step")
    func totals() async throws {
        let view = try await Classroom().view()
        #expect(view.totals["preparation"] == StepTotals(passed: 3, inProgress: 2, notStarted: 1, stuck: 2))
        #expect(view.totals["secret"] == StepTotals(passed: 1, inProgress: 2, notStarted: 3, stuck: 0))
        #expect(view.totals["lecture"] == StepTotals(passed: 0, inProgress: 0, notStarted: 6, stuck: 0))
        #expect(view.totals["statefulset"] == StepTotals(passed: 1, inProgress: 1, notStarted: 4, stuck: 1))
        #expect(view.totals["quiz"] == StepTotals(passed: 1, inProgress: 0, notStarted: 5, stuck: 0))
    }

    @Test("Completion needs every checkable step, and happens at the last pass")
    func completion() async throws {
        let directory = TemporaryDirectory()
        let store = try await FileProgressStore(directory: directory.data, logger: LogCapture().logger)
        let id = try await store.createLearner(name: Fixtures.name("Hugo")).learner.id
        let t0 = ManualClock.origin
        for (offset, step) in ["quiz", "statefulset", "preparation"].enumerated() {
            let record = try await store.recordCheckRun(learnerId: id, run: Fixtures.run(step, passed: true, at: t0 + Double(offset)),
                                                        outline: Fixtures.outline)
            #expect(record.lessons[Fixtures.lessonId]?.completedAt == nil)
        }
        _ = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("secret", passed: false, at: t0 + 50), outline: Fixtures.outline)
        let done = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("secret", passed: true, at: t0 + 60), outline: Fixtures.outline)
        #expect(done.lessons[Fixtures.lessonId]?.completedAt == ISOTimestamp(t0 + 60))
        let after = try await store.recordCheckRun(learnerId: id, run: Fixtures.run("quiz", passed: true, at: t0 + 99), outline: Fixtures.outline)
        #expect(after.lessons[Fixtures.lessonId]?.completedAt == ISOTimestamp(t0 + 60))
    }

    // MARK: - JSON shapes (docs/DESIGN.md)

    private func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)  // a plain encoder: the views must not depend on its settings
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private static let rowKeys: Set<String> = [
        "id", "name", "createdAt", "startedAt", "completedAt", "currentStep", "timeOnStepSeconds",
        "stuck", "stuckReason", "lastFailure", "steps",
    ]

    @Test("GET /api/progress has exactly the documented keys, with nulls")
    func classJSON() async throws {
        let classroom = try await Classroom()
        // Add a corrupt-file report to check its keys too.
        try Data("x".utf8).write(to: classroom.directory.data.appendingPathComponent("\(LearnerID.generate()).json"))
        await classroom.store.close()
        let reopened = try await FileProgressStore(directory: classroom.directory.data, logger: LogCapture().logger)
        let view = ClassProgressView(snapshot: await reopened.snapshot(), outline: Fixtures.outline,
                                     thresholds: StuckThresholds(), now: classroom.now)
        let object = try json(view)
        #expect(Set(object.keys) == ["lesson", "generatedAt", "steps", "learners", "totals", "corruptFiles"])
        #expect(object["generatedAt"] as? String == "2026-11-25T09:03:02Z")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.allSatisfy { Set($0.keys) == ["id", "title"] })
        #expect(steps.first?["title"] as? String == "Préparer le cluster MicroK8s")

        let learners = try #require(object["learners"] as? [[String: Any]])
        #expect(learners.count == 6)
        for learner in learners {
            #expect(Set(learner.keys) == Self.rowKeys)
            let cells = try #require(learner["steps"] as? [String: [String: Any]])
            #expect(Set(cells.keys) == ["preparation", "secret", "lecture", "statefulset", "quiz"])
            #expect(cells.values.allSatisfy { Set($0.keys) == ["status", "attempts", "failedInARow", "passedAt"] })
        }
        let anna = try #require(learners.first { $0["name"] as? String == "Anna" })
        for key in ["startedAt", "completedAt", "currentStep", "timeOnStepSeconds", "stuckReason", "lastFailure"] {
            #expect(anna[key] is NSNull, "\(key) should be null")
        }
        #expect(anna["stuck"] as? Bool == false)
        let chloe = try #require(learners.first { $0["name"] as? String == "Chloé" })
        let failure = try #require(chloe["lastFailure"] as? [String: Any])
        #expect(Set(failure.keys) == ["step", "message", "at"])
        #expect(failure["at"] as? String == "2026-11-25T09:01:12Z")
        let cell = try #require((chloe["steps"] as? [String: [String: Any]])?["preparation"])
        #expect(cell["status"] as? String == "in_progress")

        let totals = try #require(object["totals"] as? [String: [String: Any]])
        #expect(totals.values.allSatisfy { Set($0.keys) == ["passed", "inProgress", "notStarted", "stuck"] })
        let corrupt = try #require(object["corruptFiles"] as? [[String: Any]])
        #expect(corrupt.count == 1)
        #expect(corrupt.allSatisfy { Set($0.keys) == ["file", "movedTo", "at"] })

        let text = String(decoding: try JSONEncoder().encode(view), as: UTF8.self)
        #expect(!text.contains("tokenHash"))
        // Decoding gives the same view back (the App's tests may rely on it).
        #expect(try JSONDecoder().decode(ClassProgressView.self, from: JSONEncoder().encode(view)) == view)
    }

    @Test("GET /api/progress/{learnerId} is the row plus the full history")
    func detailJSON() async throws {
        let classroom = try await Classroom()
        let record = try #require(await classroom.store.learner(id: classroom.ids["Chloé"]!))
        let detail = LearnerDetailView(record: record, outline: Fixtures.outline, thresholds: StuckThresholds(), now: classroom.now)
        #expect(detail.history.count == 3)
        #expect(detail.learner.stuck)
        let object = try json(detail)
        #expect(Set(object.keys) == Self.rowKeys.union(["history"]))
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.count == 3)
        #expect(history.allSatisfy { Set($0.keys) == ["at", "lesson", "step", "passed", "checks"] })
        #expect(history.map { $0["at"] as? String } == ["2026-11-25T09:00:32Z", "2026-11-25T09:00:52Z", "2026-11-25T09:01:12Z"])
        let checks = try #require(history.last?["checks"] as? [[String: Any]])
        #expect(checks.allSatisfy { Set($0.keys) == ["id", "title", "status", "message"] })
        #expect(checks.map { $0["status"] as? String } == ["passed", "failed"])
        #expect(try JSONDecoder().decode(LearnerDetailView.self, from: JSONEncoder().encode(detail)) == detail)
    }

    @Test("GET /api/me shows the learner's own lessons and steps")
    func selfJSON() async throws {
        let classroom = try await Classroom()
        let record = try #require(await classroom.store.learner(id: classroom.ids["Bastien"]!))
        let me = LearnerSelfView(record: record, outlines: [Fixtures.outline])
        let lesson = try #require(me.lessons[Fixtures.lessonId])
        #expect(lesson.currentStep == "secret")
        #expect(lesson.startedAt == ISOTimestamp(classroom.t0))
        #expect(lesson.steps["preparation"]?.timeSpentSeconds == 60)
        #expect(lesson.steps["preparation"]?.status == .passed)
        #expect(lesson.steps["secret"]?.status == .inProgress)

        let object = try json(me)
        #expect(Set(object.keys) == ["id", "name", "createdAt", "lessons"])
        let lessons = try #require(object["lessons"] as? [String: [String: Any]])
        let lessonObject = try #require(lessons[Fixtures.lessonId])
        #expect(Set(lessonObject.keys) == ["startedAt", "completedAt", "currentStep", "steps"])
        #expect(lessonObject["completedAt"] is NSNull)
        let steps = try #require(lessonObject["steps"] as? [String: [String: Any]])
        #expect(steps.count == 5)
        #expect(steps.values.allSatisfy {
            Set($0.keys) == ["status", "attempts", "firstViewedAt", "passedAt", "timeSpentSeconds", "lastRun"]
        })
        let lastRun = try #require(steps["preparation"]?["lastRun"] as? [String: Any])
        #expect(Set(lastRun.keys) == ["at", "passed", "checks"])
        #expect(lastRun["at"] as? String == "2026-11-25T09:01:22Z")
        #expect(steps["quiz"]?["lastRun"] is NSNull)
        #expect(!String(decoding: try JSONEncoder().encode(me), as: UTF8.self).contains("tokenHash"))
    }
}
