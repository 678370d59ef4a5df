/// One learner's row of `GET /api/progress`, pre-encoded: everything up to `"steps"` is fixed until the
/// learner's record changes, and the three keys that depend on the clock (`stuck`, `stuckReason`,
/// `timeOnStepSeconds`) come last in sorted-key order, so a request only appends them.
struct ClassProgressRowTemplate: Sendable {
    /// The store revision this template was made from.
    let revision: UInt64
    /// `{"completedAt":…,…,"steps":{…},`
    let head: [UInt8]
    let standing: LessonStanding
    /// The learner's status per step, in outline order, for the class totals.
    let statuses: [StepStatus]

    init(record: LearnerRecord, revision: UInt64, outline: LessonOutline, thresholds: StuckThresholds) {
        let lesson = record.lessons[outline.id]
        let standing = LessonStanding(lesson: lesson, outline: outline, thresholds: thresholds)
        self.revision = revision
        self.standing = standing
        self.statuses = outline.steps.map { standing.statuses[$0.id] ?? .notStarted }

        var json = JSONBytes(capacity: 256 + 96 * outline.steps.count)
        json.raw("{\"completedAt\":")
        json.timestamp(lesson?.completedAt)
        json.raw(",\"createdAt\":")
        json.timestamp(record.createdAt)
        json.raw(",\"currentStep\":")
        json.optionalString(standing.currentStep?.id)
        json.raw(",\"id\":")
        json.string(record.id)
        json.raw(",\"lastFailure\":")
        if let failure = lesson?.lastFailure {
            json.raw("{\"at\":")
            json.timestamp(failure.at)
            json.raw(",\"message\":")
            json.string(failure.message)
            json.raw(",\"step\":")
            json.string(failure.step)
            json.raw("}")
        } else {
            json.raw("null")
        }
        json.raw(",\"name\":")
        json.string(record.name.value)
        json.raw(",\"startedAt\":")
        json.timestamp(lesson?.startedAt)
        json.raw(",\"steps\":{")
        for (position, (step, status)) in ClassProgressEncoding.sortedSteps(outline, statuses).enumerated() {
            if position > 0 { json.raw(",") }
            let cell = StepProgressCell(status: status, record: lesson?.steps[step.id])
            json.string(step.id)
            json.raw(":{\"attempts\":")
            json.int(cell.attempts)
            json.raw(",\"failedInARow\":")
            json.int(cell.failedInARow)
            json.raw(",\"passedAt\":")
            json.timestamp(cell.passedAt)
            json.raw(",\"status\":")
            json.string(cell.status.rawValue)
            json.raw("}")
        }
        json.raw("},")
        self.head = json.bytes
    }

    /// Appends the whole row as of `now`; returns the clock-dependent verdict for the class totals.
    func write(into json: inout JSONBytes, now: ISOTimestamp, thresholds: StuckThresholds) -> LessonTiming {
        let timing = standing.timing(now: now, thresholds: thresholds)
        json.raw(head)
        json.raw("\"stuck\":")
        json.bool(timing.stuck)
        json.raw(",\"stuckReason\":")
        json.optionalString(timing.stuckReason)
        json.raw(",\"timeOnStepSeconds\":")
        json.optionalInt(timing.timeOnStepSeconds)
        json.raw("}")
        return timing
    }
}
