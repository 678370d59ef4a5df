/// The derived facts of one learner in one lesson (statuses, current step, stuck), computed once and
/// shared by the learner's own view, the trainer views and the CSV so they can never disagree.
struct LessonAnalysis {
    let lesson: LessonRecord?
    let statuses: [String: StepStatus]
    /// The first checkable step not passed, once the learner engaged with the lesson (Start, a view or
    /// a check); nil before that and after completion. Steps without checks cannot be passed, so they
    /// are never "where the learner is".
    let currentStep: OutlineStep?
    let timeOnStepSeconds: Int?
    let stuck: Bool
    let stuckReason: String?
    /// The step the learner is stuck on, for the class totals.
    let stuckStepId: String?

    init(lesson: LessonRecord?, outline: LessonOutline, thresholds: StuckThresholds, now: ISOTimestamp) {
        self.lesson = lesson
        let (statuses, current, currentIndex) = Self.progression(lesson: lesson, outline: outline)
        self.statuses = statuses
        self.currentStep = current

        var timeOnStep: Int?
        if let current, let currentIndex, let lesson {
            var anchors: [ISOTimestamp] = []
            if let viewed = lesson.steps[current.id]?.firstViewedAt { anchors.append(viewed) }
            if let started = lesson.startedAt { anchors.append(started) }
            for earlier in outline.steps[..<currentIndex] {
                if let passed = lesson.steps[earlier.id]?.passedAt { anchors.append(passed) }
            }
            // Arrival on the step is the latest of these events.
            if let arrival = anchors.max() { timeOnStep = now.seconds(since: arrival) }
        }
        self.timeOnStepSeconds = timeOnStep

        var reasons: [String] = []
        var stuckStep: String?
        if let lesson, lesson.completedAt == nil {
            func failing(_ step: OutlineStep) -> Int? {
                guard let record = lesson.steps[step.id], record.passedAt == nil,
                      record.failedInARow >= thresholds.failedAttemptsInARow else { return nil }
                return record.failedInARow
            }
            let candidate = current.flatMap { step in failing(step).map { (step, $0) } }
                ?? outline.steps.lazy.compactMap { step in failing(step).map { (step, $0) } }.first
            if let (step, count) = candidate {
                let checks = count == 1 ? "1 vérification échouée" : "\(count) vérifications échouées"
                reasons.append("\(checks) d'affilée à l'étape \(FrenchText.quoted(step.title)).")
                stuckStep = step.id
            }
            if let current, let timeOnStep, timeOnStep >= thresholds.minutesOnStep * 60 {
                reasons.append("Sur l'étape \(FrenchText.quoted(current.title)) depuis "
                    + "\(FrenchText.duration(seconds: timeOnStep)) sans l'avoir validée.")
                stuckStep = stuckStep ?? current.id
            }
        }
        self.stuck = !reasons.isEmpty
        self.stuckReason = reasons.isEmpty ? nil : reasons.joined(separator: " ")
        self.stuckStepId = stuckStep
    }

    /// Statuses and current step only: what needs no clock (the CSV, `/api/me`).
    static func progression(lesson: LessonRecord?, outline: LessonOutline)
        -> (statuses: [String: StepStatus], current: OutlineStep?, currentIndex: Int?)
    {
        var current: OutlineStep?
        var currentIndex: Int?
        if let lesson, lesson.completedAt == nil {
            let engaged = lesson.startedAt != nil
                || lesson.steps.values.contains { $0.firstViewedAt != nil || $0.attempts > 0 }
            if engaged, let index = outline.steps.firstIndex(where: { $0.checkable && lesson.steps[$0.id]?.passedAt == nil }) {
                current = outline.steps[index]
                currentIndex = index
            }
        }
        var statuses: [String: StepStatus] = [:]
        for step in outline.steps {
            let record = lesson?.steps[step.id]
            if record?.passedAt != nil {
                statuses[step.id] = .passed
            } else if record?.firstViewedAt != nil || (record?.attempts ?? 0) > 0 || step.id == current?.id {
                statuses[step.id] = .inProgress
            } else {
                statuses[step.id] = .notStarted
            }
        }
        return (statuses, current, currentIndex)
    }
}
